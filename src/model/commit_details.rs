//! What the inspector shows of a commit protocol's node: a participant's account, lock and transactions; a
//! coordinator's transactions and their votes; an acceptor's highest ballot. Every node's log is its
//! write-ahead log, which the log table shows.

use consensus_sim::commit::{CommitNode, Phase};
use consensus_sim::protocol::txn::TxnState;
use consensus_sim::trace::fingerprint;
use consensus_sim::NodeView;

use crate::model::details::{Details, Table};
use crate::words::i18n::Text;

/// The most recent transactions a table lists.
const SHOWN: usize = 8;

/// A transaction state as the page says it.
pub fn state_text(state: TxnState) -> String {
    match state {
        TxnState::Waiting => crate::say!("waiting for the lock", "等待锁"),
        TxnState::Prepared => crate::say!("prepared, in doubt", "已准备，不确定"),
        TxnState::PreCommitted => crate::say!("pre-committed, in doubt", "已预提交，不确定"),
        TxnState::Committed => crate::say!("committed", "已提交"),
        TxnState::Aborted => crate::say!("aborted", "已中止"),
    }
}

fn nodes(set: u16) -> String {
    (1..16u8)
        .filter(|n| set & (1 << n) != 0)
        .map(|n| format!("S{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Details for CommitNode {
    /// A participant's account and balance ("a = 90"); the coordinator's and an acceptor's part.
    fn badge(&self) -> String {
        match self.account() {
            Some(account) => format!("{account} = {}", self.balance),
            None if self.is_coordinator() => crate::say!("coordinator", "协调者"),
            None => crate::say!("acceptor", "接受者"),
        }
    }

    fn badge_hint(&self) -> Option<String> {
        let p = self.participant()?;
        let account = self.account()?;
        Some(crate::say!(
            "Participant P{p} holds account {account}: its balance with every committed transaction applied.",
            "参与者 P{p} 持有账户 {account}：这是应用了所有已提交事务后的余额。"
        ))
    }

    fn role_label(&self) -> Text {
        if self.is_coordinator() {
            Text::Coordinator
        } else if self.participant().is_some() {
            Text::Participant
        } else {
            Text::CommitAcceptor
        }
    }

    fn timeout_action(&self) -> Text {
        Text::LookNow
    }

    fn facts(&self) -> Vec<(Text, String)> {
        let mut facts = Vec::new();
        if let Some(account) = self.account() {
            facts.push((Text::Account, account.to_string()));
            facts.push((Text::Balance, self.balance.to_string()));
            facts.push((
                Text::LockHeldBy,
                self.lock.map_or("—".to_string(), |txn| format!("T{txn}")),
            ));
        }
        if self.is_acceptor() {
            facts.push((Text::HighestBallot, self.term().to_string()));
        }
        facts.push((Text::LogRecords, self.wal.len().to_string()));
        facts
    }

    /// A participant's account, as the state machine.
    fn state_machine(&self) -> Vec<(String, String)> {
        self.account()
            .map(|a| vec![(a.to_string(), self.balance.to_string())])
            .unwrap_or_default()
    }

    fn tables(&self, _size: u8) -> Vec<Table> {
        let mut tables = Vec::new();
        let txn = crate::say!("Transaction", "事务");
        if !self.parts.is_empty() {
            tables.push(Table {
                title: Text::Transactions,
                columns: vec![txn.clone(), crate::say!("State", "状态")],
                rows: self
                    .parts
                    .iter()
                    .rev()
                    .take(SHOWN)
                    .map(|(id, part)| (format!("T{id}"), vec![state_text(part.state)]))
                    .collect(),
            });
        }
        if !self.coordinations.is_empty() {
            tables.push(Table {
                title: Text::Coordinating,
                columns: vec![
                    txn,
                    crate::say!("Phase", "阶段"),
                    crate::say!("Yes votes", "赞成票"),
                    crate::say!("Acknowledged", "已确认"),
                ],
                rows: self
                    .coordinations
                    .iter()
                    .rev()
                    .take(SHOWN)
                    .map(|(id, c)| {
                        let phase = match c.phase {
                            Phase::Voting => crate::say!("collecting votes", "收集投票"),
                            Phase::PreCommitting => crate::say!("pre-committing", "预提交"),
                            Phase::Decided(true) => crate::say!("commit", "提交"),
                            Phase::Decided(false) => crate::say!("abort", "中止"),
                        };
                        (format!("T{id}"), vec![phase, nodes(c.yes), nodes(c.acks)])
                    })
                    .collect(),
            });
        }
        tables
    }

    fn fingerprint(&self) -> u64 {
        fingerprint(&(
            self.wal.len(),
            self.balance,
            self.lock,
            self.coordinations.values().map(|c| (c.yes, c.acks)).collect::<Vec<_>>(),
        ))
    }
}
