// The page arrives with its first frame drawn as HTML (build/pages.mjs): the cluster is on screen before the
// WebAssembly has arrived, the app takes that frame over without a visible change, and on an address the
// frame does not fit, the page shows nothing of it (static/frame.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sharedBrowser, openPage, screenshot, differingPixels, SHOTS } from './harness.mjs';

const shared = sharedBrowser(before, after);
const WASM = /_bg\.wasm$/;
const LESSON_PAGES = [
  'raft-1-election-heartbeats', 'raft-2-log-replication', 'leader-crash-reelection', 'partition-heal-rollback',
  'split-vote', 'figure8-correct', 'paxos-basic', 'paxos-dueling-proposers', 'multi-paxos-leader-takeover',
  'consistency-or-availability', 'leases-and-clock-drift', '2pc-coordinator-crash-blocks', '3pc-partition-splits',
  'paxos-commit-survives-coordinator-crash',
];

/** A page whose WebAssembly is held back until `release()` is called. */
async function heldBack(path, options = {}) {
  let release;
  const released = new Promise((done) => (release = done));
  const { page, errors, context } = await openPage(shared.browser, shared.server.url + path, {
    ready: false,
    routes: [[WASM, async (route) => {
      await released;
      await route.continue();
    }]],
    ...options,
  });
  return { page, errors, context, release };
}

const visibleNodes = (page) =>
  page.evaluate(() => [...document.querySelectorAll('#canvas .node')].filter((n) => n.getBoundingClientRect().width > 0).length);

test('the cluster is drawn before the WebAssembly arrives, with the seed the run will use', async () => {
  const { page, errors, context, release } = await heldBack('');
  await page.waitForSelector('#canvas .node', { state: 'visible' });
  assert.equal(await visibleNodes(page), 5);
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-ready')), false);
  const seed = await page.getAttribute('html', 'data-seed');
  assert.match(seed, /^[0-9]+$/, 'a seed was drawn for the plain address');
  assert.equal(await page.textContent('.cluster .seed'), `seed ${seed}`, 'the frame shows it');
  await screenshot(page, 'first-frame-static');
  release();
  await page.waitForSelector('html[data-ready]', { state: 'attached' });
  assert.equal(await page.textContent('.cluster .seed'), `seed ${seed}`, 'the app runs the seed the frame showed');
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  assert.deepEqual(errors, []);
  await context.close();
});

/** Screenshots of the frame before and after the app takes it over, compared pixel for pixel. */
async function takeOverUnchanged(path, viewport, name) {
  const { page, errors, context, release } = await heldBack(path, { viewport });
  // The clock stands still: the app draws t = 0, as the frame does, and nothing moves on.
  await page.clock.install({ time: new Date('2026-01-01T00:00:00Z') });
  await page.clock.pauseAt(new Date('2026-01-01T00:00:01Z'));
  await page.reload();
  await page.waitForSelector('#canvas .node', { state: 'visible' });
  const drawn = await page.screenshot();
  release();
  await page.waitForSelector('html[data-ready]', { state: 'attached' });
  // The app has replaced the frame with its own elements.
  assert.equal(await page.evaluate(() => document.querySelectorAll('#app > main').length), 1);
  // HTML parses adjacent text into one node; two text nodes side by side are shaped apart, a fraction of a
  // pixel narrower or wider, and everything after them on the line moves.
  const split = await page.evaluate(() => {
    const found = [];
    const walk = document.createTreeWalker(document.getElementById('app'), NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.previousSibling?.nodeType === Node.TEXT_NODE) found.push(`${n.previousSibling.data}|${n.data}`);
    }
    return found;
  });
  assert.deepEqual(split, [], 'the app draws no two text nodes side by side');
  const taken = await page.screenshot();
  const changed = await differingPixels(shared.browser, drawn, taken);
  if (changed > 0) {
    await mkdir(SHOTS, { recursive: true });
    await writeFile(join(SHOTS, `${name}-before.png`), drawn);
    await writeFile(join(SHOTS, `${name}-after.png`), taken);
  }
  assert.equal(changed, 0, `${path || 'index.html'} at ${viewport.width}x${viewport.height}: the take-over changed ${changed} pixels (see ${name}-*.png)`);
  assert.deepEqual(errors, []);
  await context.close();
}

test('the app takes the frame over without a pixel changing: laptop, phone', async () => {
  await takeOverUnchanged('?seed=3', { width: 1280, height: 800 }, 'take-over-laptop');
  await takeOverUnchanged('', { width: 390, height: 844 }, 'take-over-phone');
});

test('every lesson has a page that arrives drawn, and is taken over without a pixel changing', async () => {
  for (const name of LESSON_PAGES) {
    await takeOverUnchanged(`${name}.html`, { width: 1280, height: 800 }, `take-over-${name}`);
  }
});

test('a lesson page arrives with its lesson drawn and titled, and plays it', async () => {
  const { page, errors, context, release } = await heldBack('figure8-correct.html');
  await page.waitForSelector('#canvas .node', { state: 'visible' });
  assert.match(await page.title(), /Figure 8/);
  assert.match(await page.textContent('.lesson h2'), /Figure 8/);
  assert.equal(await page.inputValue('#lesson'), 'figure8-correct');
  await screenshot(page, 'first-frame-lesson');
  release();
  await page.waitForSelector('html[data-ready]', { state: 'attached' });
  assert.equal(await page.inputValue('#lesson'), 'figure8-correct');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on an address the frame does not fit, none of it shows, and the app draws what was asked', async () => {
  const cases = [
    ['?nodes=3', {}, 3],
    ['?protocol=paxos', {}, 5],
    ['?lang=zh-CN', {}, 5],
    ['', { locale: 'zh-CN' }, 5],
    ['figure8-correct.html?embed=1', {}, 5],
  ];
  for (const [path, options, nodes] of cases) {
    const { page, errors, context, release } = await heldBack(path, options);
    await page.waitForSelector('#app', { state: 'attached' });
    // Parsed, but not shown: the frame is of another page.
    await page.waitForLoadState('domcontentloaded').catch(() => {});
    assert.equal(await page.getAttribute('html', 'data-frame'), 'none', `${path} ${JSON.stringify(options)}`);
    assert.equal(await visibleNodes(page), 0, `${path}: no node of the built frame is shown`);
    release();
    await page.waitForSelector('html[data-ready]', { state: 'attached' });
    assert.equal(await visibleNodes(page), nodes, `${path}: the app draws the cluster asked for`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a session stored before a reload hides the frame, and the session comes back', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?seed=21&nodes=4`);
  await page.click('#play'); // pause, which saves the session
  await page.waitForFunction(() => localStorage.getItem('consensus-lab.session') !== null);
  let release;
  const released = new Promise((done) => (release = done));
  await page.route(WASM, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(shared.server.url);
  assert.equal(await page.getAttribute('html', 'data-frame'), 'none');
  assert.equal(await visibleNodes(page), 0);
  release();
  await page.waitForSelector('.restored');
  assert.equal(await visibleNodes(page), 4);
  assert.deepEqual(errors, []);
  await context.close();
});
