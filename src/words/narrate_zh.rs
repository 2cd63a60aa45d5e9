//! The Simplified Chinese half of `narrate.rs`: the event feed's sentences, with the same facts as the
//! English. Node names, terms, indexes, ballots and values are printed exactly as the English prints them,
//! and message names stay as the papers spell them, so a student can match a sentence to the canvas and
//! to the paper.

use crate::words::number::short;
use consensus_sim::paxos::Note as PaxosNote;
use consensus_sim::raft::{AppendRefusal, Note, VoteRefusal};
use consensus_sim::Action;

/// What a Raft node decided, in Simplified Chinese.
pub fn raft_sentence(id: u8, note: &Note) -> String {
    match *note {
        Note::StartedElection { term } => format!("S{id} 超时了，发起任期 {term} 的选举"),
        Note::StartedPreVote { term } => {
            format!("S{id} 超时了，先询问自己能否赢得任期 {term}（PreVote）")
        }
        Note::BecameLeader { term } => format!("S{id} 赢得多数派的选票，成为任期 {term} 的领导者"),
        Note::SteppedDown { term } => format!("S{id} 在任期 {term} 退回为跟随者"),
        Note::LostQuorum { term } => {
            format!("S{id} 收到回应的跟随者太少，放弃了任期 {term} 的领导权（CheckQuorum）")
        }
        Note::GrantedVote {
            candidate,
            term,
            pre_vote,
        } => {
            if pre_vote {
                format!("S{id} 愿意在任期 {term} 投票给 S{candidate}")
            } else {
                format!("S{id} 在任期 {term} 投票给了 S{candidate}")
            }
        }
        Note::RefusedVote {
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let why = match reason {
                VoteRefusal::StaleTerm { ours } => format!("它的任期 {term} 落后于 S{id} 的任期 {ours}"),
                VoteRefusal::AlreadyVoted { for_node } if for_node == id => {
                    format!("S{id} 在任期 {term} 已经投票给了自己")
                }
                VoteRefusal::AlreadyVoted { for_node } => format!("S{id} 在任期 {term} 已经投票给了 S{for_node}"),
                VoteRefusal::LogBehind { theirs, ours } => format!(
                    "它的日志（最后任期 {}，索引 {}）落后于 S{id} 的日志（最后任期 {}，索引 {}）",
                    theirs.0, theirs.1, ours.0, ours.1
                ),
                VoteRefusal::LeaderAlive => format!("S{id} 仍能收到领导者的消息"),
            };
            let what = if pre_vote { "预投票" } else { "投票" };
            format!("S{id} 拒绝在任期 {term} 给 S{candidate} {what}：{why}")
        }
        Note::RejectedAppend { leader, reason } => {
            let why = match reason {
                AppendRefusal::StaleTerm { ours } => format!("它的任期落后于 S{id} 的任期 {ours}"),
                AppendRefusal::MissingEntry { index } => format!("索引 {index} 处没有条目"),
                AppendRefusal::TermMismatch { index, ours, theirs } => {
                    format!("索引 {index} 处条目的任期是 {ours}，而不是 {theirs}")
                }
            };
            format!("S{id} 拒绝了来自 S{leader} 的 AppendEntries：{why}")
        }
        // A Chinese noun has one form for every count, so unlike the English there is no plural to pick.
        Note::AppendedEntries {
            leader,
            count,
            last_index,
        } => format!("S{id} 追加了来自 S{leader} 的 {count} 个条目，直到索引 {last_index}"),
        Note::TruncatedLog { index } => {
            format!("S{id} 删除了自己从索引 {index} 起相互冲突的条目")
        }
        Note::LoggedRequest { index } => format!("S{id} 把客户端的命令记入日志，位于索引 {index}"),
        Note::AdvancedCommit { index } => format!("S{id} 得知直到索引 {index} 的条目都已提交"),
        Note::TookSnapshot { index, term } => {
            format!("S{id} 为状态机写下截至条目 {index}（任期 {term}）的快照，并丢弃了到此为止的日志")
        }
        Note::InstalledSnapshot { leader, index } => {
            format!("S{id} 安装了 S{leader} 截至条目 {index} 的快照，并从中载入状态机")
        }
        Note::TransferStarted { to } => {
            format!("S{id} 开始把领导权移交给 S{to}：在 S{to} 拥有它的全部日志之前，它不接受客户端命令")
        }
        Note::TransferRefused { to } if to == id => format!("S{id} 已经是领导者：没有可移交的对象"),
        Note::TransferRefused { to } => format!("S{id} 无法把领导权移交给 S{to}：S{to} 不是成员"),
        Note::SentTimeoutNow { to } => format!("S{to} 已拥有 S{id} 的全部日志：S{id} 向它发送了 TimeoutNow"),
        Note::TimedOutNow { leader } => format!("S{id} 收到 S{leader} 的 TimeoutNow，按要求立即发起选举"),
        Note::TransferAborted { to } => {
            format!("一个选举超时内没有新的领导者：S{id} 放弃向 S{to} 移交领导权，重新接受命令")
        }
    }
}

