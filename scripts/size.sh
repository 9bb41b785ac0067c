#!/usr/bin/env bash
# Prints the release build's transfer size: what a browser downloads (wasm + js + css), raw, gzip -9 and brotli 11.
set -euo pipefail
cd "$(dirname "$0")/.."
node --input-type=module -e '
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
const dir = process.argv[1];
const rows = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).map((f) => {
  const bytes = readFileSync(`${dir}/${f}`);
  return [f, bytes.length, gzipSync(bytes, { level: 9 }).length,
    brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
});
rows.push(rows.reduce((t, r) => ["total", t[1] + r[1], t[2] + r[2], t[3] + r[3]], ["total", 0, 0, 0]));
for (const [f, raw, gz, br] of rows) console.log(`${f.padEnd(44)} ${String(raw).padStart(8)} bytes ${String(gz).padStart(8)} gzip ${String(br).padStart(8)} brotli`);
' "${1:-dist}"
