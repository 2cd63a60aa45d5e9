// The monkey: thousands of random actions, each one a person could take, chosen by a seeded generator: drags,
// link cuts, knife strokes, crashes, restarts, requests, message drops, speed changes, scrubs, protocol and size
// switches, resizes and reloads. Any panic, console error or page error fails the run, which then prints the
// seed and the actions, so it can be replayed.
//
//   node tests/e2e/monkey.mjs [--actions 30000] [--seed 1]
//
// The end-to-end suite runs it too (monkey.test.mjs), with 3,000 actions.
import { serveDist, launchBrowser, openPage, screenshot, numberOption } from './harness.mjs';

/** A small seeded generator (mulberry32): the same seed picks the same actions. */
export function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick };
}

/** Where things are on screen now: one round trip per action. */
const look = (page) =>
  page.evaluate(() => {
    const centre = (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    };
    const canvas = document.querySelector('#canvas svg.base')?.getBoundingClientRect();
    return {
      canvas: canvas && { x: canvas.x, y: canvas.y, w: canvas.width, h: canvas.height },
      nodes: [...document.querySelectorAll('#canvas .node')].map((n) => ({ id: n.dataset.id, ...centre(n) })),
      links: [...document.querySelectorAll('#canvas .link')].map(centre),
      messages: [...document.querySelectorAll('#canvas .msg')].slice(0, 20).map(centre),
      scrubMax: Number(document.querySelector('#scrub')?.max ?? 0),
      panic: !!document.querySelector('#error-panel'),
    };
  });

/**
 * `look`, once the page has settled: a key on a focused menu (a lesson, a language) opens another address,
 * as it would for a person, and the page may still be loading when the next action begins.
 */
async function lookSettled(page) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await look(page);
    } catch (e) {
      if (attempt === 3 || !/context was destroyed|navigat/i.test(e.message)) throw e;
      await page.waitForLoadState('load').catch(() => {});
      await page.waitForSelector('#canvas .node', { timeout: 10_000 }).catch(() => {});
    }
  }
}

