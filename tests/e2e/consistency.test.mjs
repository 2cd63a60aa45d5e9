// What the clients of the replicated service see (#22): clients call operations from the page, a partition
// splits them, follower reads answer the minority stale, and the history panel shows the violation, says why,
// and takes the reader to the moment. Any history file dropped on the page is shown and checked the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot, waitForLeader, knife } from './harness.mjs';

const shared = sharedBrowser(before, after);

/** Client `client` calls `op` on `key` (with `value` for a write), sent to node `node`. */
async function call(page, { client, op, key, value, node }) {
  await page.selectOption('#op-client', String(client));
  await page.selectOption('#op-kind', op);
  await page.fill('#op-key', key);
  if (value !== undefined) await page.fill('#op-value', value);
  await page.selectOption('#op-node', String(node));
  await page.click('#op-send');
}

const okBars = (page) => page.locator('svg.history .op.ok').count();

test('partitioned with follower reads, the minority is answered stale: the panel marks it, says why, and seeks to it', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5&history=1&speed=0.25`);
  await page.selectOption('#read-path', 'follower');
  const leader = await waitForLeader(page);
  const follower = (leader % 5) + 1;
  const minority = [leader, follower];
  const majority = [1, 2, 3, 4, 5].filter((n) => !minority.includes(n));

  await call(page, { client: 1, op: 'put', key: 'x', value: '1', node: leader });
  await page.waitForFunction(() => document.querySelectorAll('svg.history .op.ok').length >= 1, null, { timeout: 15_000 });
  // Let the write reach every follower's state machine before the cut.
  await page.waitForTimeout(1500);
  assert.match(await page.textContent('.history-panel .verdict'), /Linearizable/);
  assert.equal(await page.locator('svg.history .chain .point').count(), 1, 'one linearization point');

  await knife(page, minority, majority);
  await page.waitForFunction(
    (ids) => ids.some((id) => document.querySelector(`#canvas .node[data-id="${id}"]`).dataset.role === 'leader'),
    majority,
    { timeout: 20_000 },
  );
  await call(page, { client: 3, op: 'put', key: 'x', value: '2', node: majority[0] });
  await page.waitForFunction(() => document.querySelectorAll('svg.history .op.ok').length >= 2, null, { timeout: 15_000 });
  await call(page, { client: 2, op: 'get', key: 'x', node: follower });
  await page.waitForSelector('.violation', { timeout: 15_000 });

  const verdict = await page.textContent('.history-panel .verdict');
  assert.match(verdict, /Not linearizable: C2's get x → 1 at [\d.]+ ms \(answered by S\d\), but x=2 was acknowledged to C3/);
  const culprit = page.locator('svg.history .op.culprit');
  assert.equal(await culprit.count(), 1);
  assert.ok((await page.locator('svg.history .op.prefix').count()) >= 2, 'the prefix is outlined');
  // Each side's clients, the majority first: its write was answered, and so was the minority's stale read.
  const sides = await page.locator('.availability tbody tr th').allTextContents();
  const clients = await page.locator('.availability tbody tr td:nth-child(2)').allTextContents();
  const named = (ids) => ids.map((id) => `S${id}`).sort().join(' ');
  assert.deepEqual(sides, [named(majority), named(minority)]);
  assert.deepEqual(clients, ['C3', 'C1 C2']);
  await screenshot(page, 'history-stale-read');
  // On the canvas each client stands beside the node it was sent to, on that node's side of the cut.
  assert.match(await page.getAttribute('#canvas .client.named[data-client="2"]', 'aria-label'), new RegExp(`Client C2, beside S${follower}`));
  assert.match(await page.getAttribute('#canvas .client.named[data-client="3"]', 'aria-label'), new RegExp(`beside S${majority[0]}`));
  // The read path's switch is on the fault row, with the cut.
  assert.match(await page.locator('svg.history .fault.read-path title').textContent(), /gets read by follower/);
  assert.ok(await page.locator('svg.history .fault.network').count() >= 1, 'the cut is on the fault row');
  // A client's message hovered in the space-time diagram marks its operation in the panel.
  await page.click('#diagram-toggle');
  const arrow = page.locator('.diagram .arrow.client').last();
  await arrow.waitFor();
  await arrow.dispatchEvent('pointerover');
  await page.waitForSelector('svg.history .op.linked');
  assert.equal(await page.locator('svg.history .op.linked').count(), 1);
  assert.match(await page.textContent('.history-detail'), /^C\d /, 'the line under the panel names the linked operation');
  await page.locator('.diagram-view').dispatchEvent('pointerleave');
  await page.waitForFunction(() => !document.querySelector('svg.history .op.linked'));
  // And the other way: the culprit hovered in the panel lights its client's latest message in the diagram.
  await page.locator('svg.history .op.culprit').hover();
  await page.waitForSelector('.diagram .arrow.client.linked');
  assert.match(await page.locator('.diagram .arrow.linked title').textContent(), /Client(Request|Reply)/);
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => !document.querySelector('.diagram .arrow.linked'));
  await page.click('#diagram-toggle');

  // Hovering the culprit says what it read and that it cannot be placed; clicking it goes to its call.
  await culprit.hover();
  assert.match(await page.textContent('.history-detail'), /C2 get x → 1: called at ([\d.]+) ms.*answered by S\d; it cannot take effect anywhere/);
  const calledMs = Number((await page.textContent('.history-detail')).match(/called at ([\d.]+) ms/)[1]);
  await culprit.click();
  await page.waitForFunction(() => document.querySelector('#play')?.getAttribute('aria-pressed') !== 'true');
  const at = Number(await page.inputValue('#scrub'));
  assert.ok(Math.abs(at / 1000 - calledMs) < 1, `seeked to ${at} µs, the call was at ${calledMs} ms`);
  // Keyboard alike: focus a bar and press Enter.
  await page.locator('svg.history .op').first().focus();
  await page.keyboard.press('Enter');
  assert.ok(Number(await page.inputValue('#scrub')) < at, 'Enter on the first operation goes back to its call');
  assert.deepEqual(errors, []);
});

