// Splits a release build's WebAssembly in two: a first module with what the page runs up to its first frame,
// and the rest, which the loader (build/loader.js) fetches in the background once the first module runs.
//
//   node build/split.mjs DIR      (run by `./run post-build` on the site Trunk is staging in DIR)
//
// Which functions the first frame runs is measured, not guessed: binaryen's wasm-split instruments a copy of
// the module, headless Chromium opens that copy of the page and runs it for a second past its first frame (on
// this machine and on one six times slower), and the profiles it writes decide the split. Constants that only
// the rest can reach move with it (moveConstants), and the first module's imports from wasm-bindgen's glue get
// short names on the way.
// If any step fails, the build keeps its one module (the page works as before) and the size report shows the
// difference.
//
// The wasm-split Debian ships (binaryen 108) predates two things the module has; both are worked around in
// the module's text, with the newer binaryen from npm (`wasm-dis`, `wasm-as`):
// - it cannot read `table.fill`, which wasm-bindgen uses once, to clear one slot: written as `table.set`;
// - it exports the externref table under the function table's index: the export is pointed back.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', '.bin');
// The features Rust's wasm32 target uses; binaryen must neither drop them nor add others.
const FEATURES = [
  '--enable-reference-types', '--enable-bulk-memory', '--enable-mutable-globals', '--enable-sign-ext',
  '--enable-nontrapping-float-to-int', '--enable-multivalue',
];

// How far below a constant an address written in code may be (see moveConstants): 64 bytes, eight
// (pointer, length) pairs, as for a table indexed from 8.
const FOLDED = 64;
// What a constant's instruction does with it when the constant is an address as it is, never a table's base.
const USED_AS_IT_IS = /^\s*\((call|call_indirect|return_call|return|global\.set|i(32|64)\.store(8|16|32)?|i32\.(eq|ne|[lg][te]_[su]))\b/;
// How far a pointer may reach past a zero byte: merged constants of up to 32 bytes may hold zeros, and are
// kept whole.
const MERGED = 32;

const dir = process.argv[2];
// For measuring the page against its one-module self.
if (process.env.NO_SPLIT) {
  console.log('the WebAssembly is not split: NO_SPLIT is set');
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'split-'));
const at = (name) => join(work, name);
const run = (tool, args) => execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });

