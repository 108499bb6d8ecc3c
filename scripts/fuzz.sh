#!/usr/bin/env bash
# Fuzzes every parser of outside input, in two passes:
#   1. the property tests of tests/hostile.rs, TURNAROUND_PROPTEST_CASES times
#      each (default 100000), in an optimized build that keeps overflow and
#      debug checks (its own target dir, so the everyday debug build is untouched);
#   2. each cargo-fuzz target in fuzz/ for SECONDS (default 30).
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   PROPTEST_CASES=0 skips pass 1; FUZZ_SANITIZER=none|address (default address).
# A crash leaves its input in fuzz/artifacts/TARGET/ and makes the script fail;
# replay it with: RUSTC_BOOTSTRAP=1 cargo fuzz run -a TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-30}
shift || true
all=(protocol session store playbook render scenario coach timestamp)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
cases=${PROPTEST_CASES:-100000}
sanitizer=${FUZZ_SANITIZER:-address}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# cargo-fuzz needs nightly-only rustc flags (-Z sanitizer, coverage); on the
# stable toolchain RUSTC_BOOTSTRAP=1 unlocks them for this build only.
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

if [ "$cases" -gt 0 ]; then
  say "property tests, $cases cases each (tests/hostile.rs, optimized with overflow checks)"
  start=$(date +%s)
  CARGO_TARGET_DIR=target/hostile CARGO_PROFILE_DEV_OPT_LEVEL=2 TURNAROUND_PROPTEST_CASES=$cases \
    cargo test --quiet --test hostile
  echo "property tests: $cases cases per property, $(($(date +%s) - start)) s"
fi

say "building the fuzz targets (sanitizer: $sanitizer)"
cargo fuzz build --debug-assertions --sanitizer "$sanitizer"
# The binaries are run directly: `cargo fuzz run` would rebuild whenever the
# sources changed meanwhile, and every target should fuzz the same build.
bin_dir=fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release

# Largest input per target: whole playbooks and scenarios are tens of kilobytes.
max_len() {
  case $1 in
    playbook | scenario) echo 65536 ;;
    *) echo 8192 ;;
  esac
}

failed=0
summary=()
for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  # Seeds are copied, never fuzzed in place: libFuzzer writes to its first corpus dir.
  [ -d "fuzz/seeds/$t" ] && cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  case $t in
    playbook) cp -n static/playbooks/*.json "$corpus"/ ;;
    scenario) cp -n static/scenarios/*.json "$corpus"/ ;;
  esac
  say "fuzzing $t for ${secs}s"
  log=fuzz/artifacts/$t/last-run.log
  set +e
  "$bin_dir/$t" -artifact_prefix="fuzz/artifacts/$t/" -max_total_time="$secs" -max_len="$(max_len "$t")" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log" | tail -n 1)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    summary+=("$(printf '%-10s %12s runs in %ss, corpus %s, no crash' "$t" "${runs:-?}" "$secs" "$units")")
  else
    failed=1
    crash=$(grep -o 'fuzz/artifacts/[^ ]*' "$log" | grep -v last-run | tail -n 1 || true)
    summary+=("$(printf '%-10s %12s runs, CRASH (exit %s): %s (log: %s)' "$t" "${runs:-?}" "$rc" "${crash:-see log}" "$log")")
    grep -m 5 -E 'panicked|ERROR|SUMMARY' "$log" | sed 's/^/    /' || true
  fi
done

echo
echo "fuzz summary (${secs}s per target):"
printf '  %s\n' "${summary[@]}"
exit "$failed"