const stale = {
  version: 1,
  operations: [
    { client: 1, op: 'put', key: 'x', value: '1', call_us: 0, return_us: 10_000, outcome: 'ok' },
    { client: 1, op: 'put', key: 'x', value: '2', call_us: 20_000, return_us: 30_000, outcome: 'ok' },
    { client: 2, op: 'get', key: 'x', call_us: 40_000, return_us: 50_000, outcome: 'ok', result: '1' },
  ],
};

test('a history file dropped on the page is shown checked, without a cluster; a linearizable one shows its points', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=3`);
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'stale.json', { type: 'application/json' }));
    document.querySelector('main.lab').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, JSON.stringify(stale));
  await page.waitForSelector('.history-panel');
  assert.match(await page.textContent('.history-panel h2'), /History from stale\.json/);
  assert.match(
    await page.textContent('.history-panel .verdict'),
    /Not linearizable: C2's get x → 1 at 50\.0 ms, but x=2 was acknowledged to C1 at 30\.0 ms, before C2 asked, and nothing overwrote it/,
  );
  assert.equal(await page.locator('svg.history .op.culprit').count(), 1);
  assert.equal(await page.locator('.client-controls').count(), 0, 'a file has no clients to drive');
  await screenshot(page, 'history-file-stale');

  // The import button takes histories too; an info write that may or may not have happened is placed.
  const fine = { version: 1, operations: [...stale.operations.slice(0, 1), { ...stale.operations[2], call_us: 15_000 },
    { client: 3, op: 'put', key: 'x', value: '9', call_us: 60_000, return_us: null, outcome: 'info' }] };
  await page.setInputFiles('#import', { name: 'fine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(fine)) });
  await page.waitForFunction(() => document.querySelector('.history-panel h2')?.textContent.includes('fine.json'));
  assert.match(await page.textContent('.history-panel .verdict'), /✓ Linearizable/);
  assert.equal(await page.locator('svg.history .op.info').count(), 1, 'a write whose client never heard back is info');
  // The linearization found needs only the two ok operations; the info write is left out (it may never take effect).
  assert.equal(await page.locator('svg.history .chain .point').count(), 2);
  // A broken history is named, and the panel keeps what it showed.
  await page.setInputFiles('#import', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "operations": [{"client": 1}]}') });
  await page.waitForSelector('.notice');
  assert.match(await page.textContent('.notice'), /bad\.json/);
  assert.match(await page.textContent('.history-panel h2'), /fine\.json/);
  await page.click('.history-panel .history-head button');
  assert.match(await page.textContent('.history-panel h2'), /What the clients saw/);
  assert.deepEqual(errors, []);
});

test('the lesson "Consistency or availability": the minority times out under read_index, then follower reads answer it stale', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}consistency-or-availability.html?speed=0.5`);
  // A lesson whose clients call operations opens with their history in view.
  await page.waitForSelector('.history-panel');
  assert.equal(await page.getAttribute('#history-toggle', 'aria-expanded'), 'true');
  // The question: what does C2, on the minority side, get under read_index?
  await page.waitForSelector('.lesson .quiz', { timeout: 30_000 });
  await page.click('.lesson .quiz-choice[data-choice="2"]');
  await page.waitForFunction(() => document.querySelectorAll('svg.history .op.fail').length === 1, null, { timeout: 30_000 });
  assert.match(await page.textContent('.history-panel .verdict'), /✓ Linearizable/);
  // Then the read path switches to follower, the same get is answered stale, and the run stops on it.
  await page.waitForSelector('.violation', { timeout: 30_000 });
  assert.equal(await page.locator('#read-path').inputValue(), 'follower');
  assert.match(await page.textContent('.history-panel .verdict'), /C2's get x → 1 at [\d.]+ ms \(answered by S\d\), but x=2 was acknowledged to C3/);
  const sides = await page.locator('.availability tbody tr').allTextContents();
  assert.equal(sides.length, 2, sides.join(' | '));
  await screenshot(page, 'lesson-consistency-or-availability');
  assert.deepEqual(errors, []);
});

