-- The audit log: every decision a person made (accept, reject, correct, merge, split, note,
-- undo), with who, when, what, the value before and after, and why. Append-only: an undo is
-- a new entry, and the entry it undoes records which one undid it.

CREATE TABLE review_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    field TEXT,
    before TEXT NOT NULL,       -- JSON
    after TEXT NOT NULL,        -- JSON
    note TEXT,
    undoes INTEGER REFERENCES review_log (id),
    undone_by INTEGER REFERENCES review_log (id)
);
CREATE INDEX review_log_target ON review_log (target_type, target_id);
