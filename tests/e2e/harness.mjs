// Real parts for end-to-end tests: a Mosquitto on free loopback ports, a static server for the release
// build, headless Chromium, and mosquitto_pub/mosquitto_sub as the independent client on the other side.
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, openSync } from 'node:fs';
import http, { createServer } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
const distDir = process.env.DIST_DIR ?? path.join(repoRoot, 'dist');

/** Polls `check` until it returns a truthy value or the deadline passes; the error names what was awaited. */
export async function waitFor(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      // An error marked final says the condition can no longer come true: no use waiting it out.
      if (e?.final) throw e;
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts Mosquitto from one of the repo's templates on fresh ports. `vars` fills further @NAME@ slots.
 * `kill()` SIGKILLs it (a crash), `restart()` starts it again on the same ports, `stop()` ends it; all by PID.
 */
export async function startMosquitto(template = 'mosquitto.conf.template', vars = {}) {
  const mqttPort = await freePort();
  const wsPort = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'order-board-mqtt-'));
  let conf = readFileSync(path.join(here, template), 'utf8')
    .replaceAll('@MQTT_PORT@', String(mqttPort))
    .replaceAll('@WS_PORT@', String(wsPort))
    .replaceAll('@DIR@', dir);
  for (const [k, v] of Object.entries(vars)) conf = conf.replaceAll(`@${k}@`, v);
  const confPath = path.join(dir, 'mosquitto.conf');
  writeFileSync(confPath, conf);
  const bin = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find(existsSync) ?? 'mosquitto';
  let proc;
  let exited;
  const launch = async () => {
    proc = spawn(bin, ['-c', confPath], { stdio: ['ignore', 'inherit', 'inherit'] });
    exited = false;
    proc.once('exit', () => { exited = true; });
    await waitFor(`mosquitto on ${mqttPort}/${wsPort}`, async () => {
      if (exited) throw new Error('mosquitto exited');
      return (await accepts(mqttPort)) && (await accepts(wsPort));
    });
  };
  const end = async (signal) => {
    if (exited) return;
    const gone = new Promise((r) => proc.once('exit', r));
    process.kill(proc.pid, signal);
    await gone;
  };
  await launch();
  return {
    mqttPort,
    wsPort,
    dir,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    kill: () => end('SIGKILL'),
    restart: launch,
    stop: () => end('SIGTERM'),
  };
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves the release build (dist/) the way any static host would; `overrides` replaces files by URL path
 * (with a string, or a function returning a promise of one).
 * `dir` serves another build folder; `port` reuses a port (a host that comes back, a new build on one origin).
 */
export async function serveDist(overrides = {}, { prefix = '', dir = distDir, port: wanted = 0 } = {}) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html missing: run \`trunk build --release\` first`);
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    // A host may put the build in a folder: only paths under the prefix exist.
    if (!url.pathname.startsWith(`${prefix}/`)) { res.writeHead(404).end(); return; }
    url.pathname = url.pathname.slice(prefix.length);
    if (url.pathname in overrides) {
      // A function is a slow host: the file is sent once the promise it returns settles.
      const body = overrides[url.pathname];
      const content = typeof body === 'function' ? await body() : body;
      res.writeHead(200, { 'content-type': MIME[path.extname(url.pathname)] ?? 'text/plain' });
      res.end(content);
      return;
    }
    let file = path.join(dir, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(wanted, '127.0.0.1', r));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}${prefix}`,
    port,
    // Ends open keep-alive connections too: a host that is gone refuses, it does not answer late.
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

/** Headless Chromium as the tests need it; `extraArgs` for the benchmark (e.g. `--js-flags=--expose-gc`). */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs,
    ],
  });
}

/** Opens the board pointed at `broker`/`topic`, collecting page errors and dialogs (a dialog = a script ran). */
export async function openBoard(browser, origin, broker, topic, page = null, extra = {}) {
  page ??= await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => { problems.push(`dialog opened: ${d.message()}`); await d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  const query = broker ? `?${new URLSearchParams({ broker, topic, ...extra })}` : '';
  await page.goto(`${origin}/${query}`);
  await waitFor('the board to subscribe', () =>
    page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, topic).catch(() => false));
  return { page, problems };
}

function run(bin, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, { timeout: 15000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${bin} ${args.join(' ')}: ${err.message} ${stderr}`)) : resolve(stdout));
    if (input !== undefined) child.stdin.end(input);
  });
}

