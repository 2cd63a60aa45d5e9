// Permalinks: the Share button's link opens the same session, at the same moment, in the same state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

test('a shared link reopens the session at the same moment, in the same state', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=12&protocol=multi-paxos`);
  await page.locator('#speed').fill('-0.7');
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  await page.click('#request');
  await page.click('#canvas .node[data-id="2"]');
  await page.keyboard.press('c');
  await page.waitForTimeout(700);
  await page.click('#play'); // pause
  const state = await page.getAttribute('.scrubber', 'data-state');
  await page.click('#share');
  const link = await page.inputValue('#share-link');
  assert.match(link, /[?&]session=/);
  assert.ok(link.startsWith(shared.server.url), `the link keeps the page's own address: ${link}`);
  const other = await openPage(shared.browser, link);
  await other.page.waitForFunction((s) => document.querySelector('.scrubber')?.dataset.state === s, state, {
    timeout: 10_000,
  });
  assert.equal(await other.page.getAttribute('#canvas .node[data-id="2"]', 'data-role'), 'crashed');
  assert.equal(await other.page.inputValue('#protocol'), 'multi-paxos');
  await screenshot(other.page, 'shared-link');
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
});

test('a broken shared link says what is wrong and still opens a working cluster', async () => {
  const bad = '?seed=3&session=1.2.c9~<img src=x onerror=alert(1)>&pos=9999,1&at=-5&bugs=nope';
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}${bad}`);
  await page.waitForSelector('.notice li', { timeout: 5_000 });
  const notice = await page.textContent('.notice');
  assert.match(notice, /session: action 1/);
  assert.match(notice, /at "-5"/);
  assert.match(notice, /unknown bugs nope/);
  assert.equal(await page.locator('img').count(), 0, 'nothing from the address is markup');
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  assert.deepEqual(errors, []);
});

test('hostile address parameters: each is named, nothing is rendered as HTML, and a default cluster runs', async () => {
  const huge = Array(20_001).fill('1.1.h').join('~'); // 120 KB of address
  const cases = [
    ['?nodes=99999999999999999999', /nodes "9999/],
    ['?seed=-1&nodes=-3', /seed "-1"/],
    ['?seed=abc&speed=1e309&height=NaN', /speed "1e309"/],
    ['?protocol=<script>alert(1)</script>&theme=<img src=x onerror=alert(1)>', /protocol "<script>alert/],
    [`?session=${huge}`, /more than 20000/],
    [`?${Array.from({ length: 60 }, (_, i) => `x${i}=1`).join('&')}`, /61 parameters is too many/],
  ];
  for (const [query, expected] of cases) {
    // Fast, so the default cluster's first leader comes soon; first, so it is read before any limit.
    const fast = `?speed=0.5&${query.slice(1)}`;
    const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}${fast}`);
    await page.waitForSelector('.notice li', { timeout: 10_000 });
    assert.match(await page.textContent('.notice'), expected, query.slice(0, 60));
    assert.equal(await page.locator('.lab script, .lab img').count(), 0, 'nothing from the address became an element');
    await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
    assert.deepEqual(errors, [], query.slice(0, 60));
    await context.close();
  }
});
