-- The incident's confidence beside its other listing columns, so that the review queue can
-- take the least confident unreviewed incidents first from an index instead of reading
-- every record.
ALTER TABLE incidents ADD COLUMN confidence REAL;
UPDATE incidents SET confidence = (
    SELECT json_extract(r.record, '$.event.confidence') FROM incident_records r
    WHERE r.id = incidents.id
);
CREATE INDEX incidents_status_confidence ON incidents (status, confidence);
