// Measures the page's main-thread CPU per wall second and how often it wakes in headless Chromium, with the
// Chrome DevTools Protocol's Performance.getMetrics (TaskDuration), over a window of wall time.
//
//   node tests/perf/cpu.mjs [--seconds 10] [--seed 1] [--url URL]
//
// Serves dist/ itself unless --url is given. Prints one line per situation.
import { serveDist, launchBrowser, option, numberOption } from '../e2e/harness.mjs';

const seconds = numberOption('--seconds', 10, 1, 600);

async function metric(cdp, name) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === name)?.value ?? 0;
}

/** How often the app's render loop has woken (it counts them; no extra loop is added to measure). Between
 * wakes the compositor moves messages, timer rings and the clock. */
const wakes = (page) => page.evaluate(() => window.wasmBindings.wakes());

async function measure(page, cdp, label) {
  const wakes0 = await wakes(page);
  const task0 = await metric(cdp, 'TaskDuration');
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const task1 = await metric(cdp, 'TaskDuration');
  const wall = (Date.now() - t0) / 1000;
  const woken = (await wakes(page)) - wakes0;
  const cpu = ((task1 - task0) * 1000) / wall;
  console.log(`${label}: ${cpu.toFixed(1)} ms of main-thread CPU per wall second, ${(woken / wall).toFixed(1)} wakes/s (over ${wall.toFixed(1)} s)`);
  return { cpu, wakes: woken / wall };
}

const server = option('--url', null) ? null : await serveDist();
// A fixed seed, so runs compare: the same elections, the same messages.
const url = `${option('--url', server?.url)}?seed=${option('--seed', '1')}`;
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
await page.goto(url);
await page.waitForSelector('#canvas .node');
await page.waitForFunction(() => window.wasmBindings?.wakes);
// Measure the steady state: a leader elected and heartbeating.
await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 30_000 });
const results = {};
results.animating = await measure(page, cdp, 'animating, default 5-node cluster');
await page.click('#play');
results.paused = await measure(page, cdp, 'paused');
await page.click('#play');
// A minimized window hides the page, as a background tab would.
const { windowId } = await cdp.send('Browser.getWindowForTarget');
await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
await page.waitForFunction(() => document.visibilityState === 'hidden', null, { timeout: 3000 }).catch(() => {});
let how = 'minimized window';
if ((await page.evaluate(() => document.visibilityState)) !== 'hidden') {
  // Headless Chromium keeps a minimized page "visible"; tell the page it is hidden the way a browser does.
  how = 'visibilitychange to hidden';
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}
results.hidden = await measure(page, cdp, `hidden (${how})`);
await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
await page.evaluate(() => {
  delete document.hidden;
  delete document.visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
});
await page.click('#diagram-toggle');
results.diagram = await measure(page, cdp, 'animating, 5 nodes, space-time diagram open');
await page.click('#diagram-toggle');
// The heavy case: nine nodes, 2% loss, a client request every 100 ms of wall time.
await page.selectOption('#size', '9');
await page.locator('#drop').fill('2');
await page.locator('#drop').dispatchEvent('change');
await page.waitForSelector('#canvas .node[data-id="9"]');
// The load clicks from inside the page, as a person's clicks arrive: driving each click from Playwright would
// add its own actionability checks to the very main thread being measured.
await page.evaluate(() => {
  window.clientLoad = setInterval(() => document.querySelector('#request').click(), 100);
});
results.nine = await measure(page, cdp, '9 nodes, 2% loss, client load');
await page.evaluate(() => clearInterval(window.clientLoad));
// The clients' history panel, closed and open, under the same load: a client request every 300 ms. Each is
// measured on a page of its own, from its start, twice in turn: in one page the run grows while it is
// measured (the log table fills up to its window), and whichever came second would pay for that.
for (const round of [1, 2]) {
  for (const [name, query] of [['historyClosed', ''], ['historyOpen', '&history=1']]) {
    const fresh = await context.newPage();
    const freshCdp = await context.newCDPSession(fresh);
    await freshCdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await fresh.goto(url + query);
    await fresh.waitForSelector('#canvas .node[data-role="leader"]', { timeout: 30_000 });
    await fresh.evaluate(() => {
      window.clientLoad = setInterval(() => document.querySelector('#request').click(), 300);
    });
    await fresh.waitForTimeout(2000);
    const label = `animating, 5 nodes, a request every 300 ms, history panel ${query ? 'open' : 'closed'} (round ${round})`;
    const got = await measure(fresh, freshCdp, label);
    results[name] = round === 1 ? got : { cpu: (results[name].cpu + got.cpu) / 2, wakes: (results[name].wakes + got.wakes) / 2 };
    await fresh.close();
  }
}
console.log(`history panel: closed ${results.historyClosed.cpu.toFixed(1)}, open ${results.historyOpen.cpu.toFixed(1)} ms per wall second (mean of two rounds)`);
console.log(JSON.stringify(results));
await browser.close();
await server?.close();
