-- The store: every record of the plan and its geography as revisions.
-- The current state is the revisions with no end (valid_to IS NULL) that are not
-- deletions; any earlier state is the revisions valid at that instant. Nothing is
-- ever updated in place except closing a revision (setting its valid_to).

CREATE TABLE store_meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- Bumped by every commit: readers reload when it moves.
    change_counter INTEGER NOT NULL,
    -- SHA-256 of the files the baseline was loaded from.
    baseline_digest TEXT
);
INSERT INTO store_meta (id, change_counter) VALUES (1, 0);

CREATE TABLE changeset (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,                -- RFC 3339, UTC
    author TEXT NOT NULL,            -- 'baseline', a token's name, 'import:<file>', …
    kind TEXT NOT NULL CHECK (kind IN ('baseline', 'api', 'import', 'generate')),
    note TEXT
);

CREATE TABLE revision (
    rev_id INTEGER PRIMARY KEY,
    changeset_id INTEGER NOT NULL REFERENCES changeset (id),
    kind TEXT NOT NULL,              -- record kind: unit_2021, measure, location, …
    id TEXT NOT NULL,
    parent TEXT,                     -- the measure of a location
    seq INTEGER NOT NULL,            -- order within its kind
    version INTEGER NOT NULL CHECK (version >= 1),
    op TEXT NOT NULL CHECK (op IN ('create', 'replace', 'update', 'delete')),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    geom BLOB,                       -- WKB, EPSG:4326 (lon/lat), the true geometry
    minx REAL, miny REAL, maxx REAL, maxy REAL,
    body TEXT,                       -- the typed record as JSON; NULL for a deletion
    UNIQUE (kind, id, version)
);

-- One current revision per record.
CREATE UNIQUE INDEX revision_current ON revision (kind, id) WHERE valid_to IS NULL;
CREATE INDEX revision_current_bbox ON revision (kind, minx, maxx, miny, maxy) WHERE valid_to IS NULL;
CREATE INDEX revision_as_of ON revision (valid_from, valid_to);
