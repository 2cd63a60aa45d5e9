// What a newcomer meets, measured in headless Chromium: on the default page, how long after the page is ready
// the first message is on screen (seeds 1 to 5, default speed), and on a laptop, a phone and a 320x480 embed,
// how many of a lesson's nodes are in view at its question (Raft 6 at 1.251 s). Screenshots of that moment go
// to target/perf/ to be looked at.
//
//   node tests/perf/first-look.mjs
import { mkdirSync } from 'node:fs';
import { serveDist, launchBrowser } from '../e2e/harness.mjs';

const server = await serveDist();
const browser = await launchBrowser();
mkdirSync('target/perf', { recursive: true });

const waits = [];
for (const seed of [1, 2, 3, 4, 5]) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}?seed=${seed}`);
  await page.waitForSelector('html[data-ready]');
  const ready = Date.now();
  await page.waitForSelector('#canvas .msg', { timeout: 20_000 });
  waits.push(Date.now() - ready);
  await page.close();
}
console.log(`first message on screen after the page is ready (seeds 1 to 5): ${waits.map((w) => `${w} ms`).join(', ')}`);

const inView = () => [...document.querySelectorAll('#canvas .node')].filter((n) => {
  const r = n.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= innerHeight;
}).length;
const moment = 'figure8-correct.html?speed=0.2';
for (const [name, viewport, options] of [
  ['laptop', { width: 1280, height: 800 }, {}],
  ['phone', { width: 390, height: 844 }, { isMobile: true, hasTouch: true }],
]) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  await page.goto(server.url + moment);
  await page.waitForSelector('.quiz .quiz-choice', { timeout: 60_000 });
  console.log(`${name} ${viewport.width}x${viewport.height}: ${await page.evaluate(inView)} of 5 nodes in view at Raft 6's question`);
  await page.screenshot({ path: `target/perf/first-look-${name}.png` });
  await context.close();
}
const page = await browser.newPage({ viewport: { width: 340, height: 500 } });
await page.setContent(`<iframe title="lab" src="${server.url}?embed=1&scenario=figure8-correct&panels=caption,bugs&speed=0.2" width="320" height="480" frameborder="0"></iframe>`);
await page.frameLocator('iframe').locator('.quiz .quiz-choice').first().waitFor({ timeout: 60_000 });
const embed = await page.frames()[1].evaluate(inView).then(async (nodes) => ({
  nodes,
  ...(await page.frames()[1].evaluate(() => ({ height: document.documentElement.scrollHeight, frame: innerHeight }))),
}));
console.log(`embed 320x480: ${embed.nodes} of 5 nodes in view, the document ${embed.height} px in a ${embed.frame} px frame`);
await page.screenshot({ path: 'target/perf/first-look-embed.png', clip: { x: 0, y: 0, width: 330, height: 490 } });
await browser.close();
await server.close();
