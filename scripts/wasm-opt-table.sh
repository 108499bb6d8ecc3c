#!/usr/bin/env bash
# Compares wasm-opt levels on one wasm-bindgen output by what the browser
# fetches: raw, gzip -9 and brotli 11. Prints a Markdown table.
#
#   scripts/wasm-opt-table.sh target/profile/turnaround.bindgen.wasm
set -euo pipefail
cd "$(dirname "$0")/.."
in=${1:?usage: scripts/wasm-opt-table.sh <wasm-bindgen output .wasm>}
features="--enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext --enable-multivalue"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
levels="-Oz -Os -O1 -O2 -O3"
for l in $levels; do
  # shellcheck disable=SC2086
  node_modules/.bin/wasm-opt "$l" $features "$in" -o "$out/$l.wasm" &
done
wait
echo "| wasm-opt | raw B | gzip -9 B | brotli 11 B |"
echo "| --- | --- | --- | --- |"
printf '| none (wasm-bindgen output) | %s | %s | %s |\n' "$(wc -c < "$in")" "$(gzip -9 -c "$in" | wc -c)" \
  "$(node -e 'import("./scripts/compress.mjs").then(m => console.log(m.brotliSize(require("fs").readFileSync(process.argv[1]))))' "$in")"
for l in $levels; do
  f="$out/$l.wasm"
  printf '| `%s` | %s | %s | %s |\n' "$l" "$(wc -c < "$f")" "$(gzip -9 -c "$f" | wc -c)" \
    "$(node -e 'import("./scripts/compress.mjs").then(m => console.log(m.brotliSize(require("fs").readFileSync(process.argv[1]))))' "$f")"
done
