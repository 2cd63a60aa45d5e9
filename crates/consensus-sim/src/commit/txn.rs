//! A transaction as a client writes it: "a-10 b+10" moves 10 from account a to account b. Account a lives
//! at participant P1, b at P2, and so on up to h at P8; every account starts at 100.

use std::fmt;
use std::rc::Rc;

/// What every account holds before any transaction.
pub const OPENING_BALANCE: i64 = 100;

/// The largest amount one write may move.
pub const MAX_AMOUNT: i64 = 1_000_000;

/// One write of a transaction: add `delta` to `account`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Write {
    /// 'a' to 'h'.
    pub account: char,
    pub delta: i64,
}

impl Write {
    /// The participant that holds the account: 1 for a.
    pub fn participant(self) -> u8 {
        self.account as u8 - b'a' + 1
    }
}

impl fmt::Display for Write {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:+}", self.account, self.delta)
    }
}

/// A transaction's writes, shared by every message and log record that carries them.
pub type Writes = Rc<[Write]>;

/// The writes as a client wrote them: "a-10 b+10".
pub fn text(writes: &[Write]) -> String {
    writes.iter().map(|w| w.to_string()).collect::<Vec<_>>().join(" ")
}

/// Reads "a-10 b+10" for a cluster with `participants` participants, or says what is wrong.
pub fn parse(text: &str, participants: u8) -> Result<Writes, String> {
    let last = (b'a' + participants.max(1) - 1) as char;
    let mut writes: Vec<Write> = Vec::new();
    for token in text.split_whitespace() {
        let mut chars = token.chars();
        let account = chars.next().unwrap_or(' ');
        let amount = chars.as_str();
        if !account.is_ascii_lowercase() || account > last {
            return Err(format!(
                "\"{token}\": the account must be a letter from a to {last} (one per participant, {participants} participants)"
            ));
        }
        let delta = match amount.strip_prefix('+').or(amount.strip_prefix('-')) {
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => digits
                .parse::<i64>()
                .ok()
                .filter(|&d| d <= MAX_AMOUNT)
                .map(|d| if amount.starts_with('-') { -d } else { d }),
            _ => None,
        };
        let Some(delta) = delta else {
            return Err(format!(
                "\"{token}\": expected the account, then + or - and an amount up to {MAX_AMOUNT}, as \"a-10\""
            ));
        };
        if writes.iter().any(|w| w.account == account) {
            return Err(format!("\"{token}\": account {account} is written twice"));
        }
        writes.push(Write { account, delta });
    }
    if writes.is_empty() {
        return Err("a transaction needs at least one write, as \"a-10 b+10\"".into());
    }
    Ok(writes.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_reads_as_two_writes() {
        let writes = parse("a-10  b+10", 3).unwrap();
        assert_eq!(
            &*writes,
            &[
                Write {
                    account: 'a',
                    delta: -10
                },
                Write {
                    account: 'b',
                    delta: 10
                }
            ]
        );
        assert_eq!(text(&writes), "a-10 b+10");
        assert_eq!(writes[1].participant(), 2);
    }

    #[test]
    fn bad_writes_say_what_is_wrong() {
        assert!(parse("d+1", 3).unwrap_err().contains("from a to c"));
        assert!(parse("a10", 3).unwrap_err().contains("\"a-10\""));
        assert!(parse("a+1 a-1", 3).unwrap_err().contains("twice"));
        assert!(parse("  ", 3).is_err());
        assert!(parse("a+99999999999999999999", 3).is_err());
    }
}
