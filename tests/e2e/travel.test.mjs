// Time travel, the space-time diagram, safety made visible, and explanations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot, playUntilViolation } from './harness.mjs';

const shared = sharedBrowser(before, after);

/** The state the page shows: "events processed:trace hash". */
const shownState = (page) => page.getAttribute('.scrubber', 'data-state');
/** Waits until the page shows state `s` (the page redraws just after an input). */
const stateBecomes = (page, s) =>
  page.waitForFunction((s) => document.querySelector('.scrubber').dataset.state === s, s, { timeout: 3_000 });
const scrubValue = async (page) => Number(await page.inputValue('#scrub'));
const playing = async (page) => (await page.innerText('#play')).includes('Pause');

async function pause(page) {
  if (await playing(page)) await page.click('#play');
}

async function play(page) {
  if (!(await playing(page))) await page.click('#play');
}

async function leader(page) {
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  return Number(await page.getAttribute('#canvas .node[data-role="leader"]', 'data-id'));
}

test('scrub back and forward: each moment shows exactly the state the session had then', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=3`);
  await page.locator('#speed').fill('-0.7');
  await leader(page);
  await page.click('#request');
  await page.waitForTimeout(800);
  await pause(page);
  const [t1, s1] = [await scrubValue(page), await shownState(page)];
  await play(page);
  await page.waitForTimeout(1000);
  await page.click('#request');
  await page.waitForTimeout(800);
  await pause(page);
  const [t2, s2] = [await scrubValue(page), await shownState(page)];
  assert.notEqual(s1, s2);
  await page.locator('#scrub').fill(String(t1));
  await stateBecomes(page, s1); // back: the same events, the same trace
  assert.match(await page.textContent('.scrubber .past'), /Viewing the past/);
  await screenshot(page, 'scrub-back');
  await page.locator('#scrub').fill(String(t2));
  await stateBecomes(page, s2); // forward again: the same as before
  // Step back one event and forward again with the keys (away from the slider, whose arrows move it).
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((s) => document.querySelector('.scrubber').dataset.state !== s, s2, { timeout: 3_000 });
  await page.keyboard.press('ArrowRight');
  await stateBecomes(page, s2);
  assert.deepEqual(errors, []);
});

test('acting in the past forks the session; undo takes the action back', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5`);
  await page.locator('#speed').fill('-0.7');
  const l = await leader(page);
  await pause(page);
  await page.click('#request');
  const requestedAt = await scrubValue(page);
  await play(page);
  await page.waitForTimeout(1000);
  await pause(page);
  await page.locator('#scrub').fill(String(requestedAt - 1));
  await page.waitForSelector('.scrubber .past', { timeout: 3_000 });
  assert.match(await page.textContent('.scrubber .past'), /forks the session, dropping the later action/);
  const other = (l % 5) + 1;
  await page.click(`#canvas .node[data-id="${other}"]`);
  await page.keyboard.press('c');
  await page.waitForSelector('.scrubber .forked', { timeout: 3_000 });
  assert.match(await page.textContent('.scrubber .forked'), /Forked: the later action was dropped/);
  await page.waitForSelector(`#canvas .node[data-id="${other}"][data-role="crashed"]`, { timeout: 3_000 });
  await screenshot(page, 'fork');
  await page.keyboard.press('Control+z');
  await page.waitForSelector(`#canvas .node[data-id="${other}"]:not([data-role="crashed"])`, { timeout: 3_000 });
  assert.deepEqual(errors, []);
});

test('hovering a message in the space-time diagram highlights it on the canvas', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=2`);
  await leader(page);
  await page.click('#diagram-toggle');
  await page.waitForSelector('.diagram .arrow.in-flight', { timeout: 5_000 });
  await pause(page);
  const id = await page.evaluate(() => {
    const onCanvas = new Set([...document.querySelectorAll('#canvas .msg')].map((m) => m.dataset.id));
    return [...document.querySelectorAll('.diagram .arrow.in-flight')].map((a) => a.dataset.arrow).find((a) => onCanvas.has(a));
  });
  assert.ok(id, 'a message in flight is in both views');
  await page.locator(`.diagram .arrow[data-arrow="${id}"] line:not(.hit)`).dispatchEvent('pointerover');
  await page.waitForSelector(`#canvas .msg[data-linked][data-id="${id}"]`, { timeout: 2_000 });
  assert.equal(await page.locator('.diagram .arrow.linked').count(), 1);
  await screenshot(page, 'diagram-link');
  assert.deepEqual(errors, []);
});

test('Figure 8 with commit-previous-term: the banner names the violation, marks the nodes, and jumps there', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=figure8-correct`);
  await page.waitForSelector('.lesson h2', { timeout: 5_000 });
  await page.click('.bugs summary');
  await page.check('input[data-bug="commit-previous-term"]');
  await page.click('#diagram-toggle');
  await page.locator('#speed').fill('0');
  // The checks stop the run.
  await playUntilViolation(page);
  const banner = await page.textContent('.violation');
  assert.match(banner, /Safety violated: leader-completeness/);
  assert.match(banner, /S5 became leader of term 5 without entry 2/);
  assert.ok(!(await playing(page)), 'the run is paused');
  assert.ok((await page.locator('#canvas .node .implicated-ring').count()) >= 2, 'S5 and S1 are marked');
  assert.ok((await page.locator('.log-table tr.implicated').count()) >= 2, 'their logs too');
  assert.ok((await page.locator('.diagram .lane.implicated').count()) >= 2, 'and their lanes');
  await screenshot(page, 'violation');
  await page.click('#violation-moment');
  await page.waitForFunction(() => document.querySelector('.scrubber output').textContent.startsWith('1.425 s'), null, {
    timeout: 3_000,
  });
  assert.deepEqual(errors, []);
});

test('a feed line goes to its moment, and marks the nodes it speaks of while hovered', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=3`);
  await leader(page);
  const line = page.locator('.feed li', { hasText: 'started an election for term 1' }).last();
  await line.hover();
  await page.waitForSelector('#canvas .node .mentioned-ring', { timeout: 2_000 });
  const at = Number.parseFloat(await line.locator('time').textContent());
  await line.locator('button.at').click();
  await page.waitForFunction(
    (at) => Math.abs(Number.parseFloat(document.querySelector('.scrubber output').textContent) * 1000 - at) < 0.5,
    at,
    { timeout: 3_000 },
  );
  assert.ok(!(await playing(page)), 'going back pauses');
  assert.deepEqual(errors, []);
});

test('clicking an uncommitted entry explains why it is not committed', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=7`);
  const l = await leader(page);
  // Crash three followers: the leader can still log a command, but no majority can store it.
  for (const id of [1, 2, 3, 4, 5].filter((n) => n !== l).slice(0, 3)) {
    await page.click(`#canvas .node[data-id="${id}"]`);
    await page.keyboard.press('c');
  }
  await page.click(`#canvas .node[data-id="${l}"]`);
  await page.keyboard.press('q');
  const cell = `.log-table .entry[data-node="${l}"][data-index="1"]`;
  await page.waitForSelector(cell, { timeout: 10_000 });
  await page.click(cell);
  await page.waitForSelector('.explanation', { timeout: 3_000 });
  const text = await page.textContent('.explanation');
  assert.match(text, /^Entry 1 \(x=1, term \d+\) is not committed yet/);
  assert.match(text, /a majority is 3, so \d more must store it/);
  await screenshot(page, 'explanation');
  assert.deepEqual(errors, []);
});
