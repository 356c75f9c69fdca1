#!/usr/bin/env bash
# Fetches the protomaps-leaflet browser bundle (the map's vector-tile renderer) from the npm registry
# into web/src/main/resources/public/vendor/, with its licence. No webjar of it is on Maven Central,
# so the file is committed; run this to update it (VERSION=x.y.z) and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${VERSION:-5.1.0}"
target=web/src/main/resources/public/vendor/protomaps-leaflet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL "https://registry.npmjs.org/protomaps-leaflet/-/protomaps-leaflet-$version.tgz" -o "$work/package.tgz"
tar -xzf "$work/package.tgz" -C "$work"
mkdir -p "$target"
# Without its source-map comment: the .map is not shipped, and a browser with DevTools open would ask for it.
sed "/^\/\/# sourceMappingURL=/d" "$work/package/dist/protomaps-leaflet.js" > "$target/protomaps-leaflet.js"
cp "$work/package/LICENSE" "$target/LICENSE"
echo "$version" > "$target/VERSION"
echo "protomaps-leaflet $version -> $target"