/// What a Paxos proposer, acceptor or learner decided, in Simplified Chinese.
pub fn paxos_sentence(id: u8, note: PaxosNote) -> String {
    match note {
        PaxosNote::StartedPhase1 { ballot, from_slot } if from_slot > 1 => {
            format!("S{id} 以选票编号 {ballot} 开始第一阶段，询问从槽位 {from_slot} 起的各个槽位")
        }
        PaxosNote::StartedPhase1 { ballot, .. } => format!("S{id} 以选票编号 {ballot} 开始第一阶段"),
        PaxosNote::Promised { proposer, ballot } => {
            format!("S{id} 向 S{proposer} 承诺忽略低于 {ballot} 的选票编号")
        }
        PaxosNote::RefusedPrepare {
            proposer,
            ballot,
            promised,
        } => format!("S{id} 拒绝了 S{proposer} 的 Prepare {ballot}：它已承诺了选票编号 {promised}"),
        PaxosNote::WonPhase1 { ballot, adopted, noops } => {
            let mut carried = Vec::new();
            if adopted > 0 {
                carried.push(format!("重新提议承诺中报告的 {adopted} 个值"));
            }
            if noops > 0 {
                carried.push(format!("用空操作填补 {noops} 个空缺"));
            }
            let tail = if carried.is_empty() {
                String::new()
            } else {
                format!("，{}", carried.join("，并"))
            };
            format!("S{id} 已从多数派收到对选票编号 {ballot} 的承诺，开始第二阶段{tail}")
        }
        PaxosNote::Accepted {
            proposer,
            ballot,
            slot,
            count,
            value,
        } => {
            let value = value.as_deref().unwrap_or("空操作");
            let slots = if count == 1 {
                format!("槽位 {slot}")
            } else {
                format!("从槽位 {slot} 起的 {count} 个槽位")
            };
            format!("S{id} 接受了 S{proposer} 在选票编号 {ballot} 中为{slots}提出的值（首个为 {value}）")
        }
        PaxosNote::RefusedAccept {
            proposer,
            ballot,
            promised,
        } => format!("S{id} 拒绝了 S{proposer} 的 Accept {ballot}：它已承诺了选票编号 {promised}"),
        PaxosNote::Preempted { ballot, by } => {
            format!("S{id} 看到了比自己的 {ballot} 更高的选票编号 {by}，于是停止提议")
        }
        PaxosNote::Proposed { slot } => format!("S{id} 为槽位 {slot} 提议了客户端的命令"),
        PaxosNote::Chosen { slot } => format!("多数派接受了 S{id} 在槽位 {slot} 的值：它已被选定"),
        PaxosNote::Learned { through: 1 } => format!("S{id} 学到了槽位 1 上被选定的值"),
        PaxosNote::Learned { through } => format!("S{id} 学到了直到槽位 {through} 的所有已选定的值"),
        PaxosNote::BackedOff => {
            format!("S{id} 先退避一段随机时间（每被超越一次就更长），再尝试更高的选票编号")
        }
    }
}

