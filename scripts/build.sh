#!/usr/bin/env bash
# The release build into dist/: cargo -> wasm-bindgen -> wasm-opt, then the
# pages and static files. Prints what it produced, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --lib --target wasm32-unknown-unknown --quiet
rm -rf dist.tmp && mkdir -p dist.tmp/pkg
wasm-bindgen --target web --no-typescript --out-dir dist.tmp/pkg "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/turnaround.wasm"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue dist.tmp/pkg/turnaround_bg.wasm -o dist.tmp/pkg/turnaround_bg.wasm
cp index.html dist.tmp/
cp -r static/. dist.tmp/
# The Zendesk app package: its own folder and an uploadable zip.
if [ -x scripts/build-zendesk.sh ]; then scripts/build-zendesk.sh dist.tmp; fi
rm -rf dist && mv dist.tmp dist
scripts/sizes.sh dist
