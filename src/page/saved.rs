//! Nothing lost on reload: the session (the same parameters a shared link carries, and which panels are
//! open) is kept in the browser's local storage, and a page opened without parameters picks it up again.
//!
//! What is stored is a query string, read back by the same validating parser as the address, so a stored
//! value can do nothing an address could not. A value this version did not write, or one that fails
//! validation, is ignored with a message and removed.

use crate::page::url::UrlSettings;

const KEY: &str = "consensus-lab.session";
/// Marks values this format wrote; anything else in the key is foreign.
const VERSION: &str = "v1?";
/// The longest value read back: an hour of actions fits many times over.
const MAX_LEN: usize = 2 << 20;

/// What became of a stored session when the page opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Restored {
    /// Nothing stored, or the address asked for something itself.
    Nothing,
    /// The stored session is open again.
    Session,
    /// Something was stored but could not be used; why, in one sentence.
    Ignored(String),
}

fn storage() -> Option<web_sys::Storage> {
    // Storage can be switched off, or refused to a sandboxed frame: then nothing is saved, and nothing breaks.
    web_sys::window()?.local_storage().ok()?
}

thread_local! {
    /// The session's parameters as last written down, for a bug report after a panic, when the lab itself
    /// may be out of reach; and what they were written from (actions, seed, size), to skip needless writes.
    static LAST: std::cell::RefCell<(String, (usize, u64, u8))> = Default::default();
}

/// Writes down the session's parameters: what a shared link would carry, and whether the diagram is open.
fn remember(lab: &crate::model::lab::Lab, diagram_open: bool) -> Option<String> {
    let mut pairs = crate::page::permalink::share_query(lab);
    if diagram_open {
        pairs.push(("diagram", "1".to_string()));
    }
    let query = crate::page::permalink::query_string(pairs)?;
    let from = (lab.travel.history.len(), lab.seed(), lab.size());
    LAST.with(|last| *last.borrow_mut() = (query.clone(), from));
    Some(query)
}

/// Writes the session down after an action, if it took one (or started another cluster).
pub fn after_action(lab: &crate::model::lab::Lab, diagram_open: bool) {
    let from = (lab.travel.history.len(), lab.seed(), lab.size());
    if LAST.with(|last| last.borrow().1 != from) {
        remember(lab, diagram_open);
    }
}

/// The address of the session as last written down: the bug report a panic offers.
pub fn bug_report_link() -> Option<String> {
    let location = web_sys::window()?.location();
    let query = LAST.with(|last| last.borrow().0.clone());
    Some(format!(
        "{}{}?{query}",
        location.origin().ok()?,
        location.pathname().ok()?
    ))
}

/// Saves the session. A lab in a frame saves nothing: its host page's address says what it shows, and
/// several frames would overwrite each other.
pub fn save(lab: &crate::model::lab::Lab, diagram_open: bool) {
    let Some(query) = remember(lab, diagram_open) else {
        return;
    };
    let Some(window) = web_sys::window() else { return };
    let framed = window.top().ok().flatten().is_some_and(|top| top != window);
    let Some(storage) = storage().filter(|_| !framed) else {
        return;
    };
    let value = format!("{VERSION}{query}");
    if storage.get_item(KEY).ok().flatten().as_deref() != Some(value.as_str()) {
        let _ = storage.set_item(KEY, &value);
    }
}

/// Forgets the stored session.
pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}

/// The settings to open with: the address's own when it has any, else the stored session's. An address
/// that names a cluster and nothing done in it (as the address bar does, see `address.rs`) gets the stored
/// session back when it ran that same cluster: a reload loses nothing.
pub fn or_stored(address: UrlSettings, address_empty: bool) -> (UrlSettings, Restored) {
    let names_a_cluster =
        address.seed.is_some() && address.session.is_none() && address.at.is_none() && address.positions.is_none();
    if !address_empty && !names_a_cluster {
        return (address, Restored::Nothing);
    }
    let Some(value) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return (address, Restored::Nothing);
    };
    match read(&value) {
        Ok(stored) if address_empty => (stored, Restored::Session),
        Ok(stored) if same_cluster(&address, &stored) => (
            UrlSettings {
                session: stored.session,
                at: stored.at,
                positions: stored.positions,
                diagram: address.diagram || stored.diagram,
                ..address
            },
            Restored::Session,
        ),
        Ok(_) => (address, Restored::Nothing),
        Err(why) if address_empty => {
            clear();
            (address, Restored::Ignored(why))
        }
        Err(_) => (address, Restored::Nothing),
    }
}

/// Whether two settings name the same cluster: protocol, size, seed, lesson or set-up, and bugs.
fn same_cluster(a: &UrlSettings, b: &UrlSettings) -> bool {
    let cluster = |s: &UrlSettings| {
        (
            s.protocol,
            s.nodes,
            s.seed,
            s.scenario.clone(),
            s.setup.clone(),
            s.bugs.clone(),
        )
    };
    cluster(a) == cluster(b)
}

/// Validates a stored value as an address would be validated.
pub fn read(value: &str) -> Result<UrlSettings, String> {
    if value.len() > MAX_LEN {
        return Err(crate::say!(
            "the session saved in this browser is too large to read, so it was ignored",
            "此浏览器中保存的会话太大，无法读取，已忽略"
        ));
    }
    let Some(query) = value.strip_prefix(VERSION) else {
        return Err(crate::say!(
            "the session saved in this browser was not written by this version, so it was ignored",
            "此浏览器中保存的会话不是由这个版本写入的，已忽略"
        ));
    };
    let settings = crate::page::url::parse(&crate::page::url::pairs(query));
    if let Some(problem) = settings.problems.first() {
        return Err(crate::say!(
            "the session saved in this browser could not be read ({problem}), so it was ignored",
            "此浏览器中保存的会话无法读取（{problem}），已忽略"
        ));
    }
    Ok(settings)
}

/// How often a running session is saved, in milliseconds, besides when the page is hidden or closed.
const EVERY_MS: u32 = 2_000;

/// Keeps the stored session up to date: every two seconds, and when the page is hidden or left.
#[yew::hook]
pub fn use_saving(
    lab: std::rc::Rc<std::cell::RefCell<crate::model::lab::Lab>>,
    view: std::rc::Rc<std::cell::RefCell<crate::page::handlers::View>>,
) {
    yew::use_effect_with((), move |_| {
        let write = std::rc::Rc::new(move || {
            // A borrow can fail only inside a panic; skip that save rather than add a second panic.
            if let (Ok(lab), Ok(view)) = (lab.try_borrow(), view.try_borrow()) {
                save(&lab, view.diagram_open);
            }
        });
        let every = {
            let write = write.clone();
            gloo_timers::callback::Interval::new(EVERY_MS, move || write())
        };
        let listeners: Vec<gloo_events::EventListener> = match web_sys::window() {
            Some(window) => ["pagehide", "visibilitychange"]
                .into_iter()
                .map(|event| {
                    let write = write.clone();
                    gloo_events::EventListener::new(&window, event, move |_| write())
                })
                .collect(),
            None => Vec::new(),
        };
        // Dropping the interval and the listeners stops them.
        move || drop((every, listeners))
    });
}
