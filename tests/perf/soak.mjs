// The soak: the app at its fastest speed, with a client request every second, for 30 minutes of wall time.
// Every minute it samples the JS heap (after a garbage collection), the DOM node count and the module's
// memory. All three must stay flat: a leak shows as a steady climb. Chromium's DOM node count takes in text
// nodes and any detached node not yet collected, so the number of elements in the document is sampled
// beside it: exactly what the page shows. Both move in a sawtooth as the log table fills its last page of
// 60 entries and starts the next (about 360 elements between an empty page and a full one).
//
//   node tests/perf/soak.mjs [--minutes 30]
import { serveDist, launchBrowser, numberOption } from '../e2e/harness.mjs';

const minutes = numberOption('--minutes', 30, 2, 600);

const server = await serveDist();
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const errors = [];
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
page.on('pageerror', (e) => errors.push(e.message));
const cdp = await context.newCDPSession(page);
await page.goto(`${server.url}?seed=1`);
await page.waitForSelector('#canvas .node');
await page.waitForFunction(() => window.wasmBindings?.memory_bytes);
// The fastest speed the slider offers.
await page.evaluate(() => {
  const speed = document.getElementById('speed');
  speed.value = speed.max;
  speed.dispatchEvent(new Event('input', { bubbles: true }));
  window.load = setInterval(() => document.getElementById('request').click(), 1000);
});

async function sample(minute) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes } = await cdp.send('Memory.getDOMCounters');
  const wasm = await page.evaluate(() => window.wasmBindings.memory_bytes());
  const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
  const clock = await page.textContent('#canvas .clock');
  const row = { minute, heapMiB: usedSize / 1048576, nodes, elements, wasmMiB: wasm / 1048576, clock };
  console.log(
    `minute ${String(minute).padStart(3)}: JS heap ${row.heapMiB.toFixed(2)} MiB, DOM nodes ${nodes}, ` +
      `elements in the document ${elements}, ` +
      `wasm memory ${row.wasmMiB.toFixed(1)} MiB, simulated clock ${clock}`,
  );
  return row;
}

const rows = [await sample(0)];
for (let m = 1; m <= minutes; m++) {
  await new Promise((r) => setTimeout(r, 60_000));
  rows.push(await sample(m));
}
await browser.close();
await server.close();

// Flat: nothing climbs. The second half of the run may not rise above the first half's highest by more than a
// quarter (plus a little slack for the DOM, whose count moves with the messages in flight at each sample, and
// for the module's memory, which grows in steps and never shrinks).
const half = Math.ceil(rows.length / 2);
let flat = true;
for (const [key, slack] of [['heapMiB', 0.5], ['nodes', 40], ['elements', 40], ['wasmMiB', 2]]) {
  const first = Math.max(...rows.slice(1, half).map((r) => r[key]));
  const second = Math.max(...rows.slice(half).map((r) => r[key]));
  const ok = second <= first * 1.25 + slack;
  flat &&= ok;
  console.log(`${key}: highest ${first.toFixed(2)} in the first half, ${second.toFixed(2)} in the second: ${ok ? 'flat' : 'CLIMBING'}`);
}
if (errors.length) console.log(`errors: ${errors.join('\n')}`);
process.exit(flat && !errors.length ? 0 : 1);
