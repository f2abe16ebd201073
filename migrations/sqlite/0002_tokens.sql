-- Bearer tokens: stored only as SHA-256 digests; the token itself is shown once,
-- when it is created. A revoked token stays listed (who had access, until when).
CREATE TABLE token (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('analyst', 'editor', 'admin')),
    digest BLOB NOT NULL UNIQUE,     -- SHA-256 of the whole token
    prefix TEXT NOT NULL,            -- its first characters, to recognise it in a list
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
