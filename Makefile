# Turnaround: the two commands are `make run` and `make test`.
# Each installs what it needs first (scripts/setup.sh, idempotent).

.PHONY: setup build run test test-native test-wasm test-e2e lint audit bench fuzz clean

setup:
	@scripts/setup.sh

build: setup
	@scripts/build.sh

## Build, then serve the demo helpdesk on http://127.0.0.1:8080/
run: build
	@node scripts/serve.mjs --port 8080 --host 127.0.0.1

## Every test: native, in headless Chromium (wasm-bindgen-test), end to end (Playwright).
test: setup lint audit test-native build test-wasm test-e2e
	@echo "make test: all suites passed"

test-native:
	cargo test --quiet

test-wasm:
	cargo test --target wasm32-unknown-unknown --test web --test web_tools --test web_trainer

test-e2e:
	npx playwright test

## Source checks that need no build: no wildcard postMessage, no raw HTML.
lint:
	@scripts/lint.sh

## Dependency check (deny.toml): licenses, bans, sources offline; advisories when a local RustSec database exists.
audit:
	@scripts/audit.sh

## Hostile input, deep: every property test 100000 times, then each cargo-fuzz target for FUZZ_SECONDS (default 30).
fuzz:
	@scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build
	@scripts/bench.sh

clean:
	rm -rf dist target/wasm32-unknown-unknown/release
