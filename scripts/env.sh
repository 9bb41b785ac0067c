# Sourced by the scripts: puts the project's pinned tools first on PATH so Trunk finds them and never downloads.
# shellcheck shell=bash
_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$_repo/tools/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
unset _repo
