-- Documents, their search index, duplicate sightings and near-duplicate links.

CREATE TABLE documents (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    url TEXT,
    title TEXT,
    publisher TEXT,
    author TEXT,
    published TEXT,                -- YYYY-MM-DD
    retrieved TEXT NOT NULL,       -- RFC 3339
    media_type TEXT NOT NULL,
    language TEXT,                 -- ISO 639-3
    language_confidence REAL,
    reliability TEXT CHECK (reliability IN ('a','b','c','d','e','f')),
    tlp TEXT CHECK (tlp IN ('clear','green','amber','amber+strict','red')),
    source_bytes INTEGER NOT NULL,
    simhash INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_publisher ON documents (publisher COLLATE NOCASE);

-- Other names under which an already stored text was offered again.
CREATE TABLE document_sightings (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    url TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (document_id, name)
);

-- SimHash split into eight 8-bit bands: two fingerprints within Hamming distance 7 share at
-- least one band exactly (pigeonhole), and most pairs up to distance 12 do, so candidates are
-- found by equality on an index and then checked by their full distance.
-- The full fingerprint is repeated here so that candidates are checked from this index alone.
CREATE TABLE simhash_bands (
    band INTEGER NOT NULL,
    value INTEGER NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    simhash INTEGER NOT NULL,
    PRIMARY KEY (band, value, document_id)
) WITHOUT ROWID;
CREATE INDEX simhash_bands_document ON simhash_bands (document_id);

CREATE TABLE near_duplicates (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    duplicate_of TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    distance INTEGER NOT NULL,
    PRIMARY KEY (document_id, duplicate_of)
);
CREATE INDEX near_duplicates_of ON near_duplicates (duplicate_of);

-- Full-text index over title and text, kept in step by triggers inside the same transaction.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
