//! forewarn's own extractor as a [`Predictor`], so that `forewarn eval` scores exactly what
//! `forewarn ingest` would store.

use forewarn_model::{
    ActorId, ActorKind, ClaimStatus, Document, DocumentId, DocumentMeta, Event, EventKind,
    GeoPrecision, MediaType, Span,
};
use jiff::civil::Date;

use forewarn_extract::roles;

use crate::{PredictedIncident, Predictor, RoleFillers};

/// Runs `forewarn_extract::extract` on each text.
#[derive(Debug, Default, Clone, Copy)]
pub struct ForewarnPredictor;

fn document(text: &str, reference: Option<Date>) -> Document {
    Document {
        id: DocumentId::for_text(text),
        meta: DocumentMeta {
            name: "eval".into(),
            published: reference,
            ..DocumentMeta::default()
        },
        media_type: MediaType::Text,
        language: None,
        retrieved: jiff::Timestamp::UNIX_EPOCH,
        source_bytes: text.len() as u64,
        simhash: 0,
        text: text.to_string(),
    }
}

fn slice(text: &str, span: Span) -> String {
    span.slice(text).unwrap_or_default().trim().to_string()
}

/// The best estimate the extractor reconciled for the document.
fn casualties(c: &forewarn_model::Casualties) -> Option<u32> {
    c.best
}

fn incident(text: &str, e: &Event) -> PredictedIncident {
    let date = forewarn_extract::best_date(e).map(|r| r.value);
    let place = forewarn_extract::best_place(e).map(|r| &r.value);
    let city = place.and_then(|p| match p.precision {
        GeoPrecision::City | GeoPrecision::Site => p.name.clone(),
        _ => None,
    });
    let mut perpetrators = Vec::new();
    let mut mentions = Vec::new();
    for p in &e.perpetrators {
        if !perpetrators.contains(&p.value.name) {
            perpetrators.push(p.value.name.clone());
        }
        mentions.push(slice(text, p.provenance.span));
    }
    let claimed = (!e.perpetrators.is_empty()).then(|| {
        e.perpetrators
            .iter()
            .any(|p| p.value.status == ClaimStatus::Claimed)
    });
    let mut target_types: Vec<String> =
        e.targets.iter().map(|t| t.value.kind.to_string()).collect();
    target_types.dedup();
    let mut weapon_types: Vec<String> =
        e.weapons.iter().map(|w| w.value.kind.to_string()).collect();
    weapon_types.dedup();
    PredictedIncident {
        kind: Some(e.kind.value.to_string()),
        attack_type: e.attack_type.first().map(|t| t.value.to_string()),
        date,
        country: place.and_then(|p| p.country.clone()),
        admin1: place.and_then(|p| p.admin1.clone()),
        city,
        perpetrators,
        perpetrator_mentions: mentions,
        claimed,
        killed: casualties(&e.killed),
        injured: casualties(&e.injured),
        target_types,
        weapon_types,
    }
}

/// Events the extractor is less than even sure of (reports of plans, threats, generic
/// fighting) are not MUC-4 incidents.
const MIN_CONFIDENCE: f64 = 0.5;

/// Adds `mention` as a new entity unless an entity already has it (case-insensitively).
fn add(entities: &mut Vec<Vec<String>>, mention: String) {
    if mention.is_empty() {
        return;
    }
    let lower = mention.to_lowercase();
    if !entities.iter().flatten().any(|m| m.to_lowercase() == lower) {
        entities.push(vec![mention]);
    }
}

/// The text the extractor reads: an all-lower-case text (as in corpora that were lower-cased
/// for neural models) carries no capitals, exactly like upper-case wire copy, so it is
/// upper-cased to take the extractor's upper-case path. ASCII case mapping keeps every byte
/// offset, so spans still point into the original text.
fn readable(text: &str) -> String {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        text.to_string()
    } else {
        text.to_ascii_uppercase()
    }
}

