// A screen for each role: kitchen, counter, pickup and tools — what each shows, the kitchen's key map with a
// second board following, readable type on a TV, and a pickup screen that publishes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  startMosquitto, openBoard, mosquittoPub, mosquittoPubLines, waitFor, useSharedWorld, broker, site, browser,
  screenshotsOf, cardIds, orderJson, retainedStatuses, repoRoot,
} from './harness.mjs';

useSharedWorld();

let topics = 0;
const topicFor = (name) => `restaurant/orders/screens-${name}-${process.pid}-${++topics}`;
const order = orderJson;
const ORDERS = [
  order('ORD-S1', 'Ada', [{ name: 'Margherita Pizza', quantity: 2, price: 12.99 }, { name: 'Coca-Cola', quantity: 1, price: 2.49 }]),
  order('ORD-S2', 'Alan', [{ name: 'Classic Cheeseburger', quantity: 1, price: 11.99 }], { special_instructions: 'Food allergy: sesame' }),
  order('ORD-S3', 'Grace', [{ name: 'Iced Tea', quantity: 3, price: 2.99 }]),
  order('ORD-S4', 'Edsger', [{ name: 'Caesar Salad', quantity: 1, price: 8.99 }, { name: 'Garlic Bread', quantity: 2, price: 4.99 }]),
  order('ORD-S5', 'Barbara', [{ name: 'Spaghetti Carbonara', quantity: 1, price: 14.49 }]),
];
const status = (topic, id, state) => mosquittoPub(broker.mqttPort, `${topic}/${id}/status`,
  JSON.stringify({ order_id: id, status: state, at: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }));
const statusOf = (page, id) => page.$eval(`[data-testid=order-card][data-order-id="${id}"]`, (el) => el.dataset.status).catch(() => null);
const waitStatus = (page, id, want) => waitFor(`${id} ${want}`, async () => (await statusOf(page, id)) === want);
const focused = (page) => page.evaluate(() => document.activeElement?.closest('[data-order-id]')?.dataset.orderId ?? document.activeElement?.tagName);
const selected = (page) => page.$$eval('[data-testid=order-card].selected', (els) => els.map((e) => e.dataset.orderId));

async function screen(view, topic, extra = {}) {
  const context = await browser.newContext();
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view, ...extra });
  return { context, page, problems };
}

test('each screen shows what its role needs, at TV, tablet and phone sizes in light and dark', async () => {
  const topic = topicFor('views');
  const screens = {};
  try {
    for (const view of ['kitchen', 'counter', 'pickup', 'tools']) screens[view] = await screen(view, topic);
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS);
    await status(topic, 'ORD-S1', 'preparing');
    await status(topic, 'ORD-S3', 'ready');
    const { kitchen, counter, pickup, tools } = screens;
    await waitFor('five tickets in the kitchen', async () => (await cardIds(kitchen.page)).length === 5);
    await waitStatus(kitchen.page, 'ORD-S3', 'ready');

    // Kitchen: tickets only, tools folded in a menu; no form.
    assert.equal(await kitchen.page.$('[data-testid=customer-name]'), null, 'no order form in the kitchen');
    assert.equal(await kitchen.page.isVisible('[data-testid=search]'), false, 'tools are folded away');
    // Counter: the form and what was sent from here; no tickets.
    assert.equal(await counter.page.$('[data-testid=order-card]'), null);
    assert.ok(await counter.page.isVisible('[data-testid=place-order]'));
    const plus = await counter.page.$eval('[data-testid=add-0]', (el) => el.getBoundingClientRect().toJSON());
    assert.ok(plus.width >= 44 && plus.height >= 44, `+ is ${plus.width}×${plus.height}`);
    // Pickup: names under Preparing and Ready.
    await waitFor('Grace ready at pickup', async () =>
      (await pickup.page.$$eval('[data-testid=pickup-ready] .pickup-name', (els) => els.map((e) => e.textContent))).join() === 'Grace');
    const preparing = await pickup.page.$$eval('[data-testid=pickup-preparing] .pickup-name', (els) => els.map((e) => e.textContent));
    assert.deepEqual(preparing, ['Ada', 'Alan', 'Edsger', 'Barbara']);
    // Tools: the settings are a form, open; no tickets.
    assert.ok(await tools.page.isVisible('[data-testid=broker-url]'));
    assert.equal(await tools.page.$('[data-testid=order-card]'), null);

    // A cook can tell the statuses apart by colour, not only by the pill's word.
    const band = (id) => kitchen.page.$eval(`[data-order-id="${id}"]`, (el) => getComputedStyle(el).borderTopColor);
    const bands = new Set([await band('ORD-S1'), await band('ORD-S2'), await band('ORD-S3')]);
    assert.equal(bands.size, 3, 'new, preparing and ready have bands of their own');

    await kitchen.page.click('[data-order-id="ORD-S2"]');
    for (const [view, { page }] of Object.entries(screens)) await screenshotsOf(page, `screen-${view}`);
    for (const { problems } of Object.values(screens)) assert.deepEqual(problems, []);
  } finally {
    for (const { context } of Object.values(screens)) await context.close();
  }
});

