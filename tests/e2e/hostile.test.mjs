// Nothing from a scenario file is ever inserted as HTML: script-like strings in its title, description,
// captions, questions, values and names are shown as the text they are, wherever they appear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const EVIL = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><iframe src="javascript:1"></iframe>';

const scenario = {
  version: 1,
  title: `Title ${EVIL}`,
  description: `Description ${EVIL}`,
  protocol: 'raft',
  nodes: 3,
  seed: 4,
  events: [
    { at_ms: 0, do: 'caption', text: `Caption ${EVIL}`, pause: true,
      quiz: { choices: ['Choice <img src=x onerror="window.pwned=3">', 'plain'], answer: 0, explain: `Explain ${EVIL}` } },
    { at_ms: 400, do: 'expect', check: 'one-leader', as: 'L' },
    { at_ms: 500, do: 'request', value: `v=${EVIL}`, node: 'L' },
    { at_ms: 500, do: 'caption', text: `Later ${EVIL}` },
  ],
  run_ms: 2000,
};

test('script-like strings from a scenario file are shown as text, never run or parsed as HTML', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=1&speed=0.5`);
  await page.waitForSelector('#canvas .node');
  await page.setInputFiles('#import', {
    name: `${EVIL}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await page.waitForSelector('.quiz-choice');
  assert.match(await page.textContent('.lesson h2'), /^Title <img src=x onerror=/);
  assert.match(await page.textContent('.lesson .caption'), /^Caption <img/);
  await page.click('.quiz-choice[data-choice="0"]');
  await page.waitForSelector('.quiz-answer');
  // The value travels through the log table, the feed and the inspector.
  await page.waitForSelector('.log-table .entry[data-index="1"]', { timeout: 20_000 });
  await page.waitForFunction(() => /Later </.test(document.querySelector('.lesson .caption')?.textContent), null, { timeout: 20_000 });
  await page.click('#canvas .node[data-id="1"]');
  await page.waitForSelector('.inspector .kv, .inspector .hint');
  const found = await page.evaluate(() => ({
    elements: document.querySelectorAll('.lab img, .lab script, .lab iframe, #error-panel').length,
    pwned: window.pwned ?? null,
    text: document.querySelector('.lab').textContent,
  }));
  assert.equal(found.elements, 0, 'no element was made from the file');
  assert.equal(found.pwned, null, 'no script from the file ran');
  assert.ok(found.text.includes('Explain <img src=x onerror="window.pwned=1">'), 'the explanation shows the text as written');
  assert.ok(found.text.includes('v=<img src=x'), 'the value shows as text');
  await screenshot(page, 'hostile-strings');
  // A file that is not a scenario names itself, as text.
  await page.setInputFiles('#import', { name: `${EVIL}.json`, mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "protocol": "<script>"}') });
  await page.waitForSelector('.notice li');
  assert.equal(await page.locator('.notice img, .notice script, .notice iframe').count(), 0);
  assert.deepEqual(errors, []);
});
