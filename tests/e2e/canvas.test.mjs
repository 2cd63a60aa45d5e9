// The interactive canvas, driven the way a person uses it: mouse, keyboard and touch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot, leaderId, waitForLeader, toPage, nodeCentre, knife } from './harness.mjs';

const shared = sharedBrowser(before, after);

const clock = async (page) => parseFloat(await page.textContent('.clock'));

/** Messages seen on a link over `ms` of wall time, sampled every 50 ms. */
async function messagesOn(page, from, to, ms) {
  return page.evaluate(
    async ([from, to, ms]) => {
      const seen = new Set();
      const end = performance.now() + ms;
      while (performance.now() < end) {
        for (const m of document.querySelectorAll(`#canvas .msg[data-from="${from}"][data-to="${to}"]`)) seen.add(m.dataset.id);
        await new Promise((r) => setTimeout(r, 50));
      }
      return seen.size;
    },
    [from, to, ms],
  );
}

/** Clicks the middle of the link between `a` and `b`, as a person would. */
// Clicks a link the way a person does: around a fraction `at` of the way from S`a` to S`b`, at a point no
// passing message covers (a click on a message would drop the message instead).
async function clickLink(page, a, b, { at = 0.5, modifiers = [] } = {}) {
  const point = await page.evaluate(([a, b, at]) => {
    const hit = document.querySelector(`#canvas .link[data-a="${a}"][data-b="${b}"] line.hit`);
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((k) => hit[k].baseVal.value);
    const m = hit.getScreenCTM();
    for (const d of [0, -0.06, 0.06, -0.12, 0.12, -0.18, 0.18]) {
      const f = at + d;
      const p = new DOMPoint(x1 + (x2 - x1) * f, y1 + (y2 - y1) * f).matrixTransform(m);
      if (document.elementFromPoint(p.x, p.y) === hit) return { x: p.x, y: p.y };
    }
    return null;
  }, [a, b, at]);
  assert.ok(point, `a clear point on the link S${a}–S${b}`);
  for (const key of modifiers) await page.keyboard.down(key);
  await page.mouse.click(point.x, point.y);
  for (const key of modifiers) await page.keyboard.up(key);
}

/**
 * Clicks the link until `selector` shows its new state: a message can arrive under the chosen point between
 * choosing it and clicking, and then the click drops that message instead, as it would for a person.
 */
async function toggleLink(page, a, b, selector, { at = 0.5, modifiers = [] } = {}) {
  for (let i = 0; i < 3; i++) {
    await clickLink(page, a, b, { at: at + (at > 0.5 ? 0.05 : -0.05) * i, modifiers });
    if (await page.waitForSelector(selector, { timeout: 800 }).then(() => true, () => false)) return;
  }
  assert.fail(`the link S${a}–S${b} did not change`);
}

async function setSpeed(page, log10) {
  await page.locator('#speed').fill(String(log10));
}

test('drag a node with the mouse: it moves and its links follow', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('#canvas .node[data-id="1"]');
  const start = await nodeCentre(page, 1);
  const from = await toPage(page, start.x, start.y);
  const to = await toPage(page, 300, 300);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  const end = await nodeCentre(page, 1);
  assert.ok(Math.abs(end.x - 300) < 3 && Math.abs(end.y - 300) < 3, `S1 moved to the centre: ${JSON.stringify(end)}`);
  const wire = page.locator('#canvas .link[data-a="1"][data-b="2"] .wire');
  assert.equal(Math.round(Number(await wire.getAttribute('x1'))), 300, 'the link starts where S1 now is');
  assert.equal(await page.getAttribute('#canvas .node[data-id="1"]', 'aria-pressed'), 'true', 'pressing selects it');
  await screenshot(page, 'drag');
  assert.deepEqual(errors, []);
});

