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

self.addEventListener('install', (event) => {
  // `reload`: straight from the server, never a copy from the HTTP cache of an older build.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(SHELL.map((name) => new Request(new URL(name, scope()), { cache: 'reload' })))));
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

async function cacheFirst(request, key) {
  const copy = await (await caches.open(CACHE)).match(key);
  return copy ?? fetch(request);
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
  }
});
