// Times the linearizability checker in the page (WebAssembly in headless Chromium) on the hard histories of
// `consensus-sim bench --checker`: the same shapes, seed 1, with and without a stale read.
//
//   node tests/perf/checker.mjs [--shapes 3] [--url URL]
import { serveDist, launchBrowser, option, numberOption } from '../e2e/harness.mjs';

const server = option('--url', null) ? null : await serveDist();
const browser = await launchBrowser();
const page = await browser.newPage();
await page.goto(option('--url', server?.url));
await page.waitForFunction(() => window.wasmBindings?.checker_benchmark);
const shapes = numberOption('--shapes', 3, 1, 5);
console.log('checker in the page (wasm, headless Chromium): hard histories, seed 1, time of one check');
console.log(await page.evaluate((n) => window.wasmBindings.checker_benchmark(n), shapes));
await browser.close();
await server?.close();
