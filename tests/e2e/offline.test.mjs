// The offline shell: the board opens from its cache with the web server gone and no network, keeps what is
// placed meanwhile and sends it when the network is back; a new build is offered, never switched to by itself;
// the web app manifest passes Chromium's own installability check. Hosted in a folder, as a host may.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  useSharedWorld, broker, browser, serveDist, openBoard, mosquittoPub, subscribeReady, seedOrder, waitFor,
  repoRoot, screenshotsOf,
} from './harness.mjs';
import { writeOfflineShell } from '../../scripts/offline.mjs';

useSharedWorld();
const PREFIX = '/kitchen/board';
const topicFor = (name) => `restaurant/orders/offline-${name}-${Date.now()}`;

/** Waits until the service worker controls the page; returns what its cache holds (files and bytes). */
async function shellReady(page) {
  await waitFor('the service worker to control the page', () => page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return Boolean(navigator.serviceWorker.controller && reg?.active?.state === 'activated');
  }), 30000);
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith('order-board-shell-'));
    const cache = await caches.open(names[0]);
    let bytes = 0;
    const requests = await cache.keys();
    for (const r of requests) bytes += (await (await cache.match(r)).arrayBuffer()).byteLength;
    return { caches: names, files: requests.map((r) => new URL(r.url).pathname), bytes };
  });
}

const buildMarker = (page) =>
  page.$eval('meta[name=order-board-build]', (el) => el.content).catch(() => null);

test('with the web server gone and no network, the board opens from its cache, keeps a new order and a bump over another reload, and sends both when the network is back', async () => {
  const site = await serveDist({}, { prefix: PREFIX });
  const context = await browser.newContext();
  try {
    const topic = topicFor('reload');
    const { page, problems } = await openBoard(browser, site.origin, broker.wsUrl, topic, await context.newPage());
    const shell = await shellReady(page);
    console.log(`offline shell: ${shell.files.length} files, ${shell.bytes} bytes cached`);
    assert.equal(shell.caches.length, 1);
    for (const name of ['index.html', 'config.json', 'manifest.webmanifest', 'icons/icon-192.png']) {
      assert.ok(shell.files.includes(`${PREFIX}/${name}`), `${name} is cached: ${shell.files}`);
    }
    assert.ok(shell.files.some((f) => f.endsWith('.wasm')), 'the wasm is cached');
    // An English board keeps no other language's catalogue: those are fetched when chosen.
    assert.ok(!shell.files.some((f) => f.includes('/locales/')), `no catalogue in the shell: ${shell.files}`);
    await mosquittoPub(broker.mqttPort, topic, seedOrder('ORD-OFF1', 'Before The Outage'));
    await waitFor('the card', () => page.$('[data-testid=order-card][data-order-id="ORD-OFF1"]'));

    // The host goes down and the tablet loses its network; then the page reloads (a swipe, a crash).
    await site.close();
    await context.setOffline(true);
    const started = Date.now();
    await page.reload();
    await waitFor('the saved ticket, from the cache', () =>
      page.$('[data-testid=order-card][data-order-id="ORD-OFF1"]'));
    const renderedMs = Date.now() - started;
    console.log(`offline reload to a rendered board with its ticket: ${renderedMs} ms`);
    const banner = await waitFor('the offline notice', () =>
      page.$eval('[data-testid=offline-banner]', (el) => el.textContent).catch(() => null));
    assert.match(banner, /^No network since \d\d:\d\d:\d\d — this board shows what it last saw/);

    await page.fill('[data-testid=customer-name]', 'During The Outage');
    await page.click('[data-testid=add-0]');
    await page.click('[data-testid=place-order]');
    const queued = await waitFor('the order to wait in the outbox', () => page.$eval('[data-testid=publish-record]',
      (el) => (el.dataset.state === 'queued' ? el.dataset.orderId : null)).catch(() => null));
    await waitFor('the notice to count it', async () =>
      /\(1 order waiting\)/.test(await page.$eval('[data-testid=offline-banner]', (el) => el.textContent)));
    await screenshotsOf(page, 'offline');

    // A bump made offline, and one more reload while still offline: the ticket keeps its status and both the
    // order and the bump still wait to be sent.
    await page.click('[data-testid=order-card][data-order-id="ORD-OFF1"] [data-action=bump]');
    await waitFor('the bump on the page', () => page.$eval('[data-testid=order-card][data-order-id="ORD-OFF1"]',
      (el) => el.dataset.status === 'preparing'));
    await page.reload();
    await waitFor('the bumped ticket after an offline reload', () => page.$eval(
      '[data-testid=order-card][data-order-id="ORD-OFF1"]', (el) => el.dataset.status === 'preparing').catch(() => false));

    const sub = await subscribeReady(broker.mqttPort, topic);
    const statuses = await subscribeReady(broker.mqttPort, `${topic}/ORD-OFF1/status`);
    try {
      await context.setOffline(false);
      const order = JSON.parse(await sub.next(30000));
      assert.equal(order.order_id, queued);
      assert.equal(order.customer_name, 'During The Outage');
      const status = JSON.parse(await statuses.next(30000));
      assert.equal(status.status, 'preparing');
    } finally {
      sub.stop();
      statuses.stop();
    }
    await waitFor('the offline notice to go', async () => !(await page.$('[data-testid=offline-banner]')));
    assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|Failed to load resource/.test(p)), []);
  } finally {
    await context.close();
    await site.close();
  }
});

