// Where the time goes: one burst into one page (ours, reference or floor) under a Chromium trace.
// `node profile.mjs ours 10000 1` (page, orders, QoS). A tool for tuning, not part of the benchmark.
// Prints latency split at the page's WebSocket (network vs page), main-thread time by what started each
// task, layout/style sizes, the longest tasks, and CPU self time. PACED=1000 paces the orders; TRACE=0 and
// CPU=0 turn the trace and the CPU profile off (both slow the page); TOP=n longest tasks; DIST_DIR=another
// build (e.g. one with function names: debug = 1 and data-wasm-opt="0").
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMosquitto, serveDist, launchBrowser } from '../tests/e2e/harness.mjs';
import { PAGES, PROBES, publish, connectNative, serveReference } from './bench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [kind = 'ours', n = '10000', qos = '1'] = process.argv.slice(2);
const broker = await startMosquitto(path.relative(path.join(here, '../tests/e2e'), path.join(here, 'mosquitto.conf.template')));
const site = await serveDist();
const ref = await serveReference();
const browser = await launchBrowser();
try {
  const origin = kind === 'ours' ? site.origin : ref.origin;
  const topic = `profile/${Date.now()}`;
  // The profiler must run before the wasm module compiles, or wasm time shows up as "(program)".
  const page = await browser.newPage({ bypassCSP: true });
  const cdp = await page.context().newCDPSession(page);
  // Arrival time of each order at the page's WebSocket, to split latency into network and page.
  await page.addInitScript(() => {
    window.__arrived = new Map();
    const Native = window.WebSocket;
    window.WebSocket = function (...args) {
      const ws = new Native(...args);
      const dec = new TextDecoder();
      ws.addEventListener('message', (e) => {
        const text = dec.decode(e.data);
        const m = /"order_id":"([^"]+)"/.exec(text);
        if (m && !window.__arrived.has(m[1])) window.__arrived.set(m[1], Date.now());
      });
      return ws;
    };
    window.WebSocket.prototype = Native.prototype;
  });
  const cpu = process.env.CPU !== '0';
  if (cpu) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(PAGES[kind].url(origin, broker.wsUrl, topic, Number(qos)));
  await page.waitForFunction(PAGES[kind].ready(topic), null, { timeout: 30000, polling: 10 });
  await PAGES[kind].prepare(page);
  await page.evaluate(PROBES(PAGES[kind].cards));
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const finished = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  const trace = process.env.TRACE !== '0';
  if (trace) await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,v8.execute,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  const publisher = await connectNative(broker.mqttPort);
  const ids = Array.from({ length: Number(n) }, (_, i) => `P${i}`);
  const t0 = Date.now();
  const sentAt = await publish(publisher, topic, ids, Number(qos), Number(process.env.PACED ?? 0));
  await page.waitForFunction(`${PAGES[kind].count} >= ${n}`, null, { timeout: 600000, polling: 'raf' });
  const seconds = (Date.now() - t0) / 1000;
  const probe = await page.evaluate(() => ({ maxGap: window.__maxGap, longTasks: window.__longTasks, rendered: [...window.__rendered.entries()], arrived: [...window.__arrived.entries()] }));
  const arrived = new Map(probe.arrived);
  const q = (xs) => { xs.sort((a, b) => a - b); return `p50 ${xs[xs.length >> 1]} p99 ${xs[Math.floor(xs.length * 0.99)]} n ${xs.length}`; };
  console.log('arrival-sent', q(probe.arrived.filter(([id]) => sentAt.has(id)).map(([id, t]) => t - sentAt.get(id))));
  console.log('render-sent', q(probe.rendered.filter(([id]) => sentAt.has(id)).map(([id, t]) => t - sentAt.get(id))));
  console.log('render-arrival', q(probe.rendered.filter(([id]) => arrived.has(id)).map(([id, t]) => t - arrived.get(id))));
  console.log('max frame gap', probe.maxGap, 'long tasks ms', probe.longTasks, '(the page\'s own socket only: ours has its socket in the engine worker)');
  const { profile } = cpu ? await cdp.send('Profiler.stop') : { profile: { nodes: [], samples: [], timeDeltas: [] } };
  if (trace) { await cdp.send('Tracing.end'); await finished; }
  publisher.end(true);
  // Sum complete events ('X') per name on the page's main thread (CrRendererMain with the most events); the
  // engine's worker thread (DedicatedWorker) gets its own task summary below.
  const names = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const byThread = new Map();
  for (const e of events) if (e.ph === 'X') byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const busiest = (name) => [...byThread.entries()].filter(([t]) => names.get(t) === name).sort((a, b) => b[1] - a[1])[0]?.[0];
  const main = busiest('CrRendererMain') ?? [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const worker = busiest('DedicatedWorker thread');
  if (worker) {
    const tasks = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === worker && e.name === 'RunTask' && e.dur);
    const ms = tasks.reduce((a, e) => a + e.dur / 1000, 0);
    console.log(`engine worker thread: ${ms.toFixed(0)} ms in ${tasks.length} tasks, longest ${(Math.max(...tasks.map((e) => e.dur)) / 1000).toFixed(1)} ms`);
  }
  const totals = new Map(); const counts = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || `${e.pid}:${e.tid}` !== main || !e.dur) continue;
    totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
    counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  }
  // Main-thread time by what started each task: its first inner event.
  {
    const all = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur).sort((a, b) => a.ts - b.ts);
    const kinds = new Map();
    let j = 0;
    for (const t of all.filter((e) => e.name === 'RunTask')) {
      while (j < all.length && all[j].ts <= t.ts) j += 1;
      const first = all.slice(j, j + 6).find((e) => e.ts >= t.ts && e.ts < t.ts + t.dur && e.name !== 'RunTask');
      const k = first ? first.name : '(none)';
      const v = kinds.get(k) ?? { ms: 0, n: 0, max: 0 };
      v.ms += t.dur / 1000; v.n += 1; v.max = Math.max(v.max, t.dur / 1000); kinds.set(k, v);
    }
    for (const [k, v] of [...kinds.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
      console.log(`tasks started by ${k}: ${v.ms.toFixed(0)} ms in ${v.n}, longest ${v.max.toFixed(1)} ms`);
    }
  }
  {
    const layouts = events.filter((e) => e.name === 'Layout' && e.ph === 'X' && `${e.pid}:${e.tid}` === main);
    const sum = (f) => layouts.reduce((a, e) => a + (f(e) ?? 0), 0);
    console.log(`layout: ${layouts.length}, avg dirty ${(sum((e) => e.args?.beginData?.dirtyObjects) / layouts.length).toFixed(0)} of ${(sum((e) => e.args?.beginData?.totalObjects) / layouts.length).toFixed(0)} objects, partial ${layouts.filter((e) => e.args?.beginData?.partialLayout).length}`);
    const recalcs = events.filter((e) => e.name === 'UpdateLayoutTree' && `${e.pid}:${e.tid}` === main && e.args?.elementCount !== undefined);
    console.log(`style: ${recalcs.length}, avg elements ${(recalcs.reduce((a, e) => a + e.args.elementCount, 0) / (recalcs.length || 1)).toFixed(0)}`);
  }
  // The longest tasks and what filled them.
  const mainEvents = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main && e.dur);
  const tasks = mainEvents.filter((e) => e.name === 'RunTask').sort((a, b) => b.dur - a.dur).slice(0, Number(process.env.TOP ?? 8));
  for (const t of tasks) {
    const inside = mainEvents.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 2000);
    console.log(`task ${(t.dur / 1000).toFixed(1)} ms:`, inside.slice(0, 8).map((e) => `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''} ${(e.dur / 1000).toFixed(1)}`).join(' | '));
  }
  console.log(`${kind}: ${n} orders QoS ${qos} in ${seconds.toFixed(2)} s (${(n / seconds).toFixed(0)}/s)`);
  for (const [name, ms] of [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms  ${String(counts.get(name)).padStart(7)}×  ${name}`);
  }
  // Self time per function from the CPU profile (wasm functions keep their names in a build with names).
  const dt = profile.timeDeltas; const self = new Map(); const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame; const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  console.log('\nself time');
  for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${ms.toFixed(0).padStart(8)} ms  ${name.slice(0, 150)}`);
  }
} finally {
  await browser.close(); await ref.close(); await site.close(); await broker.stop();
}