/** The actions, each a function of the page, what is on it, and the generator; it returns a line for the log. */
const ACTIONS = [
  [8, 'node key', async (page, s, r) => {
    if (!s.nodes.length) return 'no node';
    const n = r.pick(s.nodes);
    const key = r.pick(['c', 'r', 'q', 'd', 'n', 't', 'Enter']);
    await page.mouse.click(n.x, n.y);
    await page.keyboard.press(key);
    return `S${n.id} ${key}`;
  }],
  [5, 'drag', async (page, s, r) => {
    if (!s.nodes.length || !s.canvas) return 'no node';
    const n = r.pick(s.nodes);
    const [x, y] = [s.canvas.x + r.next() * s.canvas.w, s.canvas.y + r.next() * s.canvas.h];
    await page.mouse.move(n.x, n.y);
    await page.mouse.down();
    await page.mouse.move(x, y, { steps: 3 });
    await page.mouse.up();
    return `S${n.id} to ${x.toFixed(0)},${y.toFixed(0)}`;
  }],
  [5, 'link', async (page, s, r) => {
    if (!s.links.length) return 'no link';
    const l = r.pick(s.links);
    const modifier = r.pick([null, null, 'Shift', 'Alt']);
    if (modifier) await page.keyboard.down(modifier);
    await page.mouse.click(l.x, l.y);
    if (modifier) await page.keyboard.up(modifier);
    return `${modifier ?? ''} click at ${l.x.toFixed(0)},${l.y.toFixed(0)}`;
  }],
  [3, 'knife', async (page, s, r) => {
    if (!s.canvas) return 'no canvas';
    const point = () => [s.canvas.x + r.next() * s.canvas.w, s.canvas.y + r.next() * s.canvas.h];
    const [x0, y0] = point();
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (let i = 0; i < 3; i++) await page.mouse.move(...point(), { steps: 2 });
    await page.mouse.up();
    return `stroke from ${x0.toFixed(0)},${y0.toFixed(0)}`;
  }],
  [4, 'drop message', async (page, s, r) => {
    if (!s.messages.length) return 'none in flight';
    const m = r.pick(s.messages);
    await page.mouse.click(m.x, m.y);
    return `at ${m.x.toFixed(0)},${m.y.toFixed(0)}`;
  }],
  [4, 'button', async (page, s, r) => {
    const id = r.pick(['play', 'step', 'request', 'heal', 'step-back', 'undo', 'diagram-toggle', 'share', 'reset', 'new-seed']);
    await page.evaluate((id) => document.getElementById(id)?.click(), id);
    return id;
  }],
  [3, 'key', async (page, s, r) => {
    const key = r.pick(['Space', 'ArrowRight', 'ArrowLeft', 'h', 'Control+z', 'Escape', '?', 'Escape', 'Tab']);
    await page.keyboard.press(key);
    return key;
  }],
  [3, 'speed', async (page, s, r) => {
    const v = (-3 + r.next() * 3).toFixed(2);
    await page.evaluate((v) => {
      const el = document.getElementById('speed');
      if (!el) return;
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, v);
    return v;
  }],
  [3, 'scrub', async (page, s, r) => {
    const v = Math.floor(r.next() * s.scrubMax);
    await page.evaluate((v) => {
      const el = document.getElementById('scrub');
      if (!el) return;
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, v);
    return String(v);
  }],
  [2, 'network', async (page, s, r) => {
    const id = r.pick(['drop', 'duplicate', 'latency-min', 'latency-max']);
    const v = String(r.int(0, 100));
    await page.evaluate(([id, v]) => {
      const el = document.getElementById(id);
      if (!el) return;
      el.value = v;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, [id, v]);
    return `${id} ${v}`;
  }],
  [1, 'protocol', async (page, s, r) => {
    const p = r.pick(['raft', 'multi-paxos', 'paxos']);
    await page.selectOption('#protocol', p);
    return p;
  }],
  [1, 'size', async (page, s, r) => {
    const n = String(r.int(1, 9));
    await page.selectOption('#size', n);
    return n;
  }],
  [1, 'resize', async (page, s, r) => {
    const [w, h] = [r.int(360, 1400), r.int(500, 1000)];
    await page.setViewportSize({ width: w, height: h });
    return `${w}x${h}`;
  }],
  [0.2, 'reload', async (page) => {
    await page.reload();
    await page.waitForSelector('#canvas .node');
    return '';
  }],
];

const TOTAL = ACTIONS.reduce((sum, [w]) => sum + w, 0);

function choose(r) {
  let x = r.next() * TOTAL;
  for (const action of ACTIONS) {
    x -= action[0];
    if (x < 0) return action;
  }
  return ACTIONS[0];
}

/**
 * Runs `count` random actions against a lab at `url`. Resolves to { ok, log, errors, seconds }; `log` holds
 * every action taken, one line each.
 */
export async function runMonkey(browser, url, { count, seed }) {
  const r = generator(seed);
  const { page, errors, context } = await openPage(browser, `${url}?seed=${seed}`);
  await page.waitForSelector('#canvas .node');
  const log = [];
  const start = Date.now();
  let failure = null;
  for (let i = 0; i < count && !failure; i++) {
    const [, name, act] = choose(r);
    try {
      const state = await lookSettled(page);
      if (state.panic) failure = 'the panic panel is shown';
      else log.push(`${i} ${name} ${await act(page, state, r)}`);
    } catch (e) {
      failure = `action ${i} (${name}) failed: ${e.message.split('\n')[0]}`;
    }
    if (errors.length) failure = errors.join('\n');
  }
  const last = await look(page).catch(() => ({ panic: false }));
  if (!failure && last.panic) failure = 'the panic panel is shown';
  if (failure) await screenshot(page, `monkey-failure-${seed}`).catch(() => {});
  await context.close();
  return { ok: !failure, failure, log, seconds: (Date.now() - start) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Math.floor(numberOption('--actions', 30000, 1, 10_000_000));
  const seed = Math.floor(numberOption('--seed', 1, 0, 2 ** 32 - 1));
  const server = await serveDist();
  const browser = await launchBrowser();
  const result = await runMonkey(browser, server.url, { count, seed });
  await browser.close();
  await server.close();
  if (result.ok) {
    console.log(`monkey: ${count} actions, seed ${seed}: no panic, no console error, no page error (${result.seconds.toFixed(0)} s)`);
  } else {
    console.log(`monkey FAILED, seed ${seed}, after ${result.log.length} actions: ${result.failure}`);
    console.log(result.log.join('\n'));
    process.exit(1);
  }
}
