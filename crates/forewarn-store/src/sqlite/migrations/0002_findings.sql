-- What extraction found in each document: document-level events, actors, relations between
-- actors and facts about single actors. Each record is the JSON of its forewarn-model type;
-- the columns beside it are what queries filter and join on. A document's findings are
-- replaced as a whole when it is extracted again.

CREATE TABLE extractions (
    document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    extractor TEXT NOT NULL,          -- name and version of the extractor
    extracted_at TEXT NOT NULL
);

CREATE TABLE events (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (document_id, event_id)
);
CREATE INDEX events_kind_date ON events (kind, date_start);

CREATE TABLE actor_findings (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL,
    from_dictionary INTEGER NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (document_id, actor_id)
);
CREATE INDEX actor_findings_actor ON actor_findings (actor_id);

CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    relation TEXT NOT NULL,
    object TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX relations_document ON relations (document_id);
CREATE INDEX relations_subject ON relations (subject, relation);

CREATE TABLE actor_facts (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX actor_facts_document ON actor_facts (document_id);
CREATE INDEX actor_facts_actor ON actor_facts (actor_id, kind);
