// Lighthouse's mobile audit (its default: a simulated slow 4G network and a CPU four times slower) of the lab's
// default page and, with --vs, of the page in DIR, in interleaved repeats, both served compressed as a host
// would. Prints each run, then medians of first contentful paint, largest contentful paint, time to
// interactive and total blocking time, and with --vs the lab's as ratios of the other's.
//
//   node tests/perf/lighthouse.mjs [--vs DIR] [--repeats 3] [--throttling simulate|devtools]
//
// `simulate` (Lighthouse's default) loads the page unthrottled and estimates the throttled timings from the
// requests each paint depended on; `devtools` throttles the load itself, as tests/perf/compare.mjs does.
//
// Lighthouse is not one of the project's packages (it brings two hundred): npx fetches the pinned version into
// npm's cache on first use. 12.2.3 is the last that installs and runs on Node.js 20 here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serveDirectory, DIST, option, numberOption, vsOption } from '../e2e/harness.mjs';

const LIGHTHOUSE = 'lighthouse@12.2.3';
const repeats = numberOption('--repeats', 3, 1, 50);
const vs = vsOption();
const throttling = option('--throttling', 'simulate');
if (!['simulate', 'devtools'].includes(throttling)) {
  console.error('error: --throttling must be simulate or devtools');
  process.exit(2);
}

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'lighthouse-'));
const targets = [{ name: 'Consensus Lab', server: await serveDirectory(DIST, { gzip: true }), runs: [] }];
if (vs) targets.push({ name: 'RaftScope', server: await serveDirectory(vs, { subPath: '/', gzip: true }), runs: [] });

/** One audit of `url`: its four timings in seconds. Asynchronous, so this process keeps serving the page. */
async function audit(url, file) {
  await run('npx', ['--yes', LIGHTHOUSE, url, '--only-categories=performance', '--output=json', `--output-path=${file}`,
    `--throttling-method=${throttling}`, '--quiet', '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage'], {
    env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    maxBuffer: 1 << 26,
  });
  const { audits } = JSON.parse(readFileSync(file, 'utf8'));
  // An audit Lighthouse could not compute (time to interactive, on a page that never goes quiet) is null.
  const seconds = (id) => (Number.isFinite(audits[id].numericValue) ? audits[id].numericValue / 1000 : null);
  return {
    fcp: seconds('first-contentful-paint'),
    lcp: seconds('largest-contentful-paint'),
    tti: seconds('interactive'),
    tbt: seconds('total-blocking-time'),
  };
}

const secs = (v) => (v === null ? 'n/a' : `${v.toFixed(2)} s`);
const show = (r) => `FCP ${secs(r.fcp)}, LCP ${secs(r.lcp)}, TTI ${secs(r.tti)}, TBT ${secs(r.tbt)}`;
for (let round = 1; round <= repeats; round++) {
  for (const t of targets) {
    const r = await audit(`${t.server.url}index.html`, join(out, `${t.runs.length}-${t.name.replace(/\W/g, '')}.json`));
    t.runs.push(r);
    console.log(`round ${round}, ${t.name}: ${show(r)}`);
  }
}
const median = (values) => {
  const known = values.filter((v) => v !== null).sort((a, b) => a - b);
  return known.length ? known[known.length >> 1] : null;
};
const medians = targets.map((t) => Object.fromEntries(['fcp', 'lcp', 'tti', 'tbt'].map((k) => [k, median(t.runs.map((r) => r[k]))])));
console.log(`\nmedians of ${repeats} interleaved repeats (Lighthouse mobile, ${throttling} throttling):`);
targets.forEach((t, i) => console.log(`  ${t.name.padEnd(14)} ${show(medians[i])}`));
if (vs) {
  const [lab, other] = medians;
  const ratio = (k) => (lab[k] === null || other[k] === null ? 'n/a' : (lab[k] / other[k]).toFixed(2));
  console.log(`ratios, Consensus Lab / RaftScope: FCP ${ratio('fcp')}, LCP ${ratio('lcp')}, TTI ${ratio('tti')}`);
}
for (const t of targets) await t.server.close();
