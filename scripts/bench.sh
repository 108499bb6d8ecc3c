#!/usr/bin/env bash
# The benchmark table of issue 8: size, start-up against a static baseline,
# interaction, memory, storage at scale and the coach. `make bench` builds the
# release bundle first (scripts/build.sh), then runs this. Prints one table and
# writes it into docs/benchmarks.md (the previous table moves under "Previous runs").
#
# Options go to bench/run.mjs (--no-doc leaves docs/benchmarks.md alone).
# Environment: BENCH_RUNS, BENCH_REPS, BENCH_SESSIONS, BENCH_MEMORY_RUNS,
# BENCH_SEARCHES, BENCH_ONLY, CHROMIUM (see bench/run.mjs); BENCH_COACH=0 skips
# the native coach bench (it needs a release build of the native crate).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f dist/pkg/turnaround_bg.wasm ]; then
  echo "bench: dist/ has no bundle; run scripts/build.sh first (make bench does)" >&2
  exit 1
fi
if [ ! -d node_modules/playwright-core ]; then
  echo "bench: node_modules/playwright-core is missing; run scripts/setup.sh (make setup)" >&2
  exit 1
fi

mkdir -p target/bench
coach_out=target/bench/coach.txt
rm -f "$coach_out"
if [ "${BENCH_COACH:-1}" != 0 ] && [ -f benches/coach.rs ]; then
  echo "bench: cargo bench --bench coach (the coach's native speed; its output: $coach_out)" >&2
  # The coach bench exits 1 when a quality target is missed; its speed lines still count.
  cargo bench --bench coach >"$coach_out" 2>&1 || echo "bench: cargo bench --bench coach exited with status $? (see $coach_out)" >&2
fi

exec node bench/run.mjs --coach-output "$coach_out" "$@"
