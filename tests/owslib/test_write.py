"""The write path as OWSLib drives it (scripts/owslib-test.sh runs this).

A bearer token goes through owslib.util.Authentication(auth_delegate=...), a
requests AuthBase that owslib.util.http_prepare hands to requests for GET, PUT
and DELETE (and http_post for POST). What OWSLib 0.35.0 sends, read from its
source: POST with a dict body -> JSON with Content-Type application/json (the
geo+json it puts into self.headers is overridden); PUT with a dict -> requests'
json= with self.headers (so application/geo+json after a create, else
application/json); DELETE -> no body. The Location header of a create is
dropped (it returns True), so the new id is found by reading the items.

Usage: python test_write.py BASE_URL TOKEN TOKEN_NAME
"""

import sys

import requests
from owslib.ogcapi.features import Features
from owslib.util import Authentication

COLLECTION = "higher_education_points"
MEASURE = "hr-03"


class Bearer(requests.auth.AuthBase):
    def __init__(self, token):
        self.token = token

    def __call__(self, r):
        r.headers["Authorization"] = f"Bearer {self.token}"
        return r


def check(cond, msg):
    if not cond:
        raise SystemExit(f"owslib test: FAILED: {msg}")
    print(f"ok: {msg}")


def main():
    base, token, name = sys.argv[1:4]
    w = Features(base, auth=Authentication(auth_delegate=Bearer(token)))

    ids = [c["id"] for c in w.collections()["collections"]]
    check(COLLECTION in ids, f"{COLLECTION} is listed")
    before = w.collection_items(COLLECTION, limit=1000)["features"]
    check(len(before) >= 1, f"{COLLECTION} has {len(before)} features")

    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [26.5205, 55.8712]},
        "properties": {
            "measure_id": MEASURE,
            "place_name": "OWSLib test site",
            "precision": "exact",
            "provenance": "https://example.lv/owslib",
            "note": "created by OWSLib",
        },
    }
    check(w.collection_item_create(COLLECTION, feature), "collection_item_create")
    # OWSLib drops the Location header: find the new feature by its name.
    after = w.collection_items(COLLECTION, limit=1000)["features"]
    new = [f for f in after if f["properties"]["place_name"] == "OWSLib test site"]
    check(len(after) == len(before) + 1 and len(new) == 1, "the created feature is in the items")
    fid = new[0]["id"]
    check(fid == "hr-03-owslib-test-site", f"its id is {fid}")

    # PUT the feature as read with a new note (OWSLib sends the dict as JSON).
    updated = w.collection_item(COLLECTION, fid)
    updated.pop("links", None)
    updated["properties"]["note"] = "updated by OWSLib"
    check(w.collection_item_update(COLLECTION, fid, updated), "collection_item_update")
    got = w.collection_item(COLLECTION, fid)
    check(got["properties"]["note"] == "updated by OWSLib", "the update is in the item")

    check(w.collection_item_delete(COLLECTION, fid), "collection_item_delete")
    gone = [f["id"] for f in w.collection_items(COLLECTION, limit=1000)["features"]]
    check(fid not in gone and len(gone) == len(before), "the deleted feature left the items")

    r = requests.get(f"{base}/collections/{COLLECTION}/items/{fid}/history", timeout=30)
    check(r.status_code == 200, "history answers 200")
    versions = r.json()["versions"]
    seen = [(v["version"], v["op"], v["author"]) for v in versions]
    check(
        seen == [(1, "create", name), (2, "replace", name), (3, "delete", name)],
        f"history lists the three revisions by {name}: {seen}",
    )

    # Without the token OWSLib gets the 401 (RuntimeError carries the body).
    anon = Features(base)
    try:
        anon.collection_item_create(COLLECTION, feature)
        check(False, "a write without a token is refused")
    except RuntimeError as e:
        check("Unauthorized" in str(e), "a write without a token is refused (401)")
    print("owslib test: passed")


if __name__ == "__main__":
    main()
