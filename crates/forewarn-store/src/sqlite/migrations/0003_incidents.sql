-- The knowledge base's incidents: one row per real incident, consolidated from the
-- document-level events that report it (incident_members). Re-extraction replaces a
-- document's events; a trigger marks the incidents that held them dirty, and the next
-- integration rebuilds them from the members whose events still exist (a member whose event
-- is gone is dropped then), so an incident keeps its id, status and corrections across
-- re-extraction. Decisions a person made about an event and an incident are pins: they
-- survive re-extraction and the machine never overrides them.

CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    country TEXT,
    status TEXT NOT NULL DEFAULT 'unreviewed',
    dirty INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL,           -- the Incident as JSON
    updated_at TEXT NOT NULL
);
CREATE INDEX incidents_window ON incidents (kind, date_start, date_end);
CREATE INDEX incidents_country ON incidents (kind, country);
CREATE INDEX incidents_dirty ON incidents (dirty) WHERE dirty = 1;

CREATE TABLE incident_members (
    document_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    assigned_by TEXT NOT NULL,      -- machine | person
    PRIMARY KEY (document_id, event_id)
);
CREATE INDEX incident_members_incident ON incident_members (incident_id);

CREATE TRIGGER incident_members_gone AFTER DELETE ON incident_members BEGIN
    UPDATE incidents SET dirty = 1 WHERE id = OLD.incident_id;
END;

CREATE TRIGGER incident_event_replaced AFTER DELETE ON events BEGIN
    UPDATE incidents SET dirty = 1 WHERE id IN (
        SELECT incident_id FROM incident_members
        WHERE document_id = OLD.document_id AND event_id = OLD.event_id);
END;

-- A person's decision about an event: it belongs in an incident (join) or must never be
-- merged into one (apart). Kept when the event is extracted again.
CREATE TABLE incident_pins (
    document_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    pin TEXT NOT NULL,              -- join | apart
    PRIMARY KEY (document_id, event_id, incident_id)
);

-- Pairs the evidence left undecided, for a person to judge.
CREATE TABLE adjudications (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    incident_id TEXT NOT NULL,
    record TEXT NOT NULL,           -- the Adjudication as JSON (evidence for and against)
    status TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    UNIQUE (document_id, event_id, incident_id)
);
CREATE INDEX adjudications_status ON adjudications (status);
