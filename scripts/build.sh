#!/usr/bin/env bash
# The release build into dist/: one crate, built once per view with cargo
# features, each through wasm-bindgen and wasm-opt; then the pages and static
# files, and a precompressed .gz and .br beside every text and wasm file
# (scripts/serve.mjs sends them). Prints what it produced, raw, gzip and brotli.
#
#   scripts/build.sh              the bundles into dist/
#   scripts/build.sh --profile    also keeps a names-kept copy of each wasm in
#                                 target/profile/ (for scripts/wasm-profile.mjs)
#                                 and prints the wasm-opt level table
#
# The bundles (boot.js picks one by the URL):
#   pkg/turnaround.js + pkg/turnaround_bg.wasm   feature view-sidebar: the sidebar,
#       embedded (?host=…) or standalone (index.html, ?ticket=…)
#   pkg/trainer.js + pkg/trainer_bg.wasm         feature view-trainer: the role-play
#       trainer (?view=trainer) with its debrief, exports and speech; it lists the
#       scenarios' cards and fetches the one picked (scenarios/, playbooks/)
#   pkg/coach.js + pkg/coach_bg.wasm             feature view-coach: the coach alone
#       (no Yew), run by coach-worker.js in a Web Worker the first time the
#       sidebar needs it (a draft to review, a message to read); never at start-up
#
# WASM_OPT (default -O1) is the wasm-opt level: chosen by the compressed size
# the browser fetches, not the raw size (docs/benchmarks.md has the table).
# After the level, passes that made every bundle smaller in gzip and brotli:
# unused and constant parameters removed, identical functions merged, repeated
# while the module shrinks, and the two metadata sections no browser reads
# (producers, target features).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=0
[ "${1:-}" = "--profile" ] && profile=1
level=${WASM_OPT:--O1}
passes="--dae-optimizing --duplicate-function-elimination --converge --strip-producers --strip-target-features"
features="--enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext --enable-multivalue"
target=${CARGO_TARGET_DIR:-target}

# A private staging folder, so two builds at once cannot break each other.
tmp=$(mktemp -d dist.tmp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" && mkdir -p "$tmp/pkg"

bundle() { # <cargo feature> <output name>
  local feature=$1 name=$2
  cargo build --release --lib --target wasm32-unknown-unknown --quiet --no-default-features --features "$feature"
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$tmp"/pkg "$target/wasm32-unknown-unknown/release/turnaround.wasm"
  if [ "$profile" = 1 ]; then
    mkdir -p "$target/profile"
    cp "$tmp/pkg/${name}_bg.wasm" "$target/profile/$name.bindgen.wasm"
    # shellcheck disable=SC2086
    node_modules/.bin/wasm-opt "$level" $passes -g $features "$tmp/pkg/${name}_bg.wasm" -o "$target/profile/$name.names.wasm"
  fi
  # shellcheck disable=SC2086
  node_modules/.bin/wasm-opt "$level" $passes $features "$tmp/pkg/${name}_bg.wasm" -o "$tmp/pkg/${name}_bg.wasm"
}
bundle view-sidebar turnaround
bundle view-trainer trainer
bundle view-coach coach

cp index.html "$tmp"/
cp -r static/. "$tmp"/
# A stylesheet per page from static/app.css (base.css, sidebar.css, trainer.css);
# the source itself is not served.
node scripts/page-css.mjs "$tmp"
rm "$tmp/app.css"
# The Zendesk app package: its own folder and an uploadable zip.
if [ -x scripts/build-zendesk.sh ]; then scripts/build-zendesk.sh "$tmp"; fi
node scripts/compress.mjs "$tmp"
rm -rf dist && mv "$tmp" dist
scripts/sizes.sh dist
if [ "$profile" = 1 ]; then
  scripts/wasm-opt-table.sh "$target/profile/turnaround.bindgen.wasm"
fi