// Every command-line client gets its own id: some brokers refuse the empty one.
let clients = 0;
const clientId = (kind) => ['-i', `e2e-${kind}-${process.pid}-${++clients}`];

/** Publishes one message with the independent command-line client; the payload goes through stdin untouched. */
export function mosquittoPub(port, topic, payload, qos = 1) {
  // `-s` refuses empty input; an empty message is `-n`.
  const empty = payload.length === 0;
  return run('mosquitto_pub',
    ['-h', '127.0.0.1', '-p', String(port), ...clientId('pub'), '-t', topic, '-q', String(qos), empty ? '-n' : '-s'],
    empty ? undefined : payload);
}

/** Publishes many one-line payloads over one connection (`mosquitto_pub -l`: a message per stdin line). */
export function mosquittoPubLines(port, topic, payloads, qos = 1) {
  return run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), ...clientId('pub'), '-t', topic, '-q', String(qos), '-l'],
    payloads.map((p) => `${p}\n`).join(''));
}

/** An order in the wire format whose total is what its items add up to; `extra` adds or overrides fields. */
export function orderJson(id, customer, items, extra = {}) {
  return JSON.stringify({
    order_id: id, customer_name: customer, items,
    total_amount: Math.round(items.reduce((s, i) => s + i.quantity * i.price * 100, 0)) / 100, ...extra,
  });
}

/** The retained statuses under `topic` as the broker holds them now (`mosquitto_sub --retained-only`). */
export function retainedStatuses(port, topic) {
  return new Promise((resolve, reject) => {
    execFile('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), ...clientId('retained'),
      '-t', `${topic}/+/status`, '--retained-only', '-W', '1'], (err, stdout) => {
      // -W ends it with a timeout code once the retained messages are in.
      if (err && err.code !== 27) reject(err); else resolve(stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    });
  });
}

/** A valid seed-format order with a given id, as another system would publish it. */
export function seedOrder(id, customer = 'Independent Client') {
  return JSON.stringify({
    order_id: id, customer_name: customer,
    items: [{ name: 'Margherita Pizza', quantity: 1, price: 12.99 }], total_amount: 12.99,
    timestamp: '2025-01-14T16:30:00Z',
  });
}

/** The order ids on the board's cards, in page order. */
export function cardIds(page) {
  return page.$$eval('[data-testid=order-card]', (els) => els.map((el) => el.dataset.orderId));
}

/**
 * What waits in a page's origin to be sent: every page keeps its own outbox (`order-board.outbox:<page>`;
 * `status-outbox` for status changes) in the database (IndexedDB `order-board`, store `outbox`), written
 * ahead to localStorage under the same name until the database holds it (that copy is the newer); a release
 * before kept them in localStorage only, one under the bare name. The entries of all of them. (Waits while
 * the board's upgrade of the database waits on an older tab: do not call it then.)
 */
export function storedOutbox(page, kind = 'outbox') {
  return page.evaluate(async (base) => {
    const ours = (key) => key === base || key.startsWith(`${base}:`);
    const kept = new Map();
    if ((await indexedDB.databases()).some((d) => d.name === 'order-board')) {
      await new Promise((resolve) => {
        const open = indexedDB.open('order-board');
        open.onerror = () => resolve();
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('outbox')) { db.close(); resolve(); return; }
          const cursor = db.transaction('outbox').objectStore('outbox').openCursor();
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) { db.close(); resolve(); return; }
            if (ours(at.key)) kept.set(at.key, at.value.j);
            at.continue();
          };
          cursor.onerror = () => { db.close(); resolve(); };
        };
      });
    }
    for (const key of Object.keys(localStorage).filter(ours)) kept.set(key, localStorage.getItem(key));
    return [...kept.values()].flatMap((text) => JSON.parse(text)?.data ?? []);
  }, `order-board.${kind}`);
}