test('the kitchen screen on a 1920×1080 TV uses no ticket text smaller than 24 px', async () => {
  const topic = topicFor('type');
  const { context, page } = await screen('kitchen', topic);
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS.slice(0, 2));
    await waitFor('two tickets', async () => (await cardIds(page)).length === 2);
    // Every piece of text inside the tickets, as the browser laid it out.
    const sizes = await page.$$eval('[data-testid=order-card] *', (els) => els
      .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((el) => ({ text: el.textContent.trim().slice(0, 20), px: parseFloat(getComputedStyle(el).fontSize) })));
    assert.ok(sizes.length > 10, `found ${sizes.length} texts`);
    const small = sizes.filter((s) => s.px < 24);
    assert.deepEqual(small, [], 'text under 24 px on the kitchen TV');
    const name = await page.$eval('[data-testid=customer]', (el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok(name >= 30, `customer name ${name} px`);
  } finally {
    await context.close();
  }
});

test('the key map drives the kitchen screen, a second board follows, and keys typed in a field stay there', async () => {
  const topic = topicFor('keys');
  const kitchen = await screen('kitchen', topic);
  const other = await screen('all', topic);
  const { page } = kitchen;
  try {
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS.slice(0, 3));
    await waitFor('three tickets', async () => (await cardIds(page)).length === 3);
    const [, second, third] = await cardIds(page);

    // 2 selects the second ticket; Enter starts it, here and on the other board.
    await page.keyboard.press('2');
    await waitFor('the second ticket selected', async () => (await selected(page)).join() === second);
    await page.keyboard.press('Enter');
    await waitStatus(page, second, 'preparing');
    await waitStatus(other.page, second, 'preparing');
    await waitFor('the focus on the bumped ticket, not <body>', async () => (await focused(page)) === second);

    // Ready, then Served: the ticket leaves and the selection (and focus) go to the one in its place.
    await page.keyboard.press('Enter');
    await waitStatus(other.page, second, 'ready');
    await page.keyboard.press(' ');
    await waitFor('served off the kitchen screen', async () => !(await cardIds(page)).includes(second));
    await waitFor('selection on the ticket in its place', async () => (await selected(page)).join() === third);
    await waitFor('focus on the ticket in its place', async () => (await focused(page)) === third);

    // u takes the last bump back: ready again on both boards.
    await page.keyboard.press('u');
    await waitStatus(other.page, second, 'ready');
    // Arrow right, then Delete cancels; u undoes the cancel too.
    await page.keyboard.press('1');
    await page.keyboard.press('ArrowRight');
    const target = (await selected(page))[0];
    await page.keyboard.press('Delete');
    await waitFor('cancelled on the other board', async () =>
      (await other.page.$(`[data-testid=done-item][data-order-id="${target}"][data-status=cancelled]`)) !== null);
    await page.keyboard.press('u');
    await waitFor('back after undoing the cancel', async () => (await statusOf(other.page, target)) !== null);

    // Keys typed into the search field are text, never commands.
    await page.click('[data-testid=tools-menu]');
    await page.fill('[data-testid=search]', '');
    const before = await Promise.all((await cardIds(page)).map((id) => statusOf(page, id)));
    await page.type('[data-testid=search]', '1 ');
    await page.keyboard.press('Enter');
    assert.equal(await page.$eval('[data-testid=search]', (el) => el.value), '1 ');
    await page.fill('[data-testid=search]', '');
    await waitFor('all tickets back', async () => (await cardIds(page)).length === before.length);
    const after = await Promise.all((await cardIds(page)).map((id) => statusOf(page, id)));
    assert.deepEqual(after, before, 'typing in the search bumped nothing');

    // A held Enter (the key repeating) bumps once, not ticket after ticket.
    await page.click('[data-testid=order-card] .items');
    await page.keyboard.press('1');
    const held = (await selected(page))[0];
    const heldBefore = await statusOf(page, held);
    for (let i = 0; i < 4; i++) await page.keyboard.down('Enter');
    await page.keyboard.up('Enter');
    await waitFor('one bump from the held key', async () => (await statusOf(other.page, held)) !== heldBefore);
    await waitFor('the same on both boards', async () => (await statusOf(page, held)) === (await statusOf(other.page, held)));
    const steps = ['new', 'preparing', 'ready', 'served'];
    assert.equal(steps.indexOf(await statusOf(page, held)), steps.indexOf(heldBefore) + 1, 'a held Enter bumped more than once');

    // r recalls the ticket finished last (a tap on a ticket takes the keys back from the search field).
    await page.click('[data-testid=order-card] .items');
    await page.keyboard.press('1');
    const first = (await selected(page))[0];
    // One Enter per step until it is served (it may have been started already).
    while ((await cardIds(page)).includes(first)) {
      const was = await statusOf(page, first);
      await page.keyboard.press('Enter');
      await waitFor(`${first} past ${was}`, async () => (await statusOf(page, first)) !== was);
    }
    await page.keyboard.press('r');
    await waitStatus(other.page, first, 'ready');
    assert.deepEqual(kitchen.problems, []);
  } finally {
    await kitchen.context.close();
    await other.context.close();
  }
});

