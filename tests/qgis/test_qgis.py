"""QGIS 3.22 (Debian's python3-qgis, headless) against a running pierobeza.

    /usr/bin/python3 tests/qgis/test_qgis.py http://127.0.0.1:PORT

1. Every collection opens through QGIS's OAPIF provider with as many features as the
   service reports (numberMatched), each with its id.
2. EPSG:3059 (LKS-92): QGIS 3.22 asks OGC API - Features for CRS84 only (Part 2 came to its
   provider in 3.30), so it reprojects with PROJ itself. The coordinates it computes must lie
   within 1 mm of those the service gives for `crs=EPSG:3059`, vertex by vertex, on areas,
   lines and points.
3. Vector tiles: a QGIS vector tile layer on the service's XYZ template, styled with one colour
   per 2021 unit by its `code` attribute, is rendered to an image; the pixel at each unit's
   pole of inaccessibility (from the OAPIF features) has that unit's colour, so QGIS decoded
   each unit's tile geometry and attributes and placed them where the items put them.

Exits non-zero with a message on the first failure.
"""

import json
import os
import sys
import urllib.parse
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402  (the Qt platform is chosen before Qt loads)
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGeometry,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsVectorLayer,
    QgsVectorTileBasicRenderer,
    QgsVectorTileBasicRendererStyle,
    QgsVectorTileLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

EPSG_3059 = "http://www.opengis.net/def/crs/EPSG/0/3059"
UNITS = "municipalities_2021"
# An area, a line and a point layer of the shipped data.
CRS_LAYERS = [UNITS, "border", "settlements"]
TOLERANCE_M = 0.001


