// Developing: `bash scripts/run.sh` prints its URL only once the page is served, and under `trunk serve` the
// page's Content-Security-Policy lets Trunk's live reload run, so an edit reloads the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, launchBrowser, repoRoot, waitFor } from './harness.mjs';

const exec = (bin, args) => new Promise((resolve, reject) =>
  execFile(bin, args, { timeout: 15000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));

test('run.sh prints its URL once the page is served, an edit reloads the page under the CSP, and its broker keeps retained statuses across a restart', async () => {
  const [mqtt, ws, web] = [await freePort(), await freePort(), await freePort()];
  const retained = `restaurant/orders/DEV-${Date.now()}/status`;
  const status = JSON.stringify({ order_id: retained.split('/')[2], status: 'ready', at: new Date().toISOString() });
  // Its own dist folder: the release build the other tests serve stays as it is.
  const run = spawn('bash', ['scripts/run.sh', '--dist', 'target/dev-dist'], {
    cwd: repoRoot, detached: true, env: { ...process.env, MQTT_PORT: String(mqtt), WS_PORT: String(ws), WEB_PORT: String(web) },
  });
  let output = '';
  run.stdout.on('data', (d) => { output += d; });
  run.stderr.on('data', (d) => { output += d; });
  const browser = await launchBrowser();
  const css = path.join(repoRoot, 'style', 'main.css');
  const original = readFileSync(css, 'utf8');
  try {
    await waitFor('the URL printed', () => output.includes('Order board:'), 600000);
    // At the moment the URL is printed, the built page is what is served.
    const page0 = await (await fetch(`http://127.0.0.1:${web}/`)).text();
    assert.match(page0, /order-board-[0-9a-f]+_bg\.wasm/, 'the URL came before the page');

    const page = await browser.newPage();
    const violations = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()); });
    const sockets = [];
    page.on('websocket', (s) => sockets.push(s.url()));
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(`http://127.0.0.1:${web}/?broker=ws://127.0.0.1:${ws}&topic=restaurant/orders`);
    await waitFor('connected to the run script\'s Mosquitto', () =>
      page.$eval('[data-testid=conn-state]', (el) => el.dataset.state === 'connected').catch(() => false), 30000);
    await waitFor('Trunk\'s live-reload socket', () => sockets.some((u) => u.includes('/trunk/ws') || u.includes('/_trunk/ws')));
    // An edit (Trunk rebuilds on a change of content, not of time): a comment at the end of the stylesheet.
    const before = loads;
    writeFileSync(css, `${original}/* live reload probe ${Date.now()} */\n`);
    await waitFor('the page reloaded after an edit', () => loads > before, 120000);
    assert.deepEqual(violations, []);
    // A retained status, as a bump leaves it, for after the restart below.
    await exec('mosquitto_pub', ['-p', String(mqtt), '-r', '-q', '1', '-t', retained, '-m', status]);
  } finally {
    writeFileSync(css, original);
    await browser.close();
    // The script's group: the script, trunk serve and its Mosquitto.
    try { process.kill(-run.pid, 'SIGTERM'); } catch {}
    await new Promise((r) => (run.exitCode !== null ? r() : run.once('exit', r)));
  }
  // The script's broker again, from the config it wrote (its file under .run/): the status is still there.
  const bin = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find(existsSync) ?? 'mosquitto';
  let broker = null;
  try {
    const kept = await waitFor('the retained status after a restart', async () => {
      // The old broker may still be letting go of its port: start again until one runs.
      if (!broker || broker.exitCode !== null) broker = spawn(bin, ['-c', path.join(repoRoot, '.run', 'mosquitto.conf')], { stdio: 'ignore' });
      const got = await exec('mosquitto_sub', ['-p', String(mqtt), '-t', retained, '-C', '1', '-W', '2']).catch(() => '');
      return got.trim() === status && got.trim();
    }, 30000);
    assert.equal(kept, status);
  } finally {
    broker?.kill('SIGTERM');
  }
});