test('the pickup screen publishes nothing, not even its presence, while a counter beside it does', async () => {
  const logged = await startMosquitto('mosquitto-log.conf.template');
  const topic = topicFor('pickup');
  const contexts = [];
  const log = () => readFileSync(path.join(logged.dir, 'mosquitto.log'), 'utf8');
  const publishesFrom = (id) => (log().match(new RegExp(`Received PUBLISH from ${id}\\b`, 'g')) ?? []).length;
  try {
    const open = async (view, id) => {
      const context = await browser.newContext();
      contexts.push(context);
      return (await openBoard(context, site.origin, logged.wsUrl, topic, null, { view, client_id: id, presence: '1' })).page;
    };
    const pickup = await open('pickup', 'pickup-screen-1');
    const counter = await open('counter', 'counter-1');
    // An order from the counter, cooked and served elsewhere: the pickup screen follows all of it.
    await counter.fill('[data-testid=customer-name]', 'Hopper');
    await counter.click('[data-testid=add-0]');
    await counter.click('[data-testid=place-order]');
    await waitFor('the counter says it was sent', async () =>
      /(Sent|Received by the broker): Hopper/.test(await counter.$eval('[data-testid=form-feedback]', (el) => el.textContent).catch(() => '')));
    const names = (list) => pickup.$$eval(`[data-testid=pickup-${list}] .pickup-name`, (els) => els.map((e) => e.textContent));
    await waitFor('Hopper preparing at pickup', async () => (await names('preparing')).includes('Hopper'));
    const id = await counter.$eval('[data-testid=publish-record]', (el) => el.dataset.orderId);
    await mosquittoPub(logged.mqttPort, `${topic}/${id}/status`, JSON.stringify({ order_id: id, status: 'ready', at: new Date().toISOString() }));
    await waitFor('Hopper ready at pickup', async () => (await names('ready')).includes('Hopper'));
    await mosquittoPub(logged.mqttPort, `${topic}/${id}/status`, JSON.stringify({ order_id: id, status: 'served', at: new Date().toISOString() }));
    await waitFor('Hopper gone once served', async () => !(await names('ready')).includes('Hopper'));
    // Keys on the customers' screen do nothing either.
    await pickup.keyboard.press('1');
    await pickup.keyboard.press('Enter');

    assert.ok(publishesFrom('counter-1') >= 2, 'the counter published its presence and its order');
    assert.match(log(), /New client connected from .* as pickup-screen-1/);
    assert.equal(publishesFrom('pickup-screen-1'), 0, 'the pickup screen published something');
    // No will either: the broker logs a CONNECT's will topic, and names the counter's, never the pickup's.
    assert.ok(log().includes('boards/counter-1'), "the counter's presence is in the broker's log");
    assert.ok(!log().includes('boards/pickup-screen-1'), 'the pickup screen announced itself');
    await screenshotsOf(pickup, 'pickup-after-served');
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    await logged.stop();
  }
});

