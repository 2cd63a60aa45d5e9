// Atomic commitment (#23): a transaction begun from the page commits, drawn on each participant; a crashed
// coordinator leaves the participants blocked, counted by the panel; a forced no aborts; the comparison table
// shows the three protocols; and Paxos Commit finishes the transaction the same crash blocks in 2PC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, openPage, screenshot } from './harness.mjs';

const shared = sharedBrowser(before, after);

const txnState = (page, id) =>
  page.evaluate((id) => document.querySelector(`#canvas .node[data-id="${id}"] .txn`)?.dataset.state ?? null, id);

async function waitForState(page, id, state, timeout = 15_000) {
  await page.waitForFunction(
    ([id, state]) => document.querySelector(`#canvas .node[data-id="${id}"] .txn`)?.dataset.state === state,
    [id, state],
    { timeout },
  );
}

test('two-phase commit: a transfer commits, a forced no aborts, and a crashed coordinator blocks the participants', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?protocol=2pc&nodes=4&seed=1&speed=0.25`);
  assert.equal(await page.locator('#canvas .node').count(), 4);
  assert.equal(await page.getAttribute('#canvas .node[data-id="1"]', 'data-role'), 'leader', 'the coordinator is marked');
  await page.click('#begin');
  await waitForState(page, 2, 'committed');
  await waitForState(page, 3, 'committed');
  assert.match(await page.textContent('#canvas .node[data-id="2"] .term'), /a = 90/);
  assert.match(await page.textContent('#canvas .node[data-id="3"] .term'), /b = 110/);

  // A transaction that names an account nobody holds is refused with the reason, and nothing is sent.
  await page.fill('#txn-writes', 'a-1 z+1');
  await page.click('#begin');
  assert.match(await page.textContent('#txn-problem'), /from a to c/);

  // P3 is told to vote no: the next transaction touching c aborts everywhere.
  await page.click('#canvas .node[data-id="4"]');
  await page.click('#vote-no');
  await page.fill('#txn-writes', 'b-5 c+5');
  await page.click('#begin');
  await waitForState(page, 4, 'aborted');
  await waitForState(page, 3, 'aborted');

  // The coordinator crashes as soon as its Prepares are out: both participants vote yes and are blocked.
  await page.click('#canvas .node[data-id="1"]');
  await page.fill('#txn-writes', 'a-10 b+10');
  await page.click('#begin');
  await page.waitForFunction(() => [...document.querySelectorAll('#canvas .msg[data-type="Prepare"]')].length >= 2, null, {
    timeout: 10_000,
  });
  await page.keyboard.press('c');
  await waitForState(page, 2, 'prepared');
  await waitForState(page, 3, 'prepared');
  await page.waitForFunction(() => document.querySelector('#blocked-count')?.dataset.count === '2', null, { timeout: 10_000 });
  await page.waitForTimeout(1500);
  assert.equal(await txnState(page, 2), 'prepared', 'still in doubt: it may not decide alone');
  const blocked = await page.textContent('.transactions .blocked');
  assert.match(blocked, /S2 in doubt about T\d+ for \d+\.\d s, holding the lock on a/);
  assert.match(await page.getAttribute('#canvas .node[data-id="2"]', 'aria-label'), /in doubt for \d+\.\d s, holding the lock on a/);
  await screenshot(page, 'commit-2pc-blocked');

  // The coordinator returns. Either a participant's question reaches it first, and with no record of the
  // transaction it aborts (presumed abort), or the client's retry does, and it runs the transaction again.
  await page.keyboard.press('r');
  await page.waitForFunction(() => document.querySelector('#blocked-count')?.dataset.count === '0', null, { timeout: 20_000 });
  const settled = [await txnState(page, 2), await txnState(page, 3)];
  assert.ok(['committed', 'aborted'].includes(settled[0]), `S2 ${settled[0]}`);
  assert.equal(settled[0], settled[1], 'both participants decided alike');

  await page.click('#compare');
  const rows = page.locator('#comparison tbody tr');
  assert.equal(await rows.count(), 6);
  // Accounts a to c: three participants, so 12 messages in three message delays.
  const twoPc = await page.locator('#comparison tr[data-protocol="2pc"][data-crash="false"] td').allTextContents();
  assert.deepEqual(twoPc.slice(1, 3), ['12', '3']);
  await screenshot(page, 'commit-comparison');
  assert.deepEqual(errors, []);
});

test('with cooperative termination switched on, participants in doubt learn the outcome from one that never voted', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?protocol=2pc&nodes=4&seed=3&speed=0.25`);
  await page.check('#cooperative');
  await page.waitForFunction(() => document.querySelector('#cooperative')?.checked);
  // S4 (P3) never hears the Prepare: the reader drops it in flight (a click on a moving message, sent as the
  // canvas receives it), and the coordinator crashes before it sends it again.
  await page.click('#canvas .node[data-id="1"]');
  await page.fill('#txn-writes', 'a-1 b+1 c+0');
  await page.click('#begin');
  await page.waitForFunction(() => [...document.querySelectorAll('#canvas .msg[data-type="Prepare"]')].length >= 3, null, {
    timeout: 10_000,
  });
  await page.$eval('#canvas .msg[data-type="Prepare"][data-to="4"]', (m) => m.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.keyboard.press('c');
  await waitForState(page, 2, 'prepared');
  await waitForState(page, 4, 'aborted', 20_000);
  await waitForState(page, 2, 'aborted', 20_000);
  await waitForState(page, 3, 'aborted', 20_000);
  assert.equal(await page.getAttribute('#canvas .node[data-id="1"]', 'data-role'), 'crashed', 'without the coordinator');
  assert.deepEqual(errors, []);
});

