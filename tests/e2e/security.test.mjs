// Users and ACLs on the broker: what a user may not do fails visibly on the page, never silently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  startMosquitto, waitFor, repoRoot, useSharedWorld, site, browser,
} from './harness.mjs';

const TOPIC = 'restaurant/orders';
useSharedWorld({ withBroker: false });
let broker;

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'order-board-acl-'));
  const passwords = path.join(dir, 'passwd');
  writeFileSync(passwords, '');
  for (const [user, pass] of [['board', 'board-pw'], ['generator', 'generator-pw'], ['observer', 'observer-pw']]) {
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

test('a board user may read orders, and its forbidden publish fails visibly (MQTT 5)', async () => {
  const page = await openAs('board', 'board-pw', '5');
  try {
    await waitFor('subscribed', () => page.$eval('[data-testid=conn-state]', (el, t) => el.dataset.subscribed === t, TOPIC));
    await page.click('[data-testid=publish-random]');
    const text = await waitFor('the publish to fail', () => page.$eval('[data-testid=publish-record]',
      (el) => el.dataset.state === 'failed' && el.textContent));
    assert.match(text, /failed: the broker refused it: NotAuthorized/);
    // Nothing lost: the refused order stays stored with a Retry, for when the rights are fixed.
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('order-board.outbox')).data.length), 1);
    assert.ok(await page.$('[data-testid=publish-record] button'), 'a Retry button');
  } finally {
    await page.close();
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
