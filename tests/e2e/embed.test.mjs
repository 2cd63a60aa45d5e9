// Embedded with an iframe in a documentation page: each lab runs its lesson, and stops while out of view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const frames = (frame) => frame.evaluate(() => window.wasmBindings?.frames_drawn() ?? -1);

test('three labs embedded in one page run their lessons, and a lab scrolled out of view stops drawing', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}embed-example.html`);
  const first = page.frameLocator('#lab-figure8');
  await first.locator('.lesson h2').waitFor({ timeout: 10_000 });
  assert.match(await first.locator('.lesson h2').textContent(), /Figure 8/);
  await screenshot(page, 'embed-example');
  const lab1 = page.frame({ url: /figure8-correct/ });
  const before1 = await frames(lab1);
  await page.waitForTimeout(500);
  assert.ok((await frames(lab1)) > before1, 'in view, it draws');
  // Scroll to the last lab: the first is now far out of view.
  await page.locator('#lab-takeover').scrollIntoViewIfNeeded();
  await page.frameLocator('#lab-takeover').locator('.lesson h2').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  const stopped = await frames(lab1);
  await page.waitForTimeout(1000);
  assert.equal(await frames(lab1), stopped, 'out of view, it draws nothing');
  const lab3 = page.frame({ url: /multi-paxos-leader-takeover/ });
  const before3 = await frames(lab3);
  await page.waitForTimeout(500);
  assert.ok((await frames(lab3)) > before3, 'the lab in view draws');
  assert.deepEqual(errors, []);
});
