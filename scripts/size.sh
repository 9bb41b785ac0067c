#!/usr/bin/env bash
# Prints the release build's transfer size: what a browser downloads (wasm + js + css), raw and gzip -9.
set -euo pipefail
cd "$(dirname "$0")/.."
total_raw=0; total_gz=0
for f in dist/*.wasm dist/*.js dist/*.css; do
  [ -e "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %8d bytes  %8d gzip\n' "$(basename "$f")" "$raw" "$gz"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
done
printf '%-48s %8d bytes  %8d gzip\n' "total" "$total_raw" "$total_gz"
