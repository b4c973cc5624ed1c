//! Event frames: incidents read from trigger words ("suicide bomber detonated", "opened
//! fire", "kidnapped", "arrested", "airstrikes"), sentence by sentence, with their slots
//! (date, place, perpetrators and claims, killed, injured, targets, weapons, victims) filled
//! from the same sentence and, with less confidence, from the sentences before it in the
//! paragraph.
//!
//! Rules, in the order they apply:
//! - Triggers under negation or irrealis ("denied that guerrillas attacked", "could attack",
//!   "an impending attack") make no incident. "Threatened to attack" / "vowed retribution"
//!   make a `threat` frame; "foiled", "thwarted", "plotted" make an `other` frame (a plot is
//!   worth recording, but it is not an accomplished attack).
//! - Plural triggers ("attacks", "bombings") are generic ("ISKP attacks in Pakistan are the
//!   deadliest") unless the sentence dates them to a day, a month or a bounded range. Two
//!   dates for "two bombings on 8 and 15 October" make two frames, which later sentences
//!   can fill by ordinal ("The initial attack occurred in Kunduz", "The second took place").
//! - All attack triggers of one sentence make one frame (one incident told with several
//!   verbs: "opened fire ..., killing 137, before setting fire to the roof").
//! - A frame with neither date nor place that follows an incident of the same kind within a
//!   few sentences, or a definite reference ("the attack", "the airport bombing") without a
//!   date, is that incident told again: it is folded into it.
//! - Frames with no anchor at all (no date, place or casualty figure) are dropped.
//!
//! Attack types follow GTD's attack-type taxonomy; [`gtd_attack_type`] gives GTD's codes and
//! [`acled_event_type`] the ACLED event and sub-event types.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use forewarn_gazetteer::ResolvedPlace;
use forewarn_lexicon::GenericMention;
use forewarn_model::{
    ActorId, ActorKind, AttackType, ClaimStatus, Count, DatePrecision, EventKind, FuzzyDate,
    GeoPrecision, Perpetrator, Place, Span, Target, TargetType, VictimEffect, Weapon, WeaponType,
};

use crate::actors::{ActorRef, DocumentActors};
use crate::phrases::{PhraseLimits, noun_phrase};
use crate::{Analysis, CountedThing, Diagnostics, NoteKind, Token, TokenKind, VictimKind};

/// One filled slot: the value, the text that supports it, the rule and its confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot<T> {
    /// The value.
    pub value: T,
    /// The supporting text.
    pub span: Span,
    /// The rule that filled it, e.g. `frame.date.sentence`.
    pub rule: &'static str,
    /// Confidence in `[0, 1]`.
    pub confidence: f64,
}

/// One incident (or other event) as one passage of a document tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// What kind of event.
    pub kind: EventKind,
    /// Attack types, one per trigger that implies one.
    pub types: Vec<Slot<AttackType>>,
    /// A suicide attack.
    pub suicide: bool,
    /// An attempt ("attempted assassination"): still an attack in GTD's sense.
    pub attempted: bool,
    /// The trigger words, in text order.
    pub triggers: Vec<Span>,
    /// The sentences that tell it.
    pub sentences: Vec<Span>,
    /// Date, when said.
    pub date: Option<Slot<FuzzyDate>>,
    /// Place, when said.
    pub place: Option<Slot<Place>>,
    /// Perpetrators (for arrests, operations and strikes: the acting party).
    pub perpetrators: Vec<Slot<Perpetrator>>,
    /// Killed figures.
    pub killed: Vec<Slot<Count>>,
    /// Injured figures.
    pub injured: Vec<Slot<Count>>,
    /// Targets.
    pub targets: Vec<Slot<Target>>,
    /// Weapons.
    pub weapons: Vec<Slot<Weapon>>,
    /// Victims.
    pub victims: Vec<Slot<Victim>>,
    /// Confidence in `[0, 1]` that this is a real, accomplished event of this kind.
    pub confidence: f64,
}

/// A victim as a frame records it (the model's [`forewarn_model::Victim`]).
pub type Victim = forewarn_model::Victim;

/// A trigger: words, what they make, and how sure the rule is.
struct Trigger {
    words: &'static [&'static str],
    kind: EventKind,
    attack: Option<AttackType>,
    weapon: Option<WeaponType>,
    suicide: bool,
    /// A noun ("attack", "bombing"): can be a definite reference back to an incident.
    nominal: bool,
    /// A plural noun: generic unless dated.
    plural: bool,
    rule: &'static str,
    confidence: f64,
}

#[allow(clippy::too_many_arguments)]
const fn trig(
    words: &'static [&'static str],
    kind: EventKind,
    attack: Option<AttackType>,
    weapon: Option<WeaponType>,
    nominal: bool,
    plural: bool,
    rule: &'static str,
    confidence: f64,
) -> Trigger {
    Trigger {
        words,
        kind,
        attack,
        weapon,
        suicide: false,
        nominal,
        plural,
        rule,
        confidence,
    }
}

const fn suicide(mut t: Trigger) -> Trigger {
    t.suicide = true;
    t
}

use AttackType as A;
use EventKind as K;
use WeaponType as W;

const BOMB: Option<AttackType> = Some(A::Bombing);
const ASSAULT: Option<AttackType> = Some(A::ArmedAssault);
const EXPL: Option<WeaponType> = Some(W::Explosives);
const FIRE: Option<WeaponType> = Some(W::Firearms);

