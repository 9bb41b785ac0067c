// Beyond one broker: a three-node NATS cluster (MQTT 3.1.1). Board A is given all three nodes, board B only
// node 2, the independent publisher (mosquitto_pub) uses node 3. Bumps cross nodes; node 1 is SIGKILLed in the
// middle of 2,000 QoS 1 orders and board A moves to the next node, loses none and shows none twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  site, browser, useSharedWorld, startNatsCluster, openBoard, mosquittoPubLines, seedOrder, waitFor, screenshotsOf, runThroughNodeDeath,
} from './harness.mjs';

useSharedWorld({ withBroker: false });
let cluster;
before(async () => { cluster = await startNatsCluster(3); });
after(() => cluster?.stop());

const COUNT = 2000;
const BATCH = 500;
const state = (page) => page.$eval('[data-testid=conn-state]', (el) => ({ kind: el.dataset.state, label: el.textContent }));

/** The retained status of one order as a client on `port` reads it (the broker's copy, not a board's). */
function retainedStatus(port, topic) {
  return new Promise((resolve, reject) => {
    const child = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), '-i', `e2e-retained-${process.pid}`,
      '-t', topic, '-C', '1', '-W', '10']);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`no retained status on ${topic}`))));
  });
}

test('NATS cluster: bumps cross nodes, and a board given every node fails over when its node dies mid-run, losing nothing', async () => {
  const [n1, n2, n3] = cluster.nodes;
  const topic = `restaurant/orders/cluster-${Date.now()}`;
  const extra = { version: '3.1.1' };
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  try {
    const a = await openBoard(browser, site.origin, [n1, n2, n3].map((n) => n.wsUrl).join(','), topic, await contextA.newPage(), extra);
    const b = await openBoard(browser, site.origin, n2.wsUrl, topic, await contextB.newPage(), extra);
    assert.match((await state(a.page)).label, /^connected to 127\.0\.0\.1:\d+ \(1 of 3\)$/);

    // A bump on node 1 reaches a board on node 2, and the cluster keeps it retained for node 3.
    await mosquittoPubLines(n3.mqttPort, topic, [seedOrder('ORD-BUMP', 'Bump Across Nodes')]);
    for (const { page } of [a, b]) {
      await waitFor('the first ticket', () => page.$('[data-testid=order-card][data-order-id="ORD-BUMP"]'), 20000);
    }
    await a.page.click('[data-testid=order-card][data-order-id="ORD-BUMP"] [data-action=bump]');
    await waitFor('the bump on board B', () => b.page.$eval('[data-testid=order-card][data-order-id="ORD-BUMP"]',
      (el) => el.dataset.status === 'preparing'), 20000);
    assert.equal((await retainedStatus(n3.mqttPort, `${topic}/ORD-BUMP/status`)).status, 'preparing');
    // A board opened later on node 3 gets the retained status first and applies it when the order comes
    // (here: another system sending the order again).
    const contextC = await browser.newContext();
    try {
      const c = await openBoard(browser, site.origin, n3.wsUrl, topic, await contextC.newPage(), extra);
      await mosquittoPubLines(n3.mqttPort, topic, [seedOrder('ORD-BUMP', 'Bump Across Nodes')]);
      await waitFor('the retained status on a late board', () => c.page.$eval(
        '[data-testid=order-card][data-order-id="ORD-BUMP"]', (el) => el.dataset.status === 'preparing').catch(() => false), 20000);
    } finally {
      await contextC.close();
    }

    // 2,000 orders in four batches from node 3; node 1, where board A is, dies after the first.
    const run = await runThroughNodeDeath({
      topic, publisher: n3.mqttPort, die: () => n1.kill(), boards: [a, b], count: COUNT, batch: BATCH, expected: COUNT + 1,
    });
    // For a person to look at: the node list in the settings and the state naming the node.
    await a.page.click('.conn-settings summary');
    await screenshotsOf(a.page, 'cluster-settings');
    const [onA, onB] = run.figures;
    console.log(`NATS cluster, node 1 SIGKILLed: sent ${COUNT}; board A ${onA.shown - 1}, board B ${onB.shown - 1}; `
      + `lost 0; delivered twice A ${onA.twice} / B ${onB.twice} (shown once); `
      + `board A connected again after ${run.recoveredMs} ms (${run.label})`);
    assert.deepEqual(a.problems.filter((p) => !/WebSocket/.test(p)), []);
    assert.deepEqual(b.problems, []);
  } finally {
    await contextA.close();
    await contextB.close();
    await n1.restart().catch(() => {});
  }
});
