// What a newcomer stumbled on (issue 21), each point as they met it: one test per point, written to fail
// before its fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage } from './harness.mjs';

const shared = sharedBrowser(before, after);

test('7. one clock while playing: the time slider shows no second, lagging time; paused, the two agree', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?seed=2`);
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  await page.waitForTimeout(700);
  assert.equal(await page.locator('.scrubber output').isVisible(), false, 'playing: only the canvas shows the time');
  assert.ok(await page.locator('#canvas .clock-wheels').isVisible(), 'the canvas clock turns');
  await page.click('#play'); // pause
  await page.waitForSelector('.scrubber output', { state: 'visible' });
  const shown = (await page.textContent('.scrubber output')).split(' / ')[0];
  assert.equal(shown, await page.textContent('#canvas .clock'), 'paused: the slider and the canvas say the same time');
  assert.deepEqual(errors, []);
  await context.close();
});

test('15. Space plays and pauses even after a button was clicked, and never presses that button again', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?seed=2`);
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  await page.click('#play'); // pause, so no request completes on its own
  await page.click('#request');
  const pending = () => page.textContent('#canvas .client .pending').catch(() => '0');
  assert.equal(await pending(), '1', 'one request sent');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'request', 'the button keeps the focus');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#play').textContent.includes('Pause'));
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('#play').textContent.includes('Play'));
  assert.equal(await pending(), '1', 'Space sent no second request');
  // In a menu and on a slider Space keeps its own meaning.
  await page.focus('#speed');
  await page.keyboard.press('Space');
  assert.match(await page.textContent('#play'), /Play/, 'on the speed slider, Space does not play');
  assert.deepEqual(errors, []);
  await context.close();
});
