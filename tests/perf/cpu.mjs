// Measures the page's main-thread CPU per wall second and its frame rate in headless Chromium, with the
// Chrome DevTools Protocol's Performance.getMetrics (TaskDuration), over a window of wall time.
//
//   node tests/perf/cpu.mjs [--seconds 10] [--url URL]
//
// Serves dist/ itself unless --url is given. Prints one line per situation.
import { serveDist, launchBrowser } from '../e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const seconds = Number(option('--seconds', '10'));
if (!(seconds > 0 && seconds <= 600)) {
  console.error('error: --seconds must be a number from 1 to 600');
  process.exit(2);
}

async function metric(cdp, name) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === name)?.value ?? 0;
}

/** Counts animation frames in the page, from a rAF loop that costs next to nothing. */
async function installFrameCounter(page) {
  await page.evaluate(() => {
    window.__frames = 0;
    const tick = () => {
      window.__frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function measure(page, cdp, label) {
  await page.evaluate(() => (window.__frames = 0));
  const task0 = await metric(cdp, 'TaskDuration');
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const task1 = await metric(cdp, 'TaskDuration');
  const wall = (Date.now() - t0) / 1000;
  const frames = await page.evaluate(() => window.__frames);
  const cpu = ((task1 - task0) * 1000) / wall;
  console.log(`${label}: ${cpu.toFixed(1)} ms of main-thread CPU per wall second, ${(frames / wall).toFixed(1)} frames/s (over ${wall.toFixed(1)} s)`);
  return { cpu, fps: frames / wall };
}

const server = option('--url', null) ? null : await serveDist();
const url = option('--url', server?.url);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
await page.goto(url);
await page.waitForSelector('#canvas .node');
await installFrameCounter(page);
const results = {};
results.animating = await measure(page, cdp, 'animating, default 5-node cluster');
await page.keyboard.press('Escape');
await page.click('#play');
results.paused = await measure(page, cdp, 'paused');
await page.click('#play');
// Another tab in front hides this one.
const other = await context.newPage();
await other.bringToFront();
const hidden = await page.evaluate(() => document.visibilityState);
results.hidden = await measure(page, cdp, `hidden (visibilityState=${hidden})`);
await other.close();
await page.bringToFront();
console.log(JSON.stringify(results));
await browser.close();
await server?.close();
