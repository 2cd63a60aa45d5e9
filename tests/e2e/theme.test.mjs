// The dark theme follows the reader's system setting.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const background = (page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('a reader who prefers dark gets the dark theme, and light otherwise', async () => {
  const dark = await openPage(shared.browser, shared.server.url, { colorScheme: 'dark' });
  await dark.page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  assert.equal(await background(dark.page), 'rgb(21, 24, 28)');
  await screenshot(dark.page, 'dark-theme');
  const light = await openPage(shared.browser, shared.server.url, { colorScheme: 'light' });
  await light.page.waitForSelector('#canvas .node');
  assert.equal(await background(light.page), 'rgb(255, 255, 255)');
  assert.deepEqual([...dark.errors, ...light.errors], []);
});
