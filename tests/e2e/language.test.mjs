// The board in the cook's language: a Spanish kitchen bumps with its own words while the pickup screen
// beside it speaks English; a device remembers the language chosen on it; Arabic reads right to left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openBoard, mosquittoPubLines, waitFor, useSharedWorld, broker, site, browser, orderJson, screenshotsOf,
} from './harness.mjs';

useSharedWorld();

let topics = 0;
const topicFor = (name) => `restaurant/orders/language-${name}-${process.pid}-${++topics}`;
const ORDER = orderJson('ORD-L1', 'Zoë', [{ name: 'Margherita Pizza', quantity: 2, price: 12.99 }]);

async function screen(view, topic, extra = {}) {
  const context = await browser.newContext({ locale: 'en-US' });
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view, ...extra });
  return { context, page, problems };
}

const text = (page, selector) => page.$eval(selector, (el) => el.textContent.trim());
const html = (page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
const card = '[data-testid=order-card][data-order-id="ORD-L1"]';

test('a Spanish kitchen bumps with its own words while the pickup screen beside it stays in English', async () => {
  const topic = topicFor('es');
  const kitchen = await screen('kitchen', topic, { lang: 'es' });
  const pickup = await screen('pickup', topic);
  try {
    await mosquittoPubLines(broker.mqttPort, topic, [ORDER]);
    await waitFor('the ticket in the kitchen', () => kitchen.page.$(card));
    assert.deepEqual(await html(kitchen.page), { lang: 'es', dir: 'ltr' });
    assert.equal(await text(kitchen.page, `${card} [data-testid=bump]`), 'Empezar');
    assert.equal(await text(kitchen.page, `${card} [data-testid=status]`), 'nuevo');
    // Order data is shown as published, never translated.
    assert.equal(await text(kitchen.page, `${card} [data-testid=customer]`), 'Zoë');
    await kitchen.page.click(`${card} [data-testid=bump]`);
    await waitFor('preparing in Spanish', async () =>
      (await text(kitchen.page, `${card} [data-testid=status]`)) === 'en preparación');
    assert.equal(await text(kitchen.page, `${card} [data-testid=bump]`), 'Listo');
    assert.match(await text(kitchen.page, '[data-testid=conn-state]'), /^conectado a 127\.0\.0\.1:/);
    assert.equal(await text(kitchen.page, '[data-testid=screen-kitchen]'), 'Cocina');

    // The customers' screen on another device speaks English, and hears the same bump.
    assert.deepEqual(await html(pickup.page), { lang: 'en', dir: 'ltr' });
    assert.equal(await text(pickup.page, '.pickup-title'), 'Order pickup');
    assert.match(await text(pickup.page, '[data-testid=conn-state]'), /^connected to 127\.0\.0\.1:/);
    await waitFor('Zoë preparing at pickup', async () =>
      (await pickup.page.$$eval('[data-testid=pickup-preparing] [data-testid=pickup-entry]',
        (els) => els.map((e) => e.textContent))).join().includes('Zoë'));
    // A message that is not an order is rejected with its reason in Spanish (the field name as on the wire).
    await mosquittoPubLines(broker.mqttPort, topic, ['{"order_id": "ORD-L2", "items": []}']);
    await waitFor('the rejection', () => kitchen.page.$('[data-testid=rejected-reason]'));
    assert.equal(await text(kitchen.page, '[data-testid=rejected-reason]'), 'falta el campo `customer_name`');
    await kitchen.page.$$eval('details', (els) => els.forEach((d) => { d.open = false; }));
    await screenshotsOf(kitchen.page, 'language-kitchen-es');
    for (const { problems } of [kitchen, pickup]) assert.deepEqual(problems, []);
  } finally {
    await kitchen.context.close();
    await pickup.context.close();
  }
});

test('a Spanish counter follows its order in Spanish, and an Arabic one reads right to left', async () => {
  const topic = topicFor('counter');
  const spanish = await screen('counter', topic, { lang: 'es' });
  const arabic = await screen('counter', topic, { lang: 'ar' });
  try {
    await spanish.page.click('[data-testid=place-order]');
    assert.equal(await text(spanish.page, '[data-testid=form-feedback]'),
      'No enviado — corrige los 2 problemas marcados arriba.');
    await spanish.page.fill('[data-testid=customer-name]', 'Zoë');
    await spanish.page.click('[data-testid=add-0]');
    await spanish.page.click('[data-testid=place-order]');
    await waitFor('the broker\'s receipt, in Spanish', async () =>
      (await text(spanish.page, '[data-testid=form-feedback]')).startsWith('Recibido por el bróker: Zoë — 1 artículo, '));
    assert.deepEqual(await html(arabic.page), { lang: 'ar', dir: 'rtl' });
    await arabic.page.fill('[data-testid=customer-name]', 'زينب');
    await arabic.page.click('[data-testid=add-0]');
    await arabic.page.click('[data-testid=place-order]');
    await waitFor('the receipt, in Arabic', async () =>
      (await text(arabic.page, '[data-testid=form-feedback]')).startsWith('استلمه الوسيط: زينب — صنف واحد، '));
    await screenshotsOf(arabic.page, 'language-counter-ar');
    for (const { problems } of [spanish, arabic]) assert.deepEqual(problems, []);
  } finally {
    await spanish.context.close();
    await arabic.context.close();
  }
});

test('a language chosen on a device stays after a reload, and Arabic turns the page right to left', async () => {
  const topic = topicFor('pick');
  const tools = await screen('tools', topic);
  try {
    assert.equal((await html(tools.page)).lang, 'en');
    await tools.page.selectOption('[data-testid=language]', 'de');
    await waitFor('German', async () => (await html(tools.page)).lang === 'de');
    assert.equal(await text(tools.page, '[data-testid=screen-kitchen]'), 'Küche');
    assert.equal(await text(tools.page, '[data-testid=connect]'), 'Verbinden');
    await screenshotsOf(tools.page, 'language-tools-de');
    await tools.page.reload();
    await waitFor('German after the reload', async () =>
      (await html(tools.page)).lang === 'de' && (await text(tools.page, '[data-testid=connect]')) === 'Verbinden');
    await tools.page.selectOption('[data-testid=language]', 'ar');
    await waitFor('Arabic, right to left', async () => {
      const { lang, dir } = await html(tools.page);
      return lang === 'ar' && dir === 'rtl';
    });
    assert.equal(await text(tools.page, '[data-testid=screen-tools]'), 'الأدوات');
    assert.deepEqual(tools.problems, []);
    // The test languages are not in the shipped page: asked for en-XA, it speaks English.
    await tools.page.goto(tools.page.url().replace(/\?/, '?lang=en-XA&'));
    await waitFor('English, not the pseudo-locale', async () => (await html(tools.page)).lang === 'en');
    assert.equal(await text(tools.page, '[data-testid=screen-tools]'), 'Tools');
  } finally {
    await tools.context.close();
  }
});

test('a kitchen downloads only the language it speaks, never shows English first, and says so when its language cannot be fetched', async () => {
  const topic = topicFor('fetch');
  const context = await browser.newContext({ locale: 'en-US' });
  const fetched = [];
  context.on('request', (r) => { if (r.url().includes('/locales/')) fetched.push(new URL(r.url()).pathname); });
  // Remembers whether the kitchen's tab ever said "Kitchen" while the page was visible.
  await context.addInitScript(() => {
    window.englishSeen = false;
    new MutationObserver(() => {
      if (document.documentElement.hasAttribute('data-language-loading')) return;
      const tab = document.querySelector('[data-testid=screen-kitchen]');
      if (tab && tab.textContent.trim() === 'Kitchen') window.englishSeen = true;
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const blocked = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  await blocked.route('**/locales/fr.json', (route) => route.abort('internetdisconnected'));
  try {
    const english = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
    assert.equal(await text(english.page, '[data-testid=screen-kitchen]'), 'Kitchen');
    assert.deepEqual(fetched, [], 'English is in the page: no catalogue fetched');
    const spanish = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'kitchen', lang: 'es' });
    await waitFor('Spanish', async () => (await text(spanish.page, '[data-testid=screen-kitchen]')) === 'Cocina');
    // (Fetched by the page, and once more by the service worker that keeps it for offline use.)
    assert.deepEqual([...new Set(fetched.map((p) => p.split('/').pop()))], ['es.json']);
    assert.equal(await spanish.page.evaluate(() => window.englishSeen), false, 'English showed before Spanish');
    for (const { problems } of [english, spanish]) assert.deepEqual(problems, []);

    // French cannot be fetched (no network, never kept): the board says so, in the English it goes on in.
    const french = await openBoard(blocked, site.origin, broker.wsUrl, topic, null, { view: 'kitchen', lang: 'fr' });
    const notice = await waitFor('the notice', () =>
      french.page.$eval('[data-testid=language-not-loaded]', (el) => el.textContent).catch(() => null));
    assert.match(notice, /^Français could not be loaded \(.+\), so the board goes on in English\.$/);
    assert.deepEqual(await html(french.page), { lang: 'en', dir: 'ltr' });
    assert.equal(await french.page.evaluate(() => document.documentElement.hasAttribute('data-language-loading')), false);
    assert.equal(await text(french.page, '[data-testid=screen-kitchen]'), 'Kitchen');
    await screenshotsOf(french.page, 'language-not-loaded');
  } finally {
    await context.close();
    await blocked.close();
  }
});