test('a new build is offered with "Reload now" and runs only once the cook taps it', async () => {
  // The next build: a copy of dist/ with one visible difference and its own service worker.
  const next = mkdtempSync(path.join(tmpdir(), 'order-board-next-build-'));
  cpSync(path.join(repoRoot, 'dist'), next, { recursive: true });
  const index = path.join(next, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8')
    .replace('<title>', '<meta name="order-board-build" content="next" />\n    <title>'));
  writeOfflineShell(next);

  let site = await serveDist({}, { prefix: PREFIX });
  const context = await browser.newContext();
  try {
    const topic = topicFor('update');
    // A Spanish board: its catalogue is kept once the worker runs, though the first visit fetched it before.
    const { page } = await openBoard(browser, site.origin, broker.wsUrl, topic, await context.newPage(), { lang: 'es' });
    const first = await shellReady(page);
    await waitFor('the Spanish catalogue to be kept', async () =>
      (await shellReady(page)).files.includes(`${PREFIX}/locales/es.json`));
    assert.equal(await buildMarker(page), null);

    const { port } = site;
    await site.close();
    site = await serveDist({}, { prefix: PREFIX, dir: next, port });
    // Any reload looks for a new build; the page still runs the one it has.
    await page.reload();
    await waitFor('the new-version notice', () => page.$('[data-testid=update-ready]'), 30000);
    assert.equal(await buildMarker(page), null, 'the page switched builds by itself');
    await screenshotsOf(page, 'update-ready');
    await page.click('[data-testid=update-reload]');
    await waitFor('the new build to run', async () => (await buildMarker(page)) === 'next', 30000);
    await waitFor('the board to subscribe again', () => page.$eval('[data-testid=conn-state]',
      (el, t) => el.dataset.subscribed === t, topic).catch(() => false));
    const second = await shellReady(page);
    assert.equal(second.caches.length, 1, `the old cache is gone: ${second.caches}`);
    assert.notEqual(second.caches[0], first.caches[0]);
    // The new version brought the language along: offline, with the host gone, the board still speaks it.
    assert.ok(second.files.includes(`${PREFIX}/locales/es.json`), `Spanish is kept: ${second.files}`);
    await site.close();
    await context.setOffline(true);
    await page.reload();
    await waitFor('Spanish, offline', () => page.$eval('[data-testid=screen-kitchen]',
      (el) => el.textContent.trim() === 'Cocina' && document.documentElement.lang === 'es').catch(() => false));
  } finally {
    await context.close();
    await site.close();
  }
});

test('the web app manifest passes Chromium\'s installability check', async () => {
  const site = await serveDist({}, { prefix: PREFIX });
  // Installability is not judged in an off-the-record profile, which a plain Playwright context is.
  const profile = mkdtempSync(path.join(tmpdir(), 'order-board-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const topic = topicFor('manifest');
    const { page } = await openBoard(null, site.origin, broker.wsUrl, topic, context.pages()[0] ?? await context.newPage());
    await shellReady(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, []);
    const parsed = JSON.parse(manifest.data);
    assert.equal(parsed.display, 'standalone');
    const errors = await waitFor('an installability verdict', async () =>
      (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors);
    assert.deepEqual(errors.map((e) => e.errorId), []);
  } finally {
    await context.close();
    await site.close();
  }
});
