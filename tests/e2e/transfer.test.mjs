// Raft's leadership transfer (dissertation §3.10) as a person does it: select a follower, Make leader (or the
// l key), watch TimeoutNow fly and the follower take over in the next term.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot, waitForLeader } from './harness.mjs';

const shared = sharedBrowser(before, after);

const feed = (page) => page.evaluate(() => document.querySelector('.feed')?.textContent ?? '');
const term = (page, id) => page.evaluate((id) => Number(document.querySelector(`#canvas .node[data-id="${id}"]`).dataset.term), id);

test('Make leader hands leadership to the selected follower, by mouse and by key', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=4`);
  const old = await waitForLeader(page);
  const target = (old % 5) + 1;
  const before = await term(page, old);
  // The leader itself offers no transfer to itself.
  await page.keyboard.press(String(old));
  assert.equal(await page.locator('.node-action[data-action=l]:visible').isDisabled(), true);
  await page.keyboard.press(String(target));
  const button = page.locator('.node-action[data-action=l]:visible');
  assert.equal(await button.isDisabled(), false);
  assert.equal(await button.getAttribute('aria-keyshortcuts'), 'l');
  await button.click();
  assert.match(await feed(page), new RegExp(`You asked the leader to hand leadership to S${target}`));
  // The leader says where leadership is going, TimeoutNow flies as a lightning bolt, and the target wins the next term.
  await page.waitForSelector(`#canvas .node[data-id="${old}"] text.term:has-text("→ S${target}")`, { timeout: 5_000 });
  await page.waitForSelector('#canvas .msg[data-family=timeoutnow]', { timeout: 5_000 });
  await screenshot(page, 'transfer-timeout-now');
  await page.waitForSelector(`#canvas .node[data-id="${target}"][data-role=leader]`, { timeout: 10_000 });
  assert.equal(await term(page, target), before + 1, 'the next term, not a later one');
  const told = await feed(page);
  assert.match(told, new RegExp(`S${target} holds S${old}'s whole log: S${old} sent it TimeoutNow`));
  assert.match(told, new RegExp(`S${target} got TimeoutNow from S${old} and stands for election at once`));
  // And back, from the keyboard.
  await page.keyboard.press(String(old));
  await page.waitForFunction((id) => document.querySelector(`#canvas .node[data-id="${id}"]`).dataset.role === 'follower', old);
  await page.keyboard.press('l');
  await page.waitForSelector(`#canvas .node[data-id="${old}"][data-role=leader]`, { timeout: 10_000 });
  assert.equal(await term(page, old), before + 2);
  assert.equal(await page.locator('.violation').count(), 0);
  assert.deepEqual(errors, []);
});

test('a transfer to a node cut off is given up after an election timeout, and the leader stays', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?seed=4`);
  const old = await waitForLeader(page);
  const target = (old % 5) + 1;
  const before = await term(page, old);
  await page.keyboard.press(String(target));
  await page.keyboard.press('d');
  await page.keyboard.press('l');
  await page.waitForSelector(`#canvas .node[data-id="${old}"] text.term:has-text("→ S${target}")`, { timeout: 5_000 });
  const label = await page.getAttribute(`#canvas .node[data-id="${old}"]`, 'aria-label');
  assert.match(label, new RegExp(`→ S${target}`));
  await page.waitForFunction(
    (t) => document.querySelector('.feed')?.textContent.includes(`gave up handing leadership to S${t} and takes commands again`),
    target,
    { timeout: 15_000 },
  );
  assert.equal(await page.locator(`#canvas .node[data-id="${old}"][data-role=leader]`).count(), 1);
  assert.equal(await term(page, old), before);
  assert.equal(await page.locator(`#canvas .node[data-id="${old}"] text.term:has-text("→")`).count(), 0);
  // The legend names the new glyph and the key.
  await page.keyboard.press('?');
  const legend = await page.locator('.legend').textContent();
  assert.match(legend, /TimeoutNow: a leader hands leadership to a caught-up follower/);
  assert.match(legend, /make the selected node leader/);
  await page.keyboard.press('Escape');
  assert.deepEqual(errors, []);
});

test('Multi-Paxos offers no leadership transfer', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?protocol=multi-paxos&seed=3`);
  await waitForLeader(page);
  await page.keyboard.press('2');
  await page.waitForSelector('.node-action[data-action=t]:visible');
  assert.equal(await page.locator('.node-action[data-action=l]').count(), 0);
  assert.deepEqual(errors, []);
});
