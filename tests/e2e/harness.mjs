// Shared set-up for the end-to-end tests: a static server for dist/ mounted under a sub-path (the app must
// work from any sub-path, as when embedded in a course site), and headless Chromium through playwright-core.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// DIST_DIR serves another copy of the site, so a long run is not disturbed by a rebuild of dist/.
export const DIST = process.env.DIST_DIR ?? join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'target', 'e2e');
export const SUB_PATH = '/some/sub/path/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
};
const COMPRESSIBLE = /^(text\/|application\/(wasm|json|javascript)|image\/svg)/;

/** Serves dist/ at SUB_PATH on a free loopback port, with `headers` on every page. Resolves to { url, close }. */
export function serveDist(headers = {}) {
  return serveDirectory(DIST, { headers });
}

/**
 * Serves `dir` at `subPath` on a free loopback port. With `gzip`, text is sent compressed (gzip -9, as a
 * host would), so transfer sizes and times under a throttled network are those a reader meets. Resolves to
 * { url, close }.
 */
export async function serveDirectory(dir, { subPath = SUB_PATH, headers = {}, gzip = false } = {}) {
  const compressed = new Map();
  // Room for very long addresses (a shared session can be 100 KB), which the tests feed on purpose.
  const server = createServer({ maxHeaderSize: 1 << 20 }, async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(subPath)) {
      res.writeHead(404).end('not under the sub-path');
      return;
    }
    let rel = normalize(path.slice(subPath.length));
    if (rel === '.' || rel.endsWith('/')) rel = join(rel, 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = await readFile(join(dir, rel));
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const type = TYPES[extname(rel)] ?? 'application/octet-stream';
    const head = { ...headers, 'content-type': type };
    if (gzip && /gzip/.test(req.headers['accept-encoding'] ?? '') && COMPRESSIBLE.test(type)) {
      if (!compressed.has(rel)) compressed.set(rel, gzipSync(body, { level: 9 }));
      body = compressed.get(rel);
      head['content-encoding'] = 'gzip';
    }
    res.writeHead(200, head);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${subPath}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The value after `--name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

/**
 * The folder `--vs DIR` names (resolved), holding a page to measure beside the lab, or null without --vs; a
 * folder with no index.html stops the script.
 */
export function vsOption() {
  const vs = option('--vs', null);
  if (vs && !existsSync(resolve(vs, 'index.html'))) {
    console.error(`error: --vs ${vs}: no index.html there`);
    process.exit(2);
  }
  return vs && resolve(vs);
}

/** A number from `--name N` (or `fallback`) that must lie from `min` to `max`; otherwise the script stops. */
export function numberOption(name, fallback, min, max) {
  const value = Number(option(name, String(fallback)));
  if (!(value >= min && value <= max)) {
    console.error(`error: ${name} must be a number from ${min} to ${max}`);
    process.exit(2);
  }
  return value;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A new page that records console errors and uncaught page errors into `errors`. `init`, if given, runs in the
 * page before any of its own scripts; `routes`, pairs of a URL pattern and a handler, intercept its requests;
 * `slowdown` throttles the CPU; the other options are the browser context's. Unless `ready` is false, it
 * returns once the app has taken the page over and marked it ready (`<html data-ready>`): a page arrives
 * with its first frame already drawn, and what it draws does nothing until the app runs.
 */
export async function openPage(browser, url, { init, routes = [], slowdown = 1, ready = true, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, ...options });
  if (init) await context.addInitScript(init);
  for (const [pattern, handler] of routes) await context.route(pattern, handler);
  const page = await context.newPage();
  // A slower machine: Chromium runs the page's scripts `slowdown` times slower.
  if (slowdown > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(url);
  if (ready) await page.waitForSelector('html[data-ready]', { state: 'attached', timeout: 30_000 });
  return { page, errors, context };
}

/** Clicks `button` and returns the file it downloads: its suggested name and its text. */
export async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

export async function screenshot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * How many pixels of two screenshots differ by more than `tolerance` in some colour channel (0 to 255). The
 * rasterizer's anti-aliasing of a curve may come out one level apart from one paint to the next; anything that
 * moved or changed colour differs by far more.
 */
export async function differingPixels(browser, a, b, tolerance = 2) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const count = await page.evaluate(
    async ([a, b, tolerance]) => {
      const pixels = async (base64) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = [await pixels(a), await pixels(b)];
      if (x.width !== y.width || x.height !== y.height) return Infinity;
      let differing = 0;
      for (let i = 0; i < x.data.length; i += 4) {
        for (let c = 0; c < 3; c++) {
          if (Math.abs(x.data[i + c] - y.data[i + c]) > tolerance) {
            differing++;
            break;
          }
        }
      }
      return differing;
    },
    [a.toString('base64'), b.toString('base64'), tolerance],
  );
  await context.close();
  return count;
}

/**
 * Registers the test file's set-up: one server and one browser for all its tests, closed at the end.
 * Returns a getter, since both exist only once `before` has run.
 */
export function sharedBrowser(before, after) {
  const shared = {};
  before(async () => {
    shared.server = await serveDist();
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** Plays on, through a lesson's pause points, until the safety checks stop the run with their banner. */
export async function playUntilViolation(page) {
  for (let i = 0; i < 100 && !(await page.locator('.violation').count()); i++) {
    if ((await page.getAttribute('#play', 'aria-pressed')) !== 'true') await page.click('#play');
    await page.waitForTimeout(200);
  }
}

// The canvas, as a person's pointer sees it.

export const leaderId = (page) =>
  page.evaluate(() => document.querySelector('#canvas .node[data-role="leader"]')?.dataset.id ?? null);

export async function waitForLeader(page, timeout = 20_000) {
  await page.waitForSelector('#canvas .node[data-role="leader"]', { timeout });
  return Number(await leaderId(page));
}

/** Canvas units (the 600×600 view box) to page pixels. */
export async function toPage(page, x, y) {
  const box = await page.locator('#canvas').boundingBox();
  const s = box.width / 600;
  return { x: box.x + x * s, y: box.y + y * s };
}

export async function nodeCentre(page, id) {
  return page.evaluate((id) => {
    const m = document.querySelector(`#canvas .node[data-id="${id}"]`).getAttribute('transform').match(/translate\(([\d.]+) ([\d.]+)\)/);
    return { x: Number(m[1]), y: Number(m[2]) };
  }, id);
}

