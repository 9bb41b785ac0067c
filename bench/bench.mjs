// Benchmark: the order board against a reference MQTT.js page, on one broker, in one run, on this machine.
// `node bench.mjs` runs the full set (several minutes); `--smoke` a small one that only proves it still works.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { startMosquitto, serveDist, launchBrowser, waitFor } from '../tests/e2e/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const smoke = process.argv.includes('--smoke');
const REPEATS = smoke ? 1 : Number(process.env.REPEATS ?? 3);
// BURSTS=10000 QOS=1 PARTS=burst,paced narrow a run while tuning; the defaults are the full set.
const list = (name, all) => (process.env[name] ? process.env[name].split(',') : all);
const BURSTS = list('BURSTS', smoke ? [1000] : [1000, 10000, 50000]).map(Number);
const QOS = list('QOS', smoke ? [1] : [0, 1]).map(Number);
const PARTS = list('PARTS', ['burst', 'paced', 'rush', 'wall', 'generator', 'report', 'ceiling']);
// ours-nohistory: our build without its history (`?history=off`): what keeping the history costs.
// ours-page: our build with its connection engine in the page (`?engine=page`, the build before the worker);
// floor-worker: the floor's bytes with its socket in a worker.
// baseline: another build of ours served from BASELINE_DIST (e.g. the commit before a change), when given.
const BASELINE_DIST = process.env.BASELINE_DIST;
const KINDS = list('KINDS', ['ours', 'ours-nohistory', 'reference', 'floor', 'ours-page', 'floor-worker', ...(BASELINE_DIST ? ['baseline'] : [])]);
const RUSH = smoke ? { n: 2000, everyMs: 250 } : { n: 30000, everyMs: 250 };
const PACED = smoke ? { rate: 200, seconds: 2 } : { rate: 1000, seconds: 10 };
const GEN_N = smoke ? 2000 : 20000;
const WALL = smoke ? { tickets: 60, everyMs: 500, seconds: 4, cpu: 4 } : { tickets: 60, everyMs: 500, seconds: 20, cpu: 4 };

const NAMES = ['Maya Rodriguez', 'Liam Smith', 'Sofia Nguyen', 'Noah Okafor', 'Aisha Patel', 'Kenji Tanaka'];
const ITEMS = [['Margherita Pizza', 12.99], ['Caesar Salad', 8.99], ['Bacon BBQ Burger', 13.99],
  ['Spaghetti Carbonara', 14.49], ['French Fries', 4.49], ['Fresh Lemonade', 3.49], ['Tiramisu', 7.99]];

/** A realistic ~400-byte order in the seed's wire format. */
export function order(id, i) {
  const items = [0, 1, 2].map((k) => {
    const [name, price] = ITEMS[(i + k * 3) % ITEMS.length];
    return { name, quantity: 1 + ((i + k) % 3), price };
  });
  const cents = items.reduce((s, it) => s + Math.round(it.price * 100) * it.quantity, 0);
  return JSON.stringify({
    order_id: id, customer_name: NAMES[i % NAMES.length], items, total_amount: cents / 100,
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    special_instructions: i % 3 === 0 ? 'Food allergy: nuts' : 'Ring the bell on arrival, please',
  });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: s[0], median: q(0.5), max: s[s.length - 1], p50: q(0.5), p75: q(0.75), p95: q(0.95), p99: q(0.99) };
};

export function connectNative(port, opts = {}) {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, ...opts });
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

