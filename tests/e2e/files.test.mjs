// Files in and out: the canvas as a standalone SVG that parses, the trace as JSON lines, the session as a
// scenario file that opens again (by the file picker) and replays the same run, and a bad file named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot, download } from './harness.mjs';

const shared = sharedBrowser(before, after);

test('export the canvas as SVG, the trace as JSON lines, and the session as a scenario that opens again', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5`);
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  await page.click('#canvas .node[data-id="2"]');
  await page.keyboard.press('c');
  await page.click('#request');
  await page.waitForTimeout(600);
  await page.click('#play'); // pause
  await page.waitForSelector('.scrubber[data-state]');
  const state = await page.getAttribute('.scrubber', 'data-state');
  const at = Number(await page.inputValue('#scrub'));

  const svg = await download(page, '#export-svg');
  assert.match(svg.name, /\.svg$/);
  // Parsed in a blank page: the lab's own policy would (rightly) refuse the file's style element.
  const blank = await page.context().newPage();
  const parsed = await blank.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      nodes: doc.querySelectorAll('.node').length,
      style: doc.querySelector('style')?.textContent.includes('--blue') ?? false,
    };
  }, svg.text);
  await blank.close();
  assert.deepEqual(parsed, { error: null, root: 'svg', nodes: 5, style: true });

  const trace = await download(page, '#export-trace');
  const lines = trace.text.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.length > 20, `${lines.length} lines`);
  assert.ok(['send', 'deliver', 'timer', 'action'].every((e) => lines.some((l) => l.event === e)), 'every kind of event');
  assert.ok(lines.some((l) => l.event === 'action' && /crash/i.test(l.detail)), 'the crash is in the trace');
  assert.ok(lines.every((l) => l.at_us <= at), 'nothing after the moment shown');

  const exported = await download(page, '#export-scenario');
  const scenario = JSON.parse(exported.text);
  assert.equal(scenario.seed, 5);
  assert.deepEqual(scenario.events.map((e) => e.do), ['crash', 'request']);

  // Open it again with the file picker, in a fresh lab: the same run, to the same moment.
  const other = await openPage(shared.browser, `${shared.server.url}?seed=99`);
  await other.page.waitForSelector('#canvas .node');
  await other.page.setInputFiles('#import', { name: 'session.json', mimeType: 'application/json', buffer: Buffer.from(exported.text) });
  await other.page.waitForSelector('.lesson h2');
  assert.match(await other.page.textContent('.seed'), /\b5\b/);
  await other.page.waitForSelector('#canvas .node[data-id="2"][data-role="crashed"]', { timeout: 10_000 });
  await screenshot(other.page, 'imported');
  // An imported scenario travels in a shared link too: its setup, its title, and the session.
  await other.page.click('#play'); // pause
  await other.page.waitForSelector('.scrubber[data-state]');
  const shown = await other.page.getAttribute('.scrubber', 'data-state');
  await other.page.click('#share');
  const link = await other.page.inputValue('#share-link');
  assert.match(link, /[?&]setup=/);
  const third = await openPage(shared.browser, link);
  await third.page.waitForFunction((s) => document.querySelector('.scrubber')?.dataset.state === s, shown, { timeout: 10_000 });
  assert.equal(await third.page.textContent('.lesson h2'), await other.page.textContent('.lesson h2'));
  assert.deepEqual(third.errors, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  void state;
});

test('a bad scenario file is named with its error, and the cluster keeps running', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5`);
  await page.waitForSelector('#canvas .node');
  const bad = JSON.stringify({ version: 1, protocol: 'raft', nodes: 12, title: '<img src=x onerror=alert(1)>' });
  await page.setInputFiles('#import', { name: '<b>bad</b>.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await page.waitForSelector('.notice li');
  const text = await page.textContent('.notice');
  assert.match(text, /<b>bad<\/b>\.json could not be opened: .*nodes/);
  assert.doesNotMatch(text, /address/, 'the notice does not blame the address');
  assert.equal(await page.locator('.notice b, .notice img').count(), 0, 'nothing from the file is rendered as HTML');
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  assert.deepEqual(errors, []);
});

test('a scenario file dropped on the lab opens', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=5`);
  await page.waitForSelector('#canvas .node');
  const text = await (await page.request.get(`${shared.server.url}scenarios/split-vote.json`)).text();
  // A drop as the browser delivers it: a DataTransfer holding the file, dropped on the canvas.
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'split-vote.json', { type: 'application/json' }));
    return dt;
  }, text);
  await page.dispatchEvent('#canvas', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('#canvas', 'drop', { dataTransfer: transfer });
  await page.waitForSelector('.lesson h2');
  assert.match(await page.textContent('.lesson h2'), /split vote/i);
  assert.equal(await page.locator('#canvas .node').count(), 4);
  assert.deepEqual(errors, []);
});
