// The page arrives with its first frame already drawn: the build ran the app and kept what it drew at t = 0
// (build/pages.mjs). That frame is right only for the address it was drawn for. This script runs before the
// body is parsed and decides, from the address, the language and what the browser has stored, whether the
// app will draw exactly that frame here. If so, the frame stays and the app takes it over without a visible
// change. If not, the frame is hidden (`data-frame="none"` on the root) and the page waits for the app, as it
// would without one.
//
// What may differ without changing the frame is set here: the seed (drawn at random when the address names
// none, and handed to the app in `data-seed`, so the frame and the run agree on it) and the theme.
(() => {
  const root = document.documentElement;
  const MAX_SEED = 18446744073709551615n;

  // The address, read as the app reads it (src/url.rs): only these parameters, with values the app accepts
  // without a notice, leave the frame as it was drawn.
  const kept = {
    seed: (v) => /^[0-9]{1,20}$/.test(v) && BigInt(v) <= MAX_SEED,
    lang: (v) => language(v) === 'en',
    theme: (v) => ['auto', 'light', 'dark'].includes(v),
  };
  // As `Lang::from_code` (src/i18n.rs): the primary subtag decides; traditional-script tags are not zh-CN.
  function language(tag) {
    const lower = tag.toLowerCase();
    const primary = lower.split(/[-_]/)[0];
    if (primary === 'en') return 'en';
    if (primary === 'zh' && !['tw', 'hk', 'mo', 'hant'].some((r) => lower.includes(r))) return 'zh-CN';
    return null;
  }
  function storedSession() {
    try {
      return window.top === window && localStorage.getItem('consensus-lab.session') !== null;
    } catch {
      return false; // storage switched off, or refused to this frame: the app finds nothing either
    }
  }

  const params = new URLSearchParams(location.search);
  let applies = [...params].every(([key, value]) => kept[key]?.(value));
  const asked = params.get('lang');
  const spoken = asked ? language(asked) : navigator.languages.map(language).find(Boolean) ?? 'en';
  if (spoken !== 'en') applies = false;
  // A plain address on the main page opens the session stored before a reload (src/saved.rs).
  if (location.search.length <= 1 && !root.dataset.lesson && storedSession()) applies = false;
  if (!applies) {
    root.dataset.frame = 'none';
    return;
  }

  const theme = params.get('theme');
  if (theme === 'light' || theme === 'dark') root.classList.add(`theme-${theme}`);
  // A lesson's page runs its lesson's own seed, whatever the address says.
  if (root.dataset.lesson) return;
  let seed = params.get('seed');
  if (seed === null) {
    // Only the choice of seed is random; the run that follows is fully determined by it.
    seed = crypto.getRandomValues(new BigUint64Array(1))[0].toString();
  }
  root.dataset.seed = seed;
  // The frame shows the seed it was drawn with: write this one there as the parser reaches it, before any paint.
  const shown = new MutationObserver(() => {
    const label = document.querySelector("#app .cluster .seed");
    if (label) {
      label.textContent = label.textContent.replace(/[0-9]+$/, seed);
      shown.disconnect();
    }
  });
  shown.observe(root, { childList: true, subtree: true });
  addEventListener('DOMContentLoaded', () => shown.disconnect());
})();
