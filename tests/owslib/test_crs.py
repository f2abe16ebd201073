"""OGC API - Features Part 2 (CRS by reference) as GDAL reads it.

GDAL's OAPIF driver speaks Part 2 from GDAL 3.7 (Debian 12 ships 3.6), so this uses
the GDAL that pyogrio's wheel bundles. It opens collections with the open option
CRS=EPSG:3059, which makes GDAL send `crs` (and `bbox-crs` with a spatial filter) and
flip the server's northing-first axes to easting, northing. Every coordinate must be
within 1 mm of what PROJ (pyproj) makes of the server's CRS84 answer, and a bbox in
EPSG:3059 must select what meets it there.

    python test_crs.py http://127.0.0.1:PORT
"""

import json
import sys
import urllib.request

import pyogrio
import shapely
from pyproj import Transformer

EPSG_3059 = "http://www.opengis.net/def/crs/EPSG/0/3059"
LAYERS = ["settlements", "municipalities_2021", "border", "border_crossings"]
TO_LKS92 = Transformer.from_crs("OGC:CRS84", "EPSG:3059", always_xy=True)


def crs84_features(base, layer):
    with urllib.request.urlopen(f"{base}/collections/{layer}/items?limit=10000") as r:
        assert r.headers["Content-Crs"] == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
        return json.load(r)["features"]


def read_lks92(base, layer, bbox=None):
    """GDAL's reading of a collection in EPSG:3059: (ids, shapely geometries)."""
    meta, _, wkb, fields = pyogrio.raw.read(
        f"OAPIF:{base}/collections/{layer}", bbox=bbox, CRS="EPSG:3059"
    )
    assert meta["crs"] == "EPSG:3059", meta["crs"]
    ids = list(fields[list(meta["fields"]).index("id")])
    return ids, shapely.from_wkb(wkb)


def check_positions(base, layer):
    want = {f["id"]: f["geometry"] for f in crs84_features(base, layer)}
    ids, geoms = read_lks92(base, layer)
    assert sorted(ids) == sorted(want), f"{layer}: GDAL read other features"
    worst = 0.0
    for fid, g in zip(ids, geoms):
        got = shapely.get_coordinates(g)
        lonlat = shapely.get_coordinates(shapely.geometry.shape(want[fid]))
        assert len(got) == len(lonlat), f"{layer} {fid}: vertex count"
        e, n = TO_LKS92.transform(lonlat[:, 0], lonlat[:, 1])
        for (x, y), ee, nn in zip(got, e, n):
            worst = max(worst, ((x - ee) ** 2 + (y - nn) ** 2) ** 0.5)
    assert worst < 1e-3, f"{layer}: {worst * 1000:.3f} mm from PROJ"
    print(f"ok: {layer}: {len(ids)} features in EPSG:3059, worst {worst * 1000:.3f} mm from PROJ")


def check_bbox(base, layer, box):
    """GDAL's bbox in EPSG:3059 (easting, northing) against a brute-force test."""
    ids, geoms = read_lks92(base, layer)
    rect = shapely.box(*box)
    want = sorted(i for i, g in zip(ids, geoms) if g.intersects(rect))
    got, _ = read_lks92(base, layer, bbox=box)
    assert want and len(want) < len(ids), f"{layer}: the box selects nothing or all"
    assert sorted(got) == want, f"{layer}: bbox in EPSG:3059 gave {sorted(got)}, want {want}"
    print(f"ok: {layer}: bbox {box} in EPSG:3059 selects {len(got)} of {len(ids)}")


def main():
    base = sys.argv[1].rstrip("/")
    print("== GDAL", pyogrio.__gdal_version_string__, "(pyogrio", pyogrio.__version__ + ")")
    with urllib.request.urlopen(f"{base}/collections/settlements") as r:
        assert EPSG_3059 in json.load(r)["crs"]
    for layer in LAYERS:
        check_positions(base, layer)
    # Around Rezekne, and a wider box over Latgale's east (easting, northing).
    check_bbox(base, "municipalities_2021", (690_000.0, 280_000.0, 710_000.0, 300_000.0))
    check_bbox(base, "settlements", (680_000.0, 220_000.0, 760_000.0, 320_000.0))


if __name__ == "__main__":
    main()