test('click a link to cut it: no messages cross it; click again to restore', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  const leader = await waitForLeader(page);
  const peer = (leader % 5) + 1;
  const [a, b] = [Math.min(leader, peer), Math.max(leader, peer)];
  await setSpeed(page, -1);
  await toggleLink(page, a, b, `#canvas .link[data-cut=both][data-a="${a}"][data-b="${b}"]`);
  await page.waitForTimeout(400); // messages already on the link arrive and are dropped
  // Until the cut-off peer's election timer fires, the leader keeps heartbeating everyone else.
  const other = (peer % 5) + 1;
  const [cut, uncut] = await Promise.all([messagesOn(page, leader, peer, 1000), messagesOn(page, leader, other, 1000)]);
  assert.equal(cut, 0, 'nothing from the leader crosses the cut');
  assert.ok(uncut > 0, 'other links still carry heartbeats');
  assert.equal(await messagesOn(page, leader, peer, 1500), 0, 'still nothing, however long');
  assert.equal(await messagesOn(page, peer, leader, 100), 0, 'nor the other way');
  await screenshot(page, 'cut-link');
  await toggleLink(page, a, b, `#canvas .link:not([data-cut])[data-a="${a}"][data-b="${b}"]`);
  assert.ok((await messagesOn(page, leader, peer, 2500)) > 0, 'restored: heartbeats cross again');
  assert.deepEqual(errors, []);
});

test('a one-way cut blocks one direction only', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  const leader = await waitForLeader(page);
  const peer = (leader % 5) + 1;
  await setSpeed(page, -1);
  // Select the leader so its links show their one-way handles, then cut leader → peer.
  await page.click(`#canvas .node[data-id="${leader}"]`);
  await page.click(`#canvas .handle[data-from="${leader}"][data-to="${peer}"]`);
  await page.waitForTimeout(500);
  assert.equal(await messagesOn(page, leader, peer, 2500), 0, 'the leader cannot reach the peer');
  // The peer times out and stands for election: its messages to the leader still get through.
  await page.waitForFunction((p) => document.querySelector(`#canvas .node[data-id="${p}"]`).dataset.role !== 'follower' ||
    Number(document.querySelector(`#canvas .node[data-id="${p}"]`).dataset.term) > 1, peer, { timeout: 15_000 });
  assert.ok((await messagesOn(page, peer, leader, 3000)) > 0, 'the other direction still carries messages');
  const label = await page.getAttribute(`#canvas .link-key[data-a="${Math.min(leader, peer)}"][data-b="${Math.max(leader, peer)}"][data-part="link"]`, 'aria-label');
  assert.match(label, new RegExp(`S${leader} → S${peer} cut`));
  await screenshot(page, 'one-way-cut');
  assert.deepEqual(errors, []);
});

test('a Shift-click near one end of a link cuts only the direction into that end', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await waitForLeader(page);
  await setSpeed(page, -1);
  // The link's label says what it should once the page has redrawn after the click.
  const says = (text) => `#canvas .link-key[data-a="1"][data-b="3"][data-part="link"][aria-label*="${text}"]`;
  await toggleLink(page, 1, 3, says('S1 → S3 cut'), { at: 0.7, modifiers: ['Shift'] });
  // The other end: now both directions are cut.
  await toggleLink(page, 1, 3, says('cut both ways'), { at: 0.3, modifiers: ['Alt'] });
  // And again restores the direction into S1.
  await toggleLink(page, 1, 3, says('S1 → S3 cut'), { at: 0.3, modifiers: ['Shift'] });
  assert.deepEqual(errors, []);
});

