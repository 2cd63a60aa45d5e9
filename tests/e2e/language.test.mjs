// Languages: ?lang= first, then the browser's preferred languages, then English; the menu switches; a lesson
// opens in the reader's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);
const CJK = /[\u4e00-\u9fff]/;

test('the language menu switches English to Simplified Chinese and back, keeping the rest of the address', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=8&nodes=3`, { locale: 'en-US' });
  await page.waitForSelector('#canvas .node');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.innerText('#play'), /Pause|Play/);
  await page.selectOption('#language', 'zh-CN');
  await page.waitForURL(/lang=zh-CN/);
  assert.match(page.url(), /seed=8/);
  await page.waitForSelector('#canvas .node[data-id="3"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.innerText('#play'), CJK);
  assert.match(await page.textContent('.inspector'), CJK);
  // The event feed speaks Chinese too.
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  await page.waitForFunction((cjk) => new RegExp(cjk).test(document.querySelector('.feed li')?.textContent ?? ''), CJK.source);
  await screenshot(page, 'chinese');
  await page.selectOption('#language', 'en');
  await page.waitForURL(/lang=en/);
  await page.waitForSelector('#canvas .node');
  assert.doesNotMatch(await page.innerText('#play'), CJK);
  assert.deepEqual(errors, []);
});

test('without ?lang= the browser language decides; a lesson opens translated; a bad lang is named', async () => {
  const zh = await openPage(shared.browser, `${shared.server.url}?scenario=raft-1-election-heartbeats`, { locale: 'zh-CN' });
  await zh.page.waitForSelector('.lesson h2');
  assert.match(await zh.page.textContent('.lesson h2'), CJK);
  assert.match(await zh.page.textContent('.lesson .caption'), CJK);
  await zh.page.waitForSelector('.quiz-choice', { timeout: 20_000 }); // the question is asked
  await screenshot(zh.page, 'chinese-lesson');
  const bad = await openPage(shared.browser, `${shared.server.url}?lang=<b>fr</b>`, { locale: 'en-GB' });
  await bad.page.waitForSelector('.notice li');
  assert.match(await bad.page.textContent('.notice'), /lang "<b>fr<\/b>" is not en or zh-CN/);
  assert.doesNotMatch(await bad.page.innerText('#play'), CJK);
  assert.deepEqual([...zh.errors, ...bad.errors], []);
});