/** Publishes orders; resolves with the wall-clock send time of each id. */
export async function publish(client, topic, ids, qos, pacedRate = 0) {
  const sentAt = new Map();
  const start = Date.now();
  const pending = [];
  for (let i = 0; i < ids.length; i++) {
    if (pacedRate) {
      const due = start + (i * 1000) / pacedRate;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
    sentAt.set(ids[i], Date.now());
    pending.push(new Promise((r) => client.publish(topic, order(ids[i], i), { qos }, r)));
    if (!pacedRate && i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  await Promise.all(pending);
  return sentAt;
}

/** Serves the reference page and MQTT.js's own browser bundle. */
export async function serveReference() {
  const files = {
    '/reference.html': ['text/html', readFileSync(path.join(here, 'reference.html'))],
    '/floor.html': ['text/html', readFileSync(path.join(here, 'floor.html'))],
    '/floor-worker.html': ['text/html', readFileSync(path.join(here, 'floor-worker.html'))],
    '/floor-worker.js': ['text/javascript', readFileSync(path.join(here, 'floor-worker.js'))],
    '/mqtt.min.js': ['text/javascript', readFileSync(path.join(here, 'node_modules/mqtt/dist/mqtt.min.js'))],
  };
  const server = createServer((req, res) => {
    const f = files[new URL(req.url, 'http://x').pathname];
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': f[0] }).end(f[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The two pages, described by how to open them and read them. */
const ourPage = (engine) => ({
  url: (o, broker, topic, qos) => `${o}/?${new URLSearchParams({ broker, topic, qos, persistent: '0', version: '3.1.1', ...engine })}`,
  ready: (topic) => `document.querySelector('[data-testid=conn-state]')?.dataset.subscribed === ${JSON.stringify(topic)}`,
  count: `Number(document.querySelector('[data-testid=order-count]')?.textContent ?? 0)`,
  cards: '[data-testid=cards]',
  // What a cook taps in a rush: the first ticket's bump button.
  tap: '[data-testid=bump]',
  async prepare(page) {
    // Keep every order of the largest burst, so the count can reach it.
    await page.fill('[data-testid=history-limit]', '100000');
    await page.dispatchEvent('[data-testid=history-limit]', 'change');
  },
});
const rawPage = (file) => ({
  url: (o, broker, topic, qos) => `${o}/${file}?${new URLSearchParams({ broker, topic, qos })}`,
  ready: () => 'window.__subscribed === true',
  count: 'window.__count',
  cards: '#cards',
  tap: file === 'reference.html' ? '#tap' : null,
  async prepare() {},
});
/** The pages, described by how to open them and read them. */
export const PAGES = {
  ours: ourPage({}),
  'ours-page': ourPage({ engine: 'page' }),
  // The same build without its history (`?history=off`): what keeping the history costs.
  'ours-nohistory': ourPage({ history: 'off' }),
  baseline: ourPage({}),
  floor: rawPage('floor.html'),
  'floor-worker': rawPage('floor-worker.html'),
  reference: rawPage('reference.html'),
};

/** In-page probes: render time per order id, longest gap between animation frames, long tasks. */
export const PROBES = (cardsSelector) => `(() => {
  window.__rendered = new Map();
  const target = document.querySelector(${JSON.stringify(cardsSelector)});
  // A card appears as a new element, or (ours) as a kept card taking the ticket: its data-order-id changes.
  const seen = (id, now) => { if (id && !window.__rendered.has(id)) window.__rendered.set(id, now); };
  new MutationObserver((records) => {
    const now = Date.now();
    for (const r of records) {
      if (r.type === 'attributes') seen(r.target.dataset?.orderId, now);
      else for (const n of r.addedNodes) seen(n.dataset?.orderId, now);
    }
  }).observe(target, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-order-id'] });
  window.__maxGap = 0; window.__longTasks = 0;
  let last = performance.now();
  const frame = (t) => { window.__maxGap = Math.max(window.__maxGap, t - last); last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks += e.duration; })
    .observe({ type: 'longtask', buffered: false });
})()`;

export async function openPage(browser, kind, origin, broker, topic, qos) {
  const spec = PAGES[kind];
  // The probes are string predicates, which the board's CSP forbids; the policy does not change speed.
  const page = await browser.newPage({ bypassCSP: true });
  const t0 = Date.now();
  await page.goto(spec.url(origin, broker, topic, qos));
  await page.waitForFunction(spec.ready(topic), null, { timeout: 30000, polling: 10 });
  const loadToSubscribed = Date.now() - t0;
  await spec.prepare(page);
  await page.evaluate(PROBES(spec.cards));
  return { page, loadToSubscribed };
}

export async function measureIngest(browser, kind, origins, broker, n, qos, paced = 0) {
  const topic = `bench/${kind}/${n}/${qos}/${Date.now()}`;
  const { page, loadToSubscribed } = await openPage(browser, kind, origins[kind], broker.wsUrl, topic, qos);
  const publisher = await connectNative(broker.mqttPort);
  const ids = Array.from({ length: n }, (_, i) => `B${i}-${Math.random().toString(36).slice(2, 8)}`);
  const t0 = Date.now();
  const sentAt = await publish(publisher, topic, ids, qos, paced);
  await page.waitForFunction(`${PAGES[kind].count} >= ${n}`, null, { timeout: 600000, polling: 'raf' });
  const done = Date.now();
  const probe = await page.evaluate(() => ({
    rendered: [...(window.__arrived ?? window.__rendered).entries()], maxGap: window.__maxGap, longTasks: window.__longTasks,
  }));
  const latencies = probe.rendered.filter(([id]) => sentAt.has(id)).map(([id, t]) => t - sentAt.get(id));
  const cdp = await page.context().newCDPSession(page);
  // Garbage both pages would shed anyway is not memory they use — nor is the engine worker's (its own heap,
  // which the page's collection does not reach; `gc` is there with --expose-gc).
  await cdp.send('HeapProfiler.collectGarbage');
  for (const worker of page.workers()) await worker.evaluate(() => globalThis.gc?.()).catch(() => {});
  const rendererMB = rendererMemoryMB();
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
  publisher.end(true);
  await page.close();
  return {
    seconds: (done - t0) / 1000, rate: n / ((done - t0) / 1000), latency: stats(latencies.length ? latencies : [NaN]),
    maxGap: probe.maxGap, longTasks: probe.longTasks, heapMB: metric('JSHeapUsedSize') / 1048576,
    nodes: metric('Nodes'), loadToSubscribed, rendererMB,
  };
}

/**
 * The report's render time over a history of `n` orders spread across `days` days: the records are put in the
 * page's own IndexedDB (the shape src/history.rs writes), then the period is chosen and the time is taken until
 * the report shows all `n` orders (reading, decoding, working out and drawing).
 */
export async function measureReport(browser, origin, broker, n, days) {
  const page = await browser.newPage({ bypassCSP: true });
  const topic = `bench/report/${Date.now()}`;
  await page.goto(`${origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, view: 'report' })}`);
  await page.waitForSelector('[data-testid=report-orders]', { timeout: 30000 });
  await page.evaluate(async ({ n, days }) => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('order-board');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const dishes = [['Margherita Pizza', 'Pizza'], ['Caesar Salad', 'Salad'], ['Iced Tea', 'Drinks'], ['Tiramisu', 'Dessert']];
    const now = Date.now();
    // Inside the report's period: from local midnight `days - 1` days ago until now.
    const midnight = new Date(now);
    midnight.setHours(0, 0, 0, 0);
    const from = midnight.getTime() - (days - 1) * 86_400_000;
    for (let start = 0; start < n; start += 5000) {
      const tx = db.transaction('history', 'readwrite');
      const store = tx.objectStore('history');
      for (let i = start; i < Math.min(n, start + 5000); i++) {
        const placed = from + 60_000 + Math.floor(((i + 0.5) / n) * (now - from - 120_000));
        const [dish, station] = dishes[i % dishes.length];
        const ready = placed + 180_000 + (i % 600) * 1000;
        const record = { id: `H${i}`, c: 'Guest', m: 1299, l: [{ d: dish, q: 1 + (i % 3), s: station }], s: 'served',
          p: placed, o: true, r: placed + 500, f: placed, b: placed + 60_000, y: ready, v: ready + 60_000,
          t: [{ s: station, b: placed + 60_000, d: ready }],
          // The order as published, as every record now carries it (for the CSV's rows).
          w: JSON.stringify({ order_id: `H${i}`, customer_name: 'Guest', items: [{ name: dish, quantity: 1 + (i % 3), price: 12.99 }],
            total_amount: 12.99 * (1 + (i % 3)), timestamp: new Date(placed).toISOString(), special_instructions: null,
            order_type: 'takeout', number: `A${i % 100}` }) };
        store.put({ id: record.id, p: placed, j: JSON.stringify(record) });
      }
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    }
    db.close();
  }, { n, days });
  const ms = await page.evaluate(async ({ n, span }) => {
    const select = document.querySelector('[data-testid=report-period]');
    const t0 = performance.now();
    select.value = span;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    for (;;) {
      await new Promise(requestAnimationFrame);
      if (document.querySelector('[data-testid=report-orders]')?.textContent.trim() === String(n)) return performance.now() - t0;
      if (performance.now() - t0 > 60000) return NaN;
    }
  }, { n, span: days <= 7 ? 'week' : 'quarter' });
  await page.close();
  return ms;
}

/**
 * The rush: a burst of `n` QoS 1 orders while a cook taps the first ticket's bump button every `everyMs` with
 * real input (mouse down and up at its place). Each tap's Event Timing duration — input to the next paint, what
 * INP reports — is read from a PerformanceObserver. The browser reports only interactions of 16 ms or more, so
 * a tap without an entry counts as 16 ms (an upper bound).
 */
export async function measureRush(browser, kind, origins, broker, { n, everyMs }) {
  const topic = `bench/rush/${kind}/${Date.now()}`;
  const spec = PAGES[kind];
  const { page } = await openPage(browser, kind, origins[kind], broker.wsUrl, topic, 1);
  const publisher = await connectNative(broker.mqttPort);
  // A ticket to tap before the rush starts; the taps go where its bump button is (whatever is there later,
  // as for a cook tapping the top ticket). Asking the page where it is during the burst would wait on it.
  await publish(publisher, topic, ['R-first'], 1);
  await page.waitForFunction(`${spec.count} >= 1`, null, { timeout: 30000 });
  const box = await page.locator(spec.tap).first().boundingBox({ timeout: 30000 });
  await page.evaluate(() => {
    window.__taps = new Map();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId) window.__taps.set(e.interactionId, Math.max(window.__taps.get(e.interactionId) ?? 0, e.duration));
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  });
  const ids = Array.from({ length: n }, (_, i) => `R${i}-${Math.random().toString(36).slice(2, 8)}`);
  let published = false;
  const sending = publish(publisher, topic, ids, 1).then(() => { published = true; });
  let taps = 0;
  // Tap until the broker has every order and the page has shown them all (the count is read only then).
  while (!published || !(await page.evaluate(`${spec.count} >= ${n + 1}`))) {
    const next = Date.now() + everyMs;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    taps += 1;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await sending;
  // The last tap's entry comes with the paint after it.
  await page.waitForTimeout(100);
  const measured = await page.evaluate(() => [...window.__taps.values()]);
  const durations = [...measured, ...Array(Math.max(0, taps - measured.length)).fill(16)];
  publisher.end(true);
  await page.close();
  return { taps, measured: measured.length, ...stats(durations.length ? durations : [NaN]) };
}


export async function generatorRate(browser, origin, broker, qos, extra = {}) {
  const topic = `bench/generator/${qos}/${Date.now()}`;
  const sub = await connectNative(broker.mqttPort);
  let first = 0; let last = 0; let count = 0;
  sub.on('message', () => { const t = Date.now(); if (!count) first = t; last = t; count += 1; });
  await new Promise((r) => sub.subscribe(topic, { qos }, r));
  // The probes are string predicates, which the board's CSP forbids; the policy does not change speed.
  const page = await browser.newPage({ bypassCSP: true });
  // The board publishes to the topic it is connected with (and so also shows its own orders, as any board
  // does): the figure is publishing plus showing, since the panel's draft no longer changes the live topic.
  // 3.1.1, as the reference page speaks and as earlier runs of this benchmark measured.
  await page.goto(`${origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic, qos, persistent: '0', version: '3.1.1', ...extra })}`);
  await page.waitForFunction(PAGES.ours.ready(topic), null, { timeout: 30000 });
  await page.fill('[data-testid=gen-count]', String(GEN_N));
  await page.fill('[data-testid=gen-interval]', '0');
  await page.fill('[data-testid=gen-seed]', '7');
  await page.click('[data-testid=gen-start]');
  await waitFor('all generated orders at the native subscriber', () => count >= GEN_N, 600000);
  const acked = await page.$eval('[data-testid=gen-acknowledged]', (e) => Number(e.textContent));
  await page.close();
  sub.end(true);
  return { rate: count / ((last - first) / 1000 || 1), received: count, acked };
}

/**
 * Memory of the page's renderer process (PSS, MB): the largest Chromium renderer alive, as the page under
 * test is the only one holding tens of thousands of orders. Read from /proc, so Linux only.
 */
function rendererMemoryMB() {
  let largest = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer')) continue;
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (pss) largest = Math.max(largest, Number(pss[1]) / 1024);
    } catch { /* the process ended meanwhile */ }
  }
  return largest;
}

async function brokerCeiling(broker, n) {
  const topic = `bench/native/${Date.now()}`;
  const sub = await connectNative(broker.mqttPort);
  let count = 0; let lastAt = 0;
  sub.on('message', () => { count += 1; lastAt = Date.now(); });
  await new Promise((r) => sub.subscribe(topic, { qos: 0 }, r));
  const pub = await connectNative(broker.mqttPort);
  const t0 = Date.now();
  await publish(pub, topic, Array.from({ length: n }, (_, i) => `N${i}`), 0);
  await waitFor('native subscriber', () => count >= n, 120000);
  pub.end(true); sub.end(true);
  return n / ((lastAt - t0) / 1000);
}

/** What a browser downloads, in KB, gzip -9 and brotli (quality 11): our wasm + js + css against MQTT.js's bundle. */
function transferSizes(dist = path.join(root, 'dist')) {
  const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
  const br = (f) => brotliCompressSync(readFileSync(f), { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const files = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f)).map((f) => path.join(dist, f));
  const sum = (size) => files.reduce((total, f) => total + size(f), 0) / 1024;
  const bundle = path.join(here, 'node_modules/mqtt/dist/mqtt.min.js');
  return { ours: sum(gz), oursBrotli: sum(br), ref: gz(bundle) / 1024, refBrotli: br(bundle) / 1024 };
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const COLUMNS = [['ours', 'ours'], ['reference', 'reference (MQTT.js)'], ['floor', 'floor (no UI)'],
  ['ours-page', 'ours, engine in the page'], ['floor-worker', 'floor, socket in a worker'],
  ['ours-nohistory', 'ours, history off'],
  ...(BASELINE_DIST ? [['baseline', `baseline (${path.basename(path.dirname(BASELINE_DIST))})`]] : [])];
const row = (label, v, d = 1) => {
  const cell = (xs = []) => {
    if (!xs.length) return '—';
    const s = stats(xs);
    return `${fmt(s.median, d)} (${fmt(s.min, d)}–${fmt(s.max, d)})`;
  };
  const ratio = v.reference?.length && v.ours?.length ? fmt(stats(v.ours).median / stats(v.reference).median, 2) : '';
  const cells = COLUMNS.map(([k]) => cell(v[k]));
  console.log(`| ${label} | ${cells[0]} | ${cells[1]} | ${ratio} | ${cells.slice(2).join(' | ')} |`);
};

/**
 * The wall: `tickets` open orders on the kitchen screen of a 1920×1080 TV, and a cook bumping by key every
 * `everyMs` for `seconds` ("1" selects the first ticket on screen, Enter bumps it), with the page's CPU slowed
 * `cpu` times through DevTools (a budget tablet). Each key's Event Timing duration — input to the next paint —
 * is read as in the rush; an interaction under 16 ms has no entry and counts as 16 ms.
 */
export async function measureWall(browser, kind, origins, broker, { tickets, everyMs, seconds, cpu }) {
  const topic = `bench/wall/${kind}/${Date.now()}`;
  const spec = PAGES[kind];
  const page = await browser.newPage({ bypassCSP: true, viewport: { width: 1920, height: 1080 } });
  await page.goto(`${spec.url(origins[kind], broker.wsUrl, topic, 1)}&view=kitchen`);
  await page.waitForFunction(spec.ready(topic), null, { timeout: 30000, polling: 50 });
  const publisher = await connectNative(broker.mqttPort);
  await publish(publisher, topic, Array.from({ length: tickets }, (_, i) => `W${i}-${Math.random().toString(36).slice(2, 8)}`), 1);
  await page.waitForFunction(`${spec.count} >= ${tickets}`, null, { timeout: 30000 });
  await page.waitForSelector('[data-testid=order-card]');
  await page.evaluate(() => {
    window.__keys = new Map();
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.interactionId) window.__keys.set(e.interactionId, Math.max(window.__keys.get(e.interactionId) ?? 0, e.duration));
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  let keys = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const next = Date.now() + everyMs;
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    keys += 2;
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  await page.waitForTimeout(200);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const measured = await page.evaluate(() => [...window.__keys.values()]);
  const durations = [...measured, ...Array(Math.max(0, keys - measured.length)).fill(16)];
  publisher.end(true);
  await page.close();
  return { keys, measured: measured.length, ...stats(durations.length ? durations : [NaN]) };
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'index.html'))) {
    throw new Error('dist/ missing: run `trunk build --release` first');
  }
  const broker = await startMosquitto(path.relative(path.join(root, 'tests/e2e'), path.join(here, 'mosquitto.conf.template')));
  const site = await serveDist();
  const baseSite = BASELINE_DIST ? await serveDist({}, { dir: path.resolve(BASELINE_DIST) }) : null;
  const ref = await serveReference();
  const origins = { baseline: baseSite?.origin, ours: site.origin, 'ours-page': site.origin, 'ours-nohistory': site.origin, reference: ref.origin, floor: ref.origin, 'floor-worker': ref.origin };
  const browser = await launchBrowser(['--js-flags=--expose-gc']);
  const results = {};
  const putAny = (key, kind, value) => { ((results[key] ??= {})[kind] ??= []).push(value); };
  const put = putAny;
  // The floor page has no UI: only its delivery figures mean something.
  const FLOOR_ROWS = /orders\/s|seconds|latency|frame gap/;
  const isFloor = (k) => k.startsWith('floor');
  try {
    for (let rep = 0; rep < REPEATS; rep++) {
      for (const n of PARTS.includes('burst') ? BURSTS : []) {
        for (const qos of QOS) {
          for (const kind of KINDS) {
            const r = await measureIngest(browser, kind, origins, broker, n, qos);
            const put = (key, k, value) => { if (!isFloor(k) || FLOOR_ROWS.test(key)) putAny(key, k, value); };
            put(`burst ${n} QoS ${qos}: orders/s`, kind, r.rate);
            put(`burst ${n} QoS ${qos}: seconds to last rendered`, kind, r.seconds);
            put(`burst ${n} QoS ${qos}: latency p50 ms`, kind, r.latency.p50);
            put(`burst ${n} QoS ${qos}: latency p99 ms`, kind, r.latency.p99);
            put(`burst ${n} QoS ${qos}: longest frame gap ms`, kind, r.maxGap);
            put(`burst ${n} QoS ${qos}: long tasks total ms`, kind, r.longTasks);
            put(`burst ${n} QoS ${qos}: JS heap MB`, kind, r.heapMB);
            put(`burst ${n} QoS ${qos}: DOM nodes`, kind, r.nodes);
            put(`burst ${n} QoS ${qos}: renderer memory MB`, kind, r.rendererMB);
            put('page load to subscribed ms', kind, r.loadToSubscribed);
            console.error(`rep ${rep} ${kind} burst ${n} qos ${qos}: ${fmt(r.rate)} orders/s`);
          }
        }
      }
      for (const kind of PARTS.includes('paced') ? KINDS : []) {
        const n = PACED.rate * PACED.seconds;
        const r = await measureIngest(browser, kind, origins, broker, n, 1, PACED.rate);
        put(`paced ${PACED.rate}/s for ${PACED.seconds} s: latency p50 ms`, kind, r.latency.p50);
        put(`paced ${PACED.rate}/s for ${PACED.seconds} s: latency p99 ms`, kind, r.latency.p99);
        console.error(`rep ${rep} ${kind} paced: p99 ${fmt(r.latency.p99)} ms`);
      }
      for (const kind of PARTS.includes('rush') ? KINDS.filter((k) => PAGES[k].tap) : []) {
        const r = await measureRush(browser, kind, origins, broker, RUSH);
        const label = `rush: ${RUSH.n} QoS 1 burst, a tap every ${RUSH.everyMs} ms`;
        put(`${label}: tap p75 ms`, kind, r.p75);
        put(`${label}: worst tap ms`, kind, r.max);
        console.error(`rep ${rep} ${kind} rush: ${r.taps} taps (${r.measured} over 16 ms), p75 ${fmt(r.p75)} worst ${fmt(r.max)} ms`);
      }
      for (const kind of PARTS.includes('wall') ? KINDS.filter((k) => ['ours', 'ours-page', 'baseline'].includes(k)) : []) {
        const r = await measureWall(browser, kind, origins, broker, WALL);
        const label = `wall: ${WALL.tickets} tickets at 1920×1080, a key bump every ${WALL.everyMs} ms, CPU ${WALL.cpu}× slower`;
        put(`${label}: key p75 ms`, kind, r.p75);
        put(`${label}: worst key ms`, kind, r.max);
        console.error(`rep ${rep} ${kind} wall: ${r.keys} keys (${r.measured} over 16 ms), p75 ${fmt(r.p75)} worst ${fmt(r.max)} ms`);
      }
      for (const qos of PARTS.includes('generator') ? [0, 1] : []) {
        for (const kind of KINDS.filter((k) => ['ours', 'ours-page', 'baseline'].includes(k))) {
          const g = await generatorRate(browser, origins[kind], broker, qos, kind === 'ours-page' ? { engine: 'page' } : {});
          put(`generator QoS ${qos}: orders/s at a native subscriber`, kind, g.rate);
          console.error(`rep ${rep} ${kind} generator qos ${qos}: ${fmt(g.rate)} orders/s (${g.received} received)`);
        }
      }
      for (const [n, days] of PARTS.includes('report') ? (smoke ? [[350, 7]] : [[3500, 7], [45000, 90]]) : []) {
        const ms = await measureReport(browser, site.origin, broker, n, days);
        put(`report: ${n} orders over ${days} days, ms to shown`, 'ours', ms);
        console.error(`rep ${rep} report ${n}/${days}: ${fmt(ms)} ms`);
      }
      if (PARTS.includes('ceiling')) {
        put('broker ceiling: native pub -> native sub orders/s', 'ours', await brokerCeiling(broker, smoke ? 5000 : 50000));
      }
    }
    const sizes = transferSizes();
    console.log(`\nBenchmark (${smoke ? 'smoke' : 'full'}; ${REPEATS} repeat(s); median (min–max); headless Chromium, this machine)\n`);
    console.log(`| measure | ${COLUMNS[0][1]} | ${COLUMNS[1][1]} | ours/ref | ${COLUMNS.slice(2).map((c) => c[1]).join(' | ')} |`);
    console.log(`|${'---|'.repeat(COLUMNS.length + 2)}`);
    for (const [label, v] of Object.entries(results)) row(label, v);
    const base = BASELINE_DIST ? transferSizes(BASELINE_DIST) : null;
    console.log(`| transfer size, gzip -9, KB | ${fmt(sizes.ours)} | ${fmt(sizes.ref)} | ${fmt(sizes.ours / sizes.ref, 2)} | — | — | — |${base ? ` ${fmt(base.ours)} |` : ''}`);
    console.log(`| transfer size, brotli 11, KB | ${fmt(sizes.oursBrotli)} | ${fmt(sizes.refBrotli)} | ${fmt(sizes.oursBrotli / sizes.refBrotli, 2)} | — | — | — |${base ? ` ${fmt(base.oursBrotli)} |` : ''}`);
  } finally {
    await browser.close();
    await ref.close();
    await site.close();
    await baseSite?.close();
    await broker.stop();
  }
}

// Run as a script; profile.mjs imports the pieces.
if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
