// Nothing lost on reload: the session is kept in local storage and opens again, at the same moment; "Start
// fresh" forgets it; a corrupt or foreign stored value is ignored with a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);
const KEY = 'consensus-lab.session';

const state = (page) => page.getAttribute('.scrubber', 'data-state');

test('a reload brings back the session, its node positions and open panels; Start fresh forgets it', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=21`);
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  await page.click('#canvas .node[data-id="3"]');
  await page.keyboard.press('c');
  // Move S1 with the keyboard (Shift+arrows nudge the selected node).
  await page.click('#canvas .node[data-id="1"]');
  await page.keyboard.press('Shift+ArrowDown');
  await page.click('#diagram-toggle');
  await page.click('#play'); // pause
  await page.waitForSelector('.scrubber[data-state]');
  const before = await state(page);
  const s1 = await page.getAttribute('#canvas .node[data-id="1"]', 'transform');
  // Opened again without any parameters, as a reload of the bare page would be.
  await page.goto(shared.server.url);
  await page.waitForSelector('.restored');
  await page.waitForFunction((s) => document.querySelector('.scrubber')?.dataset.state === s, before, { timeout: 10_000 });
  assert.equal(await page.getAttribute('#canvas .node[data-id="3"]', 'data-role'), 'crashed');
  assert.equal(await page.getAttribute('#canvas .node[data-id="1"]', 'transform'), s1);
  assert.equal(await page.getAttribute('#diagram-toggle', 'aria-expanded'), 'true');
  await screenshot(page, 'restored');
  await page.click('#start-fresh');
  await page.waitForSelector('.restored', { state: 'detached' });
  assert.notEqual(await page.getAttribute('#canvas .node[data-id="3"]', 'data-role'), 'crashed');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null, 'the stored session is gone');
  assert.deepEqual(errors, []);
});

test('a corrupt or foreign stored value is ignored with a message, and the default cluster opens', async () => {
  for (const value of ['<img src=x onerror=alert(1)>', 'v1?seed=<script>&nodes=77', 'v1?session=1.2.zz&nodes=3']) {
    // Stored from another page of the site, so that the lab's own saving cannot overwrite it first.
    const { page, errors, context } = await openPage(shared.browser, 'about:blank', { ready: false });
    // A bare JSON page asks for a favicon the site does not have.
    await page.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
    await page.goto(`${shared.server.url}scenarios/paxos-basic.json`);
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, value]);
    await page.goto(shared.server.url);
    await page.waitForSelector('.notice li', { timeout: 5_000 });
    const notice = await page.textContent('.notice');
    assert.match(notice, /saved in this browser|session: /, `the message says why: ${notice}`);
    assert.equal(await page.locator('.notice img, .notice script').count(), 0, 'nothing stored is rendered as HTML');
    await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
    assert.deepEqual(errors, []);
    await context.close();
  }
});
