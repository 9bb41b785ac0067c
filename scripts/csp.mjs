// Trunk post-build hook: adds a Content-Security-Policy to index.html that allows only the page's own files,
// the one inline module script Trunk writes to start the wasm (by its hash), and WebSocket connections.
// Brokers are chosen at run time (query, saved settings, config.json), so connect-src allows ws: and wss:.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk hook');
const file = path.join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script(?: [^>]*)?>([\s\S]*?)<\/script>/g)]
  .filter(([, body]) => body.trim() !== '')
  .map(([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
html = html.replace(/<meta charset="utf-8" \/>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
if (!html.includes('Content-Security-Policy')) throw new Error('index.html has no <meta charset="utf-8" /> to follow');
writeFileSync(file, html);