/** Whether what waits in the page's outbox is kept in the database only (nothing written ahead is left). */
export function outboxInDatabaseOnly(page, kind = 'outbox') {
  return page.evaluate((base) => !Object.keys(localStorage).some((key) => key === base || key.startsWith(`${base}:`)),
    `order-board.${kind}`);
}

/**
 * The ticket snapshot the board keeps in its database (IndexedDB `order-board`, store `board`), as JSON; ''
 * while there is none. Opens the database only once it exists (opening creates it, without its stores).
 */
export function savedTickets(page) {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'order-board')) return '';
    return new Promise((resolve) => {
      const open = indexedDB.open('order-board');
      open.onerror = () => resolve('');
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('board')) { db.close(); resolve(''); return; }
        const get = db.transaction('board').objectStore('board').get('tickets');
        get.onsuccess = () => { db.close(); resolve(get.result?.j ?? ''); };
        get.onerror = () => { db.close(); resolve(''); };
      };
    });
  });
}

/** How many orders the board holds, as its header says. */
export async function orderCount(page) {
  return Number(await page.$eval('[data-testid=order-count]', (el) => el.textContent));
}

/**
 * Every open order's id once `expected` cards show: the board renders a page of cards at a time, so this
 * asks for more until they do (in a flood the cards follow the counts within 100 ms).
 */
export async function allCardIds(page, expected) {
  await waitFor(`${expected} cards`, async () => {
    if ((await cardIds(page)).length >= expected) return true;
    const more = await page.$('[data-testid=showing-note]:not([hidden]) [data-testid=show-more]');
    if (more) await more.click();
    return false;
  }, 30000);
  return cardIds(page);
}

/**
 * Starts `mosquitto_sub` on `topic` and resolves once it is provably subscribed: it subscribes to a probe
 * topic too, and we publish probes until one comes back. `next()` then yields each payload on `topic`.
 */
export async function subscribeReady(port, topic) {
  const probe = `${topic}/probe-${process.pid}-${Date.now()}`;
  const child = spawn('mosquitto_sub',
    ['-h', '127.0.0.1', '-p', String(port), ...clientId('sub'), '-q', '1', '-v', '-t', topic, '-t', probe]);
  const lines = [];
  let buffer = '';
  child.stdout.on('data', (d) => {
    buffer += d.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) { lines.push(buffer.slice(0, i)); buffer = buffer.slice(i + 1); }
  });
  await waitFor('mosquitto_sub to be subscribed', async () => {
    if (lines.some((l) => l.startsWith(`${probe} `))) return true;
    await mosquittoPub(port, probe, 'ping', 0);
    return false;
  });
  let taken = 0;
  return {
    async next(timeoutMs = 15000) {
      const line = await waitFor(`a message on ${topic}`, () => {
        for (; taken < lines.length; taken++) {
          if (lines[taken].startsWith(`${topic} `)) return lines[taken++].slice(topic.length + 1);
        }
        return null;
      }, timeoutMs);
      return line;
    },
    stop() { child.kill('SIGTERM'); },
  };
}

/** Checks a payload with the board's own Rust decoder (examples/validate_order.rs). */
export function validateWithRust(payload) {
  const bin = path.join(repoRoot, 'target/debug/examples/validate_order');
  return run(bin, [], payload);
}

/**
 * Starts one NATS server (a second broker implementation, from Debian's nats-server package) on fresh
 * loopback ports: MQTT 3.1.1 over TCP, and over WebSocket at `wsUrl` (path /mqtt). Stopped by PID.
 */
