// Client requests are replicated and committed: the log table fills in on every node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

test('a client request is replicated to every node and committed', async () => {
  const { page, errors } = await openPage(shared.browser, shared.server.url);
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 20_000 });
  await page.click('#request');
  // The client's request travels to the cluster as its own glyph.
  await page.waitForSelector('#canvas .msg[data-family=client]', { timeout: 2_000 });
  // Soon every node's log holds the entry, and every node knows it is committed.
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('.log-table tbody tr')];
      return rows.length === 5 && rows.every((r) => r.querySelectorAll('.entry.committed').length >= 1);
    },
    null,
    { timeout: 15_000 },
  );
  const title = await page.locator('.log-table tbody tr').first().locator('.entry').first().getAttribute('title');
  assert.match(title, /^S1 index 1: term \d+, x=1, committed$/);
  // The leader carries entries in AppendEntries envelopes; a second request shows one in flight.
  await page.click('#request');
  await page.waitForSelector('#canvas .msg[data-family=append]', { timeout: 5_000 });
  await screenshot(page, 'replication');
  assert.deepEqual(errors, []);
});
