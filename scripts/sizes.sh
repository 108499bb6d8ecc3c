#!/usr/bin/env bash
# Prints the transfer size of a built bundle: raw and gzip -9, per kind.
set -euo pipefail
dir=${1:-dist}
gz() { gzip -9 -c "$1" | wc -c; }
row() { printf '%-34s %10s %10s\n' "$1" "$2" "$3"; }
row "file" "raw B" "gzip B"
total_raw=0; total_gz=0
for f in "$dir/pkg/turnaround_bg.wasm" "$dir/pkg/turnaround.js" "$dir/index.html" "$dir/boot.js" "$dir/app.css"; do
  [ -f "$f" ] || continue
  r=$(wc -c < "$f"); g=$(gz "$f")
  row "${f#$dir/}" "$r" "$g"
  total_raw=$((total_raw + r)); total_gz=$((total_gz + g))
done
row "sidebar total (what an agent loads)" "$total_raw" "$total_gz"
