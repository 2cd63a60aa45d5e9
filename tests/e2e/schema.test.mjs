// The JSON Schemas shipped with the site (scenarios/schema.json, scenarios/history.schema.json), read by an
// independent validator (Ajv), as an editor reads them: every shipped scenario passes, a file with a mistake
// the schema can see does not, and the history format's own example passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './harness.mjs';

const SCENARIOS = join(ROOT, 'tests', 'scenarios');
const load = (path) => JSON.parse(readFileSync(path, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const scenario = ajv.compile(load(join(SCENARIOS, 'schema.json')));
const history = ajv.compile(load(join(SCENARIOS, 'history.schema.json')));

test('every shipped scenario, in both languages, is valid by the schema it names', () => {
  const files = [
    ...readdirSync(SCENARIOS).map((f) => join(SCENARIOS, f)),
    ...readdirSync(join(SCENARIOS, 'zh-CN')).map((f) => join(SCENARIOS, 'zh-CN', f)),
  ].filter((f) => f.endsWith('.json') && !f.endsWith('schema.json'));
  assert.ok(files.length >= 30, `${files.length} scenarios`);
  for (const file of files) {
    const valid = scenario(load(file));
    assert.ok(valid, `${file}: ${ajv.errorsText(scenario.errors)}`);
  }
});

test('the schema refuses what it can see is wrong', () => {
  const base = { version: 1, protocol: 'raft', nodes: 5 };
  const wrong = {
    'a misspelt field': { ...base, sead: 3 },
    'too many nodes': { ...base, nodes: 10 },
    'an unknown protocol': { ...base, protocol: 'zab' },
    'a probability above 1': { ...base, network: { drop: 1.5 } },
    'a crash with no node': { ...base, events: [{ at_ms: 1, do: 'crash' }] },
    'a field the verb does not take': { ...base, events: [{ at_ms: 1, do: 'heal', node: 2 }] },
    'an unknown verb': { ...base, events: [{ at_ms: 1, do: 'explode' }] },
    'an unknown check': { ...base, events: [{ at_ms: 1, do: 'expect', check: 'two-leaders' }] },
    'a committed check with no at_least': { ...base, events: [{ at_ms: 1, do: 'expect', check: 'committed', value: 'x' }] },
    'a range backwards in type': { ...base, timing: { latency_ms: [10, 'twenty'] } },
    'an unknown bug': { ...base, bugs: ['forget-to-vote'] },
    'null for a field': { ...base, seed: null },
  };
  for (const [what, document] of Object.entries(wrong)) {
    assert.equal(scenario(document), false, `${what} passed the schema`);
  }
});

test('the history format, as SCENARIO.md writes it, is valid by its schema, and a bad outcome is not', () => {
  const example = {
    version: 1,
    operations: [
      { client: 1, op: 'put', key: 'x', value: '1', call_us: 1000, return_us: 7000, outcome: 'ok' },
      { client: 2, op: 'get', key: 'x', call_us: 2000, return_us: 9000, outcome: 'ok', result: '1' },
      { client: 3, op: 'cas', key: 'x', from: '1', to: '2', call_us: 3000, return_us: 8000, outcome: 'ok', result: false },
      { client: 1, op: 'append', key: 'y', value: 'ab', call_us: 8000, return_us: 12000, outcome: 'ok' },
      { client: 4, op: 'put', key: 'x', value: '5', call_us: 9500, return_us: null, outcome: 'info' },
    ],
  };
  assert.ok(history(example), ajv.errorsText(history.errors));
  const bad = structuredClone(example);
  bad.operations[0].outcome = 'maybe';
  assert.equal(history(bad), false);
});
