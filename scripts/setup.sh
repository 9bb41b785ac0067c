#!/usr/bin/env bash
# Installs every tool the project needs, only what is missing; safe to run again (a warm machine pays nothing).
set -euo pipefail

TRUNK_VERSION=0.22.1
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen in Cargo.lock and [tools] in Trunk.toml
BINARYEN_VERSION=116           # must equal [tools] wasm_opt in Trunk.toml
RUMQTTD_VERSION=0.19.0         # second broker implementation for the interoperability test

export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[setup] %s\n' "$*" >&2; }

need_apt=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need_apt+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need_apt+=(mosquitto-clients)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# The Debian package starts a system broker on 1883; our tests use their own ports, so that one may stay.

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file wants a webpki-roots the registry lacks.
  cargo install -q wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  log "cargo install wasm-opt (binaryen $BINARYEN_VERSION)"
  # Debian's binaryen 108 builds a wasm that shows a blank page; only this pinned one is used.
  cargo install -q --locked wasm-opt --version "0.$BINARYEN_VERSION.1" --force
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  log "cargo install trunk $TRUNK_VERSION"
  # trunk declares rust-version 1.96.1 but works on 1.95.
  cargo install -q --locked --ignore-rust-version trunk --version "$TRUNK_VERSION" --force
fi

if ! rumqttd --version 2>/dev/null | grep -q "$RUMQTTD_VERSION"; then
  log "cargo install rumqttd $RUMQTTD_VERSION"
  # Not --locked: its lock file pins a `time` that no longer builds on current Rust.
  cargo install -q rumqttd --version "$RUMQTTD_VERSION" --force
fi

log "tools ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | head -1)"
