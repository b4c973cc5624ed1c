-- What lists, maps and timelines of incidents filter, sort and count on, written beside each
-- incident's record whenever it is stored. The record (the Incident as JSON, often kilobytes)
-- moves to its own table, so that filtering and counting a million incidents reads only these
-- small rows (a column stored after a large value costs a walk through its overflow pages).
-- The columns are the record's reconciled values (the best date and
-- place, the attack type most reports give, the reconciled killed and injured figures), its
-- perpetrators (incident_actors) and a full-text entry over its places, actors, targets,
-- weapons and source quotes. The record stays the truth; these columns are rewritten with it.

ALTER TABLE incidents ADD COLUMN admin1 TEXT;
ALTER TABLE incidents ADD COLUMN place TEXT;
ALTER TABLE incidents ADD COLUMN lat REAL;
ALTER TABLE incidents ADD COLUMN lon REAL;
ALTER TABLE incidents ADD COLUMN attack_type TEXT;
ALTER TABLE incidents ADD COLUMN killed INTEGER;
ALTER TABLE incidents ADD COLUMN injured INTEGER;
ALTER TABLE incidents ADD COLUMN perpetrators TEXT;
ALTER TABLE incidents ADD COLUMN sources INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN contradictions INTEGER NOT NULL DEFAULT 0;
-- Days between the best date's first and last possible day: a date filter bounds date_start
-- on both sides with it (date_start >= from - the longest span), so the date index serves
-- overlap queries.
ALTER TABLE incidents ADD COLUMN date_span INTEGER;

-- Covering the commonest filters (date range, country, killed at least), so that counting
-- the matches never reads the rows.
CREATE INDEX incidents_date ON incidents (date_start, date_end, killed);
CREATE INDEX incidents_country_date ON incidents (country, date_start, date_end, killed);
CREATE INDEX incidents_admin1 ON incidents (admin1, date_start);
CREATE INDEX incidents_killed ON incidents (killed);
CREATE INDEX incidents_span ON incidents (date_span);
CREATE INDEX incidents_status ON incidents (status, date_start);
CREATE INDEX incidents_contradicted ON incidents (date_start) WHERE contradictions > 0;

CREATE TABLE incident_actors (
    actor_id TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, incident_id)
) WITHOUT ROWID;
CREATE INDEX incident_actors_incident ON incident_actors (incident_id);

CREATE VIRTUAL TABLE incidents_fts USING fts5 (
    text,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER incidents_fts_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM incidents_fts WHERE rowid = old.rowid;
END;

CREATE TABLE incident_records (
    id TEXT PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    record TEXT NOT NULL
);
INSERT INTO incident_records (id, record) SELECT id, record FROM incidents;
ALTER TABLE incidents DROP COLUMN record;

-- Incidents stored before these columns existed are rebuilt (and so described) by the next
-- integration, which keeps their ids, review status and corrections.
UPDATE incidents SET dirty = 1;
