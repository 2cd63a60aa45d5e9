// 3,000 random actions a person could take (see monkey.mjs): no panic, no console error, no page error.
// MONKEY_SEED picks another sequence; a failure prints the seed and every action taken.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './harness.mjs';
import { runMonkey } from './monkey.mjs';

const shared = sharedBrowser(before, after);

test('3,000 random actions leave the lab alive and error-free', { timeout: 600_000 }, async () => {
  const seed = Number(process.env.MONKEY_SEED ?? 1);
  const result = await runMonkey(shared.browser, shared.server.url, { count: 3000, seed });
  assert.ok(result.ok, `seed ${seed}: ${result.failure}\nactions:\n${result.log.join('\n')}`);
});
