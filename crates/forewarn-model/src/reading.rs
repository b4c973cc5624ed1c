//! The one value a record shows for a field that several reports give: a person's
//! correction first, else a stated preference among the machine's reports. Exports, the
//! knowledge base, the store's listing columns and the web app all read events through
//! these, so a field reads the same everywhere.

use crate::{AttackType, Event, FuzzyDate, GeoPrecision, Place, Producer, Report};

/// The latest report a person made (a reviewer's correction), which wins over the machine's.
fn by_person<T>(reports: &[Report<T>]) -> Option<&Report<T>> {
    reports
        .iter()
        .filter(|r| matches!(r.provenance.producer, Producer::Person(_)))
        .max_by_key(|r| r.provenance.at)
}

impl GeoPrecision {
    /// How precise a place is: higher is finer (site > city > province > country > region).
    pub fn rank(self) -> u8 {
        match self {
            GeoPrecision::Site => 5,
            GeoPrecision::City => 4,
            GeoPrecision::Admin1 => 3,
            GeoPrecision::Country => 2,
            GeoPrecision::Region => 1,
            GeoPrecision::Unknown => 0,
        }
    }
}

impl AttackType {
    /// GTD's hierarchy for choosing the first attack type of an incident with several
    /// (assassination, hijacking, kidnapping, barricade, bombing, armed assault, unarmed
    /// assault, facility attack, unknown): lower ranks first.
    pub fn gtd_rank(self) -> u8 {
        match self {
            AttackType::Assassination => 0,
            AttackType::Hijacking => 1,
            AttackType::Kidnapping => 2,
            AttackType::HostageTaking => 3,
            AttackType::Bombing => 4,
            AttackType::ArmedAssault => 5,
            AttackType::UnarmedAssault => 6,
            AttackType::FacilityAttack => 7,
            AttackType::Unknown => 8,
        }
    }
}

impl Event {
    /// The date a person set, else the narrowest reported date (then the most confident).
    pub fn best_date(&self) -> Option<&Report<FuzzyDate>> {
        if let Some(r) = by_person(&self.date) {
            return Some(r);
        }
        self.date.iter().min_by(|a, b| {
            a.value
                .span_days()
                .cmp(&b.value.span_days())
                .then(b.provenance.confidence.total_cmp(&a.provenance.confidence))
        })
    }

    /// The place a person set, else the most precise reported place (then the most
    /// confident).
    pub fn best_place(&self) -> Option<&Report<Place>> {
        if let Some(r) = by_person(&self.location) {
            return Some(r);
        }
        self.location.iter().max_by(|a, b| {
            a.value
                .precision
                .rank()
                .cmp(&b.value.precision.rank())
                .then(a.provenance.confidence.total_cmp(&b.provenance.confidence))
        })
    }

    /// The attack type a person set, else the one most reports give (unknown only when no
    /// report says more); a tie goes to the type first in GTD's hierarchy.
    pub fn primary_attack_type(&self) -> Option<AttackType> {
        if let Some(r) = by_person(&self.attack_type) {
            return Some(r.value);
        }
        if self.attack_type.is_empty() {
            return None;
        }
        let mut votes: Vec<(AttackType, usize)> = Vec::new();
        for r in &self.attack_type {
            if r.value == AttackType::Unknown {
                continue;
            }
            match votes.iter_mut().find(|(t, _)| *t == r.value) {
                Some(v) => v.1 += 1,
                None => votes.push((r.value, 1)),
            }
        }
        votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.gtd_rank().cmp(&a.0.gtd_rank())))
            .map(|v| v.0)
            .or(Some(AttackType::Unknown))
    }
}