test("a node's clock: drift it from the inspector, pause it for a while, by mouse and by keyboard", async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5&history=1`);
  await waitForLeader(page);
  await page.click('#canvas .node[data-id="3"]');
  // The slider by keyboard: focus it, step it up twice (5% a step), and let go.
  await page.focus('#drift-3');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.locator('#drift-3').dispatchEvent('change');
  await page.waitForFunction(() => /set S3's clock to drift \+10%/.test(document.querySelector('.feed')?.textContent));
  assert.match(await page.textContent('.clock-controls'), /Drift \+10%/);
  await page.fill('#pause-ms-3', '800');
  await page.locator('#pause-ms-3').dispatchEvent('change');
  await page.click('#pause-3');
  await page.waitForFunction(() => /paused S3 for 800 ms/.test(document.querySelector('.feed')?.textContent));
  assert.match(await page.textContent('.clock-controls'), /Paused until [\d.]+ ms/);
  // Both are on the history panel's row of faults.
  const faults = await page.$$eval('svg.history .fault title', (ts) => ts.map((t) => t.textContent).join(' | '));
  assert.match(faults, /S3's clock drifts \+10%/);
  assert.match(faults, /S3 paused for 800 ms/);
  // A suspended machine: its clock stops with it. The choice is kept when another node is inspected.
  await page.check('#clock-stops-3');
  await page.click('#canvas .node[data-id="4"]');
  assert.equal(await page.isChecked('#clock-stops-4'), true);
  assert.equal(await page.inputValue('#pause-ms-4'), '800');
  await page.click('#pause-4');
  await page.waitForFunction(() => /paused S4 for 800 ms.*its clock stops too/.test(document.querySelector('.feed')?.textContent));
  await page.waitForFunction(() => [...document.querySelectorAll('svg.history .fault title')].some((t) => /S4 paused for 800 ms, its clock stopped/.test(t.textContent)));
  // A read path's deliberate bug starts the cluster again on that read path, where it shows.
  await page.click('.bugs summary');
  await page.check('input[data-bug="lease-ignores-drift"]');
  await page.waitForFunction(() => document.querySelector('#read-path')?.value === 'lease');
  assert.deepEqual(errors, []);
});

test('Multi-Paxos offers the four read paths; a get by lease and by read_index is answered ok and checked', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5&history=1&speed=0.5`);
  await page.selectOption('#protocol', 'multi-paxos');
  const leader = await waitForLeader(page);
  const paths = await page.$$eval('#read-path option', (os) => os.map((o) => o.value));
  assert.deepEqual(paths, ['log', 'read_index', 'lease', 'follower']);
  await call(page, { client: 1, op: 'put', key: 'x', value: '1', node: leader });
  await page.waitForFunction(() => document.querySelectorAll('svg.history .op.ok').length >= 1, null, { timeout: 15_000 });
  for (const path of ['read_index', 'lease']) {
    await page.selectOption('#read-path', path);
    const before = await okBars(page);
    await call(page, { client: 2, op: 'get', key: 'x', node: leader });
    await page.waitForFunction((n) => document.querySelectorAll('svg.history .op.ok').length > n, before, { timeout: 15_000 });
  }
  assert.match(await page.textContent('.history-panel .verdict'), /✓ Linearizable/);
  const reads = await page.$$eval('svg.history .op.ok', (gs) => gs.map((g) => g.getAttribute('aria-label')).filter((l) => /get x/.test(l)));
  assert.equal(reads.length, 2, reads.join(' | '));
  for (const read of reads) assert.match(read, /get x → 1/);
  assert.deepEqual(errors, []);
});