test('a board opened mid-service on a fresh profile gets all 50 open tickets with their statuses, not the served one', async () => {
  const topic = topicFor('replacement');
  const first = await screen('all', topic);
  let late;
  try {
    const ids = Array.from({ length: 51 }, (_, i) => `ORD-R${String(i + 1).padStart(2, '0')}`);
    await mosquittoPubLines(broker.mqttPort, topic, ids.map((id, i) =>
      order(id, `Guest ${i + 1}`, [{ name: 'Margherita Pizza', quantity: 1 + (i % 3), price: 12.99 }])));
    await waitFor('51 tickets on the first board', async () => (await first.page.$$('[data-testid=order-card]')).length >= 24);
    // The first board makes every order reachable: a retained status carrying it, a few per second.
    await waitFor('a retained status carrying each order', async () =>
      (await retainedStatuses(broker.mqttPort, topic)).filter((s) => s.order?.order_id === s.order_id).length === 51, 30000);
    // One started, one served (three bumps), on the first board; search finds them among the 51.
    await first.page.fill('[data-testid=search]', 'ORD-R10');
    await first.page.click('[data-testid=order-card][data-order-id="ORD-R10"] [data-testid=bump]');
    await waitStatus(first.page, 'ORD-R10', 'preparing');
    await first.page.fill('[data-testid=search]', 'ORD-R20');
    for (const want of ['preparing', 'ready']) {
      await first.page.click('[data-testid=order-card][data-order-id="ORD-R20"] [data-testid=bump]');
      await waitStatus(first.page, 'ORD-R20', want);
    }
    await first.page.click('[data-testid=order-card][data-order-id="ORD-R20"] [data-testid=bump]');
    await waitFor('served', async () => (await statusOf(first.page, 'ORD-R20')) === null);
    await waitFor('the served status retained without its order', async () =>
      (await retainedStatuses(broker.mqttPort, topic)).some((s) => s.order_id === 'ORD-R20' && s.status === 'served' && !s.order));

    // A new tablet: a fresh browser profile, nothing stored, orders long gone from the topic.
    late = await screen('all', topic);
    const { page } = late;
    await waitFor('50 open tickets on the new board', async () =>
      Number(await page.$eval('[data-testid=open-count]', (el) => el.textContent)) === 50, 20000);
    await page.fill('[data-testid=search]', 'ORD-R10');
    await waitStatus(page, 'ORD-R10', 'preparing');
    await page.fill('[data-testid=search]', 'ORD-R20');
    await waitFor('the search applied', async () => (await page.$$('[data-testid=order-card]')).length === 0);
    assert.equal(await page.$(`[data-order-id="ORD-R20"]`), null, 'the served ticket came back');
    assert.equal(Number(await page.$eval('[data-testid=order-count]', (el) => el.textContent)), 50);
    assert.deepEqual(late.problems, []);
  } finally {
    await first.context.close();
    await late?.context.close();
  }
});

test('a reload keeps the screen\'s own settings and a Disconnect pressed by hand', async () => {
  const topic = topicFor('kept');
  const { context, page, problems } = await screen('all', topic);
  try {
    await page.click('[data-testid=sound-toggle]');
    await page.click('[data-testid=sort-toggle]');
    await page.selectOption('[data-testid=station]', 'Pizza');
    await page.fill('[data-testid=warn-minutes]', '3');
    await page.press('[data-testid=warn-minutes]', 'Tab');
    await page.click('.conn-settings summary');
    await page.click('[data-testid=disconnect]');
    await waitFor('disconnected', () => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'offline'));
    await page.reload();
    // Start-up says when it has decided whether to connect (config.json read, client id agreed).
    const startup = await waitFor('start-up to decide', () =>
      page.$eval('[data-testid=conn-state]', (el) => el.dataset.startup ?? null).catch(() => null));
    assert.equal(startup, 'stay disconnected');
    const kept = async () => ({
      sound: await page.$eval('[data-testid=sound-toggle]', (el) => el.getAttribute('aria-pressed')),
      sort: await page.$eval('[data-testid=sort-toggle]', (el) => el.getAttribute('aria-pressed')),
      station: await page.$eval('[data-testid=station]', (el) => el.value),
      yellow: await page.$eval('[data-testid=warn-minutes]', (el) => el.value),
    });
    assert.deepEqual(await kept(), { sound: 'true', sort: 'true', station: 'Pizza', yellow: '3' });
    // Still disconnected after start-up, and it says what to do.
    const state = await page.$eval('[data-testid=conn-state]', (el) => [el.dataset.state, el.textContent]);
    assert.deepEqual(state, ['offline', 'disconnected — press Connect to start']);
    await page.click('.conn-settings summary');
    await page.click('[data-testid=connect]');
    await waitFor('connected again', () => page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'connected'));
    await page.reload();
    await waitFor('connected by itself after Connect', () =>
      page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'connected').catch(() => false));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the order form says next to its button what happened and takes the focus to what needs fixing', async () => {
  const topic = topicFor('form');
  const { context, page } = await screen('counter', topic);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('[data-testid=place-order]');
    const feedback = await waitFor('the feedback', () => page.$eval('[data-testid=form-feedback]', (el) => el.textContent).catch(() => null));
    assert.equal(feedback, 'Not sent — fix the 2 problems marked above.');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'customer-name');
    const gap = await page.evaluate(() => {
      const b = document.querySelector('[data-testid=place-order]').getBoundingClientRect();
      const f = document.querySelector('[data-testid=form-feedback]').getBoundingClientRect();
      return f.top - b.bottom;
    });
    assert.ok(gap >= 0 && gap < 40, `feedback ${gap} px below the button`);
    await page.fill('[data-testid=customer-name]', 'Ada');
    await page.click('[data-testid=place-order]');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'add-0', 'the focus goes to the menu');
    await page.click('[data-testid=add-0]');
    await page.click('[data-testid=place-order]');
    await waitFor('sent', async () => /^(Sent|Received by the broker): Ada — 1 item, \$12\.99$/.test(await page.textContent('[data-testid=form-feedback]')));
    await page.evaluate(() => document.querySelector('[data-testid=place-order]').scrollIntoView({ block: 'center' }));
    await screenshotsOf(page, 'counter-sent');
  } finally {
    await context.close();
  }
});

