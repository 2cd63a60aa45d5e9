// The built site under a strict Content-Security-Policy, sent as an HTTP header (as a host would) on top of the
// page's own meta tag: a session that opens every panel must not trigger a single policy violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launchBrowser, openPage, screenshot, DIST } from './harness.mjs';

let server;
let browser;
let policy;

before(async () => {
  // The same policy the page declares: the README tells hosts to send exactly this.
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  // The release build minifies index.html, which may reorder attributes and drop quotes.
  const meta = html.match(/<meta[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/)[0];
  policy = meta.match(/content="([^"]+)"/)[1];
  server = await serveDist({ 'content-security-policy': `${policy}; frame-ancestors 'self'` });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the policy is strict: no inline script, no eval, styles only from the site', () => {
  for (const part of ["script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "object-src 'none'", "base-uri 'none'"]) {
    assert.ok(policy.includes(part), `the policy has ${part}`);
  }
  assert.ok(!/unsafe-inline|'unsafe-eval'/.test(policy), 'nothing unsafe');
});

test('a session through every panel raises no policy violation', async () => {
  const init = () => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`),
    );
  };
  const { page, errors } = await openPage(browser, `${server.url}?seed=7`, { viewport: { width: 1200, height: 900 }, init });
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  // The inspector and node actions, the log table and an explanation.
  const leader = await page.getAttribute('#canvas .node[data-role="leader"]', 'data-id');
  await page.click(`#canvas .node[data-id="${leader}"]`);
  await page.keyboard.press('q');
  const cell = `.log-table .entry[data-node="${leader}"][data-index="1"]`;
  await page.waitForSelector(cell, { timeout: 10_000 });
  await page.click(cell);
  await page.waitForSelector('.explanation', { timeout: 3_000 });
  // The space-time diagram, which slides by a style set from script.
  await page.click('#diagram-toggle');
  await page.waitForSelector('.diagram .slide');
  await page.waitForTimeout(500);
  // The legend, the bugs panel, the network sliders, the share link.
  await page.click('#help');
  await page.waitForSelector('#legend-title');
  await page.keyboard.press('Escape');
  await page.click('.bugs summary');
  await page.locator('#drop').fill('5');
  await page.locator('#drop').dispatchEvent('change');
  await page.click('#share');
  await page.waitForSelector('#share-link');
  await page.keyboard.press('Escape'); // the box opens over the page; Escape closes it
  await page.waitForSelector('#share-link', { state: 'detached' });
  // Paused: a message's fields, the scrubber, a step back.
  await page.click('#play');
  await page.evaluate(() => document.activeElement.blur());
  for (let i = 0; i < 20 && !(await page.locator('#canvas .msg').count()); i++) await page.keyboard.press('ArrowRight');
  await page.locator('#canvas .msg').first().hover();
  await page.waitForSelector('.message-info');
  await page.click('#step-back');
  // A lesson fetched from the site, and the other protocol.
  await page.goto(`${server.url}?scenario=multi-paxos-leader-takeover`);
  await page.waitForSelector('#canvas .node[data-id="3"]');
  await page.waitForTimeout(1000);
  await screenshot(page, 'csp');
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(errors, []);
});
