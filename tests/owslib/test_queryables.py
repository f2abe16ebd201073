"""Queryables as OWSLib reads them (scripts/owslib-test.sh runs this).

OWSLib 0.35.0's Features.collection_queryables(id) GETs
collections/{id}/queryables and returns response.json(); it raises RuntimeError
on any non-2xx answer (the 404 it got before queryables existed).

For every collection: the queryables' properties, less the geometry, are the
keys of every feature's properties, and every non-null value is of its
queryable's type (and in its enum, where one is declared).

Usage: python test_queryables.py BASE_URL
"""

import sys

from owslib.ogcapi.features import Features

TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
}


def check(cond, msg):
    if not cond:
        raise SystemExit(f"owslib queryables: FAILED: {msg}")


def check_collection(w, cid):
    q = w.collection_queryables(cid)
    check(q.get("$schema") == "https://json-schema.org/draft/2020-12/schema", f"{cid}: $schema")
    check(q.get("$id", "").endswith(f"/collections/{cid}/queryables"), f"{cid}: $id")
    props = dict(q["properties"])
    geometry = props.pop("geometry", None)
    check(geometry is not None and geometry["format"].startswith("geometry-"), f"{cid}: geometry")
    features = w.collection_items(cid, limit=10000)["features"]
    for f in features:
        fp = f["properties"]
        check(set(fp) == set(props), f"{cid}/{f['id']}: {sorted(set(fp) ^ set(props))}")
        for k, v in fp.items():
            if v is None:
                continue
            t = props[k]["type"]
            check(TYPES[t](v), f"{cid}/{f['id']}.{k}: {v!r} is not {t}")
            check(v in props[k].get("enum", [v]), f"{cid}/{f['id']}.{k}: {v!r} not in enum")
    return len(features)


def main():
    w = Features(sys.argv[1])
    ids = [c["id"] for c in w.collections()["collections"]]
    check(len(ids) > 0, "collections are listed")
    n = sum(check_collection(w, cid) for cid in ids)
    print(f"ok: collection_queryables on all {len(ids)} collections matches {n} features' properties")
    print("owslib queryables test: passed")


if __name__ == "__main__":
    main()
