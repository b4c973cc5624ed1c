//! Reading incidents from the store: the crate's only I/O, kept to this one function.

use forewarn_store::{IncidentFilter, Page, Store, StoreError};

use crate::series::IncidentRecord;

/// Incidents matching the filter as records (read page by page), and how many were left
/// out for having no date.
pub fn load_records(
    store: &dyn Store,
    filter: &IncidentFilter,
) -> Result<(Vec<IncidentRecord>, u64), StoreError> {
    let mut out = Vec::new();
    let mut undated = 0;
    let mut offset = 0;
    loop {
        let page = store.incident_rows(
            filter,
            Page {
                offset,
                limit: 5000,
            },
        )?;
        for r in &page.items {
            let Some(date) = r.date_start else {
                undated += 1;
                continue;
            };
            out.push(IncidentRecord {
                id: r.id.0.clone(),
                date,
                country: r.country.clone(),
                admin1: r.admin1.clone(),
                actors: r.perpetrators.clone(),
                killed: r.killed.unwrap_or(0),
            });
        }
        offset += page.items.len() as u64;
        if page.items.is_empty() || offset >= page.total {
            break;
        }
    }
    Ok((out, undated))
}
