//! The live check against the whole check: a history played into `Live` as a run would play it (each call
//! when it happens, each return when it happens) finds what `check` finds.

use consensus_sim::history::{History, Outcome};
use consensus_sim::linearizability::{check, Live, NotLinearizable};

fn history(ops: &str) -> History {
    History::parse(&format!("{{\"version\": 1, \"operations\": [{ops}]}}")).expect("a valid history")
}

/// Plays a history into the live check as a run would: each call when it happens, each return when it
/// happens (a null return: still outstanding at the end). Returns the first violation.
fn live(ops: &str) -> Result<(), NotLinearizable> {
    live_given_up(ops).0
}

/// As `live`, with how many checks gave up.
fn live_given_up(ops: &str) -> (Result<(), NotLinearizable>, u64) {
    let full = history(ops);
    let mut moments: Vec<(u64, bool, usize)> = Vec::new();
    for (i, op) in full.operations.iter().enumerate() {
        moments.push((op.call_us, false, i));
        if let Some(r) = op.return_us {
            moments.push((r, true, i));
        }
    }
    moments.sort();
    let mut so_far = History::default();
    let mut at = vec![0; full.operations.len()];
    let mut live = Live::default();
    for (_, is_return, i) in moments {
        if is_return {
            so_far.operations[at[i]] = full.operations[i].clone();
            if let Err(found) = live.returned(&so_far, at[i]) {
                return (Err(found), live.given_up);
            }
        } else {
            let mut pending = full.operations[i].clone();
            (pending.outcome, pending.return_us, pending.answer) = (Outcome::Info, None, None);
            so_far.operations.push(pending);
            at[i] = so_far.operations.len() - 1;
            live.called(&so_far, at[i]);
        }
    }
    (Ok(()), live.given_up)
}

#[test]
fn the_live_check_settles_under_load_without_losing_an_outstanding_read() {
    // C2's get is outstanding while both puts return and settle; it may still fall between them.
    let read = |value: &str| {
        format!(
            r#"{{ "client": 1, "op": "put", "key": "x", "value": "1", "call_us": 0, "return_us": 10, "outcome": "ok" }},
               {{ "client": 2, "op": "get", "key": "x", "call_us": 11, "return_us": 25, "outcome": "ok", "result": {value} }},
               {{ "client": 3, "op": "put", "key": "x", "value": "2", "call_us": 12, "return_us": 20, "outcome": "ok" }},
               {{ "client": 4, "op": "put", "key": "x", "value": "3", "call_us": 30, "return_us": 40, "outcome": "ok" }},
               {{ "client": 5, "op": "get", "key": "x", "call_us": 50, "return_us": 60, "outcome": "ok", "result": "3" }}"#
        )
    };
    assert_eq!(live(&read("\"1\"")), Ok(()));
    assert_eq!(live(&read("\"2\"")), Ok(()));
    assert_eq!(live(&read("null")).unwrap_err().operation, 1);
}

#[test]
fn the_live_check_carries_a_write_given_up_on_past_settled_operations() {
    // C1 gave up on its put of 9; later writes settle; a read may still see 9 take effect late, or never.
    let ops = |late: &str| {
        format!(
            r#"{{ "client": 1, "op": "put", "key": "x", "value": "9", "call_us": 0, "return_us": 5, "outcome": "info" }},
               {{ "client": 2, "op": "put", "key": "x", "value": "1", "call_us": 10, "return_us": 20, "outcome": "ok" }},
               {{ "client": 3, "op": "get", "key": "x", "call_us": 30, "return_us": 40, "outcome": "ok", "result": "1" }},
               {{ "client": 4, "op": "get", "key": "x", "call_us": 50, "return_us": 60, "outcome": "ok", "result": {late} }}"#
        )
    };
    assert_eq!(live(&ops("\"9\"")), Ok(()));
    assert_eq!(live(&ops("\"1\"")), Ok(()));
    assert_eq!(live(&ops("\"2\"")).unwrap_err().operation, 3);
}

#[test]
fn the_live_check_agrees_with_the_whole_check_on_drawn_histories() {
    use consensus_sim::hard_histories::{draw, Shape};
    let shape = Shape {
        clients: 5,
        operations: 400,
        keys: 2,
        info_percent: 3,
        longest: 500,
    };
    // It never reports what the whole check does not; it finds everything the whole check finds, unless a
    // check ran out of its budget (a read against many writes given up on).
    let mut gave_up = 0;
    for seed in 1..=20 {
        for stale in [false, true] {
            let h = draw(seed, shape, stale);
            let text = h.to_text();
            let body = text[text.find('[').unwrap() + 1..text.rfind(']').unwrap()].to_string();
            let (found, given_up) = live_given_up(&body);
            let whole = check(&h).is_ok();
            if given_up == 0 {
                assert_eq!(found.is_ok(), whole, "seed {seed}, stale {stale}");
            } else {
                gave_up += 1;
                assert!(found.is_ok() || !whole, "seed {seed}, stale {stale}");
            }
        }
    }
    assert!(gave_up <= 4, "{gave_up} of 40 histories gave up");
}
