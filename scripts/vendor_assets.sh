#!/usr/bin/env bash
# Refresh the third-party browser assets in map_runtime/vendor/ from the npm registry (needs npm and
# the network; the app, the exports and the tests use the committed copies and need neither).
# Each package is pinned by version and by the tarball's sha1 that the registry publishes
# (`npm view PKG@VERSION dist.shasum`); a tarball that differs is refused.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=map_runtime/vendor
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fetch() {  # name version sha1 -> $TMP/name/package
  local name=$1 version=$2 sha=$3
  (cd "$TMP" && npm pack --silent "$name@$version" >/dev/null)
  local base=${name#@}
  local tgz="$TMP/${base//\//-}-$version.tgz"  # @scope/pkg packs as scope-pkg-VERSION.tgz
  echo "$sha  $tgz" | sha1sum --check --quiet
  mkdir -p "$TMP/$name" && tar xzf "$tgz" -C "$TMP/$name"
}

fetch leaflet 1.9.3 52ec436954964e2d3d39e0d433da4b2500d74414
fetch leaflet.markercluster 1.4.1 b53f2c4f2ca7306ddab1dbb6f1861d5e8aa6c5e5
fetch @geoman-io/leaflet-geoman-free 2.20.2 643f9f6c81a170c9486082d0c3dc53a82f72eb3f

rm -rf "$OUT/leaflet" "$OUT/leaflet.markercluster" "$OUT/leaflet-geoman"
mkdir -p "$OUT/leaflet/images" "$OUT/leaflet.markercluster" "$OUT/leaflet-geoman"
src="$TMP/leaflet/package"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$OUT/leaflet/"
cp "$src/dist/images/"*.png "$OUT/leaflet/images/"
src="$TMP/leaflet.markercluster/package"
cp "$src/dist/leaflet.markercluster.js" "$src/dist/MarkerCluster.css" \
   "$src/dist/MarkerCluster.Default.css" "$src/MIT-LICENCE.txt" "$OUT/leaflet.markercluster/"
# Leaflet-Geoman's bundle carries its own dependencies (lodash, turf, polyclip-ts; all MIT).
src="$TMP/@geoman-io/leaflet-geoman-free/package"
cp "$src/dist/leaflet-geoman.min.js" "$src/dist/leaflet-geoman.css" "$src/LICENSE" \
   "$OUT/leaflet-geoman/"
echo "map_runtime/vendor/: leaflet 1.9.3, leaflet.markercluster 1.4.1 and"\
     "@geoman-io/leaflet-geoman-free 2.20.2 from the npm registry"
