// The figures a reader feels, for the lab and, with --vs, for RaftScope measured in the same browser and the
// same run, in interleaved repeats (lab, RaftScope, lab, …), so that the machine's drift affects both alike:
//
// - first drawn cluster: from navigation to the first painted frame that shows the cluster's nodes;
// - whole page ready: to the first painted frame after every panel is usable (the lab marks it with
//   `<html data-ready>`; RaftScope is ready once its `load` event has fired and its servers are drawn);
// - bytes: what went over the wire until then (served compressed with gzip -9, as a host would);
//   all three on a slow 4G network (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) with the CPU slowed
//   four times, on a cold cache;
// - CPU animating: main-thread CPU per wall second while the default 5-node cluster runs, unthrottled.
//
//   node tests/perf/compare.mjs [--vs DIR] [--repeats 3] [--seconds 8]
//
// Prints each measurement as it is taken, then medians and, with --vs, the lab's figures as ratios of the
// other's. Without --vs it prints the lab's figures alone.
import { serveDirectory, DIST, launchBrowser, numberOption, vsOption } from '../e2e/harness.mjs';

const repeats = numberOption('--repeats', 3, 1, 50);
const seconds = numberOption('--seconds', 8, 1, 120);
const vs = vsOption();

// Lighthouse's "Slow 4G" and its mobile CPU slowdown.
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;

const targets = [
  {
    name: 'Consensus Lab',
    server: await serveDirectory(DIST, { gzip: true }),
    // The default address: what a reader who follows a link to the lab opens.
    path: 'index.html',
    nodes: '#canvas .node',
    ready: 'html[data-ready]',
    animating: '#canvas .node[data-role="leader"]',
  },
];
if (vs) {
  targets.push({
    name: 'RaftScope',
    server: await serveDirectory(vs, { subPath: '/', gzip: true }),
    path: 'index.html',
    nodes: '#servers .server',
    ready: null, // its load event
    animating: '#servers .server',
  });
}

// Runs in the page before any of its own scripts. Notes when the first frame showing `nodes` (at least
// `count` of them) is painted, and when the first frame after `ready` holds is: a task queued from a frame's
// animation callbacks runs after that frame's paint.
function watch({ nodes, ready, count }) {
  const now = () => performance.now();
  const afterPaint = (record) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => record(now());
      channel.port2.postMessage(null);
    });
  const seen = (selector) => document.querySelectorAll(selector).length >= count;
  const loaded = new Promise((done) => addEventListener('load', done));
  let drawn = false;
  let readyNoted = false;
  const check = () => {
    if (!drawn && seen(nodes)) {
      drawn = true;
      afterPaint((t) => (window.perfFirstDrawn = t));
    }
    if (!readyNoted && drawn && ready && document.querySelector(ready)) {
      readyNoted = true;
      afterPaint((t) => (window.perfReady = t));
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  if (!ready) {
    loaded.then(() => {
      const poll = () => (seen(nodes) ? afterPaint((t) => (window.perfReady = t)) : setTimeout(poll, 10));
      poll();
    });
  }
}

async function load(browser, target) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(watch, { nodes: target.nodes, ready: target.ready, count: 5 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let bytes = 0;
  let counting = true;
  cdp.on('Network.loadingFinished', (e) => {
    if (counting) bytes += e.encodedDataLength;
  });
  await page.goto(target.server.url + target.path, { waitUntil: 'commit' });
  const firstDrawn = await (await page.waitForFunction(() => window.perfFirstDrawn, null, { timeout: 60_000 })).jsonValue();
  const ready = await (await page.waitForFunction(() => window.perfReady, null, { timeout: 60_000 })).jsonValue();
  counting = false;
  await context.close();
  return { firstDrawn, ready, bytes };
}

async function cpu(browser, target) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  // A fixed seed for the lab, so repeats compare: the same elections, the same messages.
  await page.goto(target.server.url + target.path + (target.name === 'Consensus Lab' ? '?seed=1' : ''));
  await page.waitForSelector(target.animating, { timeout: 30_000 });
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const task0 = await task();
  const t0 = Date.now();
  await new Promise((done) => setTimeout(done, seconds * 1000));
  const spent = (await task()) - task0;
  const wall = (Date.now() - t0) / 1000;
  await context.close();
  return (spent * 1000) / wall;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const browser = await launchBrowser();
const results = new Map(targets.map((t) => [t.name, { firstDrawn: [], ready: [], bytes: [], cpu: [] }]));
for (let round = 1; round <= repeats; round++) {
  for (const target of targets) {
    const r = await load(browser, target);
    const into = results.get(target.name);
    into.firstDrawn.push(r.firstDrawn);
    into.ready.push(r.ready);
    into.bytes.push(r.bytes);
    console.log(
      `round ${round}, ${target.name}: first drawn cluster ${(r.firstDrawn / 1000).toFixed(2)} s, ` +
        `whole page ready ${(r.ready / 1000).toFixed(2)} s, ${r.bytes} bytes (slow 4G, CPU ${CPU_SLOWDOWN}x slower)`,
    );
  }
  for (const target of targets) {
    const ms = await cpu(browser, target);
    results.get(target.name).cpu.push(ms);
    console.log(`round ${round}, ${target.name}: ${ms.toFixed(1)} ms of main-thread CPU per wall second, animating`);
  }
}
await browser.close();
for (const target of targets) await target.server.close();

const summary = {};
console.log(`\nmedians of ${repeats} interleaved repeats:`);
for (const [name, r] of results) {
  summary[name] = {
    first_drawn_s: median(r.firstDrawn) / 1000,
    ready_s: median(r.ready) / 1000,
    bytes: median(r.bytes),
    cpu_ms_per_s: median(r.cpu),
  };
  const s = summary[name];
  console.log(
    `  ${name.padEnd(14)} first drawn cluster ${s.first_drawn_s.toFixed(2)} s, whole page ready ${s.ready_s.toFixed(2)} s, ` +
      `${s.bytes} bytes, CPU animating ${s.cpu_ms_per_s.toFixed(1)} ms/s`,
  );
}
if (vs) {
  const [lab, other] = [summary['Consensus Lab'], summary.RaftScope];
  const ratio = (a, b) => (a / b).toFixed(2);
  console.log('ratios, Consensus Lab / RaftScope (the budgets in DESIGN.md):');
  console.log(`  first drawn cluster ${ratio(lab.first_drawn_s, other.first_drawn_s)}   (budget 0.5)`);
  console.log(`  whole page ready    ${ratio(lab.ready_s, other.ready_s)}   (budget 1.0)`);
  console.log(`  CPU animating       ${ratio(lab.cpu_ms_per_s, other.cpu_ms_per_s)}   (budget 0.15)`);
  console.log(`  bytes until ready   ${ratio(lab.bytes, other.bytes)}`);
}
console.log(JSON.stringify(summary));
