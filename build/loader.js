// The page's loader, for a release build whose WebAssembly is split in two (build/split.mjs fills in the
// %NAMES%). The first module holds what the first frame runs; the rest follows in the background as soon
// as the first module is running. Until it arrives, each function of the rest sits in the function table
// as a placeholder: if one is called early, the rest is fetched on the spot, and the call goes on.
import init, * as bindings from './%GLUE%';

const REST = new URL('./%REST%', import.meta.url);
const PANELS = new URL('./%PANELS%', import.meta.url);
let exports; // the first module's, from the moment it is instantiated (its start function may need the rest)
let attached = false;

// The panels' style sheet, which the panels wait for: asked for once the first frame is drawn, or sooner if
// the rest is needed sooner. A sheet that fails to load leaves the panels plain, not missing.
let panelsStyled;
function stylePanels() {
  panelsStyled ??= new Promise((done) => {
    const link = Object.assign(document.createElement('link'), {
      rel: 'stylesheet',
      href: PANELS,
      integrity: '%PANELS_INTEGRITY%',
      onload: done,
      onerror: done,
    });
    document.head.append(link);
  });
  return panelsStyled;
}

// An instance of the rest writes its functions over the placeholders in the first module's table, and its
// constants into the shared memory. The app, told in a task of its own (never inside the call that needed the
// rest) once the panels' styles are in too, then draws what waited for it (src/rest.rs).
function attach(module) {
  if (!attached) {
    new WebAssembly.Instance(module, { primary: exports });
    attached = true;
    stylePanels().then(() =>
      setTimeout(() => {
        window.restPending = false;
        dispatchEvent(new Event('restloaded'));
      }),
    );
  }
}

// A placeholder was called before the rest arrived: fetch it now, synchronously, since the call waits.
function attachNow() {
  const request = new XMLHttpRequest();
  request.open('GET', REST, false);
  // Binary over a synchronous request: each byte arrives as one character.
  request.overrideMimeType('text/plain; charset=x-user-defined');
  try {
    request.send();
  } catch (e) {
    failed(e.message);
  }
  if (request.status !== 200) failed(`HTTP ${request.status}`);
  const text = request.responseText;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  attach(new WebAssembly.Module(bytes));
}

// Every call into the rest fails from now on; the page says so once.
function failed(why) {
  if (document.getElementById('error-panel')) throw new Error(`the rest of Consensus Lab is missing: ${why}`);
  const panel = document.createElement('section');
  panel.id = 'error-panel';
  panel.setAttribute('role', 'alert');
  panel.textContent = document.documentElement.lang === 'zh-CN'
    ? `Consensus Lab 的一部分未能加载（${why}）。请重新加载页面。`
    : `Part of Consensus Lab could not be loaded (${why}). Reload the page to try again.`;
  document.body.prepend(panel);
  throw new Error(`the rest of Consensus Lab could not be loaded: ${why}`);
}

// The placeholders are imported from "p"; the table slot of each is its import name, in base 36.
const placeholders = new Proxy({}, {
  get: (_, name) => (...args) => {
    const slot = parseInt(name, 36);
    // Once the rest is in place no placeholder is left in the table; one called then would call itself forever.
    if (attached) failed(`nothing of the rest in table slot ${slot}`);
    attachNow();
    return exports.table.get(slot)(...args);
  },
});

// wasm-bindgen's glue builds the import object itself; the first module also imports the placeholders, and
// its exports are wanted before the glue hands them over.
const { instantiate, instantiateStreaming } = WebAssembly;
const withPlaceholders = (imports) => ({ ...imports, p: placeholders });
const keep = (result) => {
  exports = (result.instance ?? result).exports;
  return result;
};
WebAssembly.instantiate = (source, imports) => instantiate(source, withPlaceholders(imports)).then(keep);
WebAssembly.instantiateStreaming = (source, imports) =>
  instantiateStreaming(source, withPlaceholders(imports)).then(keep);
window.restPending = true;
try {
  await init({ module_or_path: './%PRIMARY%' }); // resolves to the same exports
} finally {
  Object.assign(WebAssembly, { instantiate, instantiateStreaming });
}

// The rest and the panels' styles, in the background. If the rest fails, attachNow tries once more (and says
// so if it fails too): the panels wait for the rest.
stylePanels();
if (!attached) fetch(REST, { integrity: '%REST_INTEGRITY%' })
  .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(response.status))))
  .then((bytes) => WebAssembly.compile(bytes))
  .then(attach)
  .catch(() => setTimeout(() => attached || attachNow()));

window.wasmBindings = bindings;
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: exports } }));
