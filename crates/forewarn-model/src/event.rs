//! Events: incidents and other happenings, each field with every source's report.

use serde::{Deserialize, Serialize};

use crate::{ActorId, ActorKind, DocumentId, FuzzyDate, Place, Report, Span};

/// A stable event id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub String);

crate::macros::string_enum! {
    /// What kind of happening an event is (the export contract's `kind`).
    EventKind, "event kind" {
        /// An attack by a non-state armed group.
        Attack = "attack",
        /// An arrest or capture.
        Arrest = "arrest",
        /// A ground operation by state forces.
        MilitaryOperation = "military_operation",
        /// An air or drone strike.
        Airstrike = "airstrike",
        /// A designation or listing (e.g. as a terrorist organisation).
        Designation = "designation",
        /// A threat statement.
        Threat = "threat",
        /// Anything else worth recording.
        Other = "other",
    }
}

crate::macros::string_enum! {
    /// GTD-like attack type (the export contract's `type`).
    AttackType, "attack type" {
        /// Bombing or explosion.
        Bombing = "bombing",
        /// Armed assault.
        ArmedAssault = "armed_assault",
        /// Assassination.
        Assassination = "assassination",
        /// Hostage taking (barricade).
        HostageTaking = "hostage_taking",
        /// Kidnapping.
        Kidnapping = "kidnapping",
        /// Facility or infrastructure attack (including arson).
        FacilityAttack = "facility_attack",
        /// Unarmed assault.
        UnarmedAssault = "unarmed_assault",
        /// Hijacking.
        Hijacking = "hijacking",
        /// Unknown.
        Unknown = "unknown",
    }
}

crate::macros::string_enum! {
    /// How a count was qualified in the text.
    CountQualifier, "count qualifier" {
        /// "137 people".
        Exact = "exact",
        /// "at least", "more than", "over".
        AtLeast = "at_least",
        /// "up to", "as many as".
        UpTo = "up_to",
        /// "about", "nearly", "some".
        About = "about",
        /// "15 to 20".
        Range = "range",
    }
}

/// A reported count: the value, how it was qualified, and the upper end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The number (the lower end of a range).
    pub value: u32,
    /// How it was qualified.
    pub qualifier: CountQualifier,
    /// Upper end, for ranges.
    pub high: Option<u32>,
}

/// Killed or injured: every report, and the reconciled low, best and high.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Casualties {
    /// Largest credible lower bound.
    pub low: Option<u32>,
    /// The conservative best estimate.
    pub best: Option<u32>,
    /// Smallest credible upper bound, if any source gives one.
    pub high: Option<u32>,
    /// Every source's figure.
    pub reports: Vec<Report<Count>>,
}

crate::macros::string_enum! {
    /// How firmly a perpetrator is tied to an event.
    ClaimStatus, "claim status" {
        /// The group claimed it.
        Claimed = "claimed",
        /// Reported as fact by the source.
        Attributed = "attributed",
        /// Suspected or accused.
        Suspected = "suspected",
    }
}

/// Who carried out an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Perpetrator {
    /// The resolved actor, if any.
    pub actor: Option<ActorId>,
    /// Canonical name (the mention itself for unresolved actors).
    pub name: String,
    /// Organisation or individual.
    pub kind: ActorKind,
    /// How the source linked it to the event.
    pub status: ClaimStatus,
}

crate::macros::string_enum! {
    /// GTD-like target type.
    TargetType, "target type" {
        /// Private citizens and property.
        PrivateCitizens = "private_citizens",
        /// Military.
        Military = "military",
        /// Police.
        Police = "police",
        /// Religious figures and institutions.
        Religious = "religious",
        /// Government (general).
        Government = "government",
        /// Government (diplomatic).
        GovernmentDiplomatic = "government_diplomatic",
        /// Business.
        Business = "business",
        /// NGOs.
        Ngo = "ngo",
        /// Transport.
        Transport = "transport",
        /// Utilities.
        Utilities = "utilities",
        /// Educational institutions.
        Educational = "educational",
        /// Journalists and media.
        Journalists = "journalists",
        /// Terrorists and non-state militia.
        NonStateMilitia = "non_state_militia",
        /// Other or unknown.
        Other = "other",
    }
}

/// A target of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Type.
    #[serde(rename = "type")]
    pub kind: TargetType,
    /// As written.
    pub mention: String,
}

crate::macros::string_enum! {
    /// Weapon type.
    WeaponType, "weapon type" {
        /// Guns.
        Firearms = "firearms",
        /// Bombs, IEDs, grenades, rockets, drones carrying explosives.
        Explosives = "explosives",
        /// Fire.
        Incendiary = "incendiary",
        /// Knives and blunt weapons.
        Melee = "melee",
        /// A vehicle used as a weapon.
        Vehicle = "vehicle",
        /// Chemical agents.
        Chemical = "chemical",
        /// Not known.
        Unknown = "unknown",
    }
}

/// A weapon used in an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weapon {
    /// Type.
    #[serde(rename = "type")]
    pub kind: WeaponType,
    /// As written.
    pub mention: String,
}

crate::macros::string_enum! {
    /// What happened to a victim.
    VictimEffect, "victim effect" {
        /// Killed.
        Killed = "killed",
        /// Injured.
        Injured = "injured",
        /// Kidnapped.
        Kidnapped = "kidnapped",
        /// Unharmed.
        Unharmed = "unharmed",
        /// Not known.
        Unknown = "unknown",
    }
}

/// People hit by an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Victim {
    /// Names or descriptions, as written.
    pub mention: String,
    /// What happened to them.
    pub effect: VictimEffect,
}

/// A passage of a document that reports an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceQuote {
    /// The document.
    pub document: DocumentId,
    /// The passage, as written.
    pub quote: String,
    /// Where it is.
    pub span: Span,
}

/// An event. Each field keeps every source's report; the knowledge base reconciles them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id.
    pub id: EventId,
    /// Kind.
    pub kind: Report<EventKind>,
    /// Attack type, for attacks.
    pub attack_type: Vec<Report<AttackType>>,
    /// Reported dates.
    pub date: Vec<Report<FuzzyDate>>,
    /// Reported places.
    pub location: Vec<Report<Place>>,
    /// Reported perpetrators.
    pub perpetrators: Vec<Report<Perpetrator>>,
    /// Killed.
    pub killed: Casualties,
    /// Injured.
    pub injured: Casualties,
    /// Targets.
    pub targets: Vec<Report<Target>>,
    /// Weapons.
    pub weapons: Vec<Report<Weapon>>,
    /// Victims.
    pub victims: Vec<Report<Victim>>,
    /// The passages that report it.
    pub sources: Vec<SourceQuote>,
    /// Overall confidence in `[0, 1]` that this is a real, accomplished event.
    pub confidence: f64,
}