test('the counter has no random-order button and is ready for the next customer after each order', async () => {
  const topic = topicFor('next-customer');
  const { context, page, problems } = await screen('counter', topic);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await page.$('[data-testid=publish-random]'), null, 'a made-up order one tap away');
    await page.fill('[data-testid=customer-name]', 'Hopper');
    await page.click('[data-testid=add-0]');
    await page.click('[data-testid=place-order]');
    await waitFor('the receipt', async () =>
      /Hopper/.test(await page.$eval('[data-testid=form-feedback]', (el) => el.textContent).catch(() => '')));
    // The name field has the focus, empty, with the receipt above it in view: the next customer can start.
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'customer-name');
    assert.equal(await page.$eval('[data-testid=customer-name]', (el) => el.value), '');
    const top = (sel) => page.$eval(sel, (el) => el.getBoundingClientRect().top);
    assert.ok(await top('[data-testid=form-feedback]') < await top('[data-testid=customer-name]'), 'the receipt is above the form');
    assert.ok(await top('[data-testid=form-feedback]') >= 0, 'the receipt is on screen');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('two counters placing at once hand out different short numbers, said on the receipt, the ticket and the pickup screen, and each can cancel its own', async () => {
  const topic = topicFor('numbers');
  const [a, b, kitchen, pickup] = [
    await screen('counter', topic), await screen('counter', topic), await screen('kitchen', topic), await screen('pickup', topic),
  ];
  // A restaurant that allows no cancelling at the counter.
  const strict = await screen('counter', topic, { cancel_minutes: '0' });
  try {
    const letterOf = (page) => page.$eval('[data-testid=counter-letter]', (el) => el.dataset.letter).catch(() => null);
    // Two fresh counters that take a letter at the same moment end with two letters, without the broker deciding.
    await waitFor('two different letters', async () => {
      const [x, y] = [await letterOf(a.page), await letterOf(b.page)];
      return x && y && x !== y;
    }, 20000);
    for (const [s, name] of [[a, 'Ada'], [b, 'Bo'], [strict, 'Cy']]) {
      await s.page.fill('[data-testid=customer-name]', name);
      await s.page.click('[data-testid=add-0]');
    }
    await Promise.all([a, b].map((s) => s.page.click('[data-testid=place-order]')));
    const numberOf = (page) => waitFor('the number', () =>
      page.$eval('[data-testid=placed-number]', (el) => el.dataset.number).catch(() => null));
    const [na, nb] = [await numberOf(a.page), await numberOf(b.page)];
    assert.notEqual(na, nb, 'two counters handed out one number');
    assert.equal(na, `${await letterOf(a.page)}1`, 'the day starts at 1');
    assert.equal(await a.page.textContent('[data-testid=placed-number]'), `Order ${na} — tell the customer.`);
    await screenshotsOf(a.page, 'counter-number');
    // The number travels with the order: on the kitchen's ticket and the customers' screen.
    const sorted = (xs) => [...xs].sort().join();
    await waitFor('both numbers on the kitchen tickets', async () => sorted(await kitchen.page.$$eval(
      '[data-testid=order-card] .order-id', (els) => els.map((e) => e.textContent))) === sorted([na, nb]));
    await waitFor('both numbers on the pickup screen', async () => sorted(await pickup.page.$$eval(
      '[data-testid=pickup-entry] .pickup-number', (els) => els.map((e) => e.textContent))) === sorted([na, nb]));
    const idOf = (s) => s.page.$eval('[data-testid=publish-record]', (el) => el.dataset.orderId);
    const [ida, idb] = [await idOf(a), await idOf(b)];
    // Nobody has started Ada's order: one tap cancels it, and the kitchen sees it go.
    await waitFor('a cancel button', () => a.page.$('[data-testid=cancel-order]'));
    await a.page.click('[data-testid=cancel-order]');
    await waitFor('said cancelled at the counter', () => a.page.$('[data-testid=order-cancelled]'));
    await waitFor('gone from the kitchen', async () => !(await cardIds(kitchen.page)).includes(ida));
    // The kitchen has started Bo's: the counter is warned first.
    await kitchen.page.click(`[data-testid=order-card][data-order-id="${idb}"] [data-testid=bump]`);
    await waitFor('the counter knows it started', () => b.page.$('[data-testid=cancel-order][data-started=true]'));
    await b.page.click('[data-testid=cancel-order]');
    assert.equal(await b.page.textContent('[data-testid=cancel-warning]'), 'The kitchen has started it — cancel anyway?');
    await b.page.setViewportSize({ width: 390, height: 844 });
    await b.page.$eval('[data-testid=cancel-warning]', (el) => el.scrollIntoView({ block: 'center' }));
    await b.page.screenshot({ path: path.join(repoRoot, 'target', 'e2e-artifacts', 'counter-cancel-warning-phone.png') });
    assert.deepEqual(await cardIds(kitchen.page), [idb], 'not cancelled before the warning is answered');
    await b.page.click('[data-testid=cancel-anyway]');
    await waitFor('gone from the kitchen', async () => (await cardIds(kitchen.page)).length === 0);
    await waitFor('and from the pickup screen', async () => (await pickup.page.$$('[data-testid=pickup-entry]')).length === 0);
    // With no window, the counter places but offers no cancel.
    await strict.page.click('[data-testid=place-order]');
    await waitFor('placed', () => strict.page.$('[data-testid=form-feedback][data-state=acknowledged]'));
    await waitFor('on the kitchen', async () => (await cardIds(kitchen.page)).length === 1);
    assert.equal(await strict.page.$('[data-testid=cancel-order]'), null);
    for (const s of [a, b, kitchen, pickup, strict]) assert.deepEqual(s.problems, []);
  } finally {
    for (const s of [a, b, kitchen, pickup, strict]) await s.context.close();
  }
});

