#!/usr/bin/env bash
# Runs every test the project has, after installing whatever this machine is missing.
# Formatting, lints (native + wasm32), native tests, browser tests, release build, end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
source scripts/env.sh
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "format"
cargo fmt --check
step "clippy, native"
cargo clippy --locked --all-targets -- -D warnings
step "clippy, wasm32"
cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
step "native tests (domain, session scenarios)"
cargo test --locked
cargo build --locked --example validate_order --example generate_orders
step "browser tests (wasm-bindgen-test in headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown --test web
step "release build"
trunk build --release --locked
bash scripts/size.sh
step "release build with the test languages en-XA and ar-XB (tests/e2e/pseudo.test.mjs reads it)"
trunk build --release --locked --features pseudo-locales --dist dist-pseudo
step "end to end (Mosquitto + headless Chromium + mosquitto_pub/sub)"
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error && npm test)
step "benchmark smoke run (so the harness cannot rot; figures are not judged here)"
(cd bench && npm ci --no-audit --no-fund --loglevel=error && node bench.mjs --smoke)
step "all tests passed"
