// The site's pages: index.html, and one page per guided lesson (NAME.html), each holding its lesson's scenario
// so that the app opens it at once, without fetching it first.
//
//   node build/pages.mjs DIR [--frames]
//
// With --frames (release builds), each page also gets its first frame as HTML: the built app is opened in
// headless Chromium, and what it has drawn at t = 0, just before its render loop first wakes, is written into
// the page's `<div id="app">`. The simulation is deterministic, so that frame is exactly what the app draws
// when it starts in a reader's browser; it takes the frame over without a visible change (src/lib.rs), and
// static/frame.js hides the frame on any address for which the app would draw something else.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2];
const frames = process.argv.includes('--frames');
if (!dir) {
  console.error('usage: node build/pages.mjs DIR [--frames]');
  process.exit(2);
}

/** The guided lessons, as the app lists them in its Lesson menu: [name, title] in `LESSONS` of src/page/lesson.rs. */
function lessons() {
  const source = readFileSync(join(ROOT, 'src', 'page', 'lesson.rs'), 'utf8');
  const list = source.slice(source.indexOf('pub const LESSONS'));
  const table = list.slice(0, list.indexOf('];'));
  const found = [...table.matchAll(/\(\s*"([a-z0-9-]+)",\s*"([^"]+)",?\s*\)/g)].map((m) => [m[1], m[2]]);
  if (found.length === 0) throw new Error('no lessons found in LESSONS (src/page/lesson.rs)');
  return found;
}

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** index.html made into the page of lesson `name`: its name on the root, its scenario in a data block. */
function lessonPage(template, name, title) {
  const scenario = JSON.parse(readFileSync(join(dir, 'scenarios', `${name}.json`), 'utf8'));
  // A data block is never run, and `<` written as an escape cannot end it.
  const data = JSON.stringify(scenario).replace(/</g, '\\u003c');
  const page = template
    .replace(/<html\b/, `<html data-lesson="${name}"`)
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)} · Consensus Lab</title>`)
    .replace(/<body>/, `<body><script type="application/json" id="lesson-scenario">${data}</script>`);
  if (page === template) throw new Error(`index.html has no <html>, <title> or <body> to make ${name}.html from`);
  return page;
}

const template = readFileSync(join(dir, 'index.html'), 'utf8');
const pages = [['index.html', template]];
for (const [name, title] of lessons()) pages.push([`${name}.html`, lessonPage(template, name, title)]);
for (const [file, html] of pages) writeFileSync(join(dir, file), html);

if (frames) {
  const { serveDirectory, launchBrowser } = await import('../tests/e2e/harness.mjs');
  const server = await serveDirectory(dir);
  const browser = await launchBrowser();
  try {
    for (const [file, html] of pages) {
      const frame = await firstFrame(browser, `${server.url}${file}?seed=1`);
      const filled = html.replace(/<div id="?app"?><\/div>/, `<div id="app">${frame}</div>`);
      if (filled === html) throw new Error(`${file} has no empty <div id="app"> to draw into`);
      writeFileSync(join(dir, file), filled);
      console.log(`first frame drawn into ${file}: ${frame.length} characters`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * What the app has drawn into #app at t = 0: everything its first render and the effects after it have built,
 * taken just before its render loop first wakes and moves the clock, or, for a page that opens paused (a
 * lesson that pauses at once), once it is ready. In English, the language a page's frame is drawn in.
 */
async function firstFrame(browser, url) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    const take = () => {
      if (window.firstFrame !== undefined) return;
      const app = document.getElementById('app');
      // Form controls hold their state in properties, which HTML does not carry: write it into attributes.
      for (const input of app.querySelectorAll('input')) {
        if (input.type === 'checkbox' || input.type === 'radio') input.toggleAttribute('checked', input.checked);
        else input.setAttribute('value', input.value);
      }
      for (const option of app.querySelectorAll('option')) option.toggleAttribute('selected', option.selected);
      window.firstFrame = app.innerHTML;
    };
    // The page's render loop wakes on timers (and the browser's animation frames may run other work): the
    // frame is taken before the first callback of either once the app is ready, so before time moves on.
    const ready = () => document.documentElement.hasAttribute('data-ready');
    const request = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) =>
      request((time) => {
        if (ready()) take();
        callback(time);
      });
    const timeout = window.setTimeout.bind(window);
    window.setTimeout = (callback, ...rest) =>
      timeout((...args) => {
        if (ready()) take();
        return typeof callback === 'function' ? callback(...args) : undefined;
      }, ...rest);
    new MutationObserver(() => {
      if (document.documentElement.hasAttribute('data-ready')) setTimeout(take);
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  const frame = await (await page.waitForFunction(() => window.firstFrame, null, { timeout: 60_000 })).jsonValue();
  await context.close();
  if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
  return frame;
}