test('a search in force and a station screen say so above the tickets', async () => {
  const topic = topicFor('filters');
  const { context, page, problems } = await screen('kitchen', topic);
  try {
    await mosquittoPubLines(broker.mqttPort, topic, ORDERS);
    await waitFor('five cards', async () => (await cardIds(page)).length === 5);
    await page.click('[data-testid=tools-menu]');
    await page.fill('[data-testid=search]', 'ada');
    const banner = await waitFor('the search banner', () =>
      page.$eval('[data-testid=filter-banner]', (el) => el.textContent).catch(() => null));
    assert.match(banner, /^Only tickets matching “ada”: 1 of 5 open\./);
    // Folded away, the search still says so; one tap shows everything again.
    await page.click('[data-testid=tools-menu]');
    await page.click('[data-testid=filter-clear]');
    await waitFor('all five again', async () => (await cardIds(page)).length === 5 && !(await page.$('[data-testid=filter-banner]')));
    await page.click('[data-testid=tools-menu]');
    assert.equal(await page.$eval('[data-testid=search]', (el) => el.value), '');

    await page.selectOption('[data-testid=station]', 'Drinks');
    await waitFor('the station in the title', async () =>
      (await page.$eval('[data-testid=station-title]', (el) => el.textContent).catch(() => '')) === ' · Drinks');
    await waitFor('its own count', async () =>
      (await page.$eval('[data-testid=station-count]', (el) => el.textContent).catch(() => '')) === ' · Drinks: 2 open');
    await screenshotsOf(page, 'kitchen-station-drinks');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a generated order is marked TEST, kept out of revenue and the pickup screen, and cleared in one step', async () => {
  const topic = topicFor('test-traffic');
  const all = await screen('all', topic);
  const pickup = await screen('pickup', topic);
  const tools = await screen('tools', topic);
  try {
    await mosquittoPubLines(broker.mqttPort, topic, [ORDERS[0]]);
    await all.page.click('[data-testid=publish-random]');
    await waitFor('two cards', async () => (await cardIds(all.page)).length === 2);
    const marked = await all.page.$$eval('[data-testid=order-card]', (els) => els
      .filter((card) => !card.querySelector('[data-testid=test-badge]').hidden).map((card) => card.dataset.orderId));
    assert.equal(marked.length, 1, 'only the generated order is marked');
    const [testId] = marked;
    assert.notEqual(testId, 'ORD-S1');
    assert.equal(await all.page.$eval(`[data-order-id="${testId}"] [data-testid=test-badge]`, (el) => el.textContent), 'TEST');
    // Counted on the board, and said to be a test; not in the takings.
    assert.equal(await all.page.$eval('[data-testid=order-count]', (el) => el.textContent), '2');
    assert.equal(await all.page.$eval('[data-testid=test-count]', (el) => el.textContent), '(1 test) · ');
    assert.equal(await all.page.$eval('[data-testid=revenue]', (el) => el.textContent), '$28.47');
    // The customers never see it.
    await waitFor('Ada at pickup', async () => (await pickup.page.$$eval('[data-testid=pickup-entry]',
      (els) => els.map((e) => e.textContent))).join().includes('Ada'));
    assert.equal((await pickup.page.$$('[data-testid=pickup-entry]')).length, 1);
    // Once a board has retained it for boards opened later, "Clear test orders" takes it off boards and broker.
    await waitFor('the test order retained', async () =>
      (await retainedStatuses(broker.mqttPort, topic)).some((s) => s.order_id === testId), 30000);
    await tools.page.click('[data-testid=clear-tests]');
    await waitFor('the test order gone from the board', async () =>
      JSON.stringify(await cardIds(all.page)) === JSON.stringify(['ORD-S1']));
    await waitFor('and from the broker', async () =>
      !(await retainedStatuses(broker.mqttPort, topic)).some((s) => s.order_id === testId), 15000);
    for (const { problems } of [all, pickup, tools]) assert.deepEqual(problems, []);
  } finally {
    for (const s of [all, pickup, tools]) await s.context.close();
  }
});

test('60 open tickets on the kitchen wall: no page scroll, oldest first, whole tickets in columns, and every one reachable by keys', async () => {
  const topic = topicFor('wall');
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
  try {
    const id = (i) => `W-${String(i).padStart(2, '0')}`;
    const items = [
      { name: 'Margherita Pizza', quantity: 1, price: 12.99 },
      { name: 'Caesar Salad', quantity: 2, price: 8.99 },
      { name: 'Iced Tea', quantity: 1, price: 2.99 },
    ];
    // W-01 placed first (60 minutes ago), W-60 last; published in a scrambled order.
    const orders = Array.from({ length: 60 }, (_, k) => order(id(k + 1), `Guest ${k + 1}`, items,
      { timestamp: new Date(Date.now() - (60 - k) * 60e3).toISOString() }));
    const scrambled = orders.map((o, k) => [(k * 37) % 60, o]).sort((a, b) => a[0] - b[0]).map(([, o]) => o);
    await mosquittoPubLines(broker.mqttPort, topic, scrambled);
    await waitFor('60 open', async () => Number(await page.$eval('[data-testid=open-count]', (el) => el.textContent)) === 60, 20000);
    const whole = () => page.evaluate(() => {
      const area = document.querySelector('[data-testid=cards]').getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid=order-card]')].filter((card) => {
        const r = card.getBoundingClientRect();
        return r.top >= area.top - 1 && r.bottom <= area.bottom + 1 && r.right <= area.right + 1
          && card.scrollHeight <= card.clientHeight + 1;
      }).map((card) => card.dataset.orderId);
    });
    const noScroll = () => page.evaluate(() => document.scrollingElement.scrollHeight <= window.innerHeight);
    // Oldest first, once the cards have followed the flood and the page is fitted.
    const inLine = orders.map((o) => JSON.parse(o).order_id);
    await waitFor('a page of whole tickets, oldest first', async () => {
      const ids = await cardIds(page);
      return !(await page.$('[data-fitting]')) && (await whole()).length >= 8
        && JSON.stringify(ids) === JSON.stringify(inLine.slice(0, ids.length));
    });
    assert.ok(await noScroll(), 'the kitchen TV scrolls');
    const shown = await cardIds(page);
    assert.deepEqual(await whole(), shown, 'every ticket shown is whole');
    console.log(`# wall: ${shown.length} whole tickets of 3 dishes on a page at 1920×1080`);
    const more = await page.$eval('[data-testid=wall-more]', (el) => el.textContent);
    assert.equal(more, `+${60 - shown.length} more →`);
    const keycaps = await page.$$eval('[data-testid=keycap]', (els) => els.map((e) => e.textContent));
    assert.deepEqual(keycaps, shown.slice(0, 9).map((_, k) => String(k + 1)));
    await screenshotsOf(page, 'kitchen-wall-60');

    // 1 selects the first ticket on screen; PageDown turns the page and selects nothing out of sight;
    // End on the last page reaches the 60th.
    const current = () => page.$$eval('[aria-current=true][data-testid=order-card]', (els) => els.map((e) => e.dataset.orderId));
    await page.keyboard.press('1');
    await waitFor('the first selected', async () => JSON.stringify(await current()) === JSON.stringify([id(1)]));
    let pages = 0;
    while (!(await cardIds(page)).includes(id(60)) && pages < 20) {
      const before = (await cardIds(page))[0];
      await page.keyboard.press('PageDown');
      await waitFor('the next page', async () => (await cardIds(page))[0] !== before);
      assert.deepEqual(await current(), [], 'a selection left on a page out of sight');
      pages += 1;
    }
    assert.ok(pages >= 1 && pages < 20, `${pages} pages turned`);
    await page.keyboard.press('End');
    await waitFor('the 60th selected', async () => JSON.stringify(await current()) === JSON.stringify([id(60)]));
    assert.ok((await whole()).includes(id(60)), 'the selected ticket is on screen, whole');
    assert.ok(await noScroll());
    // The key map is one key away, and the same key puts it away.
    const help = () => page.$eval('[data-testid=key-help]', (el) => !el.hidden && el.querySelectorAll('li').length);
    assert.equal(await help(), false);
    await page.keyboard.press('?');
    await waitFor('the key map', async () => (await help()) === 8);
    await screenshotsOf(page, 'kitchen-key-map');
    assert.match(await page.$eval('[data-testid=key-help]', (el) => el.textContent), /PageDown \/ PageUp: next \/ previous page/);
    await page.keyboard.press('?');
    await waitFor('the key map put away', async () => (await help()) === false);

    // A tablet: smaller type, still whole tickets, at least six, and no scrolling.
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.keyboard.press('PageUp');
    await waitFor('six whole tickets on a tablet', async () => !(await page.$('[data-fitting]')) && (await whole()).length >= 6);
    assert.ok(await noScroll(), 'the kitchen tablet scrolls');
    console.log(`# wall: ${(await whole()).length} whole tickets of 3 dishes on a page at 1024×768`);
    const smallest = await page.$$eval('[data-testid=order-card] *', (els) => Math.min(...els
      .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((el) => parseFloat(getComputedStyle(el).fontSize))));
    assert.ok(smallest >= 16, `ticket text of ${smallest} px on a tablet`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a ticket taller than a column continues in the next column, says so, and is not cut', async () => {
  const topic = topicFor('long-ticket');
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'kitchen' });
  try {
    const many = Array.from({ length: 36 }, (_, k) => ({ name: `Mezze plate ${k + 1}`, quantity: 1, price: 4.5 }));
    const at = (minutes) => ({ timestamp: new Date(Date.now() - minutes * 60e3).toISOString() });
    await mosquittoPubLines(broker.mqttPort, topic, [
      order('L-1', 'Catering', many, at(10)),
      order('L-2', 'Ada', [{ name: 'Iced Tea', quantity: 1, price: 2.99 }], at(5)),
      order('L-3', 'Bo', [{ name: 'Caesar Salad', quantity: 1, price: 8.99 }], at(4)),
    ]);
    const long = '[data-testid=order-card][data-order-id="L-1"]';
    await waitFor('the long ticket in columns, fitted', async () =>
      !(await page.$('[data-fitting]')) && Number(await page.$eval(long, (el) => el.dataset.columns).catch(() => 0)) >= 2);
    assert.equal(await page.$eval(`${long} [data-testid=continues]`, (el) => el.textContent), 'continued →');
    const cut = await page.$$eval('[data-testid=order-card]', (cards) => cards
      .filter((c) => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1).map((c) => c.dataset.orderId));
    assert.deepEqual(cut, [], 'a ticket cut off');
    // Every dish of the long ticket is on screen, and the other tickets beside it.
    const dishes = await page.$$eval(`${long} .items li`, (els) => els.filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.bottom <= innerHeight && r.right <= innerWidth;
    }).length);
    assert.equal(dishes, 36);
    assert.deepEqual(await cardIds(page), ['L-1', 'L-2', 'L-3']);
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollHeight <= innerHeight), 'the wall scrolls');
    // 38 dishes open: the all-day counts stay one line and push no ticket down.
    const rows = await page.$$eval('[data-testid=all-day-row]', (els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size);
    assert.equal(rows, 1, 'all-day counts on more than one line');
    await screenshotsOf(page, 'kitchen-long-ticket');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the pickup screen shows every one of 45 orders: smaller names in columns, and pages that turn by themselves', async () => {
  const topic = topicFor('pickup-45');
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const { page, problems } = await openBoard(context, site.origin, broker.wsUrl, topic, null, { view: 'pickup' });
  try {
    const names = Array.from({ length: 45 }, (_, k) => `Guest-${k + 1}`);
    await mosquittoPubLines(broker.mqttPort, topic,
      names.map((n, k) => order(`P-${k + 1}`, n, [{ name: 'Iced Tea', quantity: 1, price: 2.99 }])));
    const onScreen = () => page.$$eval('[data-testid=pickup-preparing] .pickup-name', (els) => els.map((e) => e.textContent));
    await waitFor('a full first page', async () => (await onScreen()).length > 0);
    assert.match(await page.$eval('[data-testid=pickup-page]', (el) => el.textContent), /^Page [12] of 2$/);
    assert.ok((await onScreen()).length <= 42, 'more names than a page holds');
    assert.ok(await page.evaluate(() => document.scrollingElement.scrollHeight <= window.innerHeight), 'the pickup TV scrolls');
    await screenshotsOf(page, 'pickup-45');
    // Every name shows in turn: none is cut off for good.
    const seen = new Set();
    await waitFor('all 45 names, page by page', async () => {
      for (const name of await onScreen()) seen.add(name);
      return seen.size === 45;
    }, 30000);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