/** One straight knife stroke across the whole canvas, between the groups of nodes `a` and `b`. */
export async function knife(page, a, b) {
  // The pointer works in the viewport: the whole canvas must be in it.
  await page.locator('#canvas').scrollIntoViewIfNeeded();
  const centre = async (ids) => {
    const ps = await Promise.all(ids.map((id) => nodeCentre(page, id)));
    return { x: ps.reduce((s, p) => s + p.x, 0) / ps.length, y: ps.reduce((s, p) => s + p.y, 0) / ps.length };
  };
  const m = await centre(a);
  const o = await centre(b);
  const mid = { x: (m.x + o.x) / 2, y: (m.y + o.y) / 2 };
  const d = { x: -(o.y - m.y), y: o.x - m.x };
  const len = Math.hypot(d.x, d.y);
  const clampPt = (p) => ({ x: Math.min(595, Math.max(5, p.x)), y: Math.min(595, Math.max(5, p.y)) });
  const pa = await toPage(page, ...Object.values(clampPt({ x: mid.x + (d.x / len) * 420, y: mid.y + (d.y / len) * 420 })));
  const pb = await toPage(page, ...Object.values(clampPt({ x: mid.x - (d.x / len) * 420, y: mid.y - (d.y / len) * 420 })));
  await page.mouse.move(pa.x, pa.y);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(pa.x + ((pb.x - pa.x) * i) / 20, pa.y + ((pb.y - pa.y) * i) / 20);
  await page.mouse.up();
}