/// Indices of the sentences that hold any of `spans`.
fn sentences_of(seg: &forewarn_extract::Segmented, spans: &[Span]) -> Vec<usize> {
    let mut out: Vec<usize> = seg
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            spans
                .iter()
                .any(|sp| sp.start < s.span.end && s.span.start < sp.end)
        })
        .map(|(i, _)| i)
        .collect();
    out.dedup();
    out
}

impl Predictor for ForewarnPredictor {
    fn incidents(&self, text: &str, reference: Option<Date>) -> Vec<PredictedIncident> {
        let doc = document(text, reference);
        forewarn_extract::extract(&doc)
            .events
            .iter()
            .map(|e| incident(text, e))
            .collect()
    }

    fn role_fillers(&self, text: &str, reference: Option<Date>) -> RoleFillers {
        let doc = document(&readable(text), reference);
        let mut out = RoleFillers::default();
        let mut spans = Vec::new();
        let mut org_ids: Vec<ActorId> = Vec::new();
        let extraction = forewarn_extract::extract(&doc);
        for e in &extraction.events {
            // MUC-4 templates cover terrorist acts, not arrests or designations.
            if !matches!(e.kind.value, EventKind::Attack | EventKind::Other)
                || e.confidence < MIN_CONFIDENCE
                || forewarn_extract::frames::against_armed_forces(e)
            {
                continue;
            }
            spans.extend(e.sources.iter().map(|q| q.span));
            spans.extend(e.perpetrators.iter().map(|r| r.provenance.span));
            spans.extend(e.targets.iter().map(|r| r.provenance.span));
            spans.extend(e.weapons.iter().map(|r| r.provenance.span));
            spans.extend(e.victims.iter().map(|r| r.provenance.span));
            for p in &e.perpetrators {
                let mention = slice(text, p.provenance.span);
                match (p.value.kind, &p.value.actor) {
                    (ActorKind::Individual, _) => add(&mut out.perp_ind, mention),
                    (ActorKind::Organization, Some(id)) => {
                        if !org_ids.contains(id) {
                            org_ids.push(id.clone());
                        }
                    }
                    // An organisation the text only describes ("the group") is not named.
                    (ActorKind::Organization, None) => {}
                }
            }
        }
        let seg = forewarn_extract::segment(text);
        let sentences = sentences_of(&seg, &spans);
        let attack_spans: Vec<Span> = sentences.iter().map(|&i| seg.sentences[i].span).collect();
        let inside = |m: &Span| {
            attack_spans
                .iter()
                .any(|s| s.start <= m.start && m.end <= s.end)
        };
        // Armed and criminal groups the dictionary knows, named in the attack's sentences,
        // are suspects too.
        for a in &extraction.actors {
            let armed = matches!(
                a.actor.category.as_deref(),
                Some("armed_group" | "criminal_group")
            );
            if a.from_dictionary
                && armed
                && a.mentions
                    .iter()
                    .any(|m| inside(&m.span) && !roles::broadcaster(text, m.span))
                && !org_ids.contains(&a.actor.id)
            {
                org_ids.push(a.actor.id.clone());
            }
        }
        for id in &org_ids {
            let Some(a) = extraction.actors.iter().find(|a| &a.actor.id == id) else {
                continue;
            };
            // The name as the attack's sentences write it, else as the text first does.
            let m = a
                .mentions
                .iter()
                .find(|m| inside(&m.span) && !roles::broadcaster(text, m.span))
                .or(a.mentions.first());
            if let Some(m) = m {
                let mention = slice(text, m.span);
                if !roles::anaphoric(&mention) {
                    add(&mut out.perp_org, mention);
                }
            }
        }
        // People the text names in the attack's sentences, who are not its perpetrators,
        // are its victims.
        for a in &extraction.actors {
            if a.actor.kind != ActorKind::Individual {
                continue;
            }
            let Some(m) = a.mentions.iter().find(|m| {
                attack_spans
                    .iter()
                    .any(|s| s.start <= m.span.start && m.span.end <= s.end)
            }) else {
                continue;
            };
            if !roles::near_cue(text, &seg, m.span) {
                continue;
            }
            let mention = slice(text, m.span);
            if !roles::plain_name(&mention) {
                continue;
            }
            let lower = mention.to_lowercase();
            if !out
                .perp_ind
                .iter()
                .flatten()
                .any(|p| p.to_lowercase() == lower)
            {
                add(&mut out.victim, mention);
            }
        }
        let mut named = roles::titled_names(text, &seg, &sentences);
        named.extend(roles::described_names(text, &seg, &sentences));
        for (name, span) in named {
            if !roles::near_cue(text, &seg, span) || !roles::plain_name(&name) {
                continue;
            }
            let lower = name.to_lowercase();
            let known = |m: &String| {
                let m = m.to_lowercase();
                m.contains(&lower) || lower.contains(&m)
            };
            if !out.perp_ind.iter().flatten().any(known) && !out.victim.iter().flatten().any(known)
            {
                out.victim.push(vec![name]);
            }
        }
        let roles = roles::phrase_roles(text, &seg, &sentences);
        for (entities, mentions) in [
            (&mut out.weapon, roles.weapons),
            (&mut out.target, roles.targets),
            (&mut out.perp_ind, roles.perpetrators),
        ] {
            for m in mentions {
                add(entities, m.text);
            }
        }
        keep_longest(&mut out.victim, |short, long| {
            let words: Vec<&str> = long.split_whitespace().collect();
            short.split_whitespace().all(|w| words.contains(&w))
        });
        out
    }
}

