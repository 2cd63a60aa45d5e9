// Embedded with an iframe in a documentation page: each lab runs its lesson, and stops while out of view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const frames = (frame) => frame.evaluate(() => window.wasmBindings?.wakes() ?? -1);

test('three labs embedded in one page run their lessons, and a lab scrolled out of view stops drawing', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}embed-example.html`, { ready: false });
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

test('embed=1 in a 320 px iframe: the canvas, the play controls and the caption, no page chrome, no sideways scroll', async () => {
  // A host page of the site's own origin (a blank page may not frame a local server), its content replaced.
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}embed-example.html`, {
    viewport: { width: 400, height: 700 },
    ready: false,
  });
  const src = `${shared.server.url}?embed=1&scenario=leader-crash-reelection&speed=0.05&theme=dark`;
  await page.setContent(`<iframe id="lab" title="Consensus Lab" src="${src}" style="width: 320px; height: 560px; border: 0"></iframe>`);
  const lab = page.frameLocator('#lab');
  await lab.locator('.lesson .caption, .lesson .description').first().waitFor({ timeout: 10_000 });
  await lab.locator('#canvas .node').first().waitFor();
  const frame = page.frame({ url: /embed=1/ });
  const shape = await frame.evaluate(() => ({
    title: !!document.querySelector('.lab h1'),
    cluster: !!document.querySelector('#protocol'),
    side: !!document.querySelector('.side'),
    log: !!document.querySelector('.log-table'),
    scrubber: !!document.querySelector('#scrub'),
    play: !!document.querySelector('#play'),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    canvas: document.querySelector('#canvas').getBoundingClientRect().width,
    speed: document.querySelector('.speed output')?.textContent,
    background: getComputedStyle(document.documentElement).backgroundColor,
  }));
  assert.deepEqual(
    { title: shape.title, cluster: shape.cluster, side: shape.side, log: shape.log, scrubber: shape.scrubber, play: shape.play },
    { title: false, cluster: false, side: false, log: false, scrubber: false, play: true },
  );
  assert.ok(shape.overflow <= 0, `no sideways scroll (${shape.overflow} px too wide)`);
  assert.ok(shape.canvas > 280 && shape.canvas <= 320, `the canvas fills the frame: ${shape.canvas} px`);
  assert.equal(shape.speed, '1/20×');
  assert.equal(shape.background, 'rgb(21, 24, 28)', 'theme=dark, whatever the system says');
  await screenshot(page, 'embed-320');
  assert.deepEqual(errors, []);
});

test('embed options: panels to show, start paused, canvas height, and a bad option named', async () => {
  const url = `${shared.server.url}?embed=1&seed=4&panels=log,feed,scrubber&paused=1&height=240&theme=light&autoplay=maybe`;
  const { page, errors } = await openPage(shared.browser, url, { colorScheme: 'dark' });
  await page.waitForSelector('.feed');
  assert.ok(await page.locator('.log-table').count(), 'the log table is shown');
  assert.ok(await page.locator('#scrub').count(), 'the time slider is shown');
  assert.equal(await page.locator('.inspector, .network, .bugs').count(), 0, 'the other panels are not');
  assert.match(await page.innerText('#play'), /Play/, 'it opens paused');
  const width = await page.evaluate(() => document.querySelector('#canvas').getBoundingClientRect().width);
  assert.equal(Math.round(width), 240);
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(255, 255, 255)');
  assert.match(await page.textContent('.notice'), /autoplay "maybe" is not 0 or 1/);
  assert.deepEqual(errors, []);
});
