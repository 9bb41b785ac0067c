#!/usr/bin/env bash
# Installs what one command needs, only what is missing; safe to run again (a warm machine pays nothing).
#   bash scripts/setup.sh run    build and serve the board: wasm target, wasm-bindgen, wasm-opt, trunk, Mosquitto
#   bash scripts/setup.sh test   all of that, plus Chromium, ChromeDriver, NATS and RabbitMQ for the tests
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen in Cargo.lock and [tools] in Trunk.toml
BINARYEN_VERSION=132           # must equal [tools] wasm_opt in Trunk.toml and tools/package.json

mode=${1:-test}
case "$mode" in
  run | test) ;;
  *) echo "usage: bash scripts/setup.sh [run|test]" >&2; exit 2 ;;
esac

source scripts/env.sh
installed=()
log() { printf '[setup %4ss] %s\n' "$SECONDS" "$*" >&2; }
# Runs one install step, timed; its output is kept in target/setup-logs/ and shown only if it fails.
step() {
  local name=$1; shift
  local logfile="target/setup-logs/${name// /-}.log" started=$SECONDS
  mkdir -p target/setup-logs
  log "$name ..."
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    log "$name FAILED after $((SECONDS - started)) s (full log: $logfile)"
    exit 1
  fi
  log "$name done in $((SECONDS - started)) s"
  installed+=("$name ($((SECONDS - started)) s)")
}

apt_install() {
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

need_apt=()
[ -x /usr/sbin/mosquitto ] || command -v mosquitto >/dev/null 2>&1 || need_apt+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need_apt+=(mosquitto-clients)
if [ "$mode" = test ]; then
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
  # The second broker implementation (interop test): NATS installs in seconds, rumqttd took minutes of compiling.
  [ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || need_apt+=(nats-server)
  # Clustered brokers people outgrow one Mosquitto with (cluster tests): NATS above, and RabbitMQ.
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need_apt+=(rabbitmq-server)
  # A Python client like the seed's (paho-mqtt) publishes and reads orders in details.test.mjs; Debian's
  # python3, whatever python3 comes first on PATH.
  /usr/bin/python3 -c 'import paho.mqtt.client' >/dev/null 2>&1 || need_apt+=(python3-paho-mqtt)
fi
# The Debian mosquitto package starts a system broker on 1883; our commands use their own ports, so it may stay.
[ ${#need_apt[@]} -eq 0 ] || step "apt-get install ${need_apt[*]}" apt_install "${need_apt[@]}"

rustup target list --installed | grep -q wasm32-unknown-unknown ||
  step "rustup target add wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown

# wasm-opt from npm's binaryen: a build of binaryen that runs under Node, seconds to install instead of the
# ~8 minutes `cargo install wasm-opt` spends compiling C++. Debian's binaryen 108 builds a wasm that shows a
# blank page; Trunk.toml accepts only the pinned version, and the browser tests would catch a broken one.
wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION" ||
  step "npm ci binaryen $BINARYEN_VERSION (wasm-opt)" npm ci --prefix tools --no-audit --no-fund --loglevel=error

# The two Rust tools compile from crates.io (no prebuilt binaries can be fetched here). They only drive the
# build, so they are compiled without LTO and with parallel codegen: minutes sooner, no difference to dist/.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=2 \
    cargo install -q "$@"
}
wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION" ||
  # Not --locked: its lock file wants a webpki-roots the registry lacks.
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION" \
    fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION" ||
  # trunk declares rust-version 1.96.1 but works on 1.95.
  step "cargo install trunk $TRUNK_VERSION" \
    fast_install --locked --ignore-rust-version trunk --version "$TRUNK_VERSION" --force

if [ ${#installed[@]} -eq 0 ]; then
  log "nothing to install ($mode): $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | head -1)"
else
  log "installed for '$mode' in $SECONDS s:"
  for item in "${installed[@]}"; do log "  $item"; done
fi