test('a knife stroke isolates two nodes: the majority has a leader, the minority cannot commit', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  const leader = await waitForLeader(page);
  const minority = [leader, (leader % 5) + 1];
  const majority = [1, 2, 3, 4, 5].filter((n) => !minority.includes(n));
  await knife(page, minority, majority);
  const cut = await page.locator('#canvas .link[data-cut=both]').count();
  assert.equal(cut, 6, 'the stroke cut the six links between the groups');
  // Told once, as the partition it is (#21, point 20).
  const set = (ids) => `{${[...ids].sort().map((id) => `S${id}`).join(',')}}`;
  const feed = await page.textContent('.feed');
  assert.ok([`${set(minority)} from ${set(majority)}`, `${set(majority)} from ${set(minority)}`].some((s) => feed.includes(`You partitioned ${s}`)), feed.slice(0, 300));
  assert.doesNotMatch(feed, /You cut the link/);
  await setSpeed(page, -0.7);
  // The old leader, alone with one follower, takes a request it can never commit.
  await page.click(`#canvas .node[data-id="${leader}"]`);
  await page.keyboard.press('q');
  // The majority elects a leader of its own in a higher term.
  await page.waitForFunction(
    (ids) => ids.some((id) => document.querySelector(`#canvas .node[data-id="${id}"]`).dataset.role === 'leader'),
    majority,
    { timeout: 20_000 },
  );
  await page.waitForTimeout(1500);
  const committedOnMinority = await page.evaluate(
    (ids) => ids.map((id) => document.querySelectorAll(`.log-table tbody tr:nth-child(${id}) .entry.committed`).length),
    minority,
  );
  const uncommittedOnLeader = await page.locator(`.log-table tbody tr:nth-child(${leader}) .entry:not(.committed)`).count();
  await screenshot(page, 'knife-minority');
  assert.deepEqual(committedOnMinority, [0, 0], 'nothing commits on the minority side');
  assert.ok(uncommittedOnLeader >= 1, 'the old leader holds the request, uncommitted');
  // The majority can commit: a request straight to its leader.
  const newLeader = await page.evaluate((ids) => ids.find((id) => document.querySelector(`#canvas .node[data-id="${id}"]`).dataset.role === 'leader'), majority);
  await page.click(`#canvas .node[data-id="${newLeader}"]`);
  await page.keyboard.press('q');
  await page.waitForFunction(
    (ids) => ids.every((id) => document.querySelectorAll(`.log-table tbody tr:nth-child(${id}) .entry.committed`).length >= 1),
    majority,
    { timeout: 15_000 },
  );
  await screenshot(page, 'knife-partition');
  assert.deepEqual(errors, []);
});

test('crash the leader: a new leader within 2 s of simulated time', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  const leader = await waitForLeader(page);
  await setSpeed(page, -1);
  await page.click(`#canvas .node[data-id="${leader}"]`);
  await page.click('.inspector button[data-action="c"]');
  const crashedAt = await clock(page);
  assert.equal(await page.getAttribute(`#canvas .node[data-id="${leader}"]`, 'data-role'), 'crashed');
  await page.waitForFunction(
    (old) => [...document.querySelectorAll('#canvas .node[data-role="leader"]')].some((n) => n.dataset.id !== String(old)),
    leader,
    { timeout: 30_000, polling: 20 },
  );
  const electedAt = await clock(page);
  assert.ok(electedAt - crashedAt <= 2.0, `new leader after ${(electedAt - crashedAt).toFixed(3)} s simulated`);
  await screenshot(page, 'crash-leader');
  assert.deepEqual(errors, []);
});

test('click a message to drop it', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await waitForLeader(page);
  await page.waitForSelector('#canvas .msg');
  await page.click('#play'); // pause, so the message stays put
  // Paused between two heartbeats, step on until a message is on its way and on top where it is: two may
  // overlap (a reply passing the next heartbeat), or one just sent may still be under its node.
  await page.evaluate(() => document.activeElement.blur());
  const onTop = () =>
    page.evaluate(() => {
      for (const m of document.querySelectorAll('#canvas .msg')) {
        const r = m.getBoundingClientRect();
        if (document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('.msg') === m) return m.dataset.id;
      }
      return null;
    });
  let id = await onTop();
  for (let i = 0; i < 40 && !id; i++) {
    await page.keyboard.press('ArrowRight');
    id = await onTop();
  }
  assert.ok(id, 'a message in flight, on top where it is');
  const msg = page.locator(`#canvas .msg[data-id="${id}"]`);
  await msg.hover();
  await page.waitForSelector('.message-info');
  const summary = await page.textContent('.message-info h2');
  const [, kind, from, to] = summary.match(/^(\w+) from (S\d|the client) to (S\d|the client): sent at/) ?? [];
  assert.ok(kind, `the message named as the paper names it: ${summary}`);
  // Its fields by the paper's names, not as a program's data structure.
  const names = await page.locator('.message-info dt').allTextContents();
  assert.ok(names.includes('term') || names.includes('ballot') || names.includes('request'), names.join(', '));
  assert.doesNotMatch(await page.textContent('.message-info'), /[{}]|_/, 'no struct dump');
  await msg.click();
  assert.equal(await page.locator(`#canvas .msg[data-id="${id}"]`).count(), 0, 'the message is gone');
  // The feed names it as the canvas showed it, not by a number the canvas never shows (#21, point 20).
  const feed = await page.textContent('.feed');
  assert.ok(from.startsWith('S') ? feed.includes(`You dropped ${from}'s ${kind} to ${to}`) : /You dropped/.test(feed), feed.slice(0, 200));
  await screenshot(page, 'drop-message');
  assert.deepEqual(errors, []);
});

