// Motion on the compositor (src/ui/glide.rs): while playing, messages, timer rings and the clock are moved by
// the browser's compositor between the page's wakes. At any instant they must stand exactly where the still
// frame of that simulated moment draws them: after playing from a shared moment, after a speed change, after a
// node is dragged while playing, and after a seek. Each check freezes every animation at one instant, works
// out the simulated moment on screen from the pace the page publishes, then pauses, seeks to that moment,
// and compares the two screenshots pixel for pixel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sharedBrowser, openPage, differingPixels, download, SHOTS } from './harness.mjs';

const shared = sharedBrowser(before, after);

const wakes = (page) => page.evaluate(() => window.wasmBindings.wakes());

/**
 * Freezes every animation at the timeline's current instant, and returns the simulated moment it shows: the
 * pace on the overlay is the line (wall ms, simulated µs, µs per ms) the page put every animation on.
 */
const freeze = (page) =>
  page.evaluate(() => {
    const instant = document.timeline.currentTime;
    window.frozenAt = new Map();
    for (const animation of document.getAnimations()) {
      const start = animation.startTime;
      window.frozenAt.set(animation, start);
      animation.pause();
      // Setting the time completes the pause at once, at exactly this instant.
      animation.currentTime = instant - start;
    }
    const [wall, sim, rate] = document.querySelector('#canvas svg.overlay').dataset.pace.split(' ').map(Number);
    return {
      at: Math.floor(sim + (instant - wall) * rate),
      flying: document.querySelectorAll('#canvas .mover').length,
      animations: document.getAnimations().length,
    };
  });

/** The canvas below the clock (the clock's still text and its turning wheels are drawn differently). */
async function canvasShot(page) {
  const box = await page.locator('#canvas').boundingBox();
  return page.screenshot({ clip: { x: box.x, y: box.y + 32, width: box.width, height: box.height - 32 } });
}

/** Plays until messages are in flight and moving; then the moving picture is compared with the still one. */
async function movingMatchesStill(page, name) {
  await page.waitForSelector('#canvas svg.overlay[data-pace]');
  await page.waitForFunction(() => document.querySelectorAll('#canvas .mover').length >= 2);
  // A wake between the freeze and the screenshot would redraw; then the moment is taken again.
  let frozen, moving;
  for (let attempt = 0; attempt < 5 && !moving; attempt++) {
    const before = await wakes(page);
    frozen = await freeze(page);
    const shot = await canvasShot(page);
    if ((await wakes(page)) === before) moving = shot;
    // Back on the page's timeline where each was (play() would resume each from where it stopped).
    else await page.evaluate(() => window.frozenAt.forEach((start, animation) => (animation.startTime = start)));
  }
  assert.ok(moving, `${name}: a moment with no wake in between`);
  assert.ok(frozen.flying >= 2 && frozen.animations > frozen.flying, `${name}: messages and timers are animated`);
  await page.click('#play'); // pause
  await page.locator('#scrub').fill(String(frozen.at));
  await page.waitForFunction((at) => Number(document.querySelector('#scrub').value) === at, frozen.at);
  assert.equal(await page.locator('#canvas svg.overlay[data-pace]').count(), 0, `${name}: still while paused`);
  const still = await canvasShot(page);
  // The compositor rasterizes a moving layer on its own, at a fraction of a pixel, so the anti-aliasing of
  // its edges differs a little: only pixels that differ by a quarter of the range count. A glyph two thirds
  // of a pixel out of place (50 µs of a 15 ms flight) makes over a hundred of them; the same moment, a few
  // dozen at most (a tick mark inside a turned glyph).
  const changed = await differingPixels(shared.browser, moving, still, 64);
  if (changed > 48) {
    await mkdir(SHOTS, { recursive: true });
    await writeFile(join(SHOTS, `motion-${name}-moving.png`), moving);
    await writeFile(join(SHOTS, `motion-${name}-still.png`), still);
  }
  assert.ok(changed <= 48, `${name}: at ${frozen.at} µs the moving and still canvases differ in ${changed} pixels (see motion-${name}-*.png)`);
  await page.click('#play'); // and on
}

async function setSpeed(page, log10) {
  await page.evaluate((value) => {
    const speed = document.getElementById('speed');
    speed.value = String(value);
    speed.dispatchEvent(new Event('input', { bubbles: true }));
  }, log10);
}

test('what the compositor moves stands where the still frame of the same moment draws it', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?seed=1&at=440000&speed=0.01`);
  await page.mouse.move(1, 1);
  await page.click('#play');
  await page.waitForTimeout(400);
  await movingMatchesStill(page, 'played');

  await setSpeed(page, Math.log10(0.02));
  await page.waitForTimeout(300);
  await movingMatchesStill(page, 'speed');

  // A node dragged while playing: its messages now leave from and arrive at its new place.
  const node = await page.locator('#canvas .node[data-id="2"]').boundingBox();
  await page.mouse.move(node.x + node.width / 2, node.y + node.height / 2);
  await page.mouse.down();
  await page.mouse.move(node.x - 60, node.y + 90, { steps: 6 });
  await page.mouse.up();
  await page.mouse.move(1, 1);
  await page.waitForTimeout(300);
  await movingMatchesStill(page, 'dragged');

  // Back in time (which pauses), then on from there.
  await page.locator('#scrub').fill('445000');
  await page.click('#play');
  await page.waitForTimeout(300);
  await movingMatchesStill(page, 'sought');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page wakes when something happens, not every frame, and an export while playing shows what moves', async () => {
  const { page, errors, context } = await openPage(shared.browser, `${shared.server.url}?seed=1&at=440000&speed=0.01`);
  await page.click('#play');
  await page.waitForSelector('#canvas svg.overlay[data-pace]');
  const a = await wakes(page);
  await page.waitForTimeout(2000);
  const woken = (await wakes(page)) - a;
  // At 1/100 a heartbeat round is 5 s of wall time: a handful of sends and receipts, and the slider's steps.
  assert.ok(woken > 0 && woken < 30, `${woken} wakes in 2 s, not one per frame`);

  // The export copies where the compositor has each glyph this instant.
  await page.waitForFunction(() => document.querySelectorAll('#canvas .mover').length >= 1);
  await freeze(page);
  const onScreen = await page.evaluate(() =>
    [...document.querySelectorAll('#canvas .mover')].map((m) => getComputedStyle(m).transform),
  );
  const svg = (await download(page, '#export-svg')).text;
  const exported = [...svg.matchAll(/class="mover"[^>]*?transform="([^"]+)"|transform="([^"]+)"[^>]*?class="mover"/g)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(exported, onScreen, 'each message in the export stands where it is on screen');
  assert.deepEqual(errors, []);
  await context.close();
});
