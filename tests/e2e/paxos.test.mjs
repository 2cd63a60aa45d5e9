// Paxos in the lab, next to Raft: chosen from the protocol menu or the address, with its own glyphs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

/** Every message type seen on the canvas over `ms` of wall time, sampled every 30 ms. */
async function typesSeen(page, ms) {
  return page.evaluate(async (ms) => {
    const seen = new Set();
    const end = performance.now() + ms;
    while (performance.now() < end) {
      for (const m of document.querySelectorAll('#canvas .msg')) seen.add(m.dataset.type);
      await new Promise((r) => setTimeout(r, 30));
    }
    return [...seen].sort();
  }, ms);
}

const everyNodeCommitted = (n) => {
  const rows = [...document.querySelectorAll('.log-table tbody tr')];
  return rows.length === 5 && rows.every((r) => r.querySelectorAll('.entry.committed').length >= n);
};

test('Multi-Paxos from the address: a leader runs Phase 1, then each request is chosen by Phase 2', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?protocol=multi-paxos&seed=3`);
  assert.equal(await page.inputValue('#protocol'), 'multi-paxos');
  await page.locator('#speed').fill('-1');
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  const badge = await page.textContent('#canvas .node[data-role="leader"] text.term');
  assert.match(badge, /^ballot \d+\.\d$/, 'a node shows the ballot it promised');
  await page.click('#request');
  const types = await typesSeen(page, 1500);
  for (const kind of ['Accept', 'Accepted', 'Learn', 'Heartbeat']) assert.ok(types.includes(kind), `${kind} in ${types}`);
  await page.waitForFunction(everyNodeCommitted, 1, { timeout: 15_000 });
  // Accept carries the value as a square glyph; Learn is a hexagon.
  await page.click('#request');
  await page.waitForSelector('#canvas .msg[data-family=accept]', { timeout: 5_000 });
  await screenshot(page, 'multi-paxos');
  assert.deepEqual(errors, []);
});

test('Multi-Paxos: crash the leader and another takes over with a higher ballot', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?protocol=multi-paxos&seed=5`);
  await page.locator('#speed').fill('-0.5');
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  const old = await page.getAttribute('#canvas .node[data-role="leader"]', 'data-id');
  const oldBallot = Number(await page.getAttribute('#canvas .node[data-role="leader"]', 'data-term'));
  await page.click(`#canvas .node[data-id="${old}"]`);
  await page.keyboard.press('c');
  await page.waitForSelector(`#canvas .node[data-role="leader"]:not([data-id="${old}"])`, { timeout: 20_000 });
  const ballot = Number(await page.getAttribute('#canvas .node[data-role="leader"]', 'data-term'));
  assert.ok(ballot > oldBallot, `new ballot round ${ballot} above ${oldBallot}`);
  const feed = await page.textContent('.feed');
  assert.match(feed, /started Phase 1 with ballot/);
  await screenshot(page, 'multi-paxos-takeover');
  assert.deepEqual(errors, []);
});

test('Basic Paxos from the protocol menu: a proposer gets one value chosen, and every learner learns it', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.selectOption('#protocol', 'paxos');
  await page.locator('#speed').fill('-1');
  assert.equal(await page.locator('#canvas .node').count(), 5);
  // Nothing happens until a client asks: Basic Paxos has no leader to elect.
  assert.equal(await page.locator('#canvas .node[data-role="leader"]').count(), 0);
  await page.click('#canvas .node[data-id="2"]');
  await page.keyboard.press('q');
  const types = await typesSeen(page, 1500);
  for (const kind of ['Prepare', 'Promise', 'Accept', 'Accepted', 'Learn']) assert.ok(types.includes(kind), `${kind} in ${types}`);
  await page.waitForFunction(everyNodeCommitted, 1, { timeout: 15_000 });
  const inspector = await page.textContent('.inspector');
  assert.match(inspector, /promised ballot/);
  assert.match(inspector, /Accepted values/);
  await screenshot(page, 'basic-paxos');
  assert.deepEqual(errors, []);
});
