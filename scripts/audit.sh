#!/usr/bin/env bash
# Dependency check with cargo-deny (policy: deny.toml), safe to run offline.
#   always:  licenses (permissive allow-list), bans (duplicate versions warn,
#            wildcard versions fail), sources (crates.io only, no git)
#   only when a RustSec database is already on disk: advisories
# Set AUDIT_FETCH_DB=1 to download the database first (needs github.com).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
start=$(date +%s)

if ! cargo deny --version >/dev/null 2>&1; then
  say "installing cargo-deny (a one-time build of a few minutes)"
  cargo install cargo-deny --locked || cargo install cargo-deny
fi

# cargo metadata reads the manifest of every locked crate, for every target.
# Fetch what is missing from the registry; offline, the cache must do.
if ! cargo fetch --locked --quiet 2>/dev/null; then
  echo "audit: could not reach the registry; using the local crate cache"
fi

say "cargo deny: licenses, bans, sources (offline)"
cargo deny --offline check --hide-inclusion-graph bans licenses sources

db_dir=${CARGO_HOME:-$HOME/.cargo}/advisory-dbs
if [ "${AUDIT_FETCH_DB:-0}" = 1 ]; then
  say "fetching the RustSec advisory database"
  cargo deny fetch db || echo "audit: could not fetch the advisory database"
fi
if compgen -G "$db_dir/*/crates" >/dev/null; then
  say "cargo deny: advisories (local database in $db_dir)"
  cargo deny --offline check --hide-inclusion-graph advisories
  advisories="checked against the local RustSec database"
else
  advisories="NOT CHECKED: no RustSec database in $db_dir (AUDIT_FETCH_DB=1 scripts/audit.sh fetches one)"
fi

echo "audit: licenses, bans and sources passed; advisories $advisories ($(($(date +%s) - start)) s)"