/// One entity per referent: a mention that `contained(short, long)` finds inside a longer
/// one of another entity names the same referent, and the longer, more specific mention
/// stands for both (a predicted entity scores only when every one of its mentions is right).
fn keep_longest(entities: &mut Vec<Vec<String>>, contained: impl Fn(&str, &str) -> bool) {
    let lower: Vec<String> = entities
        .iter()
        .map(|e| {
            e.first()
                .map(|m| m.to_ascii_lowercase())
                .unwrap_or_default()
        })
        .collect();
    let mut keep = vec![true; entities.len()];
    for (i, short) in lower.iter().enumerate() {
        if lower
            .iter()
            .enumerate()
            .any(|(j, long)| j != i && long.len() > short.len() && contained(short, long))
        {
            keep[i] = false;
        }
    }
    let mut k = 0;
    entities.retain(|_| {
        k += 1;
        keep[k - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fillers of a role by MUC-4 name, one mention per entity, lower-cased.
    fn role(text: &str, name: &str) -> Vec<String> {
        let fillers = ForewarnPredictor.role_fillers(text, None);
        let entities = match name {
            "PerpInd" => fillers.perp_ind,
            "PerpOrg" => fillers.perp_org,
            "Target" => fillers.target,
            "Victim" => fillers.victim,
            _ => fillers.weapon,
        };
        entities
            .into_iter()
            .filter_map(|e| e.into_iter().next())
            .map(|m| m.to_lowercase())
            .collect()
    }

    const BOMBING: &str = "san salvador, 3 mar 91 -- urban guerrillas of the fmln blew up an \
        electric power substation in the north of the capital last night with a car bomb. \
        police said nobody was hurt.";

    const MURDER: &str = "bogota, 12 may 90 -- three heavily armed men shot dead journalist \
        ramiro alzate pineda outside his house in medellin on friday, the police said.";

    const SEIZURE: &str = "lima, 9 jun 90 -- troops attacked a rebel camp in the jungle on \
        tuesday and seized rifles, grenades and mortars, the army said.";

    const KIDNAPPING: &str = "quito, 2 feb 91 -- police are investigating the kidnapping of \
        businessman jorge enrique salazar, who was seized by gunmen in the centre of the \
        capital on monday.";

    #[test]
    fn lower_case_text_is_read_as_upper_case_wire_copy() {
        assert_eq!(readable("guerrillas attacked."), "GUERRILLAS ATTACKED.");
        assert_eq!(readable("Guerrillas attacked."), "Guerrillas attacked.");
    }

    #[test]
    fn bombing_roles_from_lower_case_text() {
        assert_eq!(role(BOMBING, "PerpOrg"), ["fmln"]);
        assert_eq!(role(BOMBING, "PerpInd"), ["urban guerrillas"]);
        assert_eq!(role(BOMBING, "Target"), ["electric power substation"]);
        assert_eq!(role(BOMBING, "Weapon"), ["car bomb"]);
        assert!(role(BOMBING, "Victim").is_empty());
    }

    #[test]
    fn upper_case_copy_gives_the_same_fillers() {
        let upper = BOMBING.to_uppercase();
        for name in ["PerpInd", "PerpOrg", "Target", "Weapon"] {
            assert_eq!(role(&upper, name), role(BOMBING, name), "{name}");
        }
    }

    #[test]
    fn named_victim_after_a_title_and_attackers_who_acted() {
        assert_eq!(role(MURDER, "Victim"), ["ramiro alzate pineda"]);
        let perps = role(MURDER, "PerpInd");
        assert!(
            perps.contains(&"three heavily armed men".to_string()),
            "{perps:?}"
        );
        assert!(
            role(MURDER, "Target").is_empty(),
            "the house was not attacked"
        );
    }

    #[test]
    fn named_victim_after_a_harm_noun() {
        assert_eq!(role(KIDNAPPING, "Victim"), ["jorge enrique salazar"]);
        assert_eq!(role(KIDNAPPING, "PerpInd"), ["gunmen"]);
    }

    const BLAMED: &str = "medellin, 4 apr 90 -- a bomb exploded at a bank branch in the \
        north of the city on sunday. police said two men were responsible for the bombing, \
        which was broadcast by radio caracol.";

    #[test]
    fn people_said_to_be_responsible_are_perpetrators() {
        assert_eq!(role(BLAMED, "PerpInd"), ["two men"]);
        assert_eq!(role(BLAMED, "Target"), ["bank branch"]);
        assert_eq!(role(BLAMED, "Weapon"), ["bomb"]);
    }

    #[test]
    fn radio_stations_and_group_words_are_not_actors() {
        let text = "radio venceremos said the fmln attacked.";
        assert!(roles::broadcaster(text, Span::new(6, 16)));
        assert!(!roles::broadcaster(text, Span::new(26, 30)));
        assert!(roles::plain_name("hector oqueli colindres"));
        assert!(!roles::plain_name("antioquia police"));
        assert!(!roles::plain_name("colindres"));
    }

    #[test]
    fn victims_named_twice_are_one_entity_under_the_fuller_name() {
        let mut victims = vec![
            vec!["Jorge Salazar".to_string()],
            vec!["Jorge Enrique Salazar".to_string()],
            vec!["Ana Ruiz".to_string()],
        ];
        keep_longest(&mut victims, |short, long| {
            let words: Vec<&str> = long.split_whitespace().collect();
            short.split_whitespace().all(|w| words.contains(&w))
        });
        assert_eq!(
            victims,
            [
                vec!["Jorge Enrique Salazar".to_string()],
                vec!["Ana Ruiz".to_string()]
            ]
        );
    }

    #[test]
    fn target_phrases_keep_possessives_and_of_complements() {
        let text = "lima, 2 may 90 -- terrorists dynamited the mayor's office in huancayo \
            on sunday and burned the offices of the national farmers federation.";
        assert_eq!(
            role(text, "Target"),
            [
                "mayor's office",
                "offices of the national farmers federation"
            ]
        );
    }

    #[test]
    fn seized_weapons_are_not_instruments() {
        assert!(role(SEIZURE, "Weapon").is_empty());
    }
}