/// The trigger lexicon. Verb forms are not nominal; nouns are.
#[rustfmt::skip]
static TRIGGERS: &[Trigger] = &[
    // Bombings.
    suicide(trig(&["suicide", "bombing"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.suicide_bombing", 0.9)),
    suicide(trig(&["suicide", "bombings"], K::Attack, BOMB, EXPL, true, true, "frame.trigger.suicide_bombing", 0.85)),
    suicide(trig(&["suicide", "bomber"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.suicide_bomber", 0.9)),
    suicide(trig(&["suicide", "bombers"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.suicide_bomber", 0.9)),
    suicide(trig(&["suicide", "attack"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.suicide_attack", 0.85)),
    suicide(trig(&["suicide", "attacks"], K::Attack, BOMB, EXPL, true, true, "frame.trigger.suicide_attack", 0.8)),
    suicide(trig(&["suicide", "blast"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.suicide_bombing", 0.9)),
    trig(&["car", "bomb"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.car_bomb", 0.85),
    trig(&["bombing"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.bombing", 0.85),
    trig(&["bombings"], K::Attack, BOMB, EXPL, true, true, "frame.trigger.bombing", 0.8),
    trig(&["bombed"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.bombed", 0.85),
    trig(&["bomb", "attack"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.bombing", 0.85),
    trig(&["blew", "up"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.blew_up", 0.8),
    trig(&["blowing", "up"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.blew_up", 0.8),
    trig(&["blown", "up"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.blew_up", 0.8),
    trig(&["detonated"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.detonated", 0.85),
    trig(&["exploded"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.exploded", 0.75),
    trig(&["dynamited"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.dynamited", 0.85),
    trig(&["explosion"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.explosion", 0.7),
    trig(&["blast"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.explosion", 0.7),
    trig(&["explosions"], K::Attack, BOMB, EXPL, true, true, "frame.trigger.explosion", 0.7),
    trig(&["blasts"], K::Attack, BOMB, EXPL, true, true, "frame.trigger.explosion", 0.7),
    trig(&["grenade", "attack"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.grenade", 0.85),
    // Armed assaults.
    trig(&["opened", "fire"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.opened_fire", 0.85),
    trig(&["open", "fire"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.opened_fire", 0.8),
    trig(&["shooting"], K::Attack, ASSAULT, FIRE, true, false, "frame.trigger.shooting", 0.75),
    trig(&["shootings"], K::Attack, ASSAULT, FIRE, true, true, "frame.trigger.shooting", 0.7),
    trig(&["shot", "dead"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.shot_dead", 0.85),
    trig(&["gunned", "down"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.shot_dead", 0.85),
    trig(&["machine", "gunned"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.shot_dead", 0.85),
    trig(&["fired", "on"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.opened_fire", 0.75),
    trig(&["stormed"], K::Attack, ASSAULT, None, false, false, "frame.trigger.stormed", 0.8),
    trig(&["storming"], K::Attack, ASSAULT, None, false, false, "frame.trigger.stormed", 0.75),
    trig(&["massacre"], K::Attack, ASSAULT, None, true, false, "frame.trigger.massacre", 0.75),
    trig(&["massacred"], K::Attack, ASSAULT, None, false, false, "frame.trigger.massacre", 0.8),
    trig(&["ambush"], K::Attack, ASSAULT, None, true, false, "frame.trigger.ambush", 0.75),
    trig(&["ambushed"], K::Attack, ASSAULT, None, false, false, "frame.trigger.ambush", 0.8),
    trig(&["raided"], K::Attack, ASSAULT, None, false, false, "frame.trigger.raid", 0.7),
    // Assassinations, kidnappings, hostages, hijackings.
    trig(&["assassination"], K::Attack, Some(A::Assassination), None, true, false, "frame.trigger.assassination", 0.85),
    trig(&["assassinated"], K::Attack, Some(A::Assassination), None, false, false, "frame.trigger.assassination", 0.85),
    trig(&["kidnapped"], K::Attack, Some(A::Kidnapping), None, false, false, "frame.trigger.kidnapping", 0.85),
    trig(&["kidnapping"], K::Attack, Some(A::Kidnapping), None, true, false, "frame.trigger.kidnapping", 0.8),
    trig(&["abducted"], K::Attack, Some(A::Kidnapping), None, false, false, "frame.trigger.kidnapping", 0.85),
    trig(&["abduction"], K::Attack, Some(A::Kidnapping), None, true, false, "frame.trigger.kidnapping", 0.8),
    trig(&["took", "hostage"], K::Attack, Some(A::HostageTaking), None, false, false, "frame.trigger.hostage", 0.85),
    trig(&["taken", "hostage"], K::Attack, Some(A::HostageTaking), None, false, false, "frame.trigger.hostage", 0.85),
    trig(&["held", "hostage"], K::Attack, Some(A::HostageTaking), None, false, false, "frame.trigger.hostage", 0.8),
    trig(&["hostage", "taking"], K::Attack, Some(A::HostageTaking), None, true, false, "frame.trigger.hostage", 0.8),
    trig(&["hijacked"], K::Attack, Some(A::Hijacking), None, false, false, "frame.trigger.hijacking", 0.85),
    trig(&["hijacking"], K::Attack, Some(A::Hijacking), None, true, false, "frame.trigger.hijacking", 0.8),
    // Arson and sabotage.
    trig(&["set", "ablaze"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.arson", 0.8),
    trig(&["set", "fire"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.arson", 0.75),
    trig(&["setting", "fire"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.arson", 0.75),
    trig(&["set", "on", "fire"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.arson", 0.75),
    trig(&["torched"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.arson", 0.8),
    trig(&["arson"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), true, false, "frame.trigger.arson", 0.8),
    trig(&["sabotaged"], K::Attack, Some(A::FacilityAttack), None, false, false, "frame.trigger.sabotage", 0.75),
    // Attacks of unstated method.
    trig(&["attack"], K::Attack, None, None, true, false, "frame.trigger.attack", 0.6),
    trig(&["attacks"], K::Attack, None, None, true, true, "frame.trigger.attack", 0.55),
    trig(&["attacked"], K::Attack, None, None, false, false, "frame.trigger.attacked", 0.65),
    trig(&["atrocity"], K::Attack, None, None, true, false, "frame.trigger.atrocity", 0.5),
    // Air and drone strikes.
    trig(&["airstrike"], K::Airstrike, None, EXPL, true, false, "frame.trigger.airstrike", 0.85),
    trig(&["airstrikes"], K::Airstrike, None, EXPL, true, true, "frame.trigger.airstrike", 0.8),
    trig(&["air", "strike"], K::Airstrike, None, EXPL, true, false, "frame.trigger.airstrike", 0.85),
    trig(&["air", "strikes"], K::Airstrike, None, EXPL, true, true, "frame.trigger.airstrike", 0.8),
    trig(&["air", "raid"], K::Airstrike, None, EXPL, true, false, "frame.trigger.airstrike", 0.85),
    // Drones used as weapons by a group ("an explosives-laden drone", "a drone attack"):
    // GTD codes these as bombings; a "drone strike" by a state stays an airstrike.
    trig(&["drone", "attack"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.drone_attack", 0.8),
    trig(&["drone", "attacks"], K::Attack, BOMB, EXPL, true, true, "frame.trigger.drone_attack", 0.75),
    trig(&["uav", "attack"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.drone_attack", 0.8),
    trig(&["uav", "attacks"], K::Attack, BOMB, EXPL, true, true, "frame.trigger.drone_attack", 0.75),
    trig(&["laden", "drone"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["laden", "drones"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["laden", "uav"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["laden", "uavs"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["armed", "drone"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.7),
    trig(&["armed", "drones"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.7),
    trig(&["kamikaze", "drone"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["kamikaze", "drones"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["suicide", "drone"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["suicide", "drones"], K::Attack, BOMB, EXPL, true, false, "frame.trigger.laden_drone", 0.8),
    trig(&["drone", "strike"], K::Airstrike, None, EXPL, true, false, "frame.trigger.drone_strike", 0.85),
    trig(&["drone", "strikes"], K::Airstrike, None, EXPL, true, true, "frame.trigger.drone_strike", 0.8),
    // Ground operations by state forces.
    trig(&["went", "after"], K::MilitaryOperation, None, None, false, false, "frame.trigger.operation", 0.6),
    trig(&["military", "operation"], K::MilitaryOperation, None, None, true, false, "frame.trigger.operation", 0.75),
    trig(&["offensive", "against"], K::MilitaryOperation, None, None, true, false, "frame.trigger.operation", 0.65),
    trig(&["raid"], K::MilitaryOperation, None, None, true, false, "frame.trigger.raid", 0.6),
    // Arrests.
    trig(&["arrested"], K::Arrest, None, None, false, false, "frame.trigger.arrested", 0.85),
    trig(&["detained"], K::Arrest, None, None, false, false, "frame.trigger.arrested", 0.8),
    trig(&["captured"], K::Arrest, None, None, false, false, "frame.trigger.captured", 0.75),
    trig(&["apprehended"], K::Arrest, None, None, false, false, "frame.trigger.arrested", 0.85),
    trig(&["taken", "into", "custody"], K::Arrest, None, None, false, false, "frame.trigger.arrested", 0.85),
    // Designations.
    trig(&["designated"], K::Designation, None, None, false, false, "frame.trigger.designation", 0.7),
    trig(&["designating"], K::Designation, None, None, false, false, "frame.trigger.designation", 0.7),
    trig(&["designation"], K::Designation, None, None, true, false, "frame.trigger.designation", 0.65),
    trig(&["proscribed"], K::Designation, None, None, false, false, "frame.trigger.designation", 0.7),
    trig(&["blacklisted"], K::Designation, None, None, false, false, "frame.trigger.designation", 0.7),
    // Threats stated outright.
    trig(&["vowed", "retribution"], K::Threat, None, None, false, false, "frame.trigger.vowed", 0.7),
    trig(&["vowed", "revenge"], K::Threat, None, None, false, false, "frame.trigger.vowed", 0.7),
    trig(&["vowed", "to"], K::Threat, None, None, false, false, "frame.trigger.vowed", 0.6),
    trig(&["threatened", "to"], K::Threat, None, None, false, false, "frame.trigger.threatened", 0.65),
    trig(&["rocketed"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.rocketed", 0.8),
    trig(&["shot"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.shot", 0.65),
    trig(&["murdered"], K::Attack, None, None, false, false, "frame.trigger.murdered", 0.6),
    // Deeds in the terse style of incident chronologies ("fired upon the vessel",
    // "attempted to assassinate", "held captive"). Shelling is left out: it is mostly
    // what armies do.
    trig(&["fired", "upon"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.opened_fire", 0.75),
    trig(&["stabbed"], K::Attack, ASSAULT, Some(W::Melee), false, false, "frame.trigger.stabbed", 0.7),
    trig(&["assaulted"], K::Attack, Some(A::UnarmedAssault), None, false, false, "frame.trigger.assaulted", 0.6),
    // Only a past attempt makes the bare verb a deed ("might attempt to kidnap" does not).
    trig(&["attempted", "to", "assassinate"], K::Attack, Some(A::Assassination), None, false, false, "frame.trigger.assassination", 0.7),
    trig(&["tried", "to", "assassinate"], K::Attack, Some(A::Assassination), None, false, false, "frame.trigger.assassination", 0.7),
    trig(&["attempted", "to", "kidnap"], K::Attack, Some(A::Kidnapping), None, false, false, "frame.trigger.kidnapping", 0.7),
    trig(&["tried", "to", "kidnap"], K::Attack, Some(A::Kidnapping), None, false, false, "frame.trigger.kidnapping", 0.7),
    trig(&["attempted", "to", "hijack"], K::Attack, Some(A::Hijacking), None, false, false, "frame.trigger.hijacking", 0.7),
    trig(&["tried", "to", "hijack"], K::Attack, Some(A::Hijacking), None, false, false, "frame.trigger.hijacking", 0.7),
    trig(&["held", "captive"], K::Attack, Some(A::HostageTaking), None, false, false, "frame.trigger.hostage", 0.7),
    trig(&["firebombed"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.arson", 0.8),
    trig(&["fire", "was", "set"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.arson", 0.7),
    // Evidence of an attack in a short report that names no deed ("URUGUAY. A Molotov
    // cocktail outside the embassy. Limited damage."): used by `document_frame`, never
    // matched by their words.
    trig(&["<firearm used>"], K::Attack, ASSAULT, FIRE, false, false, "frame.trigger.document", 0.4),
    trig(&["<casualties>"], K::Attack, None, None, false, false, "frame.trigger.document", 0.4),
    // Weapon and effect ("a bomb went off", "a grenade was thrown at"): matched by
    // `weapon_effect`, never by their words.
    trig(&["<explosive weapon used>"], K::Attack, BOMB, EXPL, false, false, "frame.trigger.weapon_effect", 0.75),
    trig(&["<incendiary weapon used>"], K::Attack, Some(A::FacilityAttack), Some(W::Incendiary), false, false, "frame.trigger.weapon_effect", 0.7),
];

/// Indices of the weapon-effect triggers in [`TRIGGERS`].
const EXPLOSIVE_USED: usize = TRIGGERS.len() - 2;
const INCENDIARY_USED: usize = TRIGGERS.len() - 1;
/// Indices of the document-evidence triggers in [`TRIGGERS`].
const FIREARM_USED: usize = TRIGGERS.len() - 4;
const CASUALTIES: usize = TRIGGERS.len() - 3;

/// Weapons that make an attack when used: explosive (`true`) or incendiary (`false`).
fn used_weapon(w: &str) -> Option<bool> {
    match w {
        "bomb" | "bombs" | "grenade" | "grenades" | "dynamite" | "explosive" | "explosives"
        | "rocket" | "rockets" | "mortar" | "mortars" | "ied" | "ieds" | "charge" | "charges"
        | "drone" | "drones" | "uav" | "uavs" | "missile" | "missiles" | "projectile"
        | "projectiles" | "shell" | "shells" => Some(true),
        "firebomb" | "firebombs" | "molotov" | "incendiary" => Some(false),
        _ => None,
    }
}

/// "A bomb went off / exploded / killed / damaged", "a grenade was thrown", "threw dynamite
/// at": a weapon and what it did, from token `i`. Returns (trigger, last token).
fn weapon_effect(ctx: &Ctx<'_>, i: usize, end: usize) -> Option<(usize, usize)> {
    let w = ctx.word(i);
    // "threw a grenade", "launched a drone", "used a drone to target", "planted a bomb": a
    // weapon put to use.
    if matches!(
        w,
        "threw"
            | "thrown"
            | "hurled"
            | "lobbed"
            | "launched"
            | "used"
            | "flew"
            | "fired"
            | "dropped"
            | "placed"
            | "planted"
            | "detonated"
    ) {
        for k in i + 1..(i + 6).min(end) {
            if let Some(explosive) = used_weapon(ctx.word(k)) {
                let t = if explosive {
                    EXPLOSIVE_USED
                } else {
                    INCENDIARY_USED
                };
                return Some((t, k));
            }
        }
        return None;
    }
    let explosive = used_weapon(w)?;
    let mut k = i + 1;
    // "dynamite charges", "Molotov cocktails", "explosive device": the rest of the noun.
    while k < end
        && matches!(
            ctx.word(k),
            "charge" | "charges" | "cocktail" | "cocktails" | "device" | "devices" | "attack"
        )
    {
        k += 1;
    }
    while k < end
        && matches!(
            ctx.word(k),
            "was" | "were" | "had" | "has" | "have" | "been" | "reportedly"
        )
    {
        k += 1;
    }
    if k >= end {
        return None;
    }
    let effect = match ctx.word(k) {
        "exploded" | "killed" | "damaged" | "destroyed" | "wounded" | "injured" | "ripped"
        | "demolished" | "wrecked" | "rocked" | "blew" | "tore" | "shattered" | "struck"
        | "thrown" | "hurled" | "set" | "targeted" | "targeting" | "hit" | "crashed"
        | "attacked" | "fired" | "launched" | "detonated" | "dropped" | "intercepted" => true,
        "went" => k + 1 < end && ctx.word(k + 1) == "off",
        _ => false,
    };
    let last = if ctx.word(k) == "went" || ctx.word(k) == "set" {
        (k + 1).min(end - 1)
    } else {
        k
    };
    let t = if explosive {
        EXPLOSIVE_USED
    } else {
        INCENDIARY_USED
    };
    effect.then_some((t, last))
}

/// Trigger indices by first word.
static BY_FIRST: LazyLock<FxHashMap<&'static str, Vec<usize>>> = LazyLock::new(|| {
    let mut m: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
    for (i, t) in TRIGGERS.iter().enumerate() {
        m.entry(t.words[0]).or_default().push(i);
    }
    // Longest patterns first, so "suicide bombing" beats a shorter one at the same place.
    for v in m.values_mut() {
        v.sort_by_key(|&i| std::cmp::Reverse(TRIGGERS[i].words.len()));
    }
    m
});

/// What a cue before a trigger does to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mood {
    /// Negated or hypothetical: no event.
    Unreal,
    /// A threat to do it.
    Threat,
    /// A plot that was foiled or failed.
    Plot,
    /// An attempt: an event, flagged.
    Attempt,
}

/// Cue words before a trigger, and what they make of it.
fn cue(word: &str) -> Option<Mood> {
    Some(match word {
        "not" | "never" | "no" | "denied" | "deny" | "denies" | "denying" | "without" | "nor"
        | "would" | "could" | "may" | "might" | "will" | "should" | "can" | "must"
        | "impending" | "future" | "next" | "possible" | "potential" | "imminent" | "unable"
        | "if" | "whether" | "aiming" | "aims" | "intended" | "seeking" | "seek" | "seeks"
        | "preparing" | "prepare" | "urged" | "called" | "calling" => Mood::Unreal,
        "threatened" | "threatens" | "threatening" | "threat" | "threats" | "vowed" | "vows"
        | "warned" | "warns" | "warning" | "warnings" => Mood::Threat,
        "foiled" | "thwarted" | "prevented" | "averted" | "plot" | "plots" | "plotted"
        | "plotting" | "planned" | "planning" | "plans" | "plan" | "failed" | "disrupted" => {
            Mood::Plot
        }
        "attempted" | "attempt" | "attempts" | "tried" => Mood::Attempt,
        // "in order to proceed with the bombing": a purpose, not a deed.
        "order" => Mood::Unreal,
        _ if word.ends_with("n't") => Mood::Unreal,
        _ => return None,
    })
}

/// Words that close the clause a trigger is in, looking forward from it: what follows is
/// about something else ("the attack ..., which IS-KP claimed, sits in the dock on 24 March").
fn closes_clause(word: &str) -> bool {
    matches!(
        word,
        "which" | "who" | "whom" | "while" | "whereas" | "but" | "although" | ";"
    )
}

/// Per-document working state.
struct Ctx<'a> {
    text: &'a str,
    lower: String,
    analysis: &'a Analysis,
    actors: &'a DocumentActors,
    places: Vec<&'a ResolvedPlace>,
    generic: &'a [GenericMention],
    /// Sentence index -> paragraph index.
    para_of: Vec<usize>,
}

impl Ctx<'_> {
    fn tok(&self, i: usize) -> &Token {
        &self.analysis.text.tokens[i]
    }
    fn word(&self, i: usize) -> &str {
        let t = self.tok(i);
        &self.lower[t.span.start..t.span.end]
    }
    fn is_word(&self, i: usize) -> bool {
        self.tok(i).kind == TokenKind::Word
    }
    fn sentence_span(&self, s: usize) -> Span {
        self.analysis.text.sentences[s].span
    }
    fn tokens_of(&self, s: usize) -> std::ops::Range<usize> {
        self.analysis.text.sentences[s].tokens.clone()
    }
    fn quote(&self, span: Span) -> &str {
        span.slice(self.text).unwrap_or("")
    }
}

/// A trigger found in a sentence.
#[derive(Debug, Clone, Copy)]
struct Hit {
    trigger: usize,
    first: usize,
    last: usize,
    mood: Option<Mood>,
}

impl Hit {
    fn spec(&self) -> &'static Trigger {
        &TRIGGERS[self.trigger]
    }
}

/// Finds the event frames of a document. `places` are the gazetteer's resolved places and
/// `generic` the generic perpetrator descriptions; notes on what was set aside go to
/// `diagnostics`.
pub fn find_frames(
    text: &str,
    analysis: &Analysis,
    actors: &DocumentActors,
    places: &[ResolvedPlace],
    generic: &[GenericMention],
    diagnostics: &mut Diagnostics,
) -> Vec<Frame> {
    let mut para_of = vec![0; analysis.text.sentences.len()];
    for (p, para) in analysis.text.paragraphs.iter().enumerate() {
        for s in para.sentences.clone() {
            if let Some(x) = para_of.get_mut(s) {
                *x = p;
            }
        }
    }
    let mut places: Vec<&ResolvedPlace> = places.iter().collect();
    places.sort_by_key(|p| p.span.start);
    let ctx = Ctx {
        text,
        lower: text.to_ascii_lowercase(),
        analysis,
        actors,
        places,
        generic,
        para_of,
    };
    let mut frames: Vec<Frame> = Vec::new();
    // Frames from a plural trigger split by date, open for ordinal references:
    // (index of the first, how many, sentence).
    let mut group: Option<(usize, usize, usize)> = None;
    // For each kept frame, the sentence it started in.
    let mut started: Vec<usize> = Vec::new();
    // Frames that only refer back ("the attack", "claimed credit for the attack") to an
    // incident no trigger told.
    let mut back_references: Vec<usize> = Vec::new();
    for s in 0..analysis.text.sentences.len() {
        if let Some((first, n, at)) = group {
            if s > at + 4 {
                group = None;
            } else if let Some(k) = ordinal_reference(&ctx, s)
                && k < n
            {
                let mut f = Frame::empty(frames[first + k].kind, ctx.sentence_span(s));
                fill_sentence(&ctx, s, None, &mut f, false);
                absorb(&mut frames[first + k], f, 0.9);
                continue;
            }
        }
        let hits = triggers_in(&ctx, s);
        if hits.is_empty() {
            continue;
        }
        let mut by_kind: Vec<(EventKind, Vec<Hit>)> = Vec::new();
        for h in hits {
            let kind = match h.mood {
                Some(Mood::Unreal) => {
                    diagnostics.push(
                        NoteKind::Rejected,
                        Some(span_of(&ctx, h.first, h.last)),
                        "frame.irrealis",
                        "trigger is negated or hypothetical; no event",
                    );
                    continue;
                }
                Some(Mood::Threat) if h.spec().kind == K::Attack => K::Threat,
                Some(Mood::Plot) if h.spec().kind == K::Attack => K::Other,
                _ => h.spec().kind,
            };
            match by_kind.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, v)) => v.push(h),
                None => by_kind.push((kind, vec![h])),
            }
        }
        for (kind, hits) in by_kind {
            let all_plural = hits.iter().all(|h| h.spec().plural);
            let dates = frame_dates(&ctx, s, &hits);
            if all_plural && kind != K::Threat && hits.iter().all(|h| quantified(&ctx, h.first, s))
            {
                diagnostics.push(
                    NoteKind::Rejected,
                    Some(span_of(&ctx, hits[0].first, hits[0].last)),
                    "frame.generic_plural",
                    "quantified plural (\"a series of attacks\", \"its attacks\") is not one incident",
                );
                continue;
            }
            if all_plural && kind != K::Threat {
                let specific = dates.iter().any(|d| {
                    matches!(d.value.precision, DatePrecision::Day | DatePrecision::Month)
                        || d.rule == "temporal.between"
                });
                if !specific {
                    diagnostics.push(
                        NoteKind::Rejected,
                        Some(span_of(&ctx, hits[0].first, hits[0].last)),
                        "frame.generic_plural",
                        "plural trigger without a specific date reads as a generic statement",
                    );
                    continue;
                }
            }
            let day_dates: Vec<&Slot<FuzzyDate>> = dates
                .iter()
                .filter(|d| d.value.precision == DatePrecision::Day)
                .collect();
            if all_plural && day_dates.len() >= 2 && kind == K::Attack {
                // "two bombings on 8 and 15 October": one frame per date.
                let first = frames.len();
                for d in &day_dates {
                    let mut f = build(&ctx, s, kind, &hits);
                    f.date = Some((*d).clone());
                    f.killed.clear();
                    f.injured.clear();
                    f.victims.clear();
                    frames.push(f);
                    started.push(s);
                }
                group = Some((first, day_dates.len(), s));
                continue;
            }
            let mut f = build(&ctx, s, kind, &hits);
            f.date = nearest_date(&ctx, &dates, &hits);
            let has_own_date = f.date.is_some();
            let anchored = has_own_date || f.place.is_some();
            let definite = hits
                .iter()
                .any(|h| h.spec().nominal && definite(&ctx, h.first, s));
            // A retelling of an incident just told, or a definite reference back to one.
            if definite && !has_own_date && kind != K::Threat {
                // "the attack", "the airport bombing": the most recent incident of the kind.
                // A place in the sentence that clashes with it is about something else.
                // A place in the trigger's own phrase ("the attack on Moscow") must fit.
                let strong_place = f
                    .place
                    .as_ref()
                    .is_some_and(|p| in_trigger_phrase(&ctx, p.span, &hits));
                let fits = |g: &Frame| match (&g.place, &f.place) {
                    (Some(a), Some(b)) => places_compatible(&a.value, &b.value),
                    _ => true,
                };
                let found = (0..frames.len()).rev().find(|&j| {
                    frames[j].kind == kind
                        && frames[j].types_compatible(&f)
                        && (!strong_place || fits(&frames[j]))
                });
                if let Some(j) = found {
                    if !fits(&frames[j]) {
                        f.place = None;
                    }
                    absorb(&mut frames[j], f, 0.8);
                    continue;
                }
            }
            if !anchored
                && kind != K::Threat
                && let Some(j) = antecedent_frame(&frames, &started, &f, s, 6)
            {
                absorb(&mut frames[j], f, 0.8);
                continue;
            }
            // A specific past-tense deed ("Insurgents kidnapped a pilot") or a claimed one is
            // an event even when the sentence gives no date or place.
            let deed = hits
                .iter()
                .any(|h| !h.spec().nominal && h.spec().confidence >= 0.7);
            let claimed = f
                .perpetrators
                .iter()
                .any(|p| p.value.status == ClaimStatus::Claimed);
            // A short report with a place ("JAPAN.  Three members of Maruseido attacked the
            // U.S. Consulate.") is anchored by the report itself, unless the trigger refers
            // back ("sources attributed the attack to ...") to what the report told otherwise.
            let short_report = frames.is_empty()
                && !definite
                && analysis.text.sentences.len() <= SHORT_REPORT_SENTENCES
                && ctx.places.iter().any(|p| !p.demonym)
                && kind == K::Attack;
            if !anchored
                && !short_report
                && f.killed.is_empty()
                && f.injured.is_empty()
                && !deed
                && !claimed
            {
                if kind == K::Threat && !f.perpetrators.is_empty() {
                    frames.push(f);
                    started.push(s);
                    continue;
                }
                diagnostics.push(
                    NoteKind::Rejected,
                    Some(span_of(&ctx, hits[0].first, hits[0].last)),
                    "frame.no_anchor",
                    "no date, place or figure ties the trigger to an incident",
                );
                continue;
            }
            neighbour_fill(&ctx, s, &mut f);
            if definite && !has_own_date && hits.iter().all(|h| h.spec().nominal) {
                back_references.push(frames.len());
            }
            frames.push(f);
            started.push(s);
        }
    }
    // A short report of a deed told without a trigger word may go on to tell arrests or
    // other events: the deed is still its incident.
    if frames.iter().all(|f| f.kind == K::Arrest)
        && let Some(f) = document_frame(&ctx)
    {
        frames.insert(0, f);
    } else if !back_references.is_empty()
        && frames
            .iter()
            .enumerate()
            .all(|(i, f)| f.kind == K::Arrest || back_references.contains(&i))
        && let Some(mut f) = document_frame(&ctx)
    {
        // "Three gunmen killed four civilians ... The PDFLP claimed credit for the attack.":
        // the attack referred back to is the deed the report told without a trigger word.
        let mut kept = Vec::with_capacity(frames.len());
        for (i, g) in std::mem::take(&mut frames).into_iter().enumerate() {
            if back_references.contains(&i) && g.kind == K::Attack {
                absorb(&mut f, g, 0.8);
            } else {
                kept.push(g);
            }
        }
        kept.insert(0, f);
        frames = kept;
    }
    document_claims(&ctx, &mut frames);
    document_fill(&ctx, &mut frames);
    document_perpetrator(&ctx, &mut frames);
    embassy_capital(&ctx, &mut frames);
    frames
}

/// An attack on an embassy that a short report places only in a country ("IRAN.  Two
/// grenades were fired at the U.S. Embassy.") happened in that country's capital, where
/// embassies are: rule `frame.place.embassy_capital`, with low confidence.
fn embassy_capital(ctx: &Ctx<'_>, frames: &mut [Frame]) {
    if ctx.analysis.text.sentences.len() > SHORT_REPORT_SENTENCES {
        return;
    }
    let gazetteer = forewarn_gazetteer::Gazetteer::global();
    for f in frames.iter_mut().filter(|f| f.kind == K::Attack) {
        let Some(place) = &f.place else { continue };
        if place.value.precision != GeoPrecision::Country {
            continue;
        }
        let Some(embassy) = f.targets.iter().find(|t| {
            let m = t.value.mention.to_lowercase();
            t.value.kind == TargetType::GovernmentDiplomatic
                && m.contains("embassy")
                && !m.contains("consulate")
        }) else {
            continue;
        };
        let Some(capital) = place
            .value
            .country
            .as_deref()
            .and_then(|c| gazetteer.capital(c))
        else {
            continue;
        };
        f.place = Some(Slot {
            value: gazetteer.place(capital.id),
            span: embassy.span,
            rule: "frame.place.embassy_capital",
            confidence: place.confidence.min(0.4),
        });
    }
}

/// One incident read from a short report that tells it without a trigger word: a weapon
/// ("a Molotov cocktail was left near a vehicle"), a casualty figure ("guerrillas killed
/// three") or a claim. The first such evidence, not negated or hypothetical, stands in for
/// the trigger; every sentence of the report fills the frame.
fn document_frame(ctx: &Ctx<'_>) -> Option<Frame> {
    let n = ctx.analysis.text.sentences.len();
    if n == 0 || n > SHORT_REPORT_SENTENCES {
        return None;
    }
    let casualty = |k: usize| {
        let at = ctx.tok(k).span;
        ctx.analysis.counts.iter().any(|c| {
            c.span.start <= at.start
                && at.end <= c.span.end
                && matches!(
                    c.value.thing,
                    CountedThing::Killed | CountedThing::Injured | CountedThing::Kidnapped
                )
                && c.value.victim != Some(VictimKind::Attackers)
        })
    };
    let mut found = None;
    'sentences: for s in 0..n {
        for k in ctx.tokens_of(s) {
            if !ctx.is_word(k) {
                continue;
            }
            let w = ctx.word(k);
            let trigger = match weapon_type(w) {
                Some(W::Explosives) => EXPLOSIVE_USED,
                Some(W::Incendiary) => INCENDIARY_USED,
                Some(W::Firearms) => FIREARM_USED,
                Some(_) => CASUALTIES,
                None if casualty(k) || matches!(w, "responsibility" | "credit") => CASUALTIES,
                None => continue,
            };
            let spec = &TRIGGERS[trigger];
            let mood = mood_before(ctx, ctx.tokens_of(s).start, k, spec);
            if matches!(mood, Some(Mood::Unreal | Mood::Threat | Mood::Plot)) {
                continue;
            }
            found = Some((
                s,
                Hit {
                    trigger,
                    first: k,
                    last: k,
                    mood,
                },
            ));
            break 'sentences;
        }
    }
    let (s, hit) = found?;
    let hits = [hit];
    let mut f = build(ctx, s, K::Attack, &hits);
    f.date = nearest_date(ctx, &frame_dates(ctx, s, &hits), &hits);
    for other in (0..n).filter(|&o| o != s) {
        let mut g = Frame::empty(f.kind, ctx.sentence_span(other));
        fill_sentence(ctx, other, None, &mut g, false);
        g.perpetrators.retain(|p| p.value.actor.is_some());
        // Figures are the incident's only when said once: a second sentence with figures
        // of its own is more likely a different tally.
        if !f.killed.is_empty() {
            g.killed.clear();
        }
        if !f.injured.is_empty() {
            g.injured.clear();
        }
        let says_something = g.place.is_some()
            || !g.perpetrators.is_empty()
            || !g.killed.is_empty()
            || !g.injured.is_empty()
            || !g.targets.is_empty()
            || !g.weapons.is_empty();
        if says_something {
            absorb(&mut f, g, 0.8);
        }
    }
    Some(f)
}

/// Claims and attributions told in a sentence of their own ("Al-Shabaab claimed
/// responsibility for the incident.", "Sources attributed it to the Taliban."): they go to
/// the latest incident told before them, or to the first one when none is.
fn document_claims(ctx: &Ctx<'_>, frames: &mut [Frame]) {
    for s in 0..ctx.analysis.text.sentences.len() {
        let span = ctx.sentence_span(s);
        if frames.iter().any(|f| f.sentences.contains(&span)) {
            continue;
        }
        let r = ctx.tokens_of(s);
        if r.is_empty()
            || !r.clone().any(|k| {
                matches!(
                    ctx.word(k),
                    "claimed"
                        | "claims"
                        | "responsibility"
                        | "attributed"
                        | "blamed"
                        | "suspected"
                        | "credited"
                        | "responsible"
                        | "members"
                        | "name"
                        | "behalf"
                        | "itself"
                        | "themselves"
                )
            })
        {
            continue;
        }
        let target = frames
            .iter()
            .rposition(|f| f.kind == K::Attack && f.sentences[0].start <= span.start)
            .or_else(|| frames.iter().position(|f| f.kind == K::Attack));
        let Some(j) = target else { return };
        let mut tmp = Frame::empty(K::Attack, span);
        fill_perpetrators(ctx, s, r.start, r.end, r.start, &mut tmp);
        tmp.perpetrators
            .retain(|p| p.value.status != ClaimStatus::Attributed && p.value.actor.is_some());
        if tmp.perpetrators.is_empty() {
            continue;
        }
        absorb(&mut frames[j], tmp, 0.8);
    }
}

/// Verbs of a deed: an organisation right before one ("Black September placed a bomb",
/// "Al Fatah shelled", "X had planted the mine") is the doer.
const DEED_VERBS: &[&str] = &[
    "placed",
    "planted",
    "set",
    "hit",
    "seized",
    "kidnapped",
    "abducted",
    "held",
    "shelled",
    "hijacked",
    "bombed",
    "attacked",
    "fired",
    "shot",
    "raided",
    "burned",
    "stormed",
    "took",
    "blew",
    "detonated",
    "threw",
    "hurled",
    "ambushed",
    "killed",
    "assassinated",
    "murdered",
    "occupied",
    "sabotaged",
    "destroyed",
    "damaged",
    "smashed",
    "firebombed",
    "carried",
];

/// Words of a sentence that tie an organisation named in it to a deed told elsewhere:
/// claims, suspicions and the traces a group leaves ("a note from X", "X slogans").
const TIE_WORDS: &[&str] = &[
    "responsible",
    "responsibility",
    "claimed",
    "claiming",
    "claims",
    "credit",
    "blamed",
    "suspected",
    "suspect",
    "believed",
    "attributed",
    "signed",
    "note",
    "letter",
    "leaflets",
    "pamphlets",
    "slogans",
    "inscriptions",
    "traceable",
    "work",
    "members",
    "member",
    "abductors",
    "kidnappers",
    "attackers",
    "assailants",
    "gunmen",
    "perpetrators",
];

/// Words that make the organisation after them a target or a mere topic, not the doer.
const NOT_DOER_BEFORE: &[&str] = &["against", "on", "from", "with", "of", "at"];

/// A short report that tells one attack and names no doer in the attack's own sentences
/// often names it elsewhere: "Members of the VPR seized ...", "The abductors were members
/// of the ERP.", "a note from the political wing of Ananda Marga". When exactly one
/// organisation (not a state body) is tied to a deed in some sentence, by standing before
/// a deed verb, after "by", after "members of" or in a sentence of claims and traces, it is
/// taken as the attack's perpetrator with low confidence: rule
/// `frame.perpetrator.document`.
fn document_perpetrator(ctx: &Ctx<'_>, frames: &mut [Frame]) {
    let n = ctx.analysis.text.sentences.len();
    if n > SHORT_REPORT_SENTENCES {
        return;
    }
    let mut attacks = frames.iter_mut().filter(|f| f.kind == K::Attack);
    let (Some(f), None) = (attacks.next(), attacks.next()) else {
        return;
    };
    if f.perpetrators.iter().any(|p| p.value.actor.is_some()) {
        return;
    }
    let tokens = &ctx.analysis.text.tokens;
    let mut tied: Vec<&ActorRef> = Vec::new();
    for s in 0..n {
        let r = ctx.tokens_of(s);
        let sentence_ties = r.clone().any(|k| TIE_WORDS.contains(&ctx.word(k)));
        for a in ctx.actors.within(ctx.sentence_span(s)) {
            if a.anaphor
                || a.kind != ActorKind::Organization
                || !a.fits_group_anaphor()
                || a.category.as_deref().is_some_and(|c| c != "armed_group")
            {
                continue;
            }
            let first = tokens.partition_point(|t| t.span.start < a.span.start);
            let next = tokens.partition_point(|t| t.span.start < a.span.end);
            let prev_words: Vec<&str> = (r.start.max(first.saturating_sub(4))..first)
                .rev()
                .map(|j| ctx.word(j))
                .collect();
            let after_words: Vec<&str> = (next..r.end.min(next + 3)).map(|j| ctx.word(j)).collect();
            let bare_prev = prev_words
                .iter()
                .find(|w| !matches!(**w, "the" | "a" | "an"))
                .copied()
                .unwrap_or("");
            // "members of the X", "a member of X", "by the X", "by members of X".
            let member_or_by = prev_words.iter().take(4).any(|w| *w == "by")
                && prev_words
                    .iter()
                    .take_while(|w| **w != "by")
                    .all(|w| matches!(*w, "the" | "a" | "an" | "of" | "member" | "members"))
                || matches!(bare_prev, "of")
                    && prev_words
                        .iter()
                        .skip_while(|w| matches!(**w, "the" | "a" | "an"))
                        .nth(1)
                        .is_some_and(|w| {
                            matches!(*w, "members" | "member" | "units" | "cell" | "work")
                        });
            let doer = after_words
                .iter()
                .find(|w| !matches!(**w, "had" | "has" | "have" | "then" | "also"))
                .is_some_and(|w| DEED_VERBS.contains(w) || used_weapon(w).is_some());
            let topic = NOT_DOER_BEFORE.contains(&bare_prev) && !member_or_by;
            let denied = r
                .clone()
                .any(|k| matches!(ctx.word(k), "denied" | "denies" | "disowned" | "rejected"));
            if denied || topic && !doer {
                continue;
            }
            if (doer || member_or_by || sentence_ties) && !tied.iter().any(|t| t.id == a.id) {
                tied.push(a);
            }
        }
    }
    if let [a] = tied.as_slice() {
        push_perpetrator(
            f,
            a,
            ClaimStatus::Attributed,
            "frame.perpetrator.document",
            0.45,
        );
    }
}

/// The most sentences a short report (a brief, a database summary) has.
const SHORT_REPORT_SENTENCES: usize = 12;

/// The document's fallback for what a frame's own sentences leave open: the first bounded
/// date the document gives up to the frame, and the place nearest its trigger anywhere in
/// the document (short reports often say the date and place once, at the top). Only short
/// reports are read this way. When the
/// document tells one incident, a coarse place (a country, a province) is refined by a
/// more precise one inside it.
fn document_fill(ctx: &Ctx<'_>, frames: &mut [Frame]) {
    // A long document tells several incidents in several places: its other places and
    // dates are no evidence for a frame that leaves them open.
    if ctx.analysis.text.sentences.len() > SHORT_REPORT_SENTENCES {
        return;
    }
    let whole = Span::new(0, ctx.text.len());
    let single = frames.len() == 1;
    for f in frames.iter_mut() {
        if !matches!(f.kind, K::Attack | K::Airstrike | K::Other) {
            continue;
        }
        let Some(anchor) = f.triggers.first().or(f.sentences.first()).copied() else {
            continue;
        };
        let limit = f
            .sentences
            .iter()
            .map(|s| s.end)
            .max()
            .unwrap_or(anchor.end);
        if f.date.is_none() {
            let found = ctx.analysis.temporal.iter().find(|t| {
                t.span.end <= limit
                    && t.value.span_days() <= 366
                    && !matches!(
                        t.rule,
                        "temporal.since_open"
                            | "temporal.past_period"
                            | "temporal.recent_period"
                            | "temporal.named_day"
                    )
            });
            if let Some(t) = found {
                f.date = Some(Slot {
                    value: t.value,
                    span: t.span,
                    rule: "frame.date.document",
                    confidence: t.confidence * 0.5,
                });
            }
        }
        let tokens = &ctx.analysis.text.tokens;
        let trig = tokens
            .partition_point(|t| t.span.start < anchor.start)
            .min(tokens.len().saturating_sub(1));
        if tokens.is_empty() {
            continue;
        }
        let coarse = f
            .place
            .as_ref()
            .is_none_or(|p| place_rank(p.value.precision) <= place_rank(GeoPrecision::Admin1));
        if !coarse {
            continue;
        }
        if let Some(p) = choose_place(ctx, whole, trig, "frame.place.document", 0.5) {
            let better = match &f.place {
                None => true,
                Some(x) => {
                    single
                        && place_rank(p.value.precision) > place_rank(x.value.precision)
                        && places_compatible(&x.value, &p.value)
                }
            };
            if better {
                f.place = Some(p);
            }
        }
    }
}

impl Frame {
    fn empty(kind: EventKind, sentence: Span) -> Frame {
        Frame {
            kind,
            types: Vec::new(),
            suicide: false,
            attempted: false,
            triggers: Vec::new(),
            sentences: vec![sentence],
            date: None,
            place: None,
            perpetrators: Vec::new(),
            killed: Vec::new(),
            injured: Vec::new(),
            targets: Vec::new(),
            weapons: Vec::new(),
            victims: Vec::new(),
            confidence: 0.0,
        }
    }

    /// Whether two frames' attack types can describe one incident (either unknown, or a
    /// type in common).
    fn types_compatible(&self, other: &Frame) -> bool {
        let known = |f: &Frame| -> Vec<AttackType> {
            f.types
                .iter()
                .map(|t| t.value)
                .filter(|t| *t != A::Unknown)
                .collect()
        };
        let (a, b) = (known(self), known(other));
        a.is_empty() || b.is_empty() || a.iter().any(|t| b.contains(t))
    }
}

fn span_of(ctx: &Ctx<'_>, first: usize, last: usize) -> Span {
    Span::new(ctx.tok(first).span.start, ctx.tok(last).span.end)
}

/// The triggers of sentence `s`, longest match first, with their mood.
fn triggers_in(ctx: &Ctx<'_>, s: usize) -> Vec<Hit> {
    let range = ctx.tokens_of(s);
    let mut hits = Vec::new();
    let mut i = range.start;
    while i < range.end {
        if !ctx.is_word(i) {
            i += 1;
            continue;
        }
        let cands: &[usize] = BY_FIRST.get(ctx.word(i)).map_or(&[], Vec::as_slice);
        let mut matched = None;
        'cand: for &c in cands {
            let words = TRIGGERS[c].words;
            let mut j = i;
            for (k, w) in words.iter().enumerate() {
                if k > 0 {
                    j += 1;
                    // "hostage-taking": a hyphen may join the words.
                    if j < range.end && ctx.word(j) == "-" {
                        j += 1;
                    }
                }
                if j >= range.end || ctx.word(j) != *w {
                    continue 'cand;
                }
            }
            matched = Some((c, j));
            break;
        }
        if matched.is_none() {
            matched = weapon_effect(ctx, i, range.end);
        }
        let Some((c, last)) = matched else {
            i += 1;
            continue;
        };
        let mut mood = mood_before(ctx, range.start, i, &TRIGGERS[c]);
        if TRIGGERS[c].nominal && last + 1 < range.end && classifier(ctx.word(last + 1)) {
            // "the kidnapping ring", "bombing charges": the trigger names a kind of
            // crime that qualifies another noun, not an incident.
            mood = Some(Mood::Unreal);
        }
        hits.push(Hit {
            trigger: c,
            first: i,
            last,
            mood,
        });
        i = last + 1;
    }
    hits
}

/// Nouns that a nominal trigger can qualify as a classifier ("kidnapping ring", "murder
/// charges", "bombing case"): the phrase is about people, charges or proceedings.
fn classifier(word: &str) -> bool {
    matches!(
        word,
        "ring"
            | "rings"
            | "gang"
            | "gangs"
            | "network"
            | "networks"
            | "charge"
            | "charges"
            | "case"
            | "cases"
            | "trial"
            | "trials"
            | "industry"
            | "record"
            | "suspects"
    )
}

/// Aircraft, whose fire is an air strike rather than a ground attack.
fn aircraft(word: &str) -> bool {
    matches!(
        word,
        "plane"
            | "planes"
            | "aircraft"
            | "airplanes"
            | "warplanes"
            | "helicopter"
            | "helicopters"
            | "gunship"
            | "gunships"
            | "jets"
            | "bombers"
    )
}

/// Whether the attack told by `hits` is made from the air: an aircraft is the subject of
/// the trigger ("two helicopter gunships opened fire"), or the air force is its agent
/// ("the air force bombing of ..."). An aircraft the trigger acts on ("the helicopter was
/// attacked") is a target, so a passive verb between them breaks the link.
fn from_the_air(ctx: &Ctx<'_>, start: usize, hits: &[Hit]) -> bool {
    let Some(first) = hits.iter().map(|h| h.first).min() else {
        return false;
    };
    let mut k = first;
    let mut seen = 0;
    while k > start && seen < 4 {
        k -= 1;
        let w = ctx.word(k);
        if matches!(
            w,
            "," | ";" | ":" | "(" | ")" | "was" | "were" | "been" | "by"
        ) {
            return false;
        }
        if !ctx.is_word(k) {
            continue;
        }
        seen += 1;
        if aircraft(w) || (w == "force" && k > start && ctx.word(k - 1) == "air") {
            return true;
        }
    }
    false
}

/// The nearest cue in the few words before a trigger, within its clause.
fn mood_before(ctx: &Ctx<'_>, start: usize, i: usize, t: &Trigger) -> Option<Mood> {
    let mut seen = 0;
    let mut k = i;
    // "to attack": an infinitive is a plan or a purpose, not a deed (unless a cue says
    // more: "threatened to attack", "a plot to attack").
    let infinitive = !t.nominal && i > start && ctx.word(i - 1) == "to" && t.kind == K::Attack;
    while k > start && seen < 6 {
        k -= 1;
        let w = ctx.word(k);
        if matches!(w, "," | ";" | ":" | "(" | ")" | "–" | "—") {
            break;
        }
        if !ctx.is_word(k) {
            continue;
        }
        seen += 1;
        // "On 22 May 2017": the month, not the modal.
        let month = w == "may"
            && [k.checked_sub(1), Some(k + 1)]
                .into_iter()
                .flatten()
                .any(|n| {
                    n < ctx.analysis.text.tokens.len() && ctx.tok(n).kind == TokenKind::Number
                });
        if let Some(m) = cue(w).filter(|_| !month) {
            return Some(m);
        }
    }
    infinitive.then_some(Mood::Unreal)
}

/// Whether the nominal trigger at `first` is a definite reference ("the attack", "this
/// bombing", "the airport bombing", "ISKP's attack").
fn definite(ctx: &Ctx<'_>, first: usize, s: usize) -> bool {
    let start = ctx.tokens_of(s).start;
    let mut k = first;
    let mut steps = 0;
    while k > start && steps < 4 {
        k -= 1;
        steps += 1;
        let w = ctx.word(k);
        if matches!(w, "the" | "this" | "that" | "its" | "their" | "'s" | "’s") {
            return true;
        }
        if w.ends_with("'s") || w.ends_with("’s") {
            return true;
        }
        if matches!(w, "a" | "an" | "," | "." | "of" | "in" | "and" | "by") {
            return false;
        }
    }
    false
}

/// Whether `span` is in a trigger's own phrase: right before it ("the Kabul attack") or
/// within four tokens after it ("the attack on Moscow"). A place further before is more
/// likely a speaker or a subject ("Washington attributed the attack to ...").
fn in_trigger_phrase(ctx: &Ctx<'_>, span: Span, hits: &[Hit]) -> bool {
    let tokens = &ctx.analysis.text.tokens;
    let i = tokens.partition_point(|t| t.span.start < span.start);
    let j = tokens.partition_point(|t| t.span.end < span.end);
    hits.iter()
        .any(|h| (j < h.first && j + 1 >= h.first) || (i > h.last && i <= h.last + 4))
}

/// Whether a plural trigger is quantified as a class of events ("many attacks", "a series
/// of bombings", "its attacks") rather than counted ("two bombings").
fn quantified(ctx: &Ctx<'_>, first: usize, s: usize) -> bool {
    let start = ctx.tokens_of(s).start;
    let mut k = first;
    let mut steps = 0;
    while k > start && steps < 4 {
        k -= 1;
        steps += 1;
        // "more than 300 airstrikes", "some 40 attacks": a count, not a class.
        let counted = k + 1 < first
            && (ctx.word(k + 1) == "than" || ctx.tok(k + 1).kind == TokenKind::Number);
        if counted {
            return false;
        }
        match ctx.word(k) {
            "series" | "many" | "several" | "multiple" | "numerous" | "some" | "number"
            | "dozens" | "hundreds" | "further" | "more" | "other" | "these" | "those" | "such"
            | "its" | "their" | "frequent" | "repeated" | "wave" | "spate" | "string"
            | "campaign" | "any" | "all" => return true,
            "the" | "," | "." | "in" | "on" | "and" => return false,
            _ => {}
        }
    }
    false
}

/// An ordinal reference opening sentence `s` ("The initial attack", "The second"), as a
/// zero-based index.
fn ordinal_reference(ctx: &Ctx<'_>, s: usize) -> Option<usize> {
    let r = ctx.tokens_of(s);
    if r.len() < 3 || ctx.word(r.start) != "the" {
        return None;
    }
    match ctx.word(r.start + 1) {
        "first" | "initial" | "former" | "earlier" => Some(0),
        "second" | "latter" | "later" => Some(1),
        "third" => Some(2),
        "fourth" => Some(3),
        _ => None,
    }
}

/// Builds a frame for the hits of one kind in sentence `s`, filling slots from the sentence.
fn build(ctx: &Ctx<'_>, s: usize, kind: EventKind, hits: &[Hit]) -> Frame {
    let mut f = Frame::empty(kind, ctx.sentence_span(s));
    let mut conf: f64 = 0.0;
    for h in hits {
        let t = h.spec();
        let span = span_of(ctx, h.first, h.last);
        f.triggers.push(span);
        conf = conf.max(t.confidence);
        f.suicide |= t.suicide;
        f.attempted |= h.mood == Some(Mood::Attempt)
            || matches!(h.spec().words.first(), Some(&("attempted" | "tried")));
        if kind == K::Attack || kind == K::Threat || kind == K::Other {
            f.types.push(Slot {
                value: t.attack.unwrap_or(A::Unknown),
                span,
                rule: t.rule,
                confidence: t.confidence,
            });
        }
        if let Some(w) = t.weapon {
            push_unique_weapon(
                &mut f.weapons,
                w,
                ctx.quote(span),
                span,
                t.rule,
                t.confidence,
            );
        }
    }
    // Several triggers agreeing make the frame surer.
    f.confidence = (conf + 0.05 * (hits.len() as f64 - 1.0)).min(0.95);
    fill_sentence(ctx, s, Some(hits), &mut f, true);
    if kind == K::Attack
        && f.perpetrators
            .iter()
            .any(|p| p.value.status != ClaimStatus::Claimed)
        && f.perpetrators.iter().all(|p| is_state(ctx, &p.value))
        && hits
            .iter()
            .all(|h| h.spec().attack.is_none() || h.spec().rule == "frame.trigger.raid")
    {
        // Attacks by state forces are military operations.
        f.kind = K::MilitaryOperation;
        f.types.clear();
    }
    if kind == K::Attack && from_the_air(ctx, ctx.tokens_of(s).start, hits) {
        f.kind = K::Airstrike;
        f.types.clear();
        f.perpetrators.retain(|p| is_state(ctx, &p.value));
    }
    f
}

fn is_state(ctx: &Ctx<'_>, p: &Perpetrator) -> bool {
    let Some(id) = &p.actor else { return false };
    ctx.actors
        .refs
        .iter()
        .find(|r| r.id == id.0)
        .is_some_and(|r| r.category.as_deref() == Some("state_force"))
}

/// The clause window around the hits: from the sentence start to the first clause closer
/// after the last trigger (or the sentence end).
fn window(ctx: &Ctx<'_>, s: usize, hits: Option<&[Hit]>) -> (usize, usize) {
    let r = ctx.tokens_of(s);
    let Some(hits) = hits else {
        return (r.start, r.end);
    };
    let last = hits.iter().map(|h| h.last).max().unwrap_or(r.start);
    let mut end = r.end;
    for k in last + 1..r.end {
        if closes_clause(ctx.word(k)) {
            end = k;
            break;
        }
    }
    (r.start, end)
}

/// Fills perpetrators, place, figures, targets, weapons and victims from sentence `s`.
fn fill_sentence(ctx: &Ctx<'_>, s: usize, hits: Option<&[Hit]>, f: &mut Frame, with_place: bool) {
    let (wstart, wend) = window(ctx, s, hits);
    let span = Span::new(
        ctx.tok(wstart).span.start,
        ctx.tok(wend.max(wstart + 1) - 1).span.end,
    );
    let first_trigger = hits
        .and_then(|h| h.first().map(|h| h.first))
        .unwrap_or(wstart);
    fill_perpetrators(ctx, s, wstart, wend, first_trigger, f);
    if (with_place || f.place.is_none())
        && let Some(p) = choose_place(ctx, span, first_trigger, "frame.place.sentence", 1.0)
    {
        f.place = Some(p);
    }
    fill_figures(ctx, span, f);
    // "at the time of the blast; 19 people were killed": figures past the clause closer
    // still count when the clause gave none.
    if f.killed.is_empty() && f.injured.is_empty() && wend < ctx.tokens_of(s).end {
        let rest = Span::new(ctx.tok(wend).span.start, ctx.sentence_span(s).end);
        let mut tail = Frame::empty(f.kind, rest);
        fill_figures(ctx, rest, &mut tail);
        f.killed = tail.killed.into_iter().map(|x| scaled(x, 0.8)).collect();
        f.injured = tail.injured.into_iter().map(|x| scaled(x, 0.8)).collect();
        f.victims.extend(tail.victims);
    }
    let (tstart, tend) = match hits {
        Some(h) if !h.is_empty() => {
            let first = h[0].first;
            let last = h.iter().map(|h| h.last).max().unwrap_or(first);
            (first.saturating_sub(6).max(wstart), (last + 15).min(wend))
        }
        _ => (wstart, wend),
    };
    let trigger_at = hits.and_then(|h| h.first()).map_or(wstart, |h| h.first);
    fill_targets_weapons(ctx, tstart, tend, trigger_at, f);
    if f.targets.is_empty() && f.kind == K::Attack {
        implied_target(ctx, tstart, tend, f);
    }
}

/// A target read from what the attack aimed at when no target noun says it: a town or
/// district ("drones targeting Najran", "rockets fired at Sderot", "a drone launched
/// towards Jazan") is its people and their property, in GTD's sense.
fn implied_target(ctx: &Ctx<'_>, from: usize, to: usize, f: &mut Frame) {
    for k in from..to {
        if !matches!(
            ctx.word(k),
            "targeting"
                | "targeted"
                | "targetting"
                | "target"
                | "at"
                | "over"
                | "on"
                | "into"
                | "towards"
                | "toward"
        ) {
            continue;
        }
        let Some(next) = (k + 1..to).find(|&j| ctx.is_word(j)) else {
            continue;
        };
        let start = ctx.tok(next).span.start;
        let hit = ctx
            .places
            .iter()
            .find(|p| p.span.start == start && !p.demonym);
        if let Some(p) = hit
            && matches!(
                p.place.precision,
                GeoPrecision::City
                    | GeoPrecision::Admin1
                    | GeoPrecision::Site
                    | GeoPrecision::Country
            )
        {
            f.targets.push(Slot {
                value: Target {
                    kind: TargetType::PrivateCitizens,
                    mention: ctx.quote(p.span).to_string(),
                },
                span: p.span,
                rule: "frame.target.place",
                confidence: 0.4,
            });
            return;
        }
    }
}

/// Perpetrators: claims ("claimed responsibility", "which IS-KP claimed", "claimed by"),
/// suspicions ("blamed on", "suspected"), else the nearest actor before the trigger or
/// after "by".
fn fill_perpetrators(
    ctx: &Ctx<'_>,
    s: usize,
    wstart: usize,
    wend: usize,
    trig: usize,
    f: &mut Frame,
) {
    let r = ctx.tokens_of(s);
    let sspan = ctx.sentence_span(s);
    let refs: Vec<&ActorRef> = ctx.actors.within(sspan).collect();
    let tok_start = |i: usize| ctx.tok(i).span.start;
    let before = |pos: usize| refs.iter().rev().find(|a| a.span.end <= pos).copied();
    let after = |pos: usize| refs.iter().find(|a| a.span.start >= pos).copied();
    let mut found: Vec<(&ActorRef, ClaimStatus, &'static str, f64)> = Vec::new();
    for k in r.clone() {
        let w = ctx.word(k);
        match w {
            "claimed" | "claims" | "claiming" | "claim" => {
                let next = if k + 1 < r.end { ctx.word(k + 1) } else { "" };
                let next2 = if k + 2 < r.end { ctx.word(k + 2) } else { "" };
                if matches!(next, "lives" | "life" | "that") || matches!(next2, "lives" | "life") {
                    continue;
                }
                let who = if next == "by" {
                    after(ctx.tok(k).span.end)
                } else {
                    before(tok_start(k)).filter(|a| !denial_between(ctx, a.span.end, k))
                };
                if let Some(a) = who {
                    found.push((a, ClaimStatus::Claimed, "frame.perpetrator.claimed", 0.85));
                }
            }
            "responsibility" => {
                if let Some(a) =
                    before(tok_start(k)).filter(|a| !denial_between(ctx, a.span.end, k))
                {
                    found.push((a, ClaimStatus::Claimed, "frame.perpetrator.claimed", 0.85));
                }
            }
            // "claimed responsibility in the name of X", "on behalf of X"; "a group calling
            // itself X", "identified themselves as X": the group the deed is claimed for.
            "name" | "behalf" | "itself" | "themselves" => {
                let prev = if k > r.start { ctx.word(k - 1) } else { "" };
                let next = if k + 1 < r.end { ctx.word(k + 1) } else { "" };
                let claim_before = (r.start..k).any(|j| {
                    matches!(
                        ctx.word(j),
                        "claimed" | "claiming" | "responsibility" | "credit"
                    )
                });
                let named = match w {
                    "name" => prev == "the" && next == "of" && claim_before,
                    "behalf" => prev == "on" && next == "of" && claim_before,
                    _ => matches!(prev, "calling" | "called" | "identified" | "identifying"),
                };
                let limit = ctx.tok((k + 5).min(r.end - 1)).span.end;
                if named
                    && let Some(a) = after(ctx.tok(k).span.end).filter(|a| a.span.start < limit)
                {
                    found.push((a, ClaimStatus::Claimed, "frame.perpetrator.self_named", 0.7));
                }
            }
            // "the attack which was credited to Al Fatah"; "X was credited with the attack".
            "credited" => {
                let next = if k + 1 < r.end { ctx.word(k + 1) } else { "" };
                let limit = ctx.tok((k + 6).min(r.end - 1)).span.end;
                let who = match next {
                    "to" => after(ctx.tok(k + 1).span.end).filter(|a| a.span.start < limit),
                    "with" => before(tok_start(k)).filter(|a| !denial_between(ctx, a.span.end, k)),
                    _ => None,
                };
                if let Some(a) = who {
                    found.push((a, ClaimStatus::Suspected, "frame.perpetrator.credited", 0.6));
                }
            }
            // "The BSO was believed responsible", "X is thought to be responsible".
            "responsible" => {
                let near = k.saturating_sub(6).max(r.start);
                if let Some(a) = before(tok_start(k))
                    .filter(|a| a.span.start >= tok_start(near))
                    .filter(|a| !denial_between(ctx, a.span.end, k))
                {
                    found.push((
                        a,
                        ClaimStatus::Suspected,
                        "frame.perpetrator.responsible",
                        0.6,
                    ));
                }
            }
            // "said that they were members of the PFLP", "claimed to be members of X",
            // "identified themselves as members of X": an admission.
            "members" | "member" => {
                let said = (r.start..k).any(|j| {
                    matches!(
                        ctx.word(j),
                        "said"
                            | "claimed"
                            | "claiming"
                            | "identified"
                            | "identifying"
                            | "admitted"
                            | "stated"
                            | "declared"
                    )
                });
                let limit = ctx.tok((k + 4).min(r.end - 1)).span.end;
                if said
                    && k + 1 < r.end
                    && ctx.word(k + 1) == "of"
                    && let Some(a) = after(ctx.tok(k + 1).span.end).filter(|a| a.span.start < limit)
                {
                    found.push((a, ClaimStatus::Claimed, "frame.perpetrator.members", 0.7));
                }
            }
            // "sources attributed the attack to X", "was attributed to X".
            "attributed" | "attributing" => {
                let limit = ctx.tok((k + 8).min(r.end - 1)).span.end;
                let to = (k + 1..r.end).find(|&j| ctx.word(j) == "to");
                if let Some(a) = to
                    .and_then(|j| after(ctx.tok(j).span.end))
                    .filter(|a| a.span.start < limit)
                {
                    found.push((
                        a,
                        ClaimStatus::Suspected,
                        "frame.perpetrator.attributed",
                        0.6,
                    ));
                }
            }
            "blamed" | "accused" | "suspected" | "suspect" | "alleged" | "allegedly" => {
                let next = if k + 1 < r.end { ctx.word(k + 1) } else { "" };
                // "blamed on X", "blamed X", "accused X", "suspected X of": the actor after;
                // "X, suspected of": the one before.
                let soon = ctx.tok((k + 3).min(r.end - 1)).span.end;
                let named_after = after(ctx.tok(k).span.end).is_some_and(|a| a.span.start < soon);
                let who = if matches!(w, "blamed" | "accused") || next == "on" || named_after {
                    after(ctx.tok(k).span.end)
                        .filter(|a| a.span.start < ctx.tok((k + 8).min(r.end - 1)).span.end)
                } else {
                    before(tok_start(k))
                };
                if let Some(a) = who {
                    found.push((
                        a,
                        ClaimStatus::Suspected,
                        "frame.perpetrator.suspected",
                        0.6,
                    ));
                }
            }
            _ => {}
        }
    }
    // The nearest actor before the trigger, in its clause (for a threat, the sentence's
    // first actor: "ISKP said the Taliban was ... and vowed retribution") ...
    let trig_pos = tok_start(trig);
    let clause_start = tok_start(wstart);
    let subject = if f.kind == K::Threat {
        refs.first().copied().filter(|a| a.span.end <= trig_pos)
    } else {
        before(trig_pos).filter(|a| a.span.start >= clause_start)
    };
    if let Some(a) = subject {
        let between = Span::new(a.span.end, trig_pos);
        let words = &ctx.lower[between.start..between.end];
        // ... unless it is the object of a preposition ("against ISKP", "from the Taliban").
        let object = words.split_whitespace().count() <= 2
            && ctx.lower[..a.span.start]
                .trim_end()
                .rsplit(' ')
                .next()
                .is_some_and(|p| matches!(p, "against" | "from" | "with" | "on" | "to" | "at"));
        if !object {
            found.push((a, ClaimStatus::Attributed, "frame.perpetrator.subject", 0.7));
        }
    }
    // ... and "by X" after it.
    for k in trig + 1..wend.min(r.end) {
        if ctx.word(k) == "by" {
            if let Some(a) =
                after(ctx.tok(k).span.end).filter(|a| a.span.start < ctx.tok(wend - 1).span.end)
                && a.span.start <= ctx.tok((k + 4).min(r.end - 1)).span.end
            {
                found.push((a, ClaimStatus::Attributed, "frame.perpetrator.by", 0.7));
            }
            break;
        }
    }
    for (a, status, rule, conf) in found {
        push_perpetrator(f, a, status, rule, conf);
    }
    // Generic descriptions ("gunmen", "a suicide bomber") when no named actor is given.
    if f.perpetrators.is_empty() && f.kind == K::Attack {
        for g in ctx.generic {
            if g.span.start < sspan.start || g.span.end > sspan.end || g.class == "state" {
                continue;
            }
            if g.term == "group"
                || ctx
                    .actors
                    .refs
                    .iter()
                    .any(|r| r.span.start <= g.span.start && g.span.end <= r.span.end)
            {
                continue;
            }
            if g.span.end > ctx.tok(wend.max(wstart + 1) - 1).span.end {
                continue;
            }
            let written = ctx.quote(g.span).to_string();
            if f.perpetrators.iter().any(|p| p.value.name == written) {
                continue;
            }
            f.perpetrators.push(Slot {
                value: Perpetrator {
                    actor: None,
                    name: written,
                    kind: ActorKind::Individual,
                    status: ClaimStatus::Attributed,
                },
                span: g.span,
                rule: "frame.perpetrator.generic",
                confidence: 0.5,
            });
        }
    }
}

/// Whether a denial stands between an actor (ending at byte `from`) and the claim word at
/// token `k` ("the Taliban denied responsibility", "X has not claimed").
fn denial_between(ctx: &Ctx<'_>, from: usize, k: usize) -> bool {
    let tokens = &ctx.analysis.text.tokens;
    let first = tokens.partition_point(|t| t.span.start < from);
    (first..k).any(|j| {
        matches!(
            ctx.word(j),
            "denied" | "denies" | "deny" | "denying" | "not" | "never" | "rejected" | "disowned"
        ) || ctx.word(j).ends_with("n't")
    })
}

fn push_perpetrator(
    f: &mut Frame,
    a: &ActorRef,
    status: ClaimStatus,
    rule: &'static str,
    conf: f64,
) {
    // A claim beats everything; an explicit suspicion beats the attribution a subject
    // position alone gives.
    let rank = |s: ClaimStatus| match s {
        ClaimStatus::Claimed => 3,
        ClaimStatus::Suspected => 2,
        ClaimStatus::Attributed => 1,
    };
    let confidence = (conf * a.confidence.max(0.5)).min(0.95);
    if let Some(p) = f
        .perpetrators
        .iter_mut()
        .find(|p| p.value.actor.as_ref().is_some_and(|id| id.0 == a.id))
    {
        if rank(status) > rank(p.value.status) {
            p.value.status = status;
            p.rule = rule;
            p.span = a.span;
            p.confidence = confidence;
        }
        return;
    }
    f.perpetrators.push(Slot {
        value: Perpetrator {
            actor: Some(ActorId(a.id.clone())),
            name: a.name.clone(),
            kind: a.kind,
            status,
        },
        span: a.span,
        rule,
        confidence,
    });
}

/// The dates of sentence `s` that may date the hits: bounded (no open "since" or vague
/// "recent" periods), not after a clause closer, with bare days given the year of the
/// narrative ("on 8 and 15 October" after "In October 2021").
fn frame_dates(ctx: &Ctx<'_>, s: usize, hits: &[Hit]) -> Vec<Slot<FuzzyDate>> {
    let (ws, we) = window(ctx, s, Some(hits));
    let span = Span::new(ctx.tok(ws).span.start, ctx.tok(we.max(ws + 1) - 1).span.end);
    let mut out = Vec::new();
    for t in &ctx.analysis.temporal {
        if t.span.start < span.start || t.span.end > span.end {
            continue;
        }
        // Open or vague periods ("since 2016", "the past decade") do not date an incident;
        // a short one ("this past week") does.
        let vague = matches!(t.rule, "temporal.past_period" | "temporal.recent_period")
            && t.value.span_days() > 31;
        if vague
            || matches!(t.rule, "temporal.since_open" | "temporal.named_day")
            || (t.value.span_days() > 366 && t.rule != "temporal.between")
        {
            continue;
        }
        if speech_between(ctx, t.span, ctx.tok(hits[0].first).span) {
            continue;
        }
        let mut value = t.value;
        let written = ctx.quote(t.span);
        if !has_year(written)
            && t.value.precision == DatePrecision::Day
            && let Some(y) = narrative_year(ctx, s, t.span, value.start.month())
            && let Ok(d) = jiff::civil::Date::new(y, value.start.month(), value.start.day())
        {
            value = FuzzyDate::day(d);
        }
        out.push(Slot {
            value,
            span: t.span,
            rule: t.rule,
            confidence: t.confidence,
        });
        // "8 and 15 October": the day before "and" is a second date of the same month.
        if value.precision == DatePrecision::Day
            && let Some(extra) = listed_day(ctx, t.span, value)
        {
            out.push(Slot {
                value: extra.0,
                span: extra.1,
                rule: "frame.date.listed_day",
                confidence: t.confidence * 0.9,
            });
        }
    }
    // "during Friday prayers": a bare weekday beside real dates is not the date.
    if out.iter().any(|d| d.rule != "temporal.weekday") {
        out.retain(|d| d.rule != "temporal.weekday");
    }
    // "the 2021 Kabul Airport attack", "the group's 2019 bombing": a year in the noun
    // phrase of a nominal trigger.
    if out.is_empty() {
        for h in hits.iter().filter(|h| h.spec().nominal) {
            if let Some(y) = year_modifier(ctx, h.first, s) {
                out.push(y);
                break;
            }
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}

/// A year written as a modifier before a nominal trigger, within its noun phrase.
fn year_modifier(ctx: &Ctx<'_>, first: usize, s: usize) -> Option<Slot<FuzzyDate>> {
    let start = ctx.tokens_of(s).start;
    let mut k = first;
    let mut steps = 0;
    while k > start && steps < 4 {
        k -= 1;
        steps += 1;
        let t = ctx.tok(k);
        let w = ctx.word(k);
        if t.kind == TokenKind::Number && w.len() == 4 {
            let y: i16 = w.parse().ok()?;
            if !(1900..=2100).contains(&y) {
                return None;
            }
            let before = if k > start { ctx.word(k - 1) } else { "" };
            let determined = matches!(before, "the" | "its" | "their" | "this" | "that")
                || before.ends_with("'s")
                || before.ends_with("’s");
            if !determined {
                return None;
            }
            return Some(Slot {
                value: FuzzyDate::year(y)?,
                span: t.span,
                rule: "frame.date.year_modifier",
                confidence: 0.75,
            });
        }
        if matches!(w, "," | "." | "in" | "on" | "of" | "a" | "an") {
            return None;
        }
    }
    None
}

/// Whether a speech verb stands between a date and a trigger ("told Reuters in November
/// 2021 that ISKP was increasing its attacks"): the date is the statement's, not the event's.
fn speech_between(ctx: &Ctx<'_>, date: Span, trigger: Span) -> bool {
    let (a, b) = if date.end <= trigger.start {
        (date.end, trigger.start)
    } else {
        (trigger.end, date.start)
    };
    let tokens = &ctx.analysis.text.tokens;
    let from = tokens.partition_point(|t| t.span.start < a);
    tokens[from..]
        .iter()
        .enumerate()
        .take_while(|(_, t)| t.span.end <= b)
        .any(|(k, _)| {
            matches!(
                ctx.word(from + k),
                "said" | "says" | "told" | "tells" | "reported" | "stated" | "announced" | "added"
            )
        })
}

fn has_year(s: &str) -> bool {
    s.as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// The year of the most recent explicit mention of `month` with a year: in the same
/// sentence, or in the current and two previous paragraphs before `span`.
fn narrative_year(ctx: &Ctx<'_>, s: usize, span: Span, month: i8) -> Option<i16> {
    let para = ctx.para_of[s];
    let from_para = para.saturating_sub(2);
    let from = ctx.analysis.text.paragraphs.get(from_para)?.span.start;
    let sentence = ctx.sentence_span(s);
    let mut best: Option<(usize, i16)> = None;
    for t in &ctx.analysis.temporal {
        if t.span == span || t.span.start < from || t.span.start > sentence.end {
            continue;
        }
        let after_in_other_sentence = t.span.start > span.start && t.span.start >= sentence.end;
        if after_in_other_sentence || t.span.start > span.start && t.span.start > sentence.end {
            continue;
        }
        if !matches!(t.value.precision, DatePrecision::Day | DatePrecision::Month)
            || t.value.start.month() != month
            || !has_year(ctx.quote(t.span))
        {
            continue;
        }
        // Same sentence wins; otherwise the latest before.
        let in_sentence = t.span.start >= sentence.start;
        let key = if in_sentence {
            usize::MAX
        } else {
            t.span.start
        };
        if best.is_none_or(|(k, _)| key > k) {
            best = Some((key, t.value.start.year()));
        }
    }
    best.map(|(_, y)| y)
}

/// "8 and 15 October": a bare day number joined by "and" or "," right before a day date.
fn listed_day(ctx: &Ctx<'_>, span: Span, value: FuzzyDate) -> Option<(FuzzyDate, Span)> {
    let tokens = &ctx.analysis.text.tokens;
    let i = tokens.partition_point(|t| t.span.start < span.start);
    if i < 2 {
        return None;
    }
    let (num, join) = (tokens[i - 2], tokens[i - 1]);
    let j = &ctx.lower[join.span.start..join.span.end];
    if num.kind != TokenKind::Number || !(j == "and" || j == "," || j == "&") {
        return None;
    }
    let day: i8 = ctx.quote(num.span).parse().ok()?;
    let d = jiff::civil::Date::new(value.start.year(), value.start.month(), day).ok()?;
    Some((FuzzyDate::day(d), num.span))
}

/// The date nearest to the triggers, in tokens.
fn nearest_date(ctx: &Ctx<'_>, dates: &[Slot<FuzzyDate>], hits: &[Hit]) -> Option<Slot<FuzzyDate>> {
    let anchor = ctx.tok(hits[0].first).span.start;
    dates
        .iter()
        .min_by_key(|d| {
            let dist = if d.span.end <= anchor {
                anchor - d.span.end
            } else {
                d.span.start.saturating_sub(anchor)
            };
            // Prefer the more precise when two are about as near.
            (dist / 24, precision_rank_date(d.value.precision))
        })
        .map(|d| Slot {
            rule: "frame.date.sentence",
            ..d.clone()
        })
}

fn precision_rank_date(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 0,
        DatePrecision::Range => 1,
        DatePrecision::Month => 2,
        DatePrecision::Year => 3,
    }
}

fn place_rank(p: GeoPrecision) -> i64 {
    match p {
        GeoPrecision::Site => 5,
        GeoPrecision::City => 4,
        GeoPrecision::Admin1 => 3,
        GeoPrecision::Country => 2,
        GeoPrecision::Region => 1,
        GeoPrecision::Unknown => 0,
    }
}

/// The place of an incident in `span`: the most precise non-demonym place, nearest to the
/// trigger on a tie, leaving out names inside actor names ("Islamic State Khorasan
/// Province"), places of origin ("from Tajikistan") and words of longer names ("Save the
/// Children").
fn choose_place(
    ctx: &Ctx<'_>,
    span: Span,
    trigger: usize,
    rule: &'static str,
    factor: f64,
) -> Option<Slot<Place>> {
    let anchor = ctx.tok(trigger).span.start;
    let from = ctx.places.partition_point(|p| p.span.start < span.start);
    let mut best: Option<(i64, &ResolvedPlace)> = None;
    for p in ctx.places[from..]
        .iter()
        .take_while(|p| p.span.end <= span.end)
    {
        if p.demonym || p.confidence < 0.3 {
            continue;
        }
        if ctx
            .actors
            .refs
            .iter()
            .any(|a| !a.anaphor && a.span.start < p.span.end && p.span.start < a.span.end)
        {
            continue;
        }
        let before = ctx.lower[..p.span.start].trim_end();
        if before.ends_with(" from") || before.ends_with(" of the late") {
            continue;
        }
        let after = &ctx.text[p.span.end..];
        // "U.S. embassy": an abbreviation's final period may lie outside the name.
        let rest = &ctx.lower[p.span.end..];
        let rest = match rest.strip_prefix('.') {
            Some(r) if ctx.quote(p.span).contains('.') => r,
            _ => rest,
        };
        if p.place.precision == GeoPrecision::Country && owned_by_country(rest) {
            continue;
        }
        let mut rest = after.split_whitespace();
        if rest.next() == Some("the")
            && rest
                .next()
                .is_some_and(|w| w.starts_with(char::is_uppercase))
        {
            continue;
        }
        let dist = (p.span.start as i64 - anchor as i64).abs();
        // "in Los Angeles" beats "Anti-Castro": a locative preposition says it is where
        // something happened.
        let locative = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| {
                matches!(
                    w,
                    "in" | "at" | "near" | "outside" | "inside" | "around" | "into"
                )
            });
        // "Nur neighborhood, Mosul, Nineveh, Iraq": places that agree on a country with the
        // others around them are the reading the writer meant.
        let agreeing = ctx.places[from..]
            .iter()
            .take_while(|q| q.span.end <= span.end)
            .filter(|q| {
                q.span != p.span
                    && !q.demonym
                    && q.place.country.is_some()
                    && q.place.country == p.place.country
            })
            .count()
            .min(2) as i64;
        let score = place_rank(p.place.precision) * 100_000
            + if locative { 60_000 } else { 0 }
            + agreeing * 150_000
            - dist.min(59_999);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, p));
        }
    }
    best.map(|(_, p)| Slot {
        value: p.place.clone(),
        span: p.span,
        rule,
        confidence: f64::from(p.confidence) * factor,
    })
}

/// Whether the words after a country name make it a modifier of what the country owns or
/// sends ("the U.S. embassy in Buenos Aires", "Israeli officials", "French troops"): the
/// country is then not where the incident happened. `rest` is the lower-cased text after
/// the name.
fn owned_by_country(rest: &str) -> bool {
    let next = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .find(|w| !w.is_empty())
        .unwrap_or("");
    // The name must be followed directly by the noun, not by punctuation.
    let glued = rest.starts_with(' ')
        && !rest
            .trim_start()
            .starts_with(|c: char| !c.is_alphanumeric());
    glued
        && matches!(
            next,
            "embassy"
                | "embassies"
                | "consulate"
                | "consul"
                | "ambassador"
                | "chancery"
                | "mission"
                | "legation"
                | "diplomat"
                | "diplomats"
                | "diplomatic"
                | "official"
                | "officials"
                | "government"
                | "marines"
                | "navy"
                | "naval"
                | "army"
                | "air"
                | "military"
                | "troops"
                | "soldiers"
                | "servicemen"
                | "forces"
                | "citizen"
                | "citizens"
                | "nationals"
                | "national"
                | "businessman"
                | "businessmen"
                | "company"
                | "companies"
                | "firm"
                | "firms"
                | "corporation"
                | "bank"
                | "banks"
                | "airline"
                | "airlines"
                | "office"
                | "offices"
                | "interests"
                | "information"
                | "cultural"
                | "binational"
                | "tourist"
                | "tourists"
                | "journalist"
                | "journalists"
                | "ship"
                | "vessel"
                | "tanker"
                | "owned"
                | "flag"
                | "aid"
                | "agency"
                | "military's"
                | "peace"
                | "personnel"
                | "servicemen's"
        )
}

/// Killed, injured and kidnapped figures of `span`, leaving out parts of a total
/// ("including 28 Taliban fighters"); a number of people after "the deaths of" or a killing
/// verb counts as killed. Attackers who died count in the killed total, as GTD's and
/// ACLED's totals count them: "In addition to 12 assailants, 56 soldiers were killed" is 68
/// killed, "Two assailants were killed" is 2.
fn fill_figures(ctx: &Ctx<'_>, span: Span, f: &mut Frame) {
    let tokens = &ctx.analysis.text.tokens;
    implied_single_death(ctx, span, f);
    let mut attackers_killed: Option<Slot<Count>> = None;
    for c in &ctx.analysis.counts {
        if c.span.start < span.start || c.span.end > span.end {
            continue;
        }
        let i = tokens.partition_point(|t| t.span.start < c.span.start);
        let prev = |n: usize| -> &str {
            if i >= n && tokens[i - n].span.start >= span.start {
                ctx.word(i - n)
            } else {
                ""
            }
        };
        if prev(1) == "including" || prev(2) == "including" {
            continue;
        }
        let thing = match c.value.thing {
            CountedThing::Other | CountedThing::Attendees
                if c.value.victim != Some(VictimKind::Other)
                    || c.value.thing == CountedThing::Attendees =>
            {
                retyped(ctx, i, span)
            }
            t => Some(t),
        };
        let Some(thing) = thing else { continue };
        if c.value.victim == Some(VictimKind::Attackers) {
            if thing == CountedThing::Killed
                && attackers_killed.is_none()
                && !inside_including(ctx, i, span)
            {
                attackers_killed = Some(Slot {
                    value: c.value.count,
                    span: c.span,
                    rule: "frame.killed.attackers",
                    confidence: c.confidence,
                });
            }
            continue;
        }
        let slot = Slot {
            value: c.value.count,
            span: c.span,
            rule: c.rule,
            confidence: c.confidence,
        };
        let effect = match thing {
            CountedThing::Killed => {
                f.killed.retain(|k| k.rule != "frame.killed.implied_single");
                if f.killed.is_empty() {
                    f.killed.push(slot);
                }
                VictimEffect::Killed
            }
            CountedThing::Injured => {
                if f.injured.is_empty() {
                    f.injured.push(slot);
                }
                VictimEffect::Injured
            }
            CountedThing::Kidnapped => VictimEffect::Kidnapped,
            _ => continue,
        };
        // The people as written: the count's span without a leading verb ("killing 269
        // people" -> "269 people"), up to its noun.
        let mut from = i;
        while from + 1 < tokens.len()
            && tokens[from].span.end < c.span.end
            && retyped_verb(ctx.word(from)).is_some()
        {
            from += 1;
        }
        let end = c
            .value
            .noun
            .map_or(c.span.end, |n| n.end.max(tokens[from].span.end));
        let noun = Span::new(tokens[from].span.start.max(c.span.start), end);
        f.victims.push(Slot {
            value: Victim {
                mention: ctx.quote(noun).to_string(),
                effect,
            },
            span: c.span,
            rule: "frame.victim.count",
            confidence: c.confidence,
        });
    }
    if attackers_killed.is_none() {
        attackers_killed = attacker_beside(ctx, span);
    }
    if let Some(attackers) = attackers_killed {
        add_attackers_killed(f, attackers);
    }
    if f.injured.is_empty() {
        implied_single_injury(ctx, span, f);
    }
}

/// Whether the count at token `i` is a part named after "including" in the same clause
/// ("three people, including one officer and two assailants, were killed").
fn inside_including(ctx: &Ctx<'_>, i: usize, span: Span) -> bool {
    let tokens = &ctx.analysis.text.tokens;
    (1..=8)
        .take_while(|&n| i >= n && tokens[i - n].span.start >= span.start)
        .map(|n| ctx.word(i - n))
        .take_while(|w| !matches!(*w, "," | "." | ";" | "were" | "was"))
        .any(|w| w == "including")
}

/// The one attacker "in addition to the bomber" sets beside the victims killed.
fn attacker_beside(ctx: &Ctx<'_>, span: Span) -> Option<Slot<Count>> {
    let tokens = &ctx.analysis.text.tokens;
    let from = tokens.partition_point(|t| t.span.start < span.start);
    let to = tokens.partition_point(|t| t.span.start < span.end);
    (from..to.saturating_sub(4)).find_map(|k| {
        let lead = ctx.word(k) == "in" && ctx.word(k + 1) == "addition" && ctx.word(k + 2) == "to";
        if !lead || ctx.word(k + 3) != "the" {
            return None;
        }
        let mut j = k + 4;
        if j + 1 < to && ctx.word(j) == "suicide" {
            j += 1;
        }
        matches!(
            ctx.word(j),
            "bomber" | "assailant" | "attacker" | "gunman" | "perpetrator"
        )
        .then(|| Slot {
            value: Count {
                value: 1,
                qualifier: forewarn_model::CountQualifier::Exact,
                high: None,
            },
            span: Span::new(ctx.tok(k).span.start, ctx.tok(j).span.end),
            rule: "frame.killed.attacker_beside",
            confidence: 0.7,
        })
    })
}

/// Adds the attackers who died to the victims killed; where no victim figure was found they
/// are the killed figure.
fn add_attackers_killed(f: &mut Frame, attackers: Slot<Count>) {
    match f.killed.first_mut() {
        None => f.killed.push(attackers),
        Some(k) if k.span.end <= attackers.span.start || attackers.span.end <= k.span.start => {
            let a = attackers.value;
            k.value.value = k.value.value.saturating_add(a.value);
            k.value.high = k
                .value
                .high
                .map(|h| h.saturating_add(a.high.unwrap_or(a.value)));
            k.span = Span::new(
                k.span.start.min(attackers.span.start),
                k.span.end.max(attackers.span.end),
            );
            k.rule = "frame.killed.with_attackers";
            k.confidence = k.confidence.min(attackers.confidence);
        }
        Some(_) => {}
    }
}

/// One person killed, when the text says so without a number: "was shot dead", "was
/// murdered", "was killed", or an accomplished assassination ("gunmen assassinated the
/// mayor"). Counts found later replace it.
/// An active killing verb at `k` with one victim as its object: "killed an American
/// woman", "shot and killed Colonel Ahmed", "murdered the consul's bodyguard" is not
/// counted (the object may be plural), nor "killed a number of people".
fn killed_one(ctx: &Ctx<'_>, k: usize, to: usize) -> bool {
    if !matches!(ctx.word(k), "killed" | "murdered" | "executed" | "beheaded")
        || k + 2 >= to
        || (k > 0 && matches!(ctx.word(k - 1), "was" | "were" | "been" | "be" | "being"))
    {
        return false;
    }
    let next = ctx.word(k + 1);
    let after = ctx.word(k + 2);
    let quantity = matches!(
        after,
        "number" | "total" | "dozen" | "few" | "couple" | "handful" | "hundred" | "thousand"
    );
    // "killed a diplomat's wife and a policeman" names more than one.
    let more = (k + 2..(k + 8).min(to))
        .take_while(|&j| ctx.is_word(j) || ctx.word(j) == "'s")
        .any(|j| ctx.word(j) == "and");
    let article = matches!(next, "a" | "an" | "one") && !quantity && !more;
    // A name right after the verb, in mixed-case text.
    let name = ctx.analysis.text.casing == crate::Casing::Mixed
        && ctx.is_word(k + 1)
        && ctx.tok(k + 1).capitalised
        && ctx.analysis.text.tokens[k + 1]
            .text(ctx.text)
            .chars()
            .any(|c| c.is_lowercase())
        && counts_none_at(ctx, k + 1);
    article || (name && !more)
}

/// An active wounding verb at `k` with one person as its object: "injuring a guard",
/// "slightly injuring a woman", "wounding him critically", "seriously injuring Hua
/// Chin-liang", "an explosion injured a maintenance worker"; not "injuring two", nor a
/// list ("injuring a guard and two clerks").
fn injured_one(ctx: &Ctx<'_>, k: usize, to: usize) -> bool {
    if !matches!(ctx.word(k), "injuring" | "wounding" | "injured" | "wounded")
        || k + 1 >= to
        || (k > 0
            && matches!(
                ctx.word(k - 1),
                "was" | "were" | "been" | "be" | "being" | "is" | "are" | "and" | "or"
            ))
    {
        return false;
    }
    let mut j = k + 1;
    while j + 1 < to
        && matches!(
            ctx.word(j),
            "slightly" | "seriously" | "critically" | "badly" | "severely" | "gravely" | "lightly"
        )
    {
        j += 1;
    }
    let next = ctx.word(j);
    // "a guard and two clerks" names more; "a clerk and causing damage" goes on to a verb.
    let more = (j + 1..(j + 7).min(to))
        .take_while(|&i| ctx.is_word(i) || ctx.word(i) == "'s")
        .any(|i| ctx.word(i) == "and" && !(i + 1 < to && ctx.word(i + 1).ends_with("ing")));
    if more || !counts_none_at(ctx, j) {
        return false;
    }
    let pronoun = matches!(next, "him" | "her");
    let article = matches!(next, "a" | "an")
        && j + 1 < to
        && !matches!(
            ctx.word(j + 1),
            "number" | "few" | "dozen" | "couple" | "handful"
        );
    let name = ctx.analysis.text.casing == crate::Casing::Mixed
        && ctx.is_word(j)
        && ctx.tok(j).capitalised
        && ctx.analysis.text.tokens[j]
            .text(ctx.text)
            .chars()
            .any(|c| c.is_lowercase());
    pronoun || article || name
}

/// Whether the subject right before token `k` (a "was") is nobody: "No one was injured",
/// "nobody was hurt", "none was killed".
fn nobody_before(ctx: &Ctx<'_>, k: usize, from: usize) -> bool {
    let w = |i: usize| if i >= from { ctx.word(i) } else { "" };
    k > from
        && (matches!(w(k - 1), "nobody" | "none" | "noone")
            || (w(k - 1) == "one" && k >= from + 2 && w(k - 2) == "no"))
}

/// Whether no count starts at token `k` ("killed Three" in a title is a number).
fn counts_none_at(ctx: &Ctx<'_>, k: usize) -> bool {
    let start = ctx.tok(k).span.start;
    !ctx.analysis.counts.iter().any(|c| c.span.start == start)
}

/// "A stewardess was wounded", "the ambassador was seriously injured", "X was shot" (and
/// not killed): one person injured, when no figure says more.
fn implied_single_injury(ctx: &Ctx<'_>, span: Span, f: &mut Frame) {
    let tokens = &ctx.analysis.text.tokens;
    let from = tokens.partition_point(|t| t.span.start < span.start);
    let to = tokens.partition_point(|t| t.span.start < span.end);
    for k in from..to.saturating_sub(1) {
        if injured_one(ctx, k, to) {
            f.injured.push(Slot {
                value: Count {
                    value: 1,
                    qualifier: forewarn_model::CountQualifier::Exact,
                    high: None,
                },
                span: ctx.tok(k).span,
                rule: "frame.injured.implied_single",
                confidence: 0.5,
            });
            return;
        }
        if ctx.word(k) != "was" || nobody_before(ctx, k, from) {
            continue;
        }
        let mut j = k + 1;
        while j + 1 < to
            && matches!(
                ctx.word(j),
                "slightly"
                    | "seriously"
                    | "critically"
                    | "badly"
                    | "severely"
                    | "gravely"
                    | "lightly"
                    | "also"
            )
        {
            j += 1;
        }
        let after = if j + 1 < to { ctx.word(j + 1) } else { "" };
        let hurt = matches!(ctx.word(j), "wounded" | "injured" | "hurt")
            || (ctx.word(j) == "shot"
                && !matches!(after, "dead" | "to" | "and" | "down")
                && f.killed.is_empty());
        if hurt {
            f.injured.push(Slot {
                value: Count {
                    value: 1,
                    qualifier: forewarn_model::CountQualifier::Exact,
                    high: None,
                },
                span: ctx.tok(k).span,
                rule: "frame.injured.implied_single",
                confidence: 0.55,
            });
            return;
        }
    }
}

fn implied_single_death(ctx: &Ctx<'_>, span: Span, f: &mut Frame) {
    let tokens = &ctx.analysis.text.tokens;
    let from = tokens.partition_point(|t| t.span.start < span.start);
    let to = tokens.partition_point(|t| t.span.start < span.end);
    for k in from..to {
        let w = ctx.word(k);
        let passive = w == "was" && k + 1 < to && !nobody_before(ctx, k, from);
        let deed = if passive {
            let mut j = k + 1;
            // "was shot and killed", "was found murdered"
            while j + 1 < to
                && matches!(
                    ctx.word(j),
                    "shot" | "and" | "found" | "later" | "reportedly"
                )
            {
                j += 1;
            }
            matches!(
                ctx.word(j),
                "killed" | "murdered" | "assassinated" | "beheaded" | "executed"
            ) || (ctx.word(k + 1) == "shot" && matches!(ctx.word(j), "dead"))
                || (matches!(ctx.word(j), "stabbed" | "beaten")
                    && j + 2 < to
                    && ctx.word(j + 1) == "to"
                    && ctx.word(j + 2) == "death")
                // "was shot to death": the loop above stops at "to".
                || (ctx.word(j) == "to"
                    && ctx.word(j - 1) == "shot"
                    && j + 1 < to
                    && ctx.word(j + 1) == "death")
        } else {
            w == "assassinated" || killed_one(ctx, k, to)
        };
        if deed {
            let span = ctx.tok(k).span;
            f.killed.push(Slot {
                value: Count {
                    value: 1,
                    qualifier: forewarn_model::CountQualifier::Exact,
                    high: None,
                },
                span,
                rule: "frame.killed.implied_single",
                confidence: 0.6,
            });
            return;
        }
    }
}

/// What a count of people with no effect counts, from the words before it: "the deaths
/// of 72 people", "killing (mainly by shooting) more than 140 concertgoers".
fn retyped(ctx: &Ctx<'_>, i: usize, span: Span) -> Option<CountedThing> {
    let tokens = &ctx.analysis.text.tokens;
    let mut k = i;
    let mut words = 0;
    let mut paren = false;
    while k > 0 && words < 6 {
        k -= 1;
        if tokens[k].span.start < span.start {
            break;
        }
        let w = ctx.word(k);
        match w {
            ")" => paren = true,
            "(" => paren = false,
            "," | ";" if !paren => break,
            _ => {}
        }
        if tokens[k].kind != TokenKind::Word {
            continue;
        }
        words += 1;
        if let Some(t) = retyped_verb(w) {
            return Some(t);
        }
    }
    None
}

/// The effect a casualty word gives the people counted after it.
fn retyped_verb(w: &str) -> Option<CountedThing> {
    match w {
        "deaths" | "death" | "lives" | "killing" | "killed" | "kill" | "massacring" => {
            Some(CountedThing::Killed)
        }
        "injuring" | "injured" | "wounding" | "wounded" | "injuries" => Some(CountedThing::Injured),
        "kidnapping" | "kidnapped" | "abducting" | "abducted" => Some(CountedThing::Kidnapped),
        _ => None,
    }
}

/// Target nouns and the GTD target type they imply.
fn target_type(w: &str) -> Option<TargetType> {
    use TargetType as T;
    Some(match w {
        "mosque" | "mosques" | "church" | "churches" | "shrine" | "temple" | "synagogue"
        | "worshippers" | "worshipers" | "pilgrims" | "imam" | "priest" | "priests" | "cleric"
        | "clerics" | "seminary" => T::Religious,
        "bank" | "banks" | "hotel" | "hotels" | "restaurant" | "restaurants" | "shop" | "shops"
        | "market" | "markets" | "mall" | "factory" | "company" | "businessman" | "businessmen" => {
            T::Business
        }
        "charity" | "ngo" | "ngos" | "humanitarian" => T::Ngo,
        "soldiers" | "soldier" | "troops" | "army" | "military" | "barracks" | "servicemen"
        | "convoy" | "garrison" | "marines" | "base" | "bases" | "airbase" | "airbases"
        | "outpost" | "outposts" | "positions" | "post" | "posts" | "division" | "battalion"
        | "brigade" | "militarymen" | "peacekeepers" | "warship" | "frigate" | "colonel"
        | "brigadier" | "sergeant" | "lieutenant" | "navy" | "naval" | "armored" | "armoured"
        | "corps" | "checkpost" | "checkposts" | "coalition" => T::Military,
        "police" | "policemen" | "policeman" | "checkpoint" | "gendarmes" | "patrol"
        | "policemen's" | "constable" | "constables" | "gendarmerie" => T::Police,
        "embassy" | "ambassador" | "diplomat" | "diplomats" | "consulate" => {
            T::GovernmentDiplomatic
        }
        "ministry" | "minister" | "parliament" | "governor" | "mayor" | "official"
        | "officials" | "judge" | "courthouse" | "palace" | "politician" | "politicians"
        | "lawmaker" | "lawmakers" | "legislator" | "senator" | "councillor" | "councilor" => {
            T::Government
        }
        "school" | "schools" | "university" | "students" | "college" | "teachers" => T::Educational,
        "journalist" | "journalists" | "reporter" | "reporters" | "newspaper" => T::Journalists,
        "airport" | "airports" | "bus" | "buses" | "train" | "railway" | "airliner" | "ferry"
        | "aircraft" | "airplane" | "plane" | "ship" | "tanker" | "highway" | "bridge" => {
            T::Transport
        }
        "oil" | "pipeline" | "pipelines" | "pylons" | "towers" | "substation" | "electricity"
        | "power" | "refinery" | "oilfield" | "gas" | "dam" | "telecommunication"
        | "telecommunications" => T::Utilities,
        "militants" | "insurgents" | "rebels" | "militiamen" | "militia" | "jihadists" => {
            T::NonStateMilitia
        }
        "civilians" | "crowd" | "wedding" | "concert" | "concertgoers" | "hospital"
        | "maternity" | "villagers" | "peasants" | "residents" | "shoppers" | "memorial"
        | "funeral" | "mourners" | "women" | "children" | "infants" | "homes" | "houses"
        | "village" | "attendees" | "spectators" | "civilian" | "residential" | "neighborhood"
        | "neighbourhood" | "farmers" | "farmer" | "gathering" | "passersby" | "family"
        | "doctor" | "doctors" | "tribesmen" | "elders" | "pedestrians" => T::PrivateCitizens,
        _ => return None,
    })
}

/// Weapon nouns and their type.
fn weapon_type(w: &str) -> Option<WeaponType> {
    Some(match w {
        "gun" | "guns" | "rifle" | "rifles" | "firearms" | "pistol" | "pistols" | "kalashnikov"
        | "kalashnikovs" | "ak-47" | "machine-gun" | "machineguns" | "gunfire" | "shooting"
        | "gunmen" | "gunman" | "gunshot" | "gunshots" | "gunpoint" | "bullets" | "firearm"
        | "bullet" | "sniper" | "snipers" | "submachine" | "shots" => W::Firearms,
        "bomb" | "bombs" | "explosives" | "explosive" | "ied" | "ieds" | "grenade" | "grenades"
        | "dynamite" | "mortar" | "mortars" | "rocket" | "rockets" | "missile" | "missiles"
        | "landmine" | "vest" | "drone" | "drones" | "uav" | "uavs" | "shelling" | "shells"
        | "artillery" | "blast" | "explosion" | "bombing" | "bombings" | "landmines" | "mine" => {
            W::Explosives
        }
        "knife" | "knives" | "machete" | "machetes" | "axe" | "sword" => W::Melee,
        "molotov" | "petrol" | "gasoline" | "arson" | "firebomb" | "firebombs" | "firebombing"
        | "firebombed" | "incendiary" => W::Incendiary,
        "sarin" | "chlorine" | "chemical" | "poison" | "toxic" => W::Chemical,
        _ => return None,
    })
}

/// Targets and weapons between tokens `wstart` and `wend`. Militants named before the
/// trigger (token `trigger`) are its subject ("militants destroyed a school"), not its target.
fn fill_targets_weapons(ctx: &Ctx<'_>, wstart: usize, wend: usize, trigger: usize, f: &mut Frame) {
    for k in wstart..wend {
        if !ctx.is_word(k) {
            continue;
        }
        let w = ctx.word(k);
        // In text without case a target word that modifies the next one ("military
        // outpost") is part of that one's phrase.
        let modifies_next = ctx.analysis.text.casing != crate::Casing::Mixed
            && k + 1 < wend
            && target_type(ctx.word(k + 1)).is_some();
        if f.kind == K::Attack
            && !modifies_next
            && let Some(t) = target_type(w)
            && (t != TargetType::NonStateMilitia || k > trigger)
            && f.targets.len() < 3
            && !f.targets.iter().any(|x| {
                x.value
                    .mention
                    .eq_ignore_ascii_case(ctx.quote(ctx.tok(k).span))
            })
        {
            // The mention with the capitalised name before it ("Bibi Fatima Mosque").
            let mut first = k;
            while first > wstart
                && ctx.is_word(first - 1)
                && ctx.tok(first - 1).capitalised
                && ctx.analysis.text.casing == crate::Casing::Mixed
                && first - 1 != ctx.tokens_of_sentence_start(first)
            {
                first -= 1;
            }
            // ... or, in text without case, the whole noun phrase ("electric power
            // substation", "offices of the farmers union").
            let mut last = k;
            if ctx.analysis.text.casing != crate::Casing::Mixed {
                let (from, to) = phrase_around(ctx, wstart, wend, k, TARGET_PHRASE);
                (first, last) = (from, to);
            }
            let span = span_of(ctx, first, last);
            f.targets.push(Slot {
                value: Target {
                    kind: t,
                    mention: ctx.quote(span).to_string(),
                },
                span,
                rule: "frame.target.noun",
                confidence: 0.6,
            });
        }
        if let Some(wt) = weapon_type(w) {
            // "car bomb", "hand grenades": the weapon's noun phrase in text without case.
            let span = if ctx.analysis.text.casing == crate::Casing::Mixed {
                ctx.tok(k).span
            } else {
                let (from, to) = phrase_around(ctx, wstart, wend, k, WEAPON_PHRASE);
                span_of(ctx, from, to)
            };
            push_unique_weapon(
                &mut f.weapons,
                wt,
                ctx.quote(span),
                span,
                "frame.weapon.noun",
                0.7,
            );
        }
    }
}

/// How far target and weapon mentions reach around their head noun.
const TARGET_PHRASE: PhraseLimits = PhraseLimits {
    left: 3,
    numbers: false,
    complement: 5,
};
const WEAPON_PHRASE: PhraseLimits = PhraseLimits {
    left: 1,
    numbers: false,
    complement: 0,
};

/// The noun phrase headed by token `head`, within tokens `from..to`, as token indices.
fn phrase_around(
    ctx: &Ctx<'_>,
    from: usize,
    to: usize,
    head: usize,
    limits: PhraseLimits,
) -> (usize, usize) {
    let words: Vec<&str> = (from..to).map(|k| ctx.word(k)).collect();
    let (a, b) = noun_phrase(&words, head - from, limits);
    (from + a, from + b)
}

impl Ctx<'_> {
    /// The first token of the sentence holding token `i`.
    fn tokens_of_sentence_start(&self, i: usize) -> usize {
        let ss = &self.analysis.text.sentences;
        let s = ss.partition_point(|s| s.tokens.end <= i);
        ss.get(s).map_or(0, |s| s.tokens.start)
    }
}

fn push_unique_weapon(
    ws: &mut Vec<Slot<Weapon>>,
    kind: WeaponType,
    mention: &str,
    span: Span,
    rule: &'static str,
    confidence: f64,
) {
    if ws.iter().any(|w| w.value.kind == kind) {
        return;
    }
    ws.push(Slot {
        value: Weapon {
            kind,
            mention: mention.to_string(),
        },
        span,
        rule,
        confidence,
    });
}

/// Fills a missing date or place from the previous sentences of the paragraph (at most
/// two back), with less confidence. A sentence that says the event came "later" or "after"
/// does not take the earlier date.
/// Whether sentence `s` tells arrests and nothing else that makes an event.
fn only_arrests(ctx: &Ctx<'_>, s: usize) -> bool {
    let hits = triggers_in(ctx, s);
    !hits.is_empty() && hits.iter().all(|h| h.spec().kind == K::Arrest)
}

fn neighbour_fill(ctx: &Ctx<'_>, s: usize, f: &mut Frame) {
    let para = &ctx.analysis.text.paragraphs[ctx.para_of[s]];
    // Figures often follow in the next sentence ("A bomb went off at a market. Eight
    // people were killed."), when that sentence tells no incident of its own. An attack's
    // figures may also come after a sentence about arrests ("Three bombs exploded. Four
    // hundred were arrested. One was killed."); an arrest takes no figures from its
    // neighbours, which are the attack's.
    let mut n = s + 1;
    if f.kind == K::Attack && n + 1 < para.sentences.end && only_arrests(ctx, n) {
        n += 1;
    }
    if f.killed.is_empty()
        && f.injured.is_empty()
        && f.kind != K::Arrest
        && n < para.sentences.end
        && triggers_in(ctx, n).is_empty()
    {
        let mut next = Frame::empty(f.kind, ctx.sentence_span(n));
        fill_figures(ctx, ctx.sentence_span(n), &mut next);
        if !next.killed.is_empty() || !next.injured.is_empty() {
            f.killed = next.killed.into_iter().map(|x| scaled(x, 0.7)).collect();
            f.injured = next.injured.into_iter().map(|x| scaled(x, 0.7)).collect();
            f.victims.extend(next.victims);
            f.sentences.push(ctx.sentence_span(n));
        }
    }
    let relative = ctx.tokens_of(s).any(|k| {
        matches!(
            ctx.word(k),
            "later" | "afterwards" | "after" | "next" | "following"
        )
    });
    for back in 1..=2 {
        if s < back || s - back < para.sentences.start {
            break;
        }
        let p = s - back;
        let span = ctx.sentence_span(p);
        if f.date.is_none() && !relative {
            let found = ctx
                .analysis
                .temporal
                .iter()
                .filter(|t| t.span.start >= span.start && t.span.end <= span.end)
                .filter(|t| {
                    !matches!(
                        t.rule,
                        "temporal.since_open"
                            | "temporal.past_period"
                            | "temporal.recent_period"
                            | "temporal.named_day"
                    )
                })
                .filter(|t| t.value.span_days() <= 366)
                .min_by_key(|t| precision_rank_date(t.value.precision));
            if let Some(t) = found {
                f.date = Some(Slot {
                    value: t.value,
                    span: t.span,
                    rule: "frame.date.neighbour",
                    confidence: t.confidence * 0.7,
                });
            }
        }
        if f.place.is_none() {
            let first = ctx.tokens_of(p).start;
            f.place = choose_place(ctx, span, first, "frame.place.neighbour", 0.7);
        }
    }
}

/// The most recent earlier frame that `f` can be a retelling of: same kind, compatible
/// types, no clash of date or place, started within `window` sentences of `s`.
fn antecedent_frame(
    frames: &[Frame],
    started: &[usize],
    f: &Frame,
    s: usize,
    window: usize,
) -> Option<usize> {
    (0..frames.len()).rev().find(|&j| {
        let g = &frames[j];
        s.saturating_sub(started[j]) <= window
            && g.kind == f.kind
            && g.types_compatible(f)
            && match (&g.date, &f.date) {
                (Some(a), Some(b)) => a.value.overlaps(&b.value),
                _ => true,
            }
            && match (&g.place, &f.place) {
                (Some(a), Some(b)) => places_compatible(&a.value, &b.value),
                _ => true,
            }
    })
}

/// Whether two places can be the same place: same country (when both say), and no two
/// different towns.
pub fn places_compatible(a: &Place, b: &Place) -> bool {
    if let (Some(x), Some(y)) = (&a.country, &b.country)
        && x != y
    {
        return false;
    }
    let local = |p: &Place| matches!(p.precision, GeoPrecision::City | GeoPrecision::Site);
    if local(a) && local(b) {
        let (x, y) = (
            fold(a.name.as_deref().unwrap_or("")),
            fold(b.name.as_deref().unwrap_or("")),
        );
        return x.contains(&y) || y.contains(&x);
    }
    true
}

/// Lower-case ASCII letters and digits of a name, for comparisons.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Folds frame `b` into frame `a`: slots `a` lacks, every figure, perpetrator, target,
/// weapon, type and sentence. `factor` scales what `b` brings.
fn absorb(a: &mut Frame, b: Frame, factor: f64) {
    if a.date.is_none() {
        a.date = b.date.map(|d| scaled(d, factor));
    }
    let better_place = match (&a.place, &b.place) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => {
            place_rank(y.value.precision) > place_rank(x.value.precision)
                && places_compatible(&x.value, &y.value)
        }
        _ => false,
    };
    if better_place {
        a.place = b.place.map(|p| scaled(p, factor));
    }
    a.types
        .extend(b.types.into_iter().map(|t| scaled(t, factor)));
    a.suicide |= b.suicide;
    a.attempted |= b.attempted;
    a.triggers.extend(b.triggers);
    for s in b.sentences {
        if !a.sentences.contains(&s) {
            a.sentences.push(s);
        }
    }
    for p in b.perpetrators {
        match a
            .perpetrators
            .iter_mut()
            .find(|x| x.value.name == p.value.name)
        {
            Some(x) => {
                if p.value.status == ClaimStatus::Claimed {
                    x.value.status = ClaimStatus::Claimed;
                    x.span = p.span;
                    x.rule = p.rule;
                }
            }
            None => a.perpetrators.push(scaled(p, factor)),
        }
    }
    for k in b.killed {
        if !a.killed.iter().any(|x| x.span == k.span) {
            a.killed.push(k);
        }
    }
    for k in b.injured {
        if !a.injured.iter().any(|x| x.span == k.span) {
            a.injured.push(k);
        }
    }
    for t in b.targets {
        if !a.targets.iter().any(|x| x.value == t.value) {
            a.targets.push(scaled(t, factor));
        }
    }
    for w in b.weapons {
        if !a.weapons.iter().any(|x| x.value.kind == w.value.kind) {
            a.weapons.push(scaled(w, factor));
        }
    }
    a.victims.extend(b.victims);
    a.confidence = a.confidence.max(b.confidence * factor);
}

fn scaled<T>(mut s: Slot<T>, factor: f64) -> Slot<T> {
    s.confidence *= factor;
    s
}

/// GTD's attack-type code and label for a forewarn attack type (GTD Codebook,
/// `attacktype1`).
pub fn gtd_attack_type(t: AttackType) -> (u8, &'static str) {
    match t {
        A::Assassination => (1, "Assassination"),
        A::ArmedAssault => (2, "Armed Assault"),
        A::Bombing => (3, "Bombing/Explosion"),
        A::Hijacking => (4, "Hijacking"),
        A::HostageTaking => (5, "Hostage Taking (Barricade Incident)"),
        A::Kidnapping => (6, "Hostage Taking (Kidnapping)"),
        A::FacilityAttack => (7, "Facility/Infrastructure Attack"),
        A::UnarmedAssault => (8, "Unarmed Assault"),
        A::Unknown => (9, "Unknown"),
    }
}

/// GTD's hierarchy for choosing the first attack type of an incident with several
/// (assassination, hijacking, kidnapping, barricade, bombing, armed assault, unarmed
/// assault, facility attack, unknown): lower ranks first.
pub fn gtd_hierarchy_rank(t: AttackType) -> u8 {
    t.gtd_rank()
}

/// Whether an event is an attack on armed parties alone: it has targets or victims, every
/// target is a military force, and every victim a combatant ("one soldier was
/// killed"). Such an attack is part of the fighting between armed parties (ACLED's
/// battles), not violence against civilians; MUC-4's terrorism templates, for one, leave
/// it out.
pub fn against_armed_forces(e: &forewarn_model::Event) -> bool {
    let combatant = |mention: &str| {
        mention.split_whitespace().any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "soldier" | "soldiers" | "troops" | "combatants" | "guerrillas" | "rebels"
            )
        })
    };
    (!e.targets.is_empty() || !e.victims.is_empty())
        && e.targets
            .iter()
            .all(|t| t.value.kind == TargetType::Military)
        && e.victims.iter().all(|v| combatant(&v.value.mention))
}

/// ACLED's event type and sub-event type for an event (ACLED Codebook 2024). `suicide`
/// marks suicide bombings; `civilian_target` whether the target was civilians.
pub fn acled_event_type(
    kind: EventKind,
    attack: Option<AttackType>,
    suicide: bool,
    civilian_target: bool,
) -> (&'static str, &'static str) {
    const ERV: &str = "Explosions/Remote violence";
    const VAC: &str = "Violence against civilians";
    const SD: &str = "Strategic developments";
    match kind {
        K::Airstrike => (ERV, "Air/drone strike"),
        K::Arrest => (SD, "Arrests"),
        K::MilitaryOperation => ("Battles", "Armed clash"),
        K::Designation | K::Threat | K::Other => (SD, "Other"),
        K::Attack => match attack.unwrap_or(A::Unknown) {
            A::Bombing if suicide => (ERV, "Suicide bomb"),
            A::Bombing => (ERV, "Remote explosive/landmine/IED"),
            A::Kidnapping | A::HostageTaking | A::Hijacking => {
                (VAC, "Abduction/forced disappearance")
            }
            A::FacilityAttack => (SD, "Looting/property destruction"),
            _ if civilian_target => (VAC, "Attack"),
            _ => ("Battles", "Armed clash"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_naming_what_it_owns_is_not_the_place() {
        assert!(owned_by_country(" embassy in Buenos Aires"));
        assert!(owned_by_country(" military personnel were hurt"));
        assert!(!owned_by_country(", killing two"));
        assert!(!owned_by_country(" on Monday"));
        assert!(!owned_by_country(". Embassy staff"));
    }

    #[test]
    fn drone_triggers_are_bombings_and_drone_strikes_airstrikes() {
        let rule = |words: &[&str]| {
            TRIGGERS
                .iter()
                .find(|t| t.words == words)
                .map(|t| (t.kind, t.attack))
        };
        assert_eq!(rule(&["laden", "drone"]), Some((K::Attack, BOMB)));
        assert_eq!(rule(&["drone", "attack"]), Some((K::Attack, BOMB)));
        assert_eq!(rule(&["drone", "strike"]), Some((K::Airstrike, None)));
        assert_eq!(TRIGGERS[FIREARM_USED].weapon, FIRE);
        assert_eq!(TRIGGERS[CASUALTIES].attack, None);
        assert_eq!(TRIGGERS[EXPLOSIVE_USED].weapon, EXPL);
    }

    #[test]
    fn gtd_codes_follow_the_codebook_and_hierarchy() {
        assert_eq!(gtd_attack_type(A::Bombing), (3, "Bombing/Explosion"));
        assert_eq!(gtd_attack_type(A::Kidnapping).0, 6);
        assert!(gtd_hierarchy_rank(A::Assassination) < gtd_hierarchy_rank(A::Bombing));
        assert!(gtd_hierarchy_rank(A::Bombing) < gtd_hierarchy_rank(A::ArmedAssault));
        assert!(gtd_hierarchy_rank(A::ArmedAssault) < gtd_hierarchy_rank(A::FacilityAttack));
    }

    #[test]
    fn acled_types_depend_on_method_target_and_kind() {
        let sb = acled_event_type(K::Attack, Some(A::Bombing), true, true);
        assert_eq!(sb, ("Explosions/Remote violence", "Suicide bomb"));
        let civ = acled_event_type(K::Attack, Some(A::ArmedAssault), false, true);
        assert_eq!(civ, ("Violence against civilians", "Attack"));
        let mil = acled_event_type(K::Attack, Some(A::ArmedAssault), false, false);
        assert_eq!(mil, ("Battles", "Armed clash"));
        let kid = acled_event_type(K::Attack, Some(A::Kidnapping), false, false);
        assert_eq!(kid.1, "Abduction/forced disappearance");
        assert_eq!(acled_event_type(K::Arrest, None, false, false).1, "Arrests");
        assert_eq!(
            acled_event_type(K::Airstrike, None, false, false).1,
            "Air/drone strike"
        );
    }

    #[test]
    fn cues_sort_negation_threats_plots_and_attempts() {
        assert_eq!(cue("denied"), Some(Mood::Unreal));
        assert_eq!(cue("didn't"), Some(Mood::Unreal));
        assert_eq!(cue("threatened"), Some(Mood::Threat));
        assert_eq!(cue("foiled"), Some(Mood::Plot));
        assert_eq!(cue("attempted"), Some(Mood::Attempt));
        assert_eq!(cue("gunmen"), None);
    }

    #[test]
    fn towns_of_different_names_or_countries_are_not_one_place() {
        let place = |name: &str, country: &str, precision| Place {
            name: Some(name.to_string()),
            country: Some(country.to_string()),
            admin1: None,
            lat: None,
            lon: None,
            precision,
            geonames_id: None,
        };
        let kabul = place("Kabul", "AF", GeoPrecision::City);
        let kandahar = place("Kandahar", "AF", GeoPrecision::City);
        let afghanistan = place("Afghanistan", "AF", GeoPrecision::Country);
        let iran = place("Iran", "IR", GeoPrecision::Country);
        assert!(places_compatible(&kabul, &afghanistan));
        assert!(!places_compatible(&kabul, &kandahar));
        assert!(!places_compatible(&kabul, &iran));
    }
}
