-- A person's identity merges of actors: `from` is the same actor as `into`. Findings stay as
-- extracted (each alias keeps its source); readers resolve ids through this table, so a merge
-- is undone by deleting its row, restoring what each side had.

CREATE TABLE actor_merges (
    from_id TEXT PRIMARY KEY,
    into_id TEXT NOT NULL,
    merged_by TEXT NOT NULL,
    merged_at TEXT NOT NULL
);
