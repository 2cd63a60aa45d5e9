// Log compaction (dissertation chapter 5) as a person meets it: the lesson where a follower back from a crash
// is restored by InstallSnapshot, and the Snapshot every menu above the log table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot, waitForLeader } from './harness.mjs';

const shared = sharedBrowser(before, after);

/** Records, from now on, whether a message of `family` was ever drawn on the canvas, however briefly. */
const watchFor = (page, family) =>
  page.evaluate((family) => {
    window.seen = window.seen ?? {};
    const canvas = document.querySelector('#canvas');
    new MutationObserver(() => {
      if (canvas.querySelector(`.msg[data-family="${family}"]`)) window.seen[family] = true;
    }).observe(canvas, { childList: true, subtree: true });
  }, family);

test('the lesson "Raft 7": the leader compacts its log, and the follower back from a crash installs its snapshot', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=snapshot-install&speed=1`);
  await page.waitForSelector('.quiz-choice', { timeout: 30_000 });
  // The leader's row starts with its snapshot; the crashed follower's log stops early.
  const leaderCell = await page.textContent('.log-table tbody .snapshot');
  assert.match(leaderCell, /^snapshot ≤ \d+$/);
  await watchFor(page, 'snapshot');
  await page.click('.quiz-choice[data-choice="0"]');
  await page.waitForFunction(() => /every server agrees/.test(document.querySelector('.lesson')?.textContent), null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.seen.snapshot), true, 'InstallSnapshot flew');
  // Every node's log now starts with a snapshot through at least 10.
  const cells = await page.$$eval('.log-table tbody tr .snapshot', (tds) => tds.map((td) => Number(td.dataset.through)));
  assert.equal(cells.length, 5);
  assert.ok(cells.every((n) => n >= 10), `snapshots through ${cells}`);
  const feed = await page.textContent('.feed');
  assert.match(feed, /installed S\d's snapshot through entry \d+ and loaded its state machine from it/);
  await screenshot(page, 'snapshot-lesson-end');
  assert.deepEqual(errors, []);
});

test('Snapshot every, set in the page, compacts every log as entries are applied, and the stored session keeps it', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=4&speed=1`);
  const leader = await waitForLeader(page);
  await page.selectOption('#snapshot-every', '5');
  assert.match(await page.textContent('.feed'), /You had every node snapshot its state machine each 5 entries it applies/);
  for (let i = 0; i < 7; i++) {
    await page.click('#request');
    await page.waitForTimeout(150);
  }
  await page.waitForFunction(() => document.querySelectorAll('.log-table tbody .snapshot').length === 5, null, { timeout: 30_000 });
  // The inspector tells the leader's snapshot by its last included index and term.
  await page.keyboard.press(String(leader));
  await page.waitForFunction(() => /snapshot\s*≤ \d+ \(term \d+\)/.test(document.querySelector('.inspector')?.textContent ?? ''));
  await screenshot(page, 'snapshot-log-table');
  // Opened again, the stored session comes back, the setting with it.
  await page.goto(shared.server.url);
  await page.waitForSelector('.restored');
  await page.waitForFunction(() => document.querySelector('#snapshot-every')?.value === '5', null, { timeout: 10_000 });
  assert.equal(await page.locator('.log-table tbody .snapshot').count(), 5);
  assert.deepEqual(errors, []);
});