def fail(msg):
    print(f"qgis-test: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def get_json(base, path, **params):
    url = f"{base}{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.load(r)


def oapif(base, collection):
    layer = QgsVectorLayer(f"url='{base}' typename='{collection}'", collection, "OAPIF")
    if not layer.isValid():
        fail(f"{collection}: QGIS's OAPIF provider cannot open it")
    return layer


def check_collections(base):
    collections = get_json(base, "/collections")["collections"]
    for c in collections:
        layer = oapif(base, c["id"])
        matched = get_json(base, f"/collections/{c['id']}/items", limit=1)["numberMatched"]
        ids = sorted(str(f["id"]) for f in layer.getFeatures())
        if len(ids) != matched:
            fail(f"{c['id']}: QGIS read {len(ids)} features, the service has {matched}")
        if len(set(ids)) != matched:
            fail(f"{c['id']}: feature ids not unique in QGIS: {len(set(ids))} of {matched}")
    print(f"ok: QGIS {Qgis.QGIS_VERSION} opens all {len(collections)} collections with every feature")


def flat(coords):
    """[(x, y), ...] of a GeoJSON coordinate array of any depth."""
    if isinstance(coords[0], (int, float)):
        return [tuple(coords[:2])]
    return [p for c in coords for p in flat(c)]


def check_crs(base):
    lks = QgsCoordinateReferenceSystem("EPSG:3059")
    if not lks.isValid():
        fail("QGIS has no EPSG:3059")
    worst = 0.0
    for collection in CRS_LAYERS:
        layer = oapif(base, collection)
        req = QgsFeatureRequest()
        req.setDestinationCrs(lks, QgsProject.instance().transformContext())
        by_qgis = {str(f["id"]): f.geometry() for f in layer.getFeatures(req)}
        served = get_json(base, f"/collections/{collection}/items", limit=10000, crs=EPSG_3059)
        if len(served["features"]) != len(by_qgis):
            fail(f"{collection}: {len(served['features'])} features in EPSG:3059, {len(by_qgis)} in QGIS")
        for f in served["features"]:
            g = by_qgis.get(str(f["id"]))
            if g is None:
                fail(f"{collection}/{f['id']}: not read by QGIS")
            # The service answers in EPSG:3059's axis order, northing first; QGIS's x is easting.
            ours = [(e, n) for n, e in flat(f["geometry"]["coordinates"])]
            theirs = [(v.x(), v.y()) for v in g.vertices()]
            if len(ours) != len(theirs):
                fail(f"{collection}/{f['id']}: {len(ours)} vertices served, {len(theirs)} in QGIS")
            for (x1, y1), (x2, y2) in zip(ours, theirs):
                d = max(abs(x1 - x2), abs(y1 - y2))
                worst = max(worst, d)
                if d > TOLERANCE_M:
                    fail(f"{collection}/{f['id']}: ({x1}, {y1}) served, ({x2}, {y2}) by QGIS/PROJ: {d * 1000:.3f} mm")
    print(f"ok: crs=EPSG:3059 within {worst * 1000:.4f} mm of QGIS's PROJ transform of the CRS84 features ({', '.join(CRS_LAYERS)})")


def unit_colour(i):
    return QColor(20 + i * 5, 250 - i * 5, (i * 37) % 256)


def check_tiles(base):
    units = oapif(base, UNITS)
    merc = QgsCoordinateReferenceSystem("EPSG:3857")
    to_merc = QgsCoordinateTransform(units.crs(), merc, QgsProject.instance())
    template = f"{base}/collections/{UNITS}/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}"
    tiles = QgsVectorTileLayer(f"type=xyz&url={template}&zmin=0&zmax=14", "tiles")
    if not tiles.isValid():
        fail(f"QGIS cannot open the vector tiles at {template}")
    styles, expected = [], {}
    for i, f in enumerate(units.getFeatures()):
        code = f["code"]
        style = QgsVectorTileBasicRendererStyle(code, UNITS, QgsWkbTypes.PolygonGeometry)
        style.setSymbol(QgsFillSymbol.createSimple({"color": unit_colour(i).name(), "outline_style": "no"}))
        style.setFilterExpression(f"\"code\" = '{code}'")
        styles.append(style)
        g = QgsGeometry(f.geometry())
        g.transform(to_merc)
        pole, _ = g.poleOfInaccessibility(100)
        expected[code] = (unit_colour(i).name(), pole.asPoint())
    if len(expected) != 43:
        fail(f"{len(expected)} units read, 43 expected")
    renderer = QgsVectorTileBasicRenderer()
    renderer.setStyles(styles)
    tiles.setRenderer(renderer)

    settings = QgsMapSettings()
    settings.setLayers([tiles])
    settings.setDestinationCrs(merc)
    settings.setExtent(to_merc.transformBoundingBox(units.extent()))
    settings.setOutputSize(QSize(1200, 900))
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    if job.errors():
        fail(f"rendering the tiles: {[e.message for e in job.errors()]}")
    image = job.renderedImage()
    to_pixel = settings.mapToPixel()
    wrong = []
    for code, (colour, point) in expected.items():
        p = to_pixel.transform(point)
        got = QColor(image.pixel(int(p.x()), int(p.y()))).name()
        if got != colour:
            wrong.append(f"{code}: {got} at ({p.x():.0f}, {p.y():.0f}), {colour} expected")
    if wrong:
        image.save("qgis-tiles.png")
        fail(f"units drawn from the tiles in the wrong place or with the wrong code (image in qgis-tiles.png): {wrong}")
    print(f"ok: QGIS draws all 43 units from the vector tiles where the items put them (scale 1:{settings.scale():,.0f})")


def main():
    if len(sys.argv) != 2:
        print("usage: test_qgis.py BASE_URL", file=sys.stderr)
        sys.exit(2)
    base = sys.argv[1].rstrip("/")
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    if Qgis.QGIS_VERSION_INT < 32200:
        fail(f"QGIS {Qgis.QGIS_VERSION}: 3.22 or later is the client under test")
    try:
        check_collections(base)
        check_crs(base)
        check_tiles(base)
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