/// `who` did `action`: "你" for the reader, "课程" for a lesson's script.
/// `who` did `action`, in Simplified Chinese.
pub fn action_sentence(action: &Action, who: &str) -> String {
    match action {
        Action::Crash(id) => format!("{who}让 S{id} 崩溃了"),
        Action::Restart(id) => format!("{who}重启了 S{id}；它从持久化的状态中恢复"),
        Action::Disconnect(id) => format!("{who}把 S{id} 从网络中断开了"),
        Action::Connect(id) => format!("{who}重新连接了 S{id}"),
        Action::Cut { from, to, oneway: true } => format!("{who}切断了从 S{from} 到 S{to} 的单向链路"),
        Action::Cut { from, to, .. } => format!("{who}切断了 S{from} 与 S{to} 之间的链路"),
        Action::Restore { from, to, oneway: true } => format!("{who}恢复了从 S{from} 到 S{to} 的链路"),
        Action::Restore { from, to, .. } => format!("{who}恢复了 S{from} 与 S{to} 之间的链路"),
        Action::Partition(groups) => {
            let groups = crate::words::narrate::group_names(groups);
            format!("{who}对网络做了分区：{}", groups.join(" | "))
        }
        Action::Heal => format!("{who}修复了网络：所有链路都已恢复"),
        Action::Request { value, node: Some(id) } => format!("客户端向 S{id} 发送了 {value}"),
        Action::Request { value, node: None } => format!("客户端发送了 {value}"),
        Action::DropMessage(id) => format!("{who}丢弃了消息 #{id}"),
        Action::SetNetwork {
            drop_ppm,
            duplicate_ppm,
            latency,
        } => {
            // "ms" as the network sliders print it, so the sentence matches the panel.
            let mut parts = Vec::new();
            if let Some(p) = drop_ppm {
                parts.push(format!("丢包 {}%", short(*p as f64 / 10_000.0, 4)));
            }
            if let Some(p) = duplicate_ppm {
                parts.push(format!("重复 {}%", short(*p as f64 / 10_000.0, 4)));
            }
            if let Some((min, max)) = latency {
                parts.push(format!("延迟 {}–{} ms", min / 1000, max / 1000));
            }
            format!("{who}设置了网络：{}", parts.join("，"))
        }
        Action::Timeout(id) => format!("{who}让 S{id} 的选举计时器立即触发"),
        Action::TransferLeader(id) => format!("{who}请领导者把领导权移交给 S{id}"),
        Action::Operation { client, key, op, .. } => {
            format!("C{client} 调用了 {}", crate::words::narrate::op_text(key, op))
        }
        Action::SetDrift { node, drift_ppm } => {
            format!(
                "{who}把 S{node} 的时钟漂移设为 {}",
                crate::words::narrate::drift(*drift_ppm)
            )
        }
        Action::Pause {
            node,
            for_us,
            clock_stops,
        } => {
            format!(
                "{who}让 S{node} 暂停 {} ms；它会带着原有状态恢复，并处理期间到达的消息{}",
                for_us / 1000,
                if *clock_stops {
                    "；它的时钟也停止，恢复后落后整个暂停时长"
                } else {
                    ""
                }
            )
        }
        Action::SetReadPath(path) => format!("{who}把读取方式切换为 {}", path.name()),
        Action::SetSnapshotEvery(0) => format!("{who}关闭了快照：日志将无限增长"),
        Action::SetSnapshotEvery(every) => format!("{who}让每个节点每应用 {every} 个条目就为状态机做一次快照"),
        Action::SetDetector(detector) => format!(
            "{who}把故障检测切换为{}",
            crate::words::narrate::detector_words(detector)
        ),
        Action::Vote { node, yes } => format!(
            "{who}让 S{node} 对下一个事务投{}",
            if *yes { "赞成票" } else { "反对票" }
        ),
    }
}
