// Trunk post-build hook, in order: a Content-Security-Policy in index.html, the connection engine's worker
// script (engine.js), then the offline shell (sw.js), whose build id covers both.
//
// The policy allows only the page's own files, the one inline module script Trunk writes to start the wasm
// (by its hash), WebSocket connections (brokers are chosen at run time: query, saved settings, config.json),
// the service worker and the web app manifest from our own folder.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeOfflineShell } from './offline.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');
const file = path.join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
// The engine's worker starts as the page is read, so its scripts load while the page's wasm downloads and
// compiles (src/mqtt/engine.rs takes it; `?engine=page` keeps the connection in the page). An error before
// the wasm listens is remembered for it. Hashed into the policy below like Trunk's own start-up script.
const early = `<script>if (!location.search.includes('engine=page')) try { const w = new Worker('engine.js', { type: 'module' }); w.addEventListener('error', (e) => { e.preventDefault(); window.__orderBoardEngineFailed = true; }); window.__orderBoardEngine = w; } catch (e) {}</script>`;
html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    ${early}`);
const hashes = [...html.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)]
  .filter(([, body]) => body.trim() !== '')
  .map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
// `trunk serve` (a debug build) fills its live-reload script's address in as it serves the page, after this
// hash was taken: a debug build admits inline scripts instead, so edits reload the page while developing.
// Release builds — what is hosted — keep the hash.
const release = process.env.TRUNK_PROFILE !== 'debug';
const inline = release ? hashes.join(' ') : "'unsafe-inline'";
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${inline}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
if (!html.includes('Content-Security-Policy')) throw new Error('index.html has no <meta charset="utf-8" /> to follow');
writeFileSync(file, html);

// The engine's Web Worker loads the page's own wasm (no second binary); its start-up sees no window and runs
// the connection engine instead of the view. The file names carry this build's hashes.
const start = html.match(/import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '([^']+)' \}\);/);
if (!start) throw new Error('index.html has no wasm start-up script to take the file names from');
writeFileSync(path.join(dir, 'engine.js'), `// The connection engine (written by scripts/post-build.mjs): the page's wasm, started in a worker.
// The page posts its compiled module first, so nothing is downloaded or compiled twice.
import init from '${start[1]}';
const first = await new Promise((resolve) => { self.onmessage = (e) => resolve(e.data); });
await init({ module_or_path: first instanceof WebAssembly.Module ? first : '${start[2]}' });
`);

// The catalogues the page fetches (src/i18n.rs): English is compiled in, the glossary is for translators;
// the rest without the indentation that helps people edit them.
const locales = path.join(dir, 'locales');
for (const name of readdirSync(locales)) {
  const file = path.join(locales, name);
  if (name === 'en.json' || !name.endsWith('.json')) rmSync(file);
  else writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))));
}

const shell = writeOfflineShell(dir, { release });
console.log(`post-build: CSP added; offline shell ${shell.build}, ${shell.files.length} files, ${shell.bytes} bytes`);
