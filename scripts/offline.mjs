// The offline shell for one build: writes sw.js (from shell/sw.js) into a build folder with the list of every
// file it must cache and a build id that changes with their contents. A debug build gets a service worker that
// removes itself and its caches instead, so `trunk serve` is never served stale files.
// Used by the post-build hook, and by the tests to make a "new build" out of a copy of dist/.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function filesUnder(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  }).sort();
}

const REMOVE_SELF = `// Debug build: no offline shell. Removes any service worker and cache an earlier release build left here.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('order-board-shell-')) await caches.delete(name);
  await self.registration.unregister();
})()));
`;

/** Writes `dir`/sw.js; returns the build id and what the shell caches (names and bytes). */
export function writeOfflineShell(dir, { release = true } = {}) {
  const out = path.join(dir, 'sw.js');
  if (!release) {
    writeFileSync(out, REMOVE_SELF);
    return { build: 'debug', files: [], bytes: 0 };
  }
  const all = filesUnder(dir).filter((name) => name !== 'sw.js');
  // A language's catalogue is kept once the page fetches it, not downloaded by every kitchen (shell/sw.js);
  // it still counts in the build id, so a changed catalogue is a new version.
  const files = all.filter((name) => !name.startsWith('locales/'));
  const hash = createHash('sha256');
  let bytes = 0;
  for (const name of all) {
    const content = readFileSync(path.join(dir, name));
    if (files.includes(name)) bytes += content.length;
    hash.update(name).update('\0').update(content);
  }
  const build = hash.digest('hex').slice(0, 16);
  const template = readFileSync(path.join(repoRoot, 'shell/sw.js'), 'utf8');
  writeFileSync(out, template
    .replace('@BUILD@', build)
    .replace('/* @SHELL@ */', files.map((f) => JSON.stringify(f)).join(', ')));
  return { build, files, bytes };
}

// As a command: `node scripts/offline.mjs DIR` (re)writes DIR/sw.js for a release build.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { build, files, bytes } = writeOfflineShell(process.argv[2] ?? 'dist');
  console.log(`offline shell ${build}: ${files.length} files, ${bytes} bytes`);
}