export async function startNats() {
  const bin = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find(existsSync);
  if (!bin) throw new Error('nats-server is not installed: run `bash scripts/setup.sh test`');
  const [clientPort, mqttPort, wsPort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'order-board-nats-'));
  const conf = readFileSync(path.join(here, 'nats.conf.template'), 'utf8')
    .replaceAll('@NAME@', `e2e-${process.pid}`).replaceAll('@DIR@', dir)
    .replaceAll('@CLIENT_PORT@', String(clientPort)).replaceAll('@MQTT_PORT@', String(mqttPort))
    .replaceAll('@WS_PORT@', String(wsPort));
  const confPath = path.join(dir, 'nats.conf');
  writeFileSync(confPath, conf);
  const proc = spawn(bin, ['-c', confPath], { stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  proc.once('exit', () => { exited = true; });
  await waitFor(`nats-server on ${mqttPort}/${wsPort}`, async () => {
    if (exited) throw new Error('nats-server exited');
    return (await accepts(mqttPort)) && (await accepts(wsPort));
  });
  return {
    mqttPort, wsUrl: `ws://127.0.0.1:${wsPort}/mqtt`,
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => proc.once('exit', r));
      process.kill(proc.pid, 'SIGTERM');
      await gone;
    },
  };
}

/** Gives a cluster node (its child process in `proc`, `exited` kept up to date) `end(signal)` and `kill()`. */
function stoppable(node) {
  node.end = async (signal) => {
    if (node.exited) return;
    const gone = new Promise((r) => node.proc.once('exit', r));
    process.kill(node.proc.pid, signal);
    await gone;
  };
  node.kill = () => node.end('SIGKILL');
  return node;
}

/**
 * The failover run of the cluster tests: `count` QoS 1 orders published in batches on `publisher` (a node's
 * MQTT port); once the first batch reached the first board (A), `die` kills its node. Waits until board A is
 * connected to another node of the three and every board holds `expected` orders; returns the figures.
 */
export async function runThroughNodeDeath({ topic, publisher, die, boards, count, batch, expected }) {
  const state = (page) => page.$eval('[data-testid=conn-state]', (el) => ({ kind: el.dataset.state, label: el.textContent }));
  const duplicates = (page) => page.$eval('[data-duplicates]', (el) => Number(el.dataset.duplicates));
  const redeliveredBefore = await Promise.all(boards.map(({ page }) => duplicates(page)));
  const lines = Array.from({ length: count }, (_, i) => seedOrder(`ORD-F${i}`, `Guest ${i}`));
  const [a] = boards;
  await mosquittoPubLines(publisher, topic, lines.slice(0, batch));
  await waitFor('the first batch on board A', async () => (await orderCount(a.page)) > batch / 2, 30000);
  const killedAt = Date.now();
  await die();
  // The cluster may hold QoS 1 acknowledgements back while it elects new leaders for the dead node's streams
  // (mosquitto_pub then gives up after 15 s): a publisher sends the batch again, and the boards show each
  // order once.
  for (let i = batch; i < count; i += batch) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await mosquittoPubLines(publisher, topic, lines.slice(i, i + batch));
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        console.log(`# the publisher gave up on batch ${i / batch + 1} after the node died; sending it again`);
      }
    }
  }
  await waitFor('board A on another node', async () => {
    const s = await state(a.page);
    return s.kind === 'connected' && / \((2|3) of 3\)$/.test(s.label);
  }, 90000);
  const recoveredMs = Date.now() - killedAt;
  const figures = [];
  for (const [i, { page }] of boards.entries()) {
    let seen = 0;
    await waitFor(`all ${expected} orders on board ${i + 1}`, async () => {
      seen = await orderCount(page);
      return seen === expected;
    }, 90000).catch((e) => { throw new Error(`${e.message}: board ${i + 1} has ${seen}`); });
    figures.push({ shown: seen, twice: (await duplicates(page)) - redeliveredBefore[i] });
  }
  return { recoveredMs, figures, label: (await state(a.page)).label };
}

async function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts a NATS cluster of `size` nodes on fresh loopback ports (Debian's nats-server, JetStream replicated
 * to every node) and resolves once every node reports itself healthy. Each node can be `kill()`ed (SIGKILL)
 * and `restart()`ed on its ports; `stop()` ends them all. All by PID.
 */
