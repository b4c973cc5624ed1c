//! Data-driven tests of event extraction: every `tests/data/frames/NAME.txt` goes through
//! [`extract`], its events (and the frame rules' rejections) are rendered as text, and the
//! rendering must equal `tests/data/frames/NAME.expected`. Run with `UPDATE_EXPECT=1` to
//! rewrite the expected files after a deliberate change, then review the diff.
//!
//! An input may start with a line `@published YYYY-MM-DD`; offsets are byte offsets into
//! the text after that line.

use std::fmt::Write;
use std::path::PathBuf;

use forewarn_extract::frames::acled_event_type;
use forewarn_extract::{best_date, best_place, extract, is_suicide, primary_attack_type};
use forewarn_model::{Document, DocumentId, DocumentMeta, Event, EventKind, MediaType, TargetType};

fn document(name: &str, raw: &str) -> Document {
    let (published, text) = match raw.strip_prefix("@published ") {
        Some(rest) => {
            let (date, text) = rest.split_once('\n').unwrap_or((rest, ""));
            (
                Some(date.trim().parse().expect("valid @published date")),
                text,
            )
        }
        None => (None, raw),
    };
    Document {
        id: DocumentId(name.to_string()),
        meta: DocumentMeta {
            name: name.to_string(),
            published,
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

fn render_event(out: &mut String, e: &Event) {
    let kind = e.kind.value;
    write!(out, "event {kind}").unwrap();
    if let Some(t) = primary_attack_type(e) {
        write!(out, "/{t}").unwrap();
    }
    if is_suicide(e) {
        out.push_str(" suicide");
    }
    match best_date(e) {
        Some(d) => write!(out, " date={}", d.value).unwrap(),
        None => out.push_str(" date=none"),
    }
    match best_place(e) {
        Some(p) => write!(
            out,
            " place={}/{}",
            p.value.name.as_deref().unwrap_or("?"),
            p.value.country.as_deref().unwrap_or("?")
        )
        .unwrap(),
        None => out.push_str(" place=none"),
    }
    let civilian = e
        .targets
        .iter()
        .any(|t| t.value.kind == TargetType::PrivateCitizens);
    let (acled, sub) = acled_event_type(kind, primary_attack_type(e), is_suicide(e), civilian);
    writeln!(
        out,
        " acled={acled:?}/{sub:?} confidence={:.2}",
        e.confidence
    )
    .unwrap();
    for p in &e.perpetrators {
        writeln!(
            out,
            "  perpetrator {} [{}] {:?} ({})",
            p.value.name,
            p.value.status,
            p.quote,
            rule(&p.provenance.producer)
        )
        .unwrap();
    }
    for (label, c) in [("killed", &e.killed), ("injured", &e.injured)] {
        for r in &c.reports {
            writeln!(
                out,
                "  {label} {} {} {:?}",
                r.value.qualifier, r.value.value, r.quote
            )
            .unwrap();
        }
        if let Some(best) = c.best {
            writeln!(
                out,
                "  {label} best={best} low={:?} high={:?}",
                c.low, c.high
            )
            .unwrap();
        }
    }
    for t in &e.targets {
        writeln!(out, "  target {} {:?}", t.value.kind, t.value.mention).unwrap();
    }
    for w in &e.weapons {
        writeln!(out, "  weapon {} {:?}", w.value.kind, w.value.mention).unwrap();
    }
    for v in &e.victims {
        writeln!(out, "  victim {} {:?}", v.value.effect, v.value.mention).unwrap();
    }
    for s in &e.sources {
        writeln!(
            out,
            "  source {}..{} {:?}",
            s.span.start, s.span.end, s.quote
        )
        .unwrap();
    }
}

fn rule(p: &forewarn_model::Producer) -> String {
    p.to_string()
}

fn render(doc: &Document) -> String {
    let x = extract(doc);
    let mut out = String::new();
    for e in &x.events {
        render_event(&mut out, e);
    }
    for n in &x.diagnostics.notes {
        if n.rule.starts_with("frame.") {
            let quote = n
                .span
                .and_then(|s| s.slice(&doc.text))
                .unwrap_or("")
                .to_string();
            writeln!(out, "rejected {} {quote:?}: {}", n.rule, n.message).unwrap();
        }
    }
    out
}

#[test]
fn frames_match_expected_renderings() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/frames");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data/frames exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for input in inputs {
        let raw = std::fs::read_to_string(&input).expect("readable input");
        let name = input.file_stem().unwrap().to_string_lossy().into_owned();
        let got = render(&document(&name, &raw));
        let expected_path = input.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &got).expect("writable expected file");
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            failures.push(format!("--- {name}: got\n{got}\n--- want\n{want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn negated_and_hypothetical_attacks_make_no_attack() {
    let doc = document(
        "neg",
        "@published 2023-05-10\nThe army denied that guerrillas attacked the embassy in Lima on 3 May 2023.\n\nMilitants could attack the base in Kunar on Friday.",
    );
    let x = extract(&doc);
    assert!(
        x.events.iter().all(|e| e.kind.value != EventKind::Attack),
        "{:#?}",
        x.events
    );
}

#[test]
fn a_later_definite_reference_adds_the_claim_to_the_incident() {
    let doc = document(
        "claim",
        "@published 2024-01-10\nOn January 3, 2024, two explosions struck a memorial in Kerman, Iran, killing at least 95 people.\nThe attack was claimed by the Islamic State.",
    );
    let x = extract(&doc);
    let attacks: Vec<&Event> = x
        .events
        .iter()
        .filter(|e| e.kind.value == EventKind::Attack)
        .collect();
    assert_eq!(attacks.len(), 1, "{attacks:#?}");
    let claimed = attacks[0]
        .perpetrators
        .iter()
        .any(|p| p.value.name == "Islamic State" && p.value.status.as_str() == "claimed");
    assert!(claimed, "{:#?}", attacks[0].perpetrators);
    assert_eq!(attacks[0].killed.best, Some(95));
}

#[test]
fn a_crime_word_qualifying_a_noun_is_no_incident() {
    let doc = document(
        "ring",
        "@published 1990-03-10\nA judge in San Salvador on 9 March 1990 freed the members of a kidnapping ring.",
    );
    let x = extract(&doc);
    assert!(
        x.events.iter().all(|e| e.kind.value != EventKind::Attack),
        "{:#?}",
        x.events
    );
}

#[test]
fn fire_from_aircraft_is_an_air_strike() {
    let doc = document(
        "air",
        "@published 1989-11-20\nOn 19 November 1989 two air force helicopters opened fire on rebel columns north of San Salvador.",
    );
    let x = extract(&doc);
    assert!(
        x.events
            .iter()
            .any(|e| e.kind.value == EventKind::Airstrike),
        "{:#?}",
        x.events
    );
    assert!(x.events.iter().all(|e| e.kind.value != EventKind::Attack));
}

#[test]
fn an_attack_on_troops_alone_is_against_armed_forces() {
    use forewarn_extract::frames::against_armed_forces;
    let troops = document(
        "troops",
        "@published 1990-06-02\nGuerrillas attacked army troops near Lima on 1 June 1990.",
    );
    let bank = document(
        "bank",
        "@published 1990-06-02\nGuerrillas bombed a bank in Lima on 1 June 1990.",
    );
    let attacks = |d: &Document| -> Vec<Event> {
        extract(d)
            .events
            .into_iter()
            .filter(|e| e.kind.value == EventKind::Attack)
            .collect()
    };
    let on_troops = attacks(&troops);
    let on_bank = attacks(&bank);
    assert!(!on_troops.is_empty() && on_troops.iter().all(against_armed_forces));
    assert!(!on_bank.is_empty() && !on_bank.iter().any(against_armed_forces));
}

#[test]
fn a_country_heading_places_the_incident_in_that_country() {
    let doc = document(
        "heading",
        "LEBANON.  Gunmen hijacked an airliner bound for Cairo and ordered it flown to Algiers.",
    );
    let x = extract(&doc);
    let place = x
        .events
        .first()
        .and_then(best_place)
        .expect("a placed event");
    assert_eq!(place.value.country.as_deref(), Some("LB"), "{place:#?}");
    assert_eq!(
        place.provenance.producer,
        forewarn_model::Producer::Rule("frame.place.heading".into())
    );
    // A city in the heading's country is kept over the country itself.
    let doc = document(
        "heading-city",
        "ARGENTINA.  Gunmen shot dead a U.S. executive in Rosario.",
    );
    let x = extract(&doc);
    let place = x
        .events
        .first()
        .and_then(best_place)
        .expect("a placed event");
    assert_eq!(place.value.name.as_deref(), Some("Rosario"));
    assert_eq!(place.value.country.as_deref(), Some("AR"));
}

#[test]
fn terse_chronology_deeds_are_attacks() {
    for text in [
        "Commandos fired upon a patrol boat near Haifa.",
        "An unidentified man stabbed a diplomat in Manila.",
        "Two men attempted to assassinate the ambassador in London.",
        "Fire was set at the cultural centre in Frankfurt.",
    ] {
        let x = extract(&document("terse", text));
        assert!(
            x.events.iter().any(|e| e.kind.value == EventKind::Attack),
            "{text}: {:#?}",
            x.events
        );
    }
}

#[test]
fn attributions_in_chronology_style_name_the_perpetrator() {
    let perps = |text: &str| -> Vec<(String, String)> {
        let x = extract(&document("attr", text));
        x.events
            .iter()
            .flat_map(|e| e.perpetrators.iter())
            .map(|p| (p.value.name.clone(), p.value.status.as_str().to_string()))
            .collect()
    };
    let p = perps(
        "ISRAEL.  A bomb exploded at a bus station in Tel Aviv, killing two people, in an attack which was credited to Al Fatah.",
    );
    assert!(p.iter().any(|(n, _)| n == "Fatah"), "{p:?}");
    let p = perps(
        "GERMANY.  A bomb damaged a factory near Hamburg.  The Red Army Faction was believed responsible.",
    );
    assert!(
        p.iter()
            .any(|(n, s)| n == "Red Army Faction" && s == "suspected"),
        "{p:?}"
    );
    let p = perps(
        "GREECE.  Police arrested three men who had hijacked an airliner in Athens.  They said that they were members of the PFLP.",
    );
    assert!(p.iter().any(|(_, s)| s == "claimed"), "{p:?}");
    let p = perps(
        "LEBANON.  The Turkish embassy in Beirut was attacked with rockets by a group that identified itself as the Armenian Secret Army.",
    );
    assert!(
        p.iter().any(
            |(n, s)| n == "Armenian Secret Army for the Liberation of Armenia" && s == "claimed"
        ),
        "{p:?}"
    );
    let p = perps(
        "SPAIN.  A bomb exploded at an airline office in Madrid.  A caller claimed responsibility in the name of ETA.",
    );
    assert!(p.iter().any(|(_, s)| s == "claimed"), "{p:?}");
}

#[test]
fn one_named_victim_of_an_active_killing_is_one_killed() {
    let killed = |text: &str| {
        extract(&document("one", text))
            .events
            .first()
            .and_then(|e| e.killed.best)
    };
    assert_eq!(
        killed("GUATEMALA.  Gunmen entered the consulate in Guatemala City and killed a guard."),
        Some(1)
    );
    assert_eq!(
        killed("YEMEN.  Two gunmen shot and killed Colonel Ahmed Saleh in Aden."),
        Some(1)
    );
    assert_eq!(
        killed("JORDAN.  An attache was shot to death in his home in Amman by guerrillas."),
        Some(1)
    );
    // Two victims joined by "and" are not one.
    assert_ne!(
        killed(
            "PORTUGAL.  A bomb exploded in Lisbon and killed a diplomat's wife and a policeman."
        ),
        Some(1)
    );
}

#[test]
fn one_person_said_to_be_wounded_is_one_injured() {
    let injured = |text: &str| {
        extract(&document("inj", text))
            .events
            .first()
            .and_then(|e| e.injured.best)
    };
    assert_eq!(
        injured(
            "GREECE.  Gunmen opened fire on an airliner in Athens and a stewardess was wounded."
        ),
        Some(1)
    );
    assert_eq!(
        injured(
            "UNITED STATES.  The premier was shot while entering a hotel in New York in an assassination attempt."
        ),
        Some(1)
    );
    // A count says more.
    assert_eq!(
        injured("GREECE.  A bomb exploded in Athens; one man was killed and 12 were wounded."),
        Some(12)
    );
}

/// The perpetrators of the one attack of `text`, by name.
fn attack_perpetrators(text: &str) -> Vec<String> {
    let x = extract(&document("perp", text));
    let attacks: Vec<&Event> = x
        .events
        .iter()
        .filter(|e| e.kind.value == EventKind::Attack)
        .collect();
    assert_eq!(attacks.len(), 1, "{:#?}", x.events);
    attacks[0]
        .perpetrators
        .iter()
        .map(|p| p.value.name.clone())
        .collect()
}

#[test]
fn a_group_tied_to_the_deed_in_another_sentence_of_a_short_report_is_its_perpetrator() {
    // Membership told after the deed.
    let p = attack_perpetrators(
        "PERU.  A car bomb exploded outside a bank in Lima, wounding four people.  The men who left the car were members of the Shining Path.",
    );
    assert!(p.iter().any(|n| n == "Shining Path"), "{p:?}");
    // A trace the group left.
    let p = attack_perpetrators(
        "SPAIN.  A bomb damaged the offices of an electricity company in Bilbao.  Police found leaflets signed by ETA near the building.",
    );
    assert!(p.iter().any(|n| n == "Euskadi Ta Askatasuna"), "{p:?}");
    // A group named only as a topic is not the doer, and two candidates are no answer.
    let p = attack_perpetrators(
        "COLOMBIA.  A bomb exploded at a police post in Cali, killing two officers.  The mayor spoke of the FARC and the ELN at a meeting on peace talks.",
    );
    assert!(
        p.iter()
            .all(|n| n != "Revolutionary Armed Forces of Colombia"),
        "{p:?}"
    );
}

#[test]
fn a_planted_bomb_is_an_attack_even_when_arrests_follow() {
    let p = attack_perpetrators(
        "LEBANON.  The Abu Nidal Organization planted a bomb in a hotel lobby in Beirut.  Two men were arrested the next morning.",
    );
    assert!(p.iter().any(|n| n.contains("Abu Nidal")), "{p:?}");
}

#[test]
fn one_person_as_the_object_of_a_wounding_verb_is_one_injured() {
    let injured = |text: &str| {
        extract(&document("inj1", text))
            .events
            .first()
            .and_then(|e| e.injured.best)
    };
    assert_eq!(
        injured("KENYA.  A parcel bomb exploded in a Nairobi post office, injuring a clerk."),
        Some(1)
    );
    assert_eq!(
        injured("PERU.  Gunmen fired on the consul in Lima, wounding him seriously."),
        Some(1)
    );
    // A list is more than one; a figure says how many.
    assert_ne!(
        injured("PERU.  A bomb exploded in Lima, injuring a guard and two clerks."),
        Some(1)
    );
}

#[test]
fn a_count_with_modifiers_before_an_unfamiliar_plural_is_counted() {
    let x = extract(&document(
        "mods",
        "JAPAN.  A bomb exploded in a locker at the airport in Osaka.  Three cargo handlers were injured.",
    ));
    assert_eq!(
        x.events.first().and_then(|e| e.injured.best),
        Some(3),
        "{:#?}",
        x.events
    );
}

#[test]
fn an_adverb_between_auxiliary_and_effect_keeps_the_count() {
    let x = extract(&document(
        "adv",
        "CHILE.  A bomb demolished a bus shelter in Santiago.  Four people were seriously injured.",
    ));
    let attack = x
        .events
        .iter()
        .find(|e| e.kind.value == EventKind::Attack)
        .expect("the demolition by a bomb is an attack");
    assert_eq!(attack.injured.best, Some(4), "{attack:#?}");
}

#[test]
fn no_one_injured_is_no_injury() {
    let x = extract(&document(
        "noone",
        "CHILE.  Two shots were fired at the consulate in Valparaiso.  No one was injured.",
    ));
    assert!(
        x.events
            .iter()
            .all(|e| e.injured.best.is_none_or(|n| n == 0)),
        "{:#?}",
        x.events
    );
}

#[test]
fn a_claim_for_the_attack_joins_the_deed_told_without_a_trigger() {
    let x = extract(&document(
        "backref",
        "ISRAEL.  Three gunmen slipped into a school in Ma'alot and killed two teachers.  The DFLP claimed credit for the attack.",
    ));
    let attacks: Vec<&Event> = x
        .events
        .iter()
        .filter(|e| e.kind.value == EventKind::Attack)
        .collect();
    assert_eq!(attacks.len(), 1, "{attacks:#?}");
    assert_eq!(attacks[0].killed.best, Some(2), "{:#?}", attacks[0]);
    assert!(
        attacks[0]
            .perpetrators
            .iter()
            .any(|p| p.value.name.contains("Democratic Front")),
        "{:#?}",
        attacks[0].perpetrators
    );
}

#[test]
fn an_embassy_placed_only_in_a_country_is_in_its_capital() {
    let x = extract(&document(
        "embassy",
        "KENYA.  A grenade was thrown at the Israeli embassy.  No one was hurt.",
    ));
    let place = x
        .events
        .iter()
        .find(|e| e.kind.value == EventKind::Attack)
        .and_then(best_place)
        .map(|p| p.value.name.clone());
    assert_eq!(place.flatten().as_deref(), Some("Nairobi"));
}
