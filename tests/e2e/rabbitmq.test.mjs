// Beyond one broker, on RabbitMQ: a three-node RabbitMQ 3.10 cluster (Web MQTT, 3.1.1 only). Orders cross
// nodes; version 5 is explained and "auto" falls back to 3.1.1; node 1 is SIGKILLed in the middle of 2,000 QoS 1
// orders and the board given every node moves on, losing none and showing none twice. Starting the cluster takes
// about half a minute.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  site, browser, useSharedWorld, startRabbitCluster, openBoard, waitFor, runThroughNodeDeath,
} from './harness.mjs';

useSharedWorld({ withBroker: false });
let cluster;
let startedMs;
before(async () => {
  const t0 = Date.now();
  cluster = await startRabbitCluster(3);
  startedMs = Date.now() - t0;
  console.log(`RabbitMQ cluster of 3 ready in ${startedMs} ms`);
});
after(() => cluster?.stop());

const COUNT = 2000;
const BATCH = 500;
const state = (page) => page.$eval('[data-testid=conn-state]', (el) => ({ kind: el.dataset.state, label: el.textContent }));

test('RabbitMQ cluster: version 5 is explained, auto falls back, and a board given every node survives a node killed mid-run', async () => {
  const [n1, n2, n3] = cluster.nodes;
  const topic = `restaurant/orders/rabbit-${Date.now()}`;
  const strict = await browser.newPage();
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  try {
    await strict.goto(`${site.origin}/?${new URLSearchParams({ broker: n2.wsUrl, topic, version: '5' })}`);
    await waitFor('the MQTT 5 refusal explained', async () =>
      /does not speak MQTT 5/.test((await state(strict)).label), 30000);

    // No version given: auto. RabbitMQ closes the MQTT 5 CONNECT; the board goes on with 3.1.1.
    const a = await openBoard(browser, site.origin, [n1, n2, n3].map((n) => n.wsUrl).join(','), topic, await contextA.newPage());
    const b = await openBoard(browser, site.origin, n2.wsUrl, topic, await contextB.newPage());
    assert.match((await state(a.page)).label, /\(1 of 3\)$/);

    const run = await runThroughNodeDeath({
      topic, publisher: n3.mqttPort, die: () => n1.kill(), boards: [a, b], count: COUNT, batch: BATCH, expected: COUNT,
    });
    const [onA, onB] = run.figures;
    console.log(`RabbitMQ cluster, node 1 SIGKILLed: sent ${COUNT}; board A ${onA.shown}, board B ${onB.shown}; lost 0; `
      + `delivered twice A ${onA.twice} / B ${onB.twice} (shown once); board A connected again after `
      + `${run.recoveredMs} ms (${run.label}); cluster start ${startedMs} ms`);
    assert.deepEqual(b.problems, []);
  } finally {
    await strict.close();
    await contextA.close();
    await contextB.close();
  }
});
