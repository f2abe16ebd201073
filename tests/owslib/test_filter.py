"""A CQL2 filter as OWSLib sends it (scripts/owslib-test.sh runs this).

OWSLib 0.35.0's Features.collection_items(id, filter=..., **kwargs) puts the
CQL2-text expression into the `filter` query parameter of a GET (its `cql=`
keyword POSTs JSON instead, which this server does not take on items). The ids
it gets back must be those of a plain HTTP GET of the same filter, and each
feature must satisfy the expression as checked here.

Usage: python test_filter.py BASE_URL
"""

import json
import sys
import urllib.parse
import urllib.request

from owslib.ogcapi.features import Features

FILTER = "population > 1000 AND S_INTERSECTS(geometry, BBOX(26, 55.6, 28.3, 57))"


def check(cond, msg):
    if not cond:
        raise SystemExit(f"owslib filter: FAILED: {msg}")


def plain(base, cid, params):
    url = f"{base}/collections/{cid}/items?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url) as r:
        return json.load(r)


def main():
    base = sys.argv[1].rstrip("/")
    w = Features(base)
    got = w.collection_items("settlements", filter=FILTER, limit=10000, **{"filter-lang": "cql2-text"})
    ids = [f["id"] for f in got["features"]]
    http = plain(base, "settlements", {"filter": FILTER, "limit": 10000})
    check(ids == [f["id"] for f in http["features"]], "OWSLib and plain HTTP disagree")
    check(got["numberMatched"] == len(ids), "numberMatched counts the filtered features")
    everything = plain(base, "settlements", {"limit": 10000})["features"]
    want = [
        f["id"]
        for f in everything
        if (f["properties"]["population"] or 0) > 1000
        and 26 <= f["geometry"]["coordinates"][0] <= 28.3
        and 55.6 <= f["geometry"]["coordinates"][1] <= 57
    ]
    check(ids == want, f"filter selects {ids}, expected {want}")
    check(0 < len(ids) < len(everything), f"{len(ids)} of {len(everything)}: not a discriminating test")
    try:
        w.collection_items("settlements", filter="population >> 1")
        check(False, "a syntax error is refused")
    except RuntimeError:
        pass
    print(f"ok: collection_items(filter=...) selects {len(ids)} of {len(everything)} settlements, as plain HTTP does")
    print("owslib filter test: passed")


if __name__ == "__main__":
    main()