export async function startNatsCluster(size = 3) {
  // A port chosen free can be taken by someone else before nats-server binds it: that node exits at once,
  // and the cluster starts again on other ports (with the node's own words in the error if it keeps failing).
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startNatsClusterOnce(size);
    } catch (e) {
      if (attempt === 3) throw e;
      console.log(`# NATS cluster did not start (${e.message}); again on other ports`);
    }
  }
}

async function startNatsClusterOnce(size) {
  const bin = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find(existsSync);
  if (!bin) throw new Error('nats-server is not installed: run `bash scripts/setup.sh test`');
  const template = readFileSync(path.join(here, 'nats-cluster.conf.template'), 'utf8');
  const ports = [];
  for (let i = 0; i < size; i++) {
    ports.push({ client: await freePort(), route: await freePort(), mqtt: await freePort(), ws: await freePort(), http: await freePort() });
  }
  const root = mkdtempSync(path.join(tmpdir(), 'order-board-nats-cluster-'));
  const nodes = ports.map((p, i) => {
    const dir = path.join(root, `n${i + 1}`);
    mkdirSync(dir);
    const routes = ports.filter((_, j) => j !== i).map((q) => `"nats-route://127.0.0.1:${q.route}"`).join(', ');
    const confPath = path.join(dir, 'nats.conf');
    writeFileSync(confPath, template.replaceAll('@NAME@', `n${i + 1}`).replaceAll('@DIR@', dir)
      .replaceAll('@CLIENT_PORT@', String(p.client)).replaceAll('@HTTP_PORT@', String(p.http))
      .replaceAll('@ROUTE_PORT@', String(p.route)).replaceAll('@ROUTES@', routes)
      .replaceAll('@MQTT_PORT@', String(p.mqtt)).replaceAll('@WS_PORT@', String(p.ws)));
    const node = {
      name: `n${i + 1}`, mqttPort: p.mqtt, wsUrl: `ws://127.0.0.1:${p.ws}/mqtt`, proc: null, exited: true,
      launch() {
        const log = openSync(path.join(dir, 'nats.log'), 'a');
        node.proc = spawn(bin, ['-c', confPath], { stdio: ['ignore', log, log] });
        node.exited = false;
        node.proc.once('exit', () => { node.exited = true; });
      },
      async restart() { node.launch(); await waitFor(`${node.name} healthy`, () => healthy(p.http), 30000); },
      healthy: () => healthy(p.http),
    };
    return stoppable(node);
  });
  for (const node of nodes) node.launch();
  const stop = () => Promise.all(nodes.map((n) => n.end('SIGTERM')));
  try {
    await waitFor('every NATS node healthy', async () => {
      const dead = nodes.find((n) => n.exited);
      if (dead) {
        const said = readFileSync(path.join(root, dead.name, 'nats.log'), 'utf8').trim().split('\n').pop();
        throw Object.assign(new Error(`${dead.name} exited: ${said}`), { final: true });
      }
      return (await Promise.all(nodes.map((n) => n.healthy()))).every(Boolean);
    }, 30000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { nodes, stop };
}

const RABBIT_BIN = '/usr/lib/rabbitmq/bin';

/**
 * Starts a RabbitMQ 3.10 cluster of `size` nodes on loopback (Debian's rabbitmq-server, run directly as root:
 * own node names, ports, a private epmd port and a shared Erlang cookie), joins them, and mirrors the MQTT
 * session queues to every node. Each node's WebSocket URL ends in /ws. `kill()` SIGKILLs a node's Erlang VM.
 */
export async function startRabbitCluster(size = 3) {
  if (!existsSync(`${RABBIT_BIN}/rabbitmq-server`)) {
    throw new Error('rabbitmq-server is not installed: run `bash scripts/setup.sh test`');
  }
  const root = mkdtempSync(path.join(tmpdir(), 'order-board-rabbit-'));
  writeFileSync(path.join(root, '.erlang.cookie'), `orderboard${process.pid}cookie`, { mode: 0o400 });
  const epmd = await freePort();
  const common = { ...process.env, HOME: root, ERL_EPMD_PORT: String(epmd) };
  const template = readFileSync(path.join(here, 'rabbitmq.conf.template'), 'utf8');
  const ctl = (node, ...args) => new Promise((resolve, reject) => {
    execFile(`${RABBIT_BIN}/rabbitmqctl`, ['-n', node, ...args], { env: common, timeout: 120000 },
      (err, stdout, stderr) => (err ? reject(new Error(`rabbitmqctl ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)));
  });
  const nodes = [];
  for (let i = 1; i <= size; i++) {
    const dir = path.join(root, `n${i}`);
    mkdirSync(dir);
    const p = { amqp: await freePort(), dist: await freePort(), mqtt: await freePort(), ws: await freePort() };
    writeFileSync(path.join(dir, 'rabbitmq.conf'), template.replaceAll('@AMQP_PORT@', String(p.amqp))
      .replaceAll('@MQTT_PORT@', String(p.mqtt)).replaceAll('@WS_PORT@', String(p.ws)));
    writeFileSync(path.join(dir, 'enabled_plugins'), '[rabbitmq_mqtt,rabbitmq_web_mqtt].\n');
    const name = `rabbit${i}-${process.pid}@localhost`;
    const env = {
      ...common, RABBITMQ_NODENAME: name, RABBITMQ_NODE_PORT: String(p.amqp), RABBITMQ_DIST_PORT: String(p.dist),
      RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'), RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
      RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'), RABBITMQ_LOG_BASE: path.join(dir, 'log'),
      RABBITMQ_PID_FILE: path.join(dir, 'pid'),
      // In the foreground the script execs the Erlang VM, so this PID is the node itself (a SIGKILL kills it).
      RABBITMQ_ALLOW_INPUT: 'true',
    };
    const node = {
      name, mqttPort: p.mqtt, wsUrl: `ws://127.0.0.1:${p.ws}/ws`, proc: null, exited: true,
      launch() {
        // stdin stays open: the Erlang shell must not see end of input.
        node.proc = spawn(`${RABBIT_BIN}/rabbitmq-server`, [], { env, stdio: ['pipe', 'ignore', 'ignore'] });
        node.exited = false;
        node.proc.once('exit', () => { node.exited = true; });
      },
      async ready() {
        // Until the node has registered with epmd, the CLI cannot even find it: ask again until it answers.
        await waitFor(`${name} started`, async () => {
          if (node.exited) {
            const log = path.join(dir, 'log');
            throw new Error(`${name} exited (logs in ${log})`);
          }
          return ctl(name, 'await_startup', '--timeout', '5').then(() => true, () => false);
        }, 120000);
        await waitFor(`${name} MQTT and WebSocket listeners`, async () => (await accepts(p.mqtt)) && (await accepts(p.ws)), 60000);
      },
    };
    nodes.push(stoppable(node));
  }
  for (const node of nodes) node.launch();
  await Promise.all(nodes.map((n) => n.ready()));
  for (const node of nodes.slice(1)) {
    await ctl(node.name, 'stop_app');
    await ctl(node.name, 'join_cluster', nodes[0].name);
    await ctl(node.name, 'start_app');
    await node.ready();
  }
  await ctl(nodes[0].name, 'set_policy', 'mqtt-sessions-everywhere', '^mqtt-subscription-',
    '{"ha-mode":"all","ha-sync-mode":"automatic"}', '--apply-to', 'queues');
  return {
    nodes,
    async stop() {
      // A test cluster keeps nothing worth a graceful shutdown (and an Erlang VM in the foreground may wait).
      await Promise.all(nodes.map((n) => n.kill()));
      // The private epmd started with the first node; it has no PID of ours, so ask it to go by its port.
      execFile('epmd', ['-port', String(epmd), '-kill'], { env: common }, () => {});
    },
  };
}

/**
 * A WebSocket listener (subprotocol "mqtt") that copies bytes to and from a TCP MQTT listener: transport
 * only, it never reads the packets. Lets the browser reach a broker whose WebSocket side lacks MQTT 5.
 */
export async function startWsBridge(tcpPort, port = null) {
  const { WebSocketServer } = await import('ws');
  port ??= await freePort();
  const server = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: () => 'mqtt' });
  const links = new Set();
  server.on('connection', (socket) => {
    const tcp = net.connect({ host: '127.0.0.1', port: tcpPort });
    const link = { socket, tcp };
    links.add(link);
    const pending = [];
    tcp.once('connect', () => { for (const b of pending.splice(0)) tcp.write(b); });
    socket.on('message', (data) => (tcp.connecting ? pending.push(data) : tcp.write(data)));
    tcp.on('data', (data) => socket.send(data, { binary: true }));
    socket.on('close', () => { tcp.destroy(); links.delete(link); });
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.close());
  });
  await new Promise((r) => server.once('listening', r));
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    /** Stops listening; `cut` also drops every open connection at once, like a pulled cable. */
    close: ({ cut = false } = {}) => new Promise((r) => {
      if (cut) for (const { socket, tcp } of links) { socket.terminate(); tcp.destroy(); }
      server.close(r);
    }),
  };
}

/**
 * A WebSocket proxy in front of `targetUrl` that lets each connection through until the broker's first
 * answer (CONNACK) and then cuts it: a broker that accepts every connection and drops it at once.
 * `connections` holds the time of each connection it accepted.
 */
export async function startDroppingProxy(targetUrl) {
  const { WebSocketServer, WebSocket } = await import('ws');
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'mqtt' });
  const connections = [];
  server.on('connection', (client) => {
    connections.push(Date.now());
    const upstream = new WebSocket(targetUrl, 'mqtt');
    const pending = [];
    upstream.on('open', () => { for (const m of pending.splice(0)) upstream.send(m); });
    client.on('message', (m) => (upstream.readyState === WebSocket.OPEN ? upstream.send(m) : pending.push(m)));
    upstream.on('message', (m) => {
      client.send(m, { binary: true });
      setTimeout(() => { client.terminate(); upstream.terminate(); }, 50);
    });
    client.on('close', () => upstream.terminate());
    upstream.on('error', () => client.terminate());
  });
  await new Promise((r) => server.once('listening', r));
  return {
    wsUrl: `ws://127.0.0.1:${server.address().port}`,
    connections,
    close: () => new Promise((r) => {
      for (const c of server.clients) c.terminate();
      server.close(r);
    }),
  };
}

