// Users and ACLs on the broker: what a user may not do fails visibly on the page, never silently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startMosquitto, waitFor, repoRoot, useSharedWorld, site, browser, storedOutbox,
} from './harness.mjs';

const TOPIC = 'restaurant/orders';
useSharedWorld({ withBroker: false });
let broker;

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'order-board-acl-'));
  const passwords = path.join(dir, 'passwd');
  writeFileSync(passwords, '');
  for (const user of ['board', 'generator', 'observer', 'pickup', 'counter', 'kitchen']) {
    const pass = `${user}-pw`;
    execFileSync('mosquitto_passwd', ['-b', passwords, user, pass]);
  }
  broker = await startMosquitto('mosquitto-acl.conf.template', {
    PASSWORD_FILE: passwords, ACL_FILE: path.join(repoRoot, 'tests/e2e/acl.txt'),
  });
});

after(() => broker?.stop());

/** Opens the board as a user: the password is typed into the page, never put in the URL. */
async function openAs(user, password, version) {
  const page = await browser.newPage();
  await page.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic: TOPIC, username: user, version, persistent: '0' })}`);
  await page.click('.conn-settings summary');
  await page.fill('[data-testid=password]', password);
  await page.click('[data-testid=connect]');
  await waitFor(`${user} connected`, () => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'connected'));
  return page;
}

test('a kitchen user may read orders, and its forbidden publish fails visibly (MQTT 5)', async () => {
  const page = await openAs('kitchen', 'kitchen-pw', '5');
  try {
    await waitFor('subscribed', () => page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, TOPIC));
    await page.click('[data-testid=publish-random]');
    const text = await waitFor('the publish to fail', () => page.$eval('[data-testid=publish-record]',
      (el) => el.dataset.state === 'failed' && el.textContent));
    assert.match(text, /failed: the broker refused it: NotAuthorized/);
    // Nothing lost: the refused order stays stored with a Retry, for when the rights are fixed.
    assert.equal((await storedOutbox(page)).length, 1);
    assert.ok(await page.$('[data-testid=publish-record] button'), 'a Retry button');
  } finally {
    await page.close();
  }
});

/** The role's screen, as its user: the password typed once and remembered, then the screen's own address. */
async function openRole(user, extra) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const base = { broker: broker.wsUrl, topic: TOPIC, username: user, version: '5' };
  await page.goto(`${site.origin}/?${new URLSearchParams(base)}`);
  await page.click('.conn-settings summary');
  await page.fill('[data-testid=password]', `${user}-pw`);
  await page.check('[data-testid=remember-password]');
  await page.click('[data-testid=connect]');
  await waitFor(`${user} connected`, () => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'connected'));
  await page.goto(`${site.origin}/?${new URLSearchParams({ ...base, ...extra })}`);
  await waitFor(`${user} subscribed again`, () =>
    page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, TOPIC).catch(() => false));
  return { context, page, problems };
}

/** What the broker keeps retained under `filter`, read by the observer. */
function retained(filter) {
  return new Promise((resolve, reject) => {
    execFile('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.mqttPort), '-u', 'observer', '-P', 'observer-pw',
      '-i', `acl-observer-${Date.now()}`, '-t', filter, '--retained-only', '-W', '1'], (err, stdout) => {
      if (err && err.code !== 27) reject(err); else resolve(stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l)));
    });
  });
}

test('each role publishes what its screen needs: a counter\'s order, a station\'s part, the pickup screen reads them; a pickup user turned kitchen is refused once, with the reason, and not retried', async () => {
  const id = `ACL-${Date.now()}`;
  const station = await openRole('kitchen', { view: 'kitchen', station: 'Drinks' });
  const pickup = await openRole('pickup', { view: 'pickup' });
  try {
    // The counter's right: an order (published here as the counter user from the command line).
    const order = JSON.stringify({ order_id: id, customer_name: 'Rights', items: [
      { name: 'Margherita Pizza', quantity: 1, price: 12.99 }, { name: 'Iced Tea', quantity: 1, price: 2.99 }],
    total_amount: 15.98, timestamp: new Date().toISOString() });
    execFileSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.mqttPort), '-u', 'counter', '-P', 'counter-pw',
      '-V', 'mqttv5', '-i', `acl-counter-${Date.now()}`, '-t', TOPIC, '-q', '1', '-m', order]);
    const card = `[data-testid=order-card][data-order-id="${id}"]`;
    await waitFor('the order on the drinks station', () => station.page.$(card));
    await station.page.click(`${card} [data-testid=bump]`);
    await station.page.click(`${card} [data-testid=bump]`);
    await waitFor('the drinks part kept by the broker', async () =>
      (await retained(`${TOPIC}/${id}/parts/+`)).some((p) => p.part === 'Drinks' && p.state === 'done'));
    assert.equal(await station.page.$('[data-testid=status-problem]'), null);
    await waitFor('the pickup screen lists it as being made', () =>
      pickup.page.$$eval('[data-testid=pickup-preparing] [data-testid=pickup-entry]', (els) => els.some((e) => e.textContent.includes('Rights'))));

    // The pickup user, its screen turned into the kitchen's by Staff: its bump is refused, said once.
    await pickup.page.click('[data-testid=staff-menu]');
    await pickup.page.click('[data-testid=screen-kitchen]');
    await waitFor('the kitchen screen', () => pickup.page.$(card));
    await pickup.page.click(`${card} [data-testid=bump]`);
    const said = await waitFor('the refusal said', () => pickup.page.$eval('[data-testid=status-problem]', (e) => e.textContent).catch(() => false));
    assert.match(said, /NotAuthorized/);
    const outbox = async () => (await storedOutbox(pickup.page, 'status-outbox')).length;
    await waitFor('not kept to send again', async () => (await outbox()) === 0);
    await pickup.page.reload();
    await waitFor('subscribed after the reload', () =>
      pickup.page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, TOPIC).catch(() => false));
    await waitFor('the ticket back', () => pickup.page.$(card));
    assert.equal(await outbox(), 0);
    assert.equal(await pickup.page.$('[data-testid=status-problem]'), null, 'nothing sent again, nothing refused again');
    assert.deepEqual([...station.problems, ...pickup.problems], []);
  } finally {
    await station.context.close();
    await pickup.context.close();
  }
});

test('a generator user publishes orders a board user sees, and cannot read them itself', async () => {
  const board = await openAs('board', 'board-pw', '5');
  const generator = await openAs('generator', 'generator-pw', '5');
  try {
    await waitFor('the board subscribed', () =>
      board.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, TOPIC));
    await generator.click('[data-testid=publish-random]');
    const id = await waitFor('acknowledged', () => generator.$eval('[data-testid=publish-record]',
      (el) => el.dataset.state === 'acknowledged' && el.dataset.orderId));
    await waitFor('the order on the board user\'s page', () => board.$(`[data-testid=order-card][data-order-id="${id}"]`));
    // Mosquitto grants the generator's SUBSCRIBE (SUBACK 0) but never delivers: its board stays empty.
    // A broker that refuses in the SUBACK is shown as "subscription refused" (tests/session.rs).
    assert.equal(await generator.$$eval('[data-testid=order-card]', (els) => els.length), 0);
  } finally {
    await generator.close();
    await board.close();
  }
});

test('a password is never taken from the URL and is stored only when the user asks', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${site.origin}/?${new URLSearchParams({ broker: broker.wsUrl, topic: TOPIC, username: 'board', password: 'board-pw' })}`);
    await page.click('.conn-settings summary');
    assert.equal(await page.inputValue('[data-testid=password]'), '', 'password read from the URL');
    await waitFor('refused without a password', () => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'refused'));
    const saved = () => page.evaluate(() => (JSON.parse(localStorage.getItem('order-board.settings') ?? 'null')?.data ?? {}));
    await page.fill('[data-testid=password]', 'board-pw');
    await page.click('[data-testid=connect]');
    await waitFor('connected', () => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'connected'));
    assert.equal((await saved()).password, undefined, 'password stored without "remember"');
    await page.check('[data-testid=remember-password]');
    await page.click('[data-testid=connect]');
    await waitFor('stored on request', async () => (await saved()).password === 'board-pw');
  } finally {
    await page.close();
  }
});
