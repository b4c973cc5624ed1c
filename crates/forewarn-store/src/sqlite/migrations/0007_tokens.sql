-- API tokens for the server: only a hash of each secret is kept (the secret is shown once,
-- when the token is made). A revoked token stays listed, with when it was revoked.

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,             -- viewer | analyst | admin
    red INTEGER NOT NULL DEFAULT 0, -- may see TLP:RED documents
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
