//! The event feed's sentences for the commit protocols, in both languages.

use consensus_sim::commit::{Note, Why};
use consensus_sim::NodeId;

use crate::words::i18n::{language, Lang};
use crate::words::narrate::Told;

fn nodes(set: u16) -> String {
    let ids: Vec<NodeId> = (1..16u8).filter(|n| set & (1 << n) != 0).collect();
    crate::words::narrate::names(&ids)
}

fn why_en(why: Why) -> String {
    match why {
        Why::AllYes => "every participant voted yes".into(),
        Why::VotedNo(p) => format!("P{p} voted no"),
        Why::TimedOut => "it gave up waiting for a vote".into(),
        Why::Presumed => "it has no record of it, so it was never decided (presumed abort)".into(),
        Why::Terminated => "the states it gathered (3PC's termination protocol)".into(),
        Why::Unilateral => "it gave up alone, though it voted yes (a deliberate bug)".into(),
    }
}

fn why_zh(why: Why) -> String {
    match why {
        Why::AllYes => "所有参与者都投了赞成票".into(),
        Why::VotedNo(p) => format!("P{p} 投了反对票"),
        Why::TimedOut => "它不再等待投票".into(),
        Why::Presumed => "它没有这个事务的记录，所以从未做出决定（推定中止）".into(),
        Why::Terminated => "它收集到的状态（3PC 的终止协议）".into(),
        Why::Unilateral => "它独自放弃了，尽管它投过赞成票（一个故意的缺陷）".into(),
    }
}

fn en(id: NodeId, note: &Note) -> String {
    let outcome = |commit: bool| if commit { "commit" } else { "abort" };
    match *note {
        Note::Began { txn, participants } => {
            format!("S{id} began T{txn} and asked {} to prepare", nodes(participants))
        }
        Note::Voted { txn, yes, forced } => format!(
            "S{id} voted {} on T{txn}{}",
            if yes {
                "yes, after logging Prepared: it is in doubt until it hears the outcome"
            } else {
                "no, and aborted"
            },
            if forced { " (as it was told to)" } else { "" }
        ),
        Note::Overdrawn { txn, account } => format!("S{id}: T{txn} would take account {account} below zero"),
        Note::Waiting { txn, holder, account } => {
            format!("S{id}: T{txn} waits for account {account}, locked by T{holder}")
        }
        Note::Decided { txn, commit, why } => {
            format!("S{id} decided to {} T{txn}: {}", outcome(commit), why_en(why))
        }
        Note::Learned { txn, commit, from } => {
            format!("S{id} learned from S{from} that T{txn} is to {}", outcome(commit))
        }
        Note::Asked { txn, asked } => {
            format!(
                "S{id} is in doubt about T{txn} and asks {} for the outcome",
                nodes(asked)
            )
        }
        Note::PreCommitted { txn } => format!("S{id} pre-committed T{txn}: every participant voted yes"),
        Note::Terminating { txn } => {
            format!("S{id} lost the coordinator of T{txn} and gathers the other participants' states")
        }
        Note::Recovered { records, in_doubt } => {
            format!("S{id} restarted and read {records} log records: in doubt about {in_doubt} transactions")
        }
        Note::TookOver { txn, ballot } => {
            format!("S{id} takes over T{txn} with ballot {ballot}: Phase 1 for every participant's vote")
        }
        Note::Chosen {
            txn,
            instance,
            prepared,
        } => format!(
            "S{id} learned P{instance}'s vote on T{txn} is chosen: {}",
            if prepared { "prepared" } else { "aborted" }
        ),
    }
}

fn zh(id: NodeId, note: &Note) -> String {
    let outcome = |commit: bool| if commit { "提交" } else { "中止" };
    match *note {
        Note::Began { txn, participants } => format!("S{id} 开始了 T{txn}，请求 {} 准备", nodes(participants)),
        Note::Voted { txn, yes, forced } => format!(
            "S{id} 对 T{txn} 投了{}{}",
            if yes {
                "赞成票，此前已记录 Prepared：在得知结果之前它处于不确定状态"
            } else {
                "反对票，并已中止"
            },
            if forced { "（按照指示）" } else { "" }
        ),
        Note::Overdrawn { txn, account } => format!("S{id}：T{txn} 会让账户 {account} 低于零"),
        Note::Waiting { txn, holder, account } => format!("S{id}：T{txn} 在等待账户 {account}，它被 T{holder} 锁住"),
        Note::Decided { txn, commit, why } => format!("S{id} 决定{} T{txn}：{}", outcome(commit), why_zh(why)),
        Note::Learned { txn, commit, from } => format!("S{id} 从 S{from} 得知 T{txn} 要{}", outcome(commit)),
        Note::Asked { txn, asked } => format!("S{id} 对 T{txn} 处于不确定状态，向 {} 询问结果", nodes(asked)),
        Note::PreCommitted { txn } => format!("S{id} 预提交了 T{txn}：所有参与者都投了赞成票"),
        Note::Terminating { txn } => format!("S{id} 失去了 T{txn} 的协调者，正在收集其他参与者的状态"),
        Note::Recovered { records, in_doubt } => {
            format!("S{id} 重启并读取了 {records} 条日志记录：对 {in_doubt} 个事务处于不确定状态")
        }
        Note::TookOver { txn, ballot } => format!("S{id} 以选票 {ballot} 接管 T{txn}：对每个参与者的投票运行阶段 1"),
        Note::Chosen {
            txn,
            instance,
            prepared,
        } => format!(
            "S{id} 得知 P{instance} 对 T{txn} 的投票已被选定：{}",
            if prepared { "已准备" } else { "已中止" }
        ),
    }
}

impl Told for Note {
    fn sentence(&self, id: NodeId) -> String {
        match language() {
            Lang::En => en(id, self),
            Lang::ZhCn => zh(id, self),
        }
    }
}
