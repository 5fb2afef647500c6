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
  local tgz="$TMP/$name-$version.tgz"
  echo "$sha  $tgz" | sha1sum --check --quiet
  mkdir -p "$TMP/$name" && tar xzf "$tgz" -C "$TMP/$name"
}

fetch leaflet 1.9.3 52ec436954964e2d3d39e0d433da4b2500d74414
fetch leaflet.markercluster 1.4.1 b53f2c4f2ca7306ddab1dbb6f1861d5e8aa6c5e5

rm -rf "$OUT/leaflet" "$OUT/leaflet.markercluster"
mkdir -p "$OUT/leaflet/images" "$OUT/leaflet.markercluster"
src="$TMP/leaflet/package"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$OUT/leaflet/"
cp "$src/dist/images/"*.png "$OUT/leaflet/images/"
src="$TMP/leaflet.markercluster/package"
cp "$src/dist/leaflet.markercluster.js" "$src/dist/MarkerCluster.css" \
   "$src/dist/MarkerCluster.Default.css" "$src/MIT-LICENCE.txt" "$OUT/leaflet.markercluster/"
echo "map_runtime/vendor/: leaflet 1.9.3 and leaflet.markercluster 1.4.1 from the npm registry"