test('keyboard only: reach a node with Tab, select it, crash and restart it', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('#canvas .node');
  let focused = null;
  for (let i = 0; i < 60 && !focused; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.closest?.('.node')?.dataset.id ?? null);
  }
  assert.ok(focused, 'Tab reaches a node');
  // The page redraws just after each key, as after a click: wait for the node to show its new state.
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#canvas .node[data-id="${focused}"][aria-pressed="true"]`, { timeout: 2000 });
  await page.keyboard.press('c');
  await page.waitForSelector(`#canvas .node[data-id="${focused}"][data-role="crashed"]`, { timeout: 2000 });
  await screenshot(page, 'keyboard-crash');
  await page.keyboard.press('r');
  await page.waitForSelector(`#canvas .node[data-id="${focused}"]:not([data-role="crashed"])`, { timeout: 2000 });
  await page.keyboard.press('Space');
  await page.waitForSelector('#play[aria-pressed="false"]', { timeout: 2000 }); // Space pauses
  const before = await clock(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.ok((await clock(page)) >= before, '→ steps forward');
  await page.keyboard.press('?');
  await page.waitForSelector('.legend', { timeout: 2000 }); // ? shows the legend
  await page.keyboard.press('Escape');
  await page.waitForSelector('.legend', { state: 'detached', timeout: 2000 });
  assert.deepEqual(errors, []);
});

test('touch: drag a node with a finger', async () => {
  const { page, errors, context } = await openPage(shared.browser, shared.server.url, { hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
  await page.waitForSelector('#canvas .node[data-id="2"]');
  const start = await nodeCentre(page, 2);
  const from = await toPage(page, start.x, start.y);
  const to = await toPage(page, 300, 520);
  const cdp = await context.newCDPSession(page);
  const touch = (type, p) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
  await touch('touchStart', from);
  for (let i = 1; i <= 10; i++) await touch('touchMove', { x: from.x + ((to.x - from.x) * i) / 10, y: from.y + ((to.y - from.y) * i) / 10 });
  await touch('touchEnd', null);
  const end = await nodeCentre(page, 2);
  assert.ok(Math.abs(end.x - 300) < 4 && Math.abs(end.y - 520) < 4, `S2 followed the finger: ${JSON.stringify(end)}`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'no horizontal scrolling');
  await screenshot(page, 'touch-drag');
  assert.deepEqual(errors, []);
});

test('the network sliders change behaviour: loss and latency', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await waitForLeader(page);
  await setSpeed(page, -1);
  await page.locator('#drop').fill('50');
  await page.locator('#drop').dispatchEvent('change');
  assert.equal(await page.textContent('label:has(#drop) output'), '50 %');
  await page.waitForFunction(() => document.querySelector('.feed').textContent.includes('The network lost'), null, { timeout: 20_000 });
  await page.locator('#drop').fill('0');
  await page.locator('#drop').dispatchEvent('change');
  await page.locator('#latency-max').fill('200');
  await page.locator('#latency-max').dispatchEvent('change');
  await page.locator('#latency-min').fill('150');
  await page.locator('#latency-min').dispatchEvent('change');
  assert.match(await page.textContent('.feed'), /You set the network: loss 0%, duplication 0%, latency 150–200 ms/);
  await page.waitForTimeout(1500);
  await page.click('#play');
  const msg = page.locator('#canvas .msg').first();
  await msg.waitFor();
  // Messages on a busy link overlap; point at this one directly rather than at whatever is on top.
  await msg.dispatchEvent('pointerover');
  await page.waitForSelector('.message-info h2', { timeout: 2_000 });
  const summary = await page.textContent('.message-info h2');
  const [, sent, arrives] = summary.match(/sent at ([\d.]+) ms, arrives at ([\d.]+) ms/);
  assert.ok(Number(arrives) - Number(sent) >= 150, `a message now takes ${Number(arrives) - Number(sent)} ms: ${summary}`);
  await screenshot(page, 'network-sliders');
  assert.deepEqual(errors, []);
});
