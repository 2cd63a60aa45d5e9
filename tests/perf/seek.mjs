// Measures time travel in headless Chromium: a long session played at full speed in the page, then seeks
// spread over it, timed in the page; and the page's memory after sessions of 10 and 60 minutes.
//
//   node tests/perf/seek.mjs [--url URL]
import { serveDist, launchBrowser } from '../e2e/harness.mjs';

const args = process.argv.slice(2);
const i = args.indexOf('--url');
const server = i >= 0 ? null : await serveDist();
const browser = await launchBrowser();
const results = {};
for (const minutes of [10, 60]) {
  // A fresh page each time: a module's memory only grows, so each figure is that session's own.
  const page = await browser.newPage();
  await page.goto(i >= 0 ? args[i + 1] : server.url);
  await page.waitForFunction(() => window.wasmBindings?.seek_benchmark);
  const r = JSON.parse(await page.evaluate((m) => window.wasmBindings.seek_benchmark(m, 40), minutes));
  results[minutes] = r;
  console.log(
    `${minutes}-minute session at full speed (${r.events} events, ${r.actions} actions, played in ${(r.played_ms / 1000).toFixed(1)} s): ` +
      `${r.seeks} seeks, worst ${r.seek_worst_ms.toFixed(1)} ms, mean ${r.seek_mean_ms.toFixed(1)} ms; ` +
      `${r.checkpoints} checkpoints ${r.checkpoint_interval_ms} ms apart; wasm memory ${(r.memory_bytes / 1048576).toFixed(1)} MiB`,
  );
  await page.close();
}
console.log(JSON.stringify(results));
await browser.close();
await server?.close();
