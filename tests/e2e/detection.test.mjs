// Failure detection (#24): the monitoring panel charts a follower's heartbeat gaps, the fitted distribution and
// phi over time; switching to phi accrual is an action every node takes; a paused leader is falsely
// suspected, and the canvas marks it; a crashed leader's failover is timed on the canvas and in the panel; the
// trade-off between fast detection and false suspicions is measured for the cluster in the background; and
// the lesson "How long is too long?" plays through its quiz.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot, waitForLeader } from './harness.mjs';

const shared = sharedBrowser(before, after);

test('phi accrual from the panel: a paused leader is falsely suspected, a crash is timed, the trade-off is measured', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=3&speed=0.25`);
  const leader = await waitForLeader(page);
  await page.click('details.detection summary');
  for (const id of ['#gaps-chart', '#fit-chart', '#phi-chart']) {
    assert.match(await page.getAttribute(`${id} svg`, 'aria-label'), /S\d/, `${id} is labelled`);
  }
  assert.match(await page.textContent('#watching'), /S\d watches its leader S\d/);

  // A threshold out of range is refused with the reason; a good one is applied to every node.
  await page.selectOption('#detector', 'phi');
  await page.fill('#phi-threshold', '99');
  await page.click('#apply-detector');
  assert.match(await page.textContent('#detector-problem'), /0\.5 to 50/);
  await page.fill('#phi-threshold', '8');
  await page.click('#apply-detector');
  await page.waitForSelector('.feed li:has-text("phi accrual (threshold 8)")');
  await page.waitForSelector('#canvas .timer[data-detector="phi"]');

  // The leader stops the world for 800 ms: its followers' phi climbs past the threshold, and they suspect a
  // leader that is up.
  await page.click(`#canvas .node[data-id="${leader}"]`);
  await page.fill(`#pause-ms-${leader}`, '800');
  await page.dispatchEvent(`#pause-ms-${leader}`, 'change');
  await page.click(`#pause-${leader}`);
  await page.waitForTimeout(1200);
  await screenshot(page, 'detection-paused-leader');
  await page.waitForSelector('#canvas .node .false-suspicion', { timeout: 20_000 });
  assert.match(
    await page.getAttribute('#canvas .node:has(.false-suspicion)', 'aria-label'),
    new RegExp(`falsely suspected S${leader}, which is up`),
  );
  await page.waitForFunction(() => /False suspicions: [1-9]/.test(document.querySelector('#false-suspicions')?.textContent));

  // The leader of the newest term crashes: the card times the failover, step by step, and so does the panel.
  await page.waitForFunction(
    (old) => [...document.querySelectorAll('#canvas .node[data-role="leader"]')].some((n) => n.dataset.id !== old),
    String(leader),
    { timeout: 20_000 },
  );
  const next = await page.evaluate(() => {
    const leaders = [...document.querySelectorAll('#canvas .node[data-role="leader"]')];
    return Number(leaders.sort((a, b) => b.dataset.term - a.dataset.term)[0].dataset.id);
  });
  await page.click(`#canvas .node[data-id="${next}"]`);
  await page.keyboard.press('c');
  await page.waitForFunction(
    () => /suspected \+\d/.test(document.querySelector('#canvas .failover-card')?.textContent ?? ''),
    null,
    { timeout: 20_000 },
  );
  await page.waitForFunction(() => /S\d elected \+\d/.test(document.querySelector('#canvas .failover-card')?.textContent));
  await page.click('#request');
  await page.waitForSelector('#canvas .failover-card[data-done]', { timeout: 20_000 });
  assert.match(await page.textContent('#failover-table tbody'), new RegExp(`S${next} @`));
  await page.waitForFunction(() => /Failover after S\d's crash: suspected after/.test(document.querySelector('.feed')?.textContent));

  // The sweep of this cluster finishes in the background: nine settings, each a point and a row.
  await page.waitForSelector('#tradeoff-chart[data-done]', { timeout: 90_000 });
  assert.equal(await page.locator('#tradeoff-chart .point').count(), 9);
  assert.equal(await page.locator('#tradeoff-chart .tradeoff tbody tr').count(), 9);
  assert.equal(await page.locator('#tradeoff-chart .point.current').count(), 1, 'the setting in use is marked');
  await screenshot(page, 'detection-panel');
  assert.deepEqual(errors, []);
});

test('the lesson "How long is too long?": a short timeout fails over fast, then fires falsely under jitter', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=how-long-is-too-long&speed=1`);
  assert.ok(await page.evaluate(() => document.querySelector('details.detection')?.open), 'a lesson about detection opens its panel');
  await page.waitForSelector('.quiz-choice', { timeout: 30_000 });
  await page.click('.quiz-choice[data-choice="1"]');
  await page.waitForSelector('#canvas .timer[data-detector="phi"]', { timeout: 60_000 });
  await page.waitForFunction(() => /suspected the crash within 350 ms/.test(document.querySelector('.lesson')?.textContent), null, {
    timeout: 60_000,
  });
  // Six false suspicions under the short timeout and jitter, none since the switch to phi accrual.
  assert.match(await page.textContent('#false-suspicions'), /False suspicions: 6 /);
  assert.match(await page.textContent('#canvas .failover-card'), /suspected \+\d/);
  assert.deepEqual(errors, []);
});