try {
  const built = builtFiles(dir);
  const { first, rest } = moveConstants(await split(dir, built.wasm), wasmText(at('rest.wasm')));
  const { module, glue } = shortenImports(first, readFileSync(join(dir, built.glue), 'utf8'));
  assemble(orderForGzip(module), at('first.wasm'));
  assemble(orderForGzip(rest), at('rest.wasm'));
  install(dir, built, glue);
} catch (e) {
  console.warn(`warning: the WebAssembly is not split, the page loads it whole: ${e.message}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The names of the module, its glue and the loader, as Trunk wrote them.
function builtFiles(dir) {
  const files = readdirSync(dir);
  const one = (test, what) => {
    const found = files.filter(test);
    if (found.length !== 1) throw new Error(`expected one ${what} in ${dir}, found ${found.length}`);
    return found[0];
  };
  return {
    wasm: one((f) => f.endsWith('_bg.wasm'), 'wasm module'),
    glue: one((f) => f.startsWith('consensus-lab-') && f.endsWith('.js'), 'wasm-bindgen glue'),
    loader: one((f) => /^loader-.*\.js$/.test(f), 'loader'),
  };
}

// Splits the site's module into first.wasm and rest.wasm in the work folder, where the first frame divides them.
// Returns the first module's text, repaired, for the last touches before it is assembled again.
async function split(dir, wasm) {
  cpSync(join(dir, wasm), at('built.wasm'));
  prepare(at('built.wasm'), at('whole.wasm'));
  run('wasm-split', ['--instrument', ...FEATURES, at('whole.wasm'), '-o', at('instrumented.wasm')]);
  assemble(repairExports(wasmText(at('instrumented.wasm'))), at('instrumented.wasm'));
  await profile(dir, wasm, at('instrumented.wasm'), at('profile'));
  run('wasm-split', [
    ...FEATURES, at('whole.wasm'), '--profile', at('profile'),
    '-o1', at('first.wasm'), '-o2', at('rest.wasm'),
    // The first module imports a placeholder for each function of the rest, about a thousand: a one-letter
    // namespace makes the file 11 KB smaller. The rest imports the first module's exports from "primary".
    '--placeholder-namespace', 'p',
  ]);
  const first = repairExports(wasmText(at('first.wasm')));
  if (!first.includes('(export "table" (table')) {
    throw new Error('the first module does not export its function table as "table"');
  }
  return first;
}

// Puts the two modules, the glue's new text and a loader for both into the site, in place of what Trunk wrote.
// Every file is named by its content, so a cached copy is never stale; the two modules share one name, since
// they only work as a pair, and two builds of the same source may split a little differently (the profile
// depends on how many frames ran).
function install(dir, built, glueText) {
  const pair = `consensus-lab-${digest(Buffer.concat([readFileSync(at('first.wasm')), readFileSync(at('rest.wasm'))]))}`;
  const [first, rest, glue] = [`${pair}_bg.wasm`, `${pair}_rest.wasm`, `consensus-lab-${digest(glueText)}.js`];
  writeFileSync(at('glue.js'), glueText);
  // The panels' style sheet leaves index.html: the loader asks for it with the rest, after the first frame.
  let html = readFileSync(join(dir, 'index.html'), 'utf8');
  const sheet = html.match(/<link[^>]*?\bhref="?\.\/(panels-[^" >]+\.css)"?[^>]*>/);
  const sheetIntegrity = sheet?.[0].match(/\bintegrity="?(sha384-[A-Za-z0-9+/=]+)/)?.[1];
  if (!sheetIntegrity) throw new Error("index.html has no panels' style sheet with its integrity");
  html = html.replace(sheet[0], '');
  writeFileSync(
    at('loader.js'),
    readFileSync(join(ROOT, 'build', 'loader.js'), 'utf8')
      .replaceAll('%GLUE%', glue)
      .replaceAll('%PRIMARY%', first)
      .replaceAll('%REST%', rest)
      .replaceAll('%REST_INTEGRITY%', integrity(at('rest.wasm')))
      .replaceAll('%PANELS%', sheet[1])
      .replaceAll('%PANELS_INTEGRITY%', sheetIntegrity),
  );
  // Minified like the glue.
  run(join(BIN, 'terser'), [at('loader.js'), '--module', '--compress', '--mangle', '--output', at('loader.min.js')]);
  const loaderText = readFileSync(at('loader.min.js'));
  const loader = `loader-${digest(loaderText)}.js`;
  // The page preloads the first module and the glue, and checks their integrity.
  const renamed = (html, from, to, file) =>
    html.replace(
      new RegExp(`(<link[^>]*?)${escape(from)}([^>]*?integrity=)"?sha384-[A-Za-z0-9+/=]+"?`),
      `$1${to}$2"${integrity(file)}"`,
    );
  html = html.replace(built.loader, loader);
  html = renamed(renamed(html, built.wasm, first, at('first.wasm')), built.glue, glue, at('glue.js'));
  if (![first, glue, loader].every((name) => html.includes(name))) {
    throw new Error('index.html has no preload or loader to update');
  }

  // Everything is ready: only now does the site change.
  cpSync(at('first.wasm'), join(dir, first));
  cpSync(at('rest.wasm'), join(dir, rest));
  writeFileSync(join(dir, loader), loaderText);
  writeFileSync(join(dir, glue), glueText);
  writeFileSync(join(dir, 'index.html'), html);
  for (const old of [built.wasm, built.loader, built.glue]) unlinkSync(join(dir, old));
  const size = (f) => readFileSync(join(dir, f)).length;
  console.log(
    `split ${built.wasm}: ${first}, ${size(first)} bytes, up to the first frame; ` +
      `${rest}, ${size(rest)} bytes, after`,
  );
}

function digest(content) {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

function wasmText(file) {
  run(join(BIN, 'wasm-dis'), [file, '-o', `${file}.wat`]);
  return readFileSync(`${file}.wat`, 'utf8');
}

function assemble(text, file) {
  writeFileSync(`${file}.wat`, text);
  run(join(BIN, 'wasm-as'), [...FEATURES, `${file}.wat`, '-o', file]);
}

// Writes `from` as `to` in a form binaryen 108 reads: a one-slot `table.fill` becomes a `table.set`.
function prepare(from, to) {
  const text = wasmText(from).replace(
    /\(table\.fill (\$\S+)\s*(\(local\.get \$\S+\))\s*(\(ref\.null noextern\))\s*\(i32\.const 1\)\s*\)/g,
    '(table.set $1 $2 $3)',
  );
  if (text.includes('table.fill')) throw new Error('the module fills more than one table slot at once');
  assemble(text, to);
}

// A module's text with the externref table's export pointed at the externref table again.
function repairExports(text) {
  const table = text.match(/^ \(table (\$\S+) \d+(?: \d+)? externref\)/m);
  if (!table) throw new Error('no externref table');
  return text.replace(
    /\(export "__wbindgen_externrefs" \(table \$\S+\)\)/,
    `(export "__wbindgen_externrefs" (table ${table[1]}))`,
  );
}

// The first module holds all of the program's constant data (wasm-split moves functions, not data): text in
// two languages, format strings, tables. What no function of the first module can reach moves to the rest,
// as data the rest writes into the shared memory when it is instantiated, before any of its functions can run.
// Reachable means: an address within the constant, a little before it where the code may add an index to it
// (addressesIn), or just past its end (where no other constant begins) is written in the first module's code,
// or in a constant that is itself reachable (read as a pointer wherever four bytes could be one). The linker's
// map (WASM_LINK_MAP, written by `./run`'s build) tells where each constant begins and ends. Takes and returns
// the texts of both modules; without a map, or with one from another build, nothing moves.
function moveConstants(first, rest) {
  const unchanged = (why) => (console.log(`constant data stays in the first module: ${why}`), { first, rest });
  const mapFile = process.env.WASM_LINK_MAP;
  if (!mapFile || !existsSync(mapFile)) return unchanged('no linker map');
  if (/\b(memory\.init|data\.drop)\b/.test(first)) return unchanged('the module has passive data');
  const segments = [...first.matchAll(/^ \(data (?:\$\S+ )?\(i32\.const (\d+)\) "((?:[^"\\]|\\.)*)"\)$/gm)].map(
    (m) => ({ at: Number(m[1]), bytes: unescapeData(m[2]) }),
  );
  if (segments.length !== first.split('\n (data ').length - 1) return unchanged('a data segment the script cannot read');
  const memory = new Map(); // address → byte, for every byte the segments write
  for (const { at, bytes } of segments) bytes.forEach((b, i) => memory.set(at + i, b));
  const linked = linkedData(mapFile.replace(/\.map$/, '.wasm'));
  if (!linked || [...linked].some(([a, b]) => (memory.get(a) ?? 0) !== b)) return unchanged('the map is of another build');

  const items = constantsIn(readFileSync(mapFile, 'utf8'), (a) => memory.get(a) ?? 0);
  const starts = items.map((item) => item.start);
  const reachable = new Set();
  const pending = [];
  const reach = (address, ahead) => {
    // The last item starting at or below address + ahead, and every item back to the one holding address;
    // an address where no item begins may also be the end of the one before, as a slice's end pointer.
    const low = starts[upperBound(starts, address) - 1] === address ? address : address - 1;
    let k = upperBound(starts, address + ahead) - 1;
    for (; k >= 0 && items[k].end > low; k--) {
      if (!reachable.has(k)) reachable.add(k), pending.push(k);
    }
  };
  for (const [address, indexed] of addressesIn(first.split('\n').filter((line) => !line.startsWith(' (data ')))) {
    reach(address, indexed ? FOLDED : 0);
  }
  while (pending.length) {
    const { start, end } = items[pending.pop()];
    for (let a = start; a + 4 <= end; a++) {
      reach([0, 1, 2, 3].reduce((word, i) => word + (memory.get(a + i) ?? 0) * 2 ** (8 * i), 0), MERGED);
    }
  }

  // The unreachable constants, as runs of neighbours; a short run is not worth a segment of its own.
  const moved = [];
  items.forEach((item, k) => {
    if (reachable.has(k)) return;
    const last = moved.at(-1);
    if (last && last.end === item.start) last.end = item.end;
    else moved.push({ ...item });
  });
  const runs = moved.filter((run) => run.end - run.start >= 32);
  const runStarts = runs.map((run) => run.start);
  const isMoved = (a) => runs[upperBound(runStarts, a) - 1]?.end > a;
  const segmentsText = (bytes) =>
    groupRuns(bytes).map(([at, run]) => ` (data (i32.const ${at}) "${escapeData(run)}")`).join('\n');
  const [kept, movedBytes] = [new Map(), new Map()];
  for (const [a, b] of memory) (isMoved(a) ? movedBytes : kept).set(a, b);
  const firstData = segmentsText(kept);
  const text = first.replace(/^ \(data [^\n]*\n?/gm, '').replace(/\n\)\s*$/, `\n${firstData}\n)\n`);
  console.log(`constant data: ${movedBytes.size} of ${memory.size} bytes move to the rest`);
  return { first: text, rest: rest.replace(/\n\)\s*$/, `\n${segmentsText(movedBytes)}\n)\n`) };
}

// Every number in a module's code that may be an address, as [address, indexed]. Indexed: an index may be
// added to it, so it may lie a little below the constant it is for (FOLDED). That is the case for a load's or
// a store's offset over an address computed at run time, and for any constant but one used as it is: passed
// to a function, stored, returned or compared (USED_AS_IT_IS); a 64-bit constant (a pointer and a length,
// stored together) is exact too. The text is binaryen's: one instruction per line, each nested one line deeper
// than the instruction it is an operand of.
function* addressesIn(lines) {
  const depth = (line) => line.length - line.trimStart().length;
  const parents = []; // the lines enclosing the current one, innermost last
  for (const [k, line] of lines.entries()) {
    while (parents.length && depth(parents.at(-1)) >= depth(line)) parents.pop();
    const offset = line.match(/ offset=(\d+)/);
    if (offset) {
      const operand = lines[k + 1]?.match(/^\s*\(i32\.const (\d+)\)$/);
      if (operand) yield [Number(offset[1]) + Number(operand[1]), false];
      yield [Number(offset[1]), !operand];
    }
    const exact = line.match(/^\s*\(i32\.const (-?\d+)\)$/);
    for (const m of line.matchAll(/i(32|64)\.const (-?\d+)/g)) {
      const value = BigInt.asUintN(64, BigInt(m[2]));
      if (m[1] === '64') {
        yield [Number(value & 0xffffffffn), false];
        yield [Number(value >> 32n), false];
      } else {
        const parent = parents.at(-1) ?? '';
        const indexed = !exact || !USED_AS_IT_IS.test(parent);
        yield [Number(value), indexed];
      }
    }
    parents.push(line);
  }
}

// The read-only constants in a wasm-ld map: the input sections of its .rodata, each [start, end). The linker
// merges the format strings (Rust's format templates end in a zero byte, like C's strings) into one section
// of its own, `<internal>`: it is cut after each zero byte, so each string (and the shorter ones merged into
// its tail) is a constant of its own.
function constantsIn(map, byteAt) {
  const items = [];
  let output = '';
  for (const line of map.split('\n')) {
    const m = line.match(/^ *([0-9a-f]+) +[0-9a-f]+ +([0-9a-f]+) ( *)(\S.*)$/);
    if (!m) continue;
    const depth = m[3].length; // 0: output section, 8: input section, 16: symbol
    if (depth === 0) output = m[4];
    else if (depth === 8 && output === '.rodata') {
      const start = parseInt(m[1], 16);
      const end = start + parseInt(m[2], 16);
      if (!m[4].startsWith('<internal>')) items.push({ start, end });
      else {
        for (let from = start, a = start; a < end; a++) {
          if (byteAt(a) === 0 || a === end - 1) items.push({ start: from, end: a + 1 }), (from = a + 1);
        }
      }
    }
  }
  return items.sort((a, b) => a.start - b.start);
}

// Every byte the data segments of a linked module write, by address; null if the file is not there.
function linkedData(file) {
  if (!existsSync(file)) return null;
  const b = readFileSync(file);
  let i = 8;
  const leb = () => {
    let value = 0, shift = 0, byte;
    do (byte = b[i++]), (value += (byte & 0x7f) * 2 ** shift), (shift += 7);
    while (byte & 0x80);
    return value;
  };
  const bytes = new Map();
  while (i < b.length) {
    const id = b[i++], size = leb(), end = i + size;
    if (id === 11) {
      for (let count = leb(); count > 0; count--) {
        if (leb() !== 0 || b[i++] !== 0x41) return null; // only active segments at an i32.const
        const at = leb();
        if (b[i++] !== 0x0b) return null;
        const length = leb();
        for (let k = 0; k < length; k++) bytes.set(at + k, b[i + k]);
        i += length;
      }
    }
    i = end;
  }
  return bytes;
}

// Consecutive addresses of a byte map, as [first address, bytes] runs.
function groupRuns(bytes) {
  const runs = [];
  for (const a of [...bytes.keys()].sort((x, y) => x - y)) {
    const last = runs.at(-1);
    if (last && last[0] + last[1].length === a) last[1].push(bytes.get(a));
    else runs.push([a, [bytes.get(a)]]);
  }
  return runs;
}

// The bytes of a data segment's string in the text format, and back.
function unescapeData(text) {
  const named = { t: 9, n: 10, r: 13, '"': 34, "'": 39, '\\': 92 };
  const out = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '\\') {
      const code = text.codePointAt(i);
      out.push(...Buffer.from(String.fromCodePoint(code)));
      i += code > 0xffff ? 2 : 1;
    } else if (text[i + 1] in named) {
      out.push(named[text[i + 1]]);
      i += 2;
    } else {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    }
  }
  return out;
}

function escapeData(bytes) {
  const plain = (b) => b >= 0x20 && b < 0x7f && b !== 34 && b !== 92; // printable, but for " and \
  return bytes.map((b) => (plain(b) ? String.fromCharCode(b) : `\\${b.toString(16).padStart(2, '0')}`)).join('');
}

function upperBound(sorted, value) {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Orders a module's functions so that alike ones are neighbours, which gzip compresses better: about 1 KB less
// before the first frame, and 7 KB less in the rest. The text refers to functions by name, so any order is the
// same program. Alike: the share of instruction sequences (four in a row, names left out) two functions have in
// common. From the largest function, each next one is the most alike of those left (ties to the earliest).
function orderForGzip(module) {
  const text = module.replace(/\n\)\s*$/, '\n');
  const fields = text.split(/\n(?= \()/);
  const at = fields.flatMap((field, i) => (field.startsWith(' (func ') ? [i] : []));
  const shingles = at.map((i) => {
    const ops = fields[i].slice(fields[i].indexOf('\n')).replace(/\$[^\s()]+/g, '$').match(/\(\S+/g) ?? [];
    const set = new Set();
    for (let k = 0; k + 4 <= Math.max(ops.length, 4); k++) set.add(ops.slice(k, k + 4).join(' '));
    return set;
  });
  // Which functions hold each sequence, so that the overlap with every function left is counted at once.
  const holders = new Map();
  shingles.forEach((set, f) => set.forEach((s) => (holders.get(s) ?? holders.set(s, []).get(s)).push(f)));
  const left = new Set(at.keys());
  let current = [...left].reduce((a, b) => (fields[at[b]].length > fields[at[a]].length ? b : a));
  const order = [];
  for (;;) {
    order.push(current);
    left.delete(current);
    if (!left.size) break;
    const shared = new Map();
    for (const s of shingles[current]) {
      for (const f of holders.get(s)) if (left.has(f)) shared.set(f, (shared.get(f) ?? 0) + 1);
    }
    const alike = (f) => {
      const common = shared.get(f) ?? 0;
      return common / (1 + shingles[current].size + shingles[f].size - common);
    };
    let best = -1;
    for (const f of left) if (best < 0 || alike(f) > alike(best)) best = f;
    current = best;
  }
  const ordered = [...fields];
  order.forEach((f, k) => (ordered[at[k]] = fields[at[f]]));
  return `${ordered.join('\n')}\n)\n`;
}

// The first module imports about 200 functions from wasm-bindgen's glue, each named for what it calls and a
// 16-digit hash (`__wbg_navigator_c17f443a6fe5d38d`), and the glue spells each name again. Both are given short
// names instead (`_0`, `_1`, …): 2.6 KB less glue and 2.4 KB less WebAssembly, gzipped. A name is changed only
// where the glue has it exactly once, as the key that provides it. The placeholders' names get shorter too.
// Takes and returns the texts of both.
function shortenImports(module, glue) {
  let i = 0;
  const short = new Map();
  const text = module
    .replace(/\(import "\.\/consensus-lab_bg\.js" "([\w$]+)"/g, (whole, name) => {
      if (glue.split(name).length !== 2 || !new RegExp(`[{,]${escape(name)}:`).test(glue)) return whole;
      if (!short.has(name)) short.set(name, `_${(i++).toString(36)}`);
      return `(import "./consensus-lab_bg.js" "${short.get(name)}"`;
    })
    // The placeholders' names are their table slots, in base 36 for the loader (two characters, not four).
    .replace(/\(import "p" "(\d+)"/g, (_, slot) => `(import "p" "${Number(slot).toString(36)}"`);
  for (const [name, to] of short) glue = glue.replace(new RegExp(`([{,])${escape(name)}:`), `$1${to}:`);
  return { module: text, glue };
}

// Opens the page with the instrumented module, lets it run a second past its first frame, and saves which
// functions ran.
// It does so twice, on this machine and on one six times slower (throttled): what runs before the first frame
// depends on timing, and the first module must hold what either needs.
async function profile(site, wasm, instrumented, out) {
  const copy = at('site');
  cpSync(site, copy, { recursive: true });
  cpSync(instrumented, join(copy, wasm));
  process.env.DIST_DIR = copy;
  const { serveDist, launchBrowser, openPage } = await import('../tests/e2e/harness.mjs');
  const server = await serveDist();
  const browser = await launchBrowser();
  const profiles = [];
  try {
    for (const slowdown of [1, 6]) {
      const { page, errors, context } = await openPage(browser, server.url, {
        slowdown,
        init: () => {
          addEventListener('TrunkApplicationStarted', (e) => (window.firstModule = e.detail.wasm));
          // As build/loader.js has it until the rest arrives: the first frame draws without the side panels.
          window.restPending = true;
        },
      });
      await page.waitForFunction(() => window.firstModule && document.querySelector('#canvas .nodes g'), null, {
        timeout: 60_000,
      });
      // The first frame is painted after the first animation frame's callbacks run; wait for two more.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      // And a second more: what a slow machine runs before it gets to show that frame, or soon after.
      await page.waitForTimeout(1000);
      await page.evaluate(exerciseAllocator);
      const bytes = await page.evaluate(() => {
        const m = window.firstModule;
        const size = 1 << 16;
        const at = m.__wbindgen_malloc(size, 1);
        const length = m.__write_profile(at, size);
        return Array.from(new Uint8Array(m.memory.buffer, at, length));
      });
      if (errors.length) throw new Error(`the instrumented page failed: ${errors.join('; ')}`);
      profiles.push(`${out}.${slowdown}`);
      writeFileSync(profiles.at(-1), Buffer.from(bytes));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  run('wasm-split', ['--merge-profiles', ...profiles, '-o', out]);
}

// Runs, in the profiled page, every path of the allocator (talc), not only those the first frame took:
// which one a page takes depends on how its heap has grown, and one left in the rest would stop the page to
// fetch it at any moment (a block shrunk in place, soon after the first frame on a slow machine, once did).
// Small and large blocks, aligned or not, grown and shrunk, freed beside free ones, and one that grows memory.
function exerciseAllocator() {
  const m = window.firstModule;
  const blocks = [];
  for (const align of [1, 8, 32]) {
    for (const size of [1, 12, 40, 200, 700, 3000, 20_000, 300_000]) {
      blocks.push({ at: m.__wbindgen_malloc(size, align), size, align });
    }
  }
  blocks.push({ at: m.__wbindgen_malloc(8 << 20, 8), size: 8 << 20, align: 8 });
  const resize = (block, size) => {
    block.at = m.__wbindgen_realloc(block.at, block.size, size, block.align);
    block.size = size;
  };
  for (const block of blocks) {
    resize(block, block.size * 3 + 5);
    resize(block, Math.max(1, block.size >> 3));
  }
  // Every other block, then the rest: each freed block merges with the free ones beside it.
  for (const odd of [1, 0]) {
    blocks.forEach((block, i) => i % 2 === odd && m.__wbindgen_free(block.at, block.size, block.align));
  }
}

function integrity(file) {
  return `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
