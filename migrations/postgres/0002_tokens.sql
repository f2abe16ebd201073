-- Bearer tokens: stored only as SHA-256 digests (see migrations/sqlite/0002_tokens.sql).
CREATE TABLE token (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('analyst', 'editor', 'admin')),
    digest bytea NOT NULL UNIQUE,
    prefix text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