test('Paxos Commit: another acceptor finishes the transaction the crash would block in 2PC', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=paxos-commit-survives-coordinator-crash`);
  await page.waitForSelector('.quiz-choice', { timeout: 20_000 });
  await page.click('.quiz-choice[data-choice="1"]');
  await waitForState(page, 4, 'committed', 30_000);
  await waitForState(page, 5, 'committed', 30_000);
  assert.equal(await page.getAttribute('#canvas .node[data-id="1"]', 'data-role'), 'crashed');
  assert.equal(await page.getAttribute('#canvas .node[data-id="2"]', 'data-role'), 'leader', 'S2 took over');
  await screenshot(page, 'commit-paxos-commit-took-over');
  assert.deepEqual(errors, []);
});

test('three-phase commit under a partition: one side commits, the other aborts, and the checker says so', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?scenario=3pc-partition-splits`);
  await page.waitForSelector('.quiz-choice', { timeout: 20_000 });
  await page.click('.quiz-choice[data-choice="2"]');
  await page.waitForSelector('.violation', { timeout: 30_000 });
  assert.match(await page.textContent('.violation'), /atomicity/i);
  assert.equal(await txnState(page, 2), 'committed');
  assert.equal(await txnState(page, 3), 'aborted');
  await screenshot(page, 'commit-3pc-split');
  assert.deepEqual(errors, []);
});

test('Paxos Commit\'s F is a setting: 2F+1 acceptors stand in the coordinator\'s row, and a reload keeps it', async () => {
  const { page, errors } = await openPage(shared.browser, `${shared.server.url}?protocol=paxos-commit&nodes=5&seed=2`);
  const row = (page, y) =>
    page.evaluate((y) => [...document.querySelectorAll('#canvas .node')]
      .filter((n) => Math.abs(n.transform.baseVal.consolidate().matrix.f - y) < 1).length, y);
  assert.equal(await row(page, 150), 3, 'F = 1: three acceptors above');
  await page.selectOption('#fault-tolerance', '2');
  await page.waitForFunction(() => document.querySelectorAll('#canvas .node').length === 7);
  assert.equal(await row(page, 150), 5, 'F = 2: five acceptors above');
  assert.equal(await row(page, 440), 2, 'and two participants below');
  await page.reload();
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-ready'));
  assert.equal(await page.inputValue('#fault-tolerance'), '2', 'the address keeps F');
  await page.selectOption('#fault-tolerance', '0');
  await page.waitForFunction(() => document.querySelector('#fault-tolerance')?.value === '0');
  assert.equal(await row(page, 150), 1, 'F = 0: the coordinator is the only acceptor, as in 2PC');
  assert.deepEqual(errors, []);
});
