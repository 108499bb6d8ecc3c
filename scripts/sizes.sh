#!/usr/bin/env bash
# Prints the transfer size of a built bundle per page: raw, gzip -9 and brotli
# 11 (the .gz/.br the build wrote beside each file are what the server sends).
set -euo pipefail
dir=${1:-dist}
gz() { gzip -9 -c "$1" | wc -c; }
br() { if [ -f "$1.br" ]; then wc -c < "$1.br"; else wc -c < "$1"; fi; }
row() { printf '%-40s %10s %10s %10s\n' "$1" "$2" "$3" "$4"; }
page() { # <title> <files…>
  local title=$1; shift
  local total_raw=0 total_gz=0 total_br=0
  for f in "$@"; do
    [ -f "$dir/$f" ] || continue
    local r g b
    r=$(wc -c < "$dir/$f"); g=$(gz "$dir/$f"); b=$(br "$dir/$f")
    row "$f" "$r" "$g" "$b"
    total_raw=$((total_raw + r)); total_gz=$((total_gz + g)); total_br=$((total_br + b))
  done
  row "$title" "$total_raw" "$total_gz" "$total_br"
}
row "file" "raw B" "gzip B" "brotli B"
page "sidebar total (what an agent loads)" pkg/turnaround_bg.wasm pkg/turnaround.js index.html boot.js base.css sidebar.css
page "trainer total (index.html?view=trainer)" pkg/trainer_bg.wasm pkg/trainer.js index.html boot.js base.css trainer.css
page "coach, on first use (worker)" pkg/coach_bg.wasm pkg/coach.js coach-worker.js
