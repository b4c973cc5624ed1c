//! Small builders for the tests' events.

use forewarn_model::{
    ActorId, ActorKind, AttackType, Casualties, ClaimStatus, Count, CountQualifier, DocumentId,
    Event, EventId, EventKind, EventRef, FuzzyDate, GeoPrecision, Perpetrator, Place, Producer,
    Provenance, Report, SourceQuote, Span, Target, TargetType,
};

use crate::Member;

pub(crate) fn report<T>(doc: &str, value: T) -> Report<T> {
    Report {
        value,
        provenance: Provenance {
            document: DocumentId(doc.to_string()),
            span: Span::new(0, 1),
            producer: Producer::Rule("test".into()),
            confidence: 0.8,
            at: jiff::Timestamp::UNIX_EPOCH,
        },
        quote: String::new(),
    }
}

pub(crate) fn attack(doc: &str, kind: AttackType) -> Event {
    Event {
        id: EventId(format!("{doc}-1")),
        kind: report(doc, EventKind::Attack),
        attack_type: vec![report(doc, kind)],
        date: Vec::new(),
        location: Vec::new(),
        perpetrators: Vec::new(),
        killed: Casualties::default(),
        injured: Casualties::default(),
        targets: Vec::new(),
        weapons: Vec::new(),
        victims: Vec::new(),
        sources: Vec::new(),
        confidence: 0.8,
    }
}

pub(crate) fn day(doc: &str, y: i16, m: i8, d: i8) -> Report<FuzzyDate> {
    report(doc, FuzzyDate::day(jiff::civil::date(y, m, d)))
}

pub(crate) fn month(doc: &str, y: i16, m: i8) -> Report<FuzzyDate> {
    report(doc, FuzzyDate::month(y, m).unwrap())
}

pub(crate) fn source(doc: &str, quote: &str) -> SourceQuote {
    SourceQuote {
        document: DocumentId(doc.to_string()),
        quote: quote.to_string(),
        span: Span::new(0, quote.len()),
    }
}

pub(crate) fn year(doc: &str, y: i16) -> Report<FuzzyDate> {
    report(doc, FuzzyDate::year(y).unwrap())
}

pub(crate) fn place(
    doc: &str,
    name: &str,
    country: &str,
    precision: GeoPrecision,
) -> Report<Place> {
    report(
        doc,
        Place {
            name: Some(name.to_string()),
            country: Some(country.to_string()),
            admin1: None,
            lat: None,
            lon: None,
            precision,
            geonames_id: None,
        },
    )
}

pub(crate) fn target(doc: &str, mention: &str) -> Report<Target> {
    report(
        doc,
        Target {
            kind: TargetType::PrivateCitizens,
            mention: mention.to_string(),
        },
    )
}

pub(crate) fn perpetrator(doc: &str, id: &str, name: &str) -> Report<Perpetrator> {
    report(
        doc,
        Perpetrator {
            actor: Some(ActorId(id.to_string())),
            name: name.to_string(),
            kind: ActorKind::Organization,
            status: ClaimStatus::Claimed,
        },
    )
}

pub(crate) fn count_report(
    doc: &str,
    value: u32,
    qualifier: CountQualifier,
    high: Option<u32>,
) -> Report<Count> {
    report(
        doc,
        Count {
            value,
            qualifier,
            high,
        },
    )
}

pub(crate) fn killed(doc: &str, values: &[u32]) -> Casualties {
    Casualties {
        reports: values
            .iter()
            .map(|v| count_report(doc, *v, CountQualifier::Exact, None))
            .collect(),
        ..Casualties::default()
    }
}

pub(crate) fn member(doc: &str, event: Event) -> Member {
    Member {
        at: EventRef {
            document: DocumentId(doc.to_string()),
            event: event.id.clone(),
        },
        event,
    }
}
