//! Reading incidents from the store: the crate's only I/O, kept to this one function.

use forewarn_store::{IncidentFilter, Store, StoreError};

use crate::series::IncidentRecord;

/// Incidents matching the filter as records (read in one pass), and how many were left
/// out for having no date.
pub fn load_records(
    store: &dyn Store,
    filter: &IncidentFilter,
) -> Result<(Vec<IncidentRecord>, u64), StoreError> {
    let mut out = Vec::new();
    let mut undated = 0;
    // One query over the listing rows: offset pages would re-skip every earlier row.
    store.each_incident_row(filter, &mut |r| {
        match r.date_start {
            Some(date) => out.push(IncidentRecord {
                id: r.id.0,
                date,
                country: r.country,
                admin1: r.admin1,
                actors: r.perpetrators,
                killed: r.killed.unwrap_or(0),
            }),
            None => undated += 1,
        }
        std::ops::ControlFlow::Continue(())
    })?;
    Ok((out, undated))
}
