// The release build's WebAssembly comes in two halves (build/split.mjs): the page draws its first frame from
// the first, fetches the rest in the background, draws its side panels once it is in place, fetches it on the
// spot if it is needed sooner, and says so if it cannot be had.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage } from './harness.mjs';

const shared = sharedBrowser(before, after);
const REST = /_rest\.wasm$/;
const LEADER = '#canvas .node[data-role="leader"]';

// What the first frame runs depends on timing, so the build profiles it on a slower machine too (build/split.mjs).
for (const slowdown of [1, 6]) {
  test(`the first frame is drawn while the rest is still on its way (CPU ${slowdown}× slower)`, async () => {
    await firstFrameWithoutTheRest(slowdown);
  });
}

async function firstFrameWithoutTheRest(slowdown) {
  // Every request for the rest is held for 5 s: a first frame that needed it would wait for it too.
  const hold = async (route) => {
    await new Promise((done) => setTimeout(done, 5000));
    await route.continue();
  };
  const { page, errors } = await openPage(shared.browser, shared.server.url, {
    routes: [[REST, hold]],
    slowdown,
    init: watchFirstFrame,
  });
  // Timed in the page, not by polling from here: on a slow machine a poll may come late, after the page has
  // already gone on to need the rest.
  const first = await (await page.waitForFunction(() => window.firstFrame, null, { timeout: 30_000 })).jsonValue();
  const arrived = await (await page.waitForFunction(() => window.restArrived, null, { timeout: 30_000 })).jsonValue();
  assert.ok(first.painted < arrived, `nodes painted at ${first.painted} ms, the rest arrived at ${arrived} ms`);
  assert.deepEqual(first.seen, { nodes: 5, busy: 'true', says: 'Loading the panels…' });

  // Once it arrives, the cluster runs on (an election needs the rest), and the panels are drawn.
  await page.waitForSelector(LEADER, { timeout: 30_000 });
  await page.waitForSelector('aside.side:not([aria-busy]) .inspector');
  assert.equal(await page.locator('.side .loading').count(), 0);
  assert.deepEqual(errors, []);
}

// Runs in the page before its own scripts. `firstFrame`: what the first frame with nodes on it shows, and when
// it was painted (a task queued from that frame's animation callbacks runs after its paint). `restArrived`:
// when the rest was in place, fetched in the background or on the spot.
function watchFirstFrame() {
  const now = () => Math.round(performance.now());
  new MutationObserver((_, observer) => {
    const nodes = document.querySelectorAll('#canvas .node').length;
    if (!nodes) return;
    observer.disconnect();
    const side = document.querySelector('aside.side');
    const seen = { nodes, busy: side?.getAttribute('aria-busy'), says: side?.textContent };
    requestAnimationFrame(() => {
      const after = new MessageChannel();
      after.port1.onmessage = () => (window.firstFrame = { seen, painted: now() });
      after.port2.postMessage(null);
    });
  }).observe(document, { childList: true, subtree: true });
  addEventListener('restloaded', () => (window.restArrived ??= now()));
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    try {
      return send.apply(this, args);
    } finally {
      window.restArrived ??= now();
    }
  };
}

test('a part of the rest needed before it arrives is fetched on the spot', async () => {
  // The background fetch never arrives; the rest is then fetched synchronously (by the loader's retry, or by
  // the first call into it). Every request for it is counted from the start, since the retry comes at once.
  const requests = [];
  const { page, errors } = await openPage(shared.browser, shared.server.url, {
    routes: [[REST, (route) => {
      const kind = route.request().resourceType();
      requests.push(kind);
      return kind === 'fetch' ? route.abort() : route.continue();
    }]],
  });
  await page.waitForSelector(LEADER, { timeout: 20_000 });
  // A person's action that needs more of the program: crash the leader, and a new one is elected.
  const leader = await page.locator(LEADER).getAttribute('data-id');
  await page.locator(`#canvas .node[data-id="${leader}"]`).click();
  await page.keyboard.press('c');
  await page.waitForFunction(
    (old) => [...document.querySelectorAll('#canvas .node[data-role="leader"]')].some((n) => n.dataset.id !== old),
    leader,
    { timeout: 20_000 },
  );
  assert.ok(requests.includes('xhr'), `the rest was fetched when first needed (${requests})`);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
});

test('when the rest cannot be had, the page says so once, and how to recover', async () => {
  const { page } = await openPage(shared.browser, shared.server.url, { routes: [[REST, (route) => route.abort()]] });
  const panel = page.locator('#error-panel');
  await panel.waitFor({ timeout: 20_000 });
  assert.match(await panel.textContent(), /could not be loaded.*Reload the page/);
  await page.waitForTimeout(500);
  assert.equal(await panel.count(), 1, 'one message, however many calls fail');
});