/** The screens the board is looked at on: a kitchen TV, a tablet, a phone. */
export const SCREENS = [['tv', 1920, 1080], ['tablet', 1024, 768], ['phone', 390, 844]];

/**
 * Saves `page` at every screen size in light and dark to target/e2e-artifacts/`name`-<screen>-<scheme>.png,
 * from the top of the page, for a person to look at; restores the page's size and scheme after. Returns the files written.
 */
export async function screenshotsOf(page, name) {
  const dir = path.join(repoRoot, 'target', 'e2e-artifacts');
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize();
  const written = [];
  for (const [screen, width, height] of SCREENS) {
    await page.setViewportSize({ width, height });
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await page.evaluate(() => window.scrollTo(0, 0));
      const file = path.join(dir, `${name}-${screen}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      written.push(file);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  if (size) await page.setViewportSize(size);
  return written;
}

/**
 * What most test files share, started before their tests and stopped after: a Mosquitto (unless
 * `withBroker` is false), the served release build and a browser. Node runs each test file in its own
 * process, so these live bindings belong to that file; read them inside tests.
 */
export let broker;
export let site;
export let browser;
export function useSharedWorld({ withBroker = true } = {}) {
  before(async () => {
    if (withBroker) broker = await startMosquitto();
    site = await serveDist();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await broker?.stop();
  });
}
