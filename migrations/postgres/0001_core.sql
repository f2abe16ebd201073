-- The store: every record of the plan and its geography as revisions (see
-- migrations/sqlite/0001_core.sql for the same schema in SQLite). Geometries are
-- PostGIS geometries in EPSG:4326 with GiST indexes.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE store_meta (
    id integer PRIMARY KEY CHECK (id = 1),
    change_counter bigint NOT NULL,
    baseline_digest text
);
INSERT INTO store_meta (id, change_counter) VALUES (1, 0);

CREATE TABLE changeset (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    author text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('baseline', 'api', 'import', 'generate')),
    note text
);

CREATE TABLE revision (
    rev_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    changeset_id bigint NOT NULL REFERENCES changeset (id),
    kind text NOT NULL,
    id text NOT NULL,
    parent text,
    seq bigint NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    op text NOT NULL CHECK (op IN ('create', 'replace', 'update', 'delete')),
    valid_from timestamptz NOT NULL,
    valid_to timestamptz,
    geom geometry(Geometry, 4326),
    body jsonb,
    UNIQUE (kind, id, version)
);

CREATE UNIQUE INDEX revision_current ON revision (kind, id) WHERE valid_to IS NULL;
CREATE INDEX revision_current_geom ON revision USING gist (geom) WHERE valid_to IS NULL;
CREATE INDEX revision_as_of ON revision (valid_from, valid_to);
