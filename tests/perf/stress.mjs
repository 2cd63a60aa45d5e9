// The stress scenario in the page: nine nodes, over 100,000 simulated events (tests/scenarios/
// nine-nodes-stress.json), played at the fastest speed. Prints how often the page woke in each wall second,
// from the start and again from a jump to 190 s (crashes, a partition and its healing come after it). At this
// speed something is due every few milliseconds, so the page wakes as often as the screen refreshes; each
// wake brings the simulation up to date and redraws what changed, and fewer than 30 a second means it cannot
// keep up.
//
//   node tests/perf/stress.mjs [--seconds 20]
import { serveDist, launchBrowser, numberOption } from '../e2e/harness.mjs';

const seconds = numberOption('--seconds', 20, 1, 600);

const server = await serveDist();
const browser = await launchBrowser();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const t0 = Date.now();
await page.goto(`${server.url}?scenario=nine-nodes-stress`);
await page.waitForSelector('#canvas .node[data-id="9"]');
await page.waitForSelector('.lesson h2');
console.log(`loaded and ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (fetch, parse, one run to resolve selectors)`);
await page.evaluate(() => {
  const speed = document.getElementById('speed');
  speed.value = speed.max;
  speed.dispatchEvent(new Event('input', { bubbles: true }));
});

async function perSecond(label) {
  const rates = [];
  let last = await page.evaluate(() => window.wasmBindings.wakes());
  for (let s = 0; s < seconds; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await page.evaluate(() => window.wasmBindings.wakes());
    rates.push(now - last);
    last = now;
  }
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const clock = await page.textContent('#canvas .clock');
  console.log(`${label}: lowest ${Math.min(...rates)} wakes/s, mean ${mean.toFixed(1)} over ${seconds} s (simulated clock now ${clock}); per second: ${rates.join(' ')}`);
  return Math.min(...rates);
}

const low1 = await perSecond('from the start, at 1x');
// Open again at 190 s of simulated time, as a shared link would (it opens paused there), and play on.
await page.goto(`${server.url}?scenario=nine-nodes-stress&at=190000000`);
await page.waitForFunction(() => Number(document.getElementById('scrub')?.value) >= 190000000, null, { timeout: 30_000 });
await page.evaluate(() => {
  const speed = document.getElementById('speed');
  speed.value = speed.max;
  speed.dispatchEvent(new Event('input', { bubbles: true }));
});
await page.click('#play');
const low2 = await perSecond('from 190 s, at 1x');
await browser.close();
await server.close();
if (errors.length) console.log(`errors: ${errors.join('\n')}`);
process.exit(Math.min(low1, low2) >= 30 && !errors.length ? 0 : 1);
