-- Record bodies as `json` (the text, validated and kept verbatim) rather than
-- `jsonb`: the service never queries inside a body, and every start-up and
-- refresh reads them all back as text. Turning a million jsonb bodies back into
-- text cost about 2 s of server CPU per read; json gives the text as stored.
ALTER TABLE revision ALTER COLUMN body TYPE json USING body::json;
