// The offline shell: keeps every file of one build in a cache so the board opens with no network.
// The post-build hook (scripts/offline.mjs) fills in BUILD and SHELL; a new build is a new sw.js, which the
// browser installs beside the old one and the page offers to switch to ("A new version is ready").
const BUILD = '@BUILD@';
const SHELL = [/* @SHELL@ */];
// Files a host edits after the build: the network first, the cached copy when there is no network.
const NETWORK_FIRST = ['config.json', 'menu.json'];
const PREFIX = 'order-board-shell-';
const CACHE = PREFIX + BUILD;

const scope = () => new URL(self.registration.scope);
const inScope = (name) => new URL(name, scope()).pathname;

// A language's catalogue (locales/<tag>.json) is not in SHELL: kept when the page first fetches it.
const isCatalogue = (url) => url.pathname.startsWith(inScope('locales/')) && url.pathname.endsWith('.json');

self.addEventListener('install', (event) => {
  // `reload`: straight from the server, never a copy from the HTTP cache of an older build.
  const fresh = (url) => new Request(url, { cache: 'reload' });
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(SHELL.map((name) => fresh(new URL(name, scope()))));
    // The catalogues this board already speaks come along to the new version, so it keeps its language
    // offline. One that cannot be fetched now is fetched when the page asks for it.
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE) continue;
      for (const old of await (await caches.open(name)).keys()) {
        if (isCatalogue(new URL(old.url))) await cache.add(fresh(old.url)).catch(() => {});
      }
    }
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The page asks for this when the cook taps "Reload" on the new-version notice, never by itself.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  // The catalogue of the language the page speaks, kept for offline use (src/shell.rs keep_offline).
  if (typeof event.data === 'string' && event.data.startsWith('keep:')) {
    const url = new URL(event.data.slice('keep:'.length), scope());
    if (!isCatalogue(url)) return;
    event.waitUntil(caches.open(CACHE).then(async (cache) => {
      if (!(await cache.match(url.pathname))) await cache.add(url.pathname);
    }).catch(() => {}));
  }
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { cache: 'no-store' });
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (offline) {
    const copy = await cache.match(key);
    if (copy) return copy;
    throw offline;
  }
}

async function cacheFirst(request, key, { keep = false } = {}) {
  const cache = await caches.open(CACHE);
  const copy = await cache.match(key);
  if (copy) return copy;
  const response = await fetch(request);
  if (keep && response.ok) await cache.put(key, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const root = scope().pathname;
  // The page itself, whatever its query (?broker=…&topic=…): one cached index.html.
  if (request.mode === 'navigate' && (url.pathname === root || url.pathname === `${root}index.html`)) {
    event.respondWith(cacheFirst(request, inScope('index.html')));
    return;
  }
  if (NETWORK_FIRST.some((name) => url.pathname === inScope(name))) {
    event.respondWith(networkFirst(request, url.pathname));
    return;
  }
  if (SHELL.some((name) => url.pathname === inScope(name))) {
    event.respondWith(cacheFirst(request, url.pathname));
  } else if (isCatalogue(url)) {
    event.respondWith(cacheFirst(request, url.pathname, { keep: true }));
  }
});
