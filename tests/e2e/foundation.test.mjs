// The first thing a new user sees: a five-node Raft cluster that elects a leader and heartbeats, served as
// a release build from a sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

test('a five-node cluster elects a leader and its messages move', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);

  await page.waitForSelector('#canvas .node');
  assert.equal(await page.locator('#canvas .node').count(), 5, 'five nodes are drawn');

  // Election timeouts are 150-300 ms of simulated time; at the default speed of 1/25 that is 4-8 s.
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  assert.equal(await page.locator('#canvas .node[data-role="leader"]').count(), 1, 'exactly one leader');

  // Message glyphs are drawn, and the same message is somewhere else a moment later (as the compositor
  // draws it: the computed transform, which the animation moves).
  await page.waitForSelector('#canvas .msg', { timeout: 5_000 });
  assert.ok(await sampleTwice(page, '#canvas .mover'), 'a message in flight moved');

  // Every node that is not leader shows an election timer that runs down.
  const timers = await page.evaluate(() => ({
    nodes: document.querySelectorAll('#canvas .node:not([data-role="leader"]):not([data-role="crashed"])').length,
    arcs: document.querySelectorAll('#canvas .timer .timer-arc').length,
  }));
  assert.equal(timers.arcs, timers.nodes, 'every node but the leader shows its election timer');
  assert.ok(await sampleTwice(page, '#canvas .timer', '.timer-arc path'), 'a timer arc shrank');

  const shot = await screenshot(page, 'foundation');
  console.log(`screenshot: ${shot}`);
  assert.deepEqual(errors, [], 'no console errors');
});

test('pause stops the clock and play resumes it', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('#canvas .node');
  await page.click('#play');
  const t1 = await page.textContent('.clock');
  await page.waitForTimeout(400);
  assert.equal(await page.textContent('.clock'), t1, 'paused: simulated time stands still');
  await page.click('#play');
  // While playing, the clock's digits turn on the compositor; its text moves on at each wake of the page,
  // twice a second at least.
  await page.waitForFunction((t1) => document.querySelector('.clock').textContent !== t1, t1, { timeout: 2000 });
  assert.deepEqual(errors, []);
});

test('the speed slider is logarithmic and shows its value', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('#speed');
  await page.locator('#speed').fill('-3');
  assert.equal(await page.textContent('.speed output'), '1/1000×');
  await page.locator('#speed').fill('0');
  assert.equal(await page.textContent('.speed output'), '1×');
  await page.locator('#speed').fill('-1');
  assert.equal(await page.textContent('.speed output'), '1/10×');
  assert.deepEqual(errors, []);
});

/**
 * Reads the computed transform of every element matching `selector` (or of its `inner` children), keyed by
 * data-id, twice 100 ms apart, in the page in one go so no element can vanish in between. True if any element
 * present both times changed. Tries a few times, since a sample may fall between a message's arrival and the
 * next send.
 */
async function sampleTwice(page, selector, inner = null) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const changed = await page.evaluate(
      async ([selector, inner]) => {
        const read = () =>
          new Map(
            [...document.querySelectorAll(selector)].map((el) => [
              el.dataset.id,
              (inner ? [...el.querySelectorAll(inner)] : [el]).map((e) => getComputedStyle(e).transform).join(' '),
            ]),
          );
        const first = read();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const second = read();
        return [...first].some(([id, v]) => second.has(id) && second.get(id) !== v);
      },
      [selector, inner],
    );
    if (changed) return true;
  }
  return false;
}

test('the render loop stops while the page is hidden and resumes when it is shown', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForFunction(() => window.wasmBindings?.wakes);
  const wakes = () => page.evaluate(() => window.wasmBindings.wakes());
  const setHidden = (hidden) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
  await setHidden(true);
  await page.waitForTimeout(100);
  const a = await wakes();
  await page.waitForTimeout(500);
  assert.equal(await wakes(), a, 'no wakes while hidden');
  const clock = await page.textContent('.clock');
  await setHidden(false);
  // The loop wakes for each event, and for the time slider's step twice a second.
  await page.waitForTimeout(1000);
  assert.ok((await wakes()) > a + 1, 'wakes again when shown');
  assert.notEqual(await page.textContent('.clock'), clock, 'and time moves on');
  assert.deepEqual(errors, []);
});

test('a bad address opens the default cluster with a message, never rendering it as HTML', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=<img src=x onerror=alert(1)>&nodes=99&zzz=1`);
  await page.waitForSelector('.notice');
  const text = await page.textContent('.notice');
  assert.match(text, /seed "<img src=x onerror=alert…" is not a whole number/);
  assert.match(text, /nodes "99" is not a number from 1 to 9/);
  assert.match(text, /the parameter "zzz" is not known/);
  assert.equal(await page.locator('.notice img').count(), 0, 'nothing from the address became markup');
  assert.equal(await page.locator('#canvas .node').count(), 5, 'the default cluster runs');
  await screenshot(page, 'bad-address');
  await page.click('.notice button');
  assert.equal(await page.locator('.notice').count(), 0);
  const good = await openPage(shared.browser, `${shared.server.url}?seed=7&nodes=3`);
  await good.page.waitForSelector('#canvas .node');
  assert.equal(await good.page.locator('#canvas .node').count(), 3);
  assert.match(await good.page.textContent('.cluster .seed'), /seed 7$/);
  assert.deepEqual([...errors, ...good.errors], []);
});
