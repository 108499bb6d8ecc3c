#!/usr/bin/env bash
# The release build into dist/: cargo -> wasm-bindgen -> wasm-opt, then the
# pages and static files. Prints what it produced, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --lib --target wasm32-unknown-unknown --quiet
# A private staging folder, so two builds at once cannot break each other.
tmp=$(mktemp -d dist.tmp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" && mkdir -p "$tmp/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$tmp"/pkg "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/turnaround.wasm"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue "$tmp"/pkg/turnaround_bg.wasm -o "$tmp"/pkg/turnaround_bg.wasm
cp index.html "$tmp"/
cp -r static/. "$tmp"/
# The Zendesk app package: its own folder and an uploadable zip.
if [ -x scripts/build-zendesk.sh ]; then scripts/build-zendesk.sh "$tmp"; fi
rm -rf dist && mv "$tmp" dist
scripts/sizes.sh dist
