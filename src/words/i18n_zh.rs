//! The Simplified Chinese labels, in the order of `i18n::Text` (the English is in `i18n.rs`), and the
//! lessons' titles. Protocol names, message names and the paper's variable names stay as the papers print
//! them, so a student can look them up; the feed's sentences are in `narrate_zh.rs`.

use crate::words::i18n::Text;

/// The Simplified Chinese text. No wildcard arm: a new label fails to compile until it is translated.
pub fn zh(text: Text) -> &'static str {
    match text {
        Text::Title => "Consensus Lab",
        Text::Play => "播放",
        Text::Pause => "暂停",
        Text::Step => "单步",
        Text::StepHint => "处理下一个事件（暂停时）",
        Text::Speed => "速度",
        Text::SimulatedTime => "模拟时间",
        Text::Help => "图例与快捷键",
        Text::Canvas => "Raft 集群",
        Text::Follower => "跟随者",
        Text::PreCandidate => "预候选人",
        Text::Candidate => "候选人",
        Text::Leader => "领导者",
        Text::Crashed => "已崩溃",
        Text::Disconnected => "已断开",
        Text::Term => "任期",
        Text::ErrorTitle => "出错了",
        Text::ErrorHint => "模拟因内部错误而停止。下面的详细信息能帮助我们修复它。",
        Text::Reload => "重新加载",
        Text::Request => "客户端请求",
        Text::RequestHere => "向此节点发请求",
        Text::Client => "客户端",
        Text::Waiting => "等待中",
        Text::Logs => "日志",
        Text::Index => "索引",
        Text::Committed => "已提交",
        Text::NotCommitted => "尚未提交",
        Text::EmptyLogs => "日志是空的。发送一个客户端请求，看看它如何被复制并提交。",
        Text::Inspector => "检查器",
        Text::SelectHint => "选择一个节点（点击它，或用 Tab 键移到它上面再按 Enter），即可查看它的状态并对它操作。",
        Text::Crash => "崩溃",
        Text::Restart => "重启",
        Text::Disconnect => "断开连接",
        Text::Connect => "重新连接",
        Text::Timeout => "立即超时",
        Text::CurrentTerm => "currentTerm",
        Text::VotedFor => "votedFor",
        Text::KnownLeader => "它所知的领导者",
        Text::CommitIndex => "commitIndex",
        Text::LastApplied => "lastApplied",
        Text::LogLength => "日志长度",
        Text::StateMachine => "状态机",
        Text::Empty => "空",
        Text::Followers => "跟随者",
        Text::Peer => "对等节点",
        Text::Events => "事件",
        Text::Network => "网络",
        Text::LatencyMin => "延迟从",
        Text::LatencyMax => "到",
        Text::Loss => "丢包",
        Text::Duplication => "重复",
        Text::Protocol => "协议",
        Text::Nodes => "节点数",
        Text::Seed => "种子",
        Text::ResetSame => "重置",
        Text::NewSeed => "新种子",
        Text::HealAll => "全部恢复",
        Text::Message => "消息",
        Text::Legend => "图例",
        Text::Close => "关闭",
        Text::Keys => "快捷键",
        Text::LegendFollower => "跟随者（蓝色圆形）",
        Text::LegendCandidate => "候选人（橙色菱形；圆点表示它得到的票数；虚线：预候选人）",
        Text::LegendLeader => "领导者（带皇冠的绿色方形）",
        Text::LegendCrashed => "已崩溃的节点（灰色，打叉）",
        Text::LegendTimer => "选举计时器：选举超时越近，圆环越空",
        Text::LegendVote => "RequestVote",
        Text::LegendAppend => "携带日志条目的 AppendEntries",
        Text::LegendHeartbeat => "心跳：不带条目的 AppendEntries，或 Multi-Paxos 领导者的 Heartbeat",
        Text::LegendReplyOk => "回复：空心轮廓；同意或成功时带一个勾",
        Text::LegendReplyFail => "带叉的回复：被拒绝或失败",
        Text::LegendClient => "客户端的请求与回复",
        Text::LegendCut => "被切断的方向：虚线，中间有一道横杠，箭头指向横杠",
        Text::LegendGestures => {
            "拖动节点可以移动它。点击一条链路可将它双向切断；按住 Shift 在靠近某一端处点击它，或点击箭头手柄，\
             则只切断通向那一端的方向。在空白画布上拖动划过，可以切断笔画经过的每一条链路。点击消息可将它丢弃；\
             暂停时，把鼠标悬停在消息上即可查看其内容。"
        }
        Text::LegendPrepare => "Paxos 第一阶段（Phase 1）：Prepare，以及 Promise 回复（三角形）",
        Text::LegendAccept => "Paxos 第二阶段（Phase 2）：携带值的 Accept，以及 Accepted 回复（方形）",
        Text::LegendLearn => "Paxos Learn：这些值已被选定（六边形）",
        Text::LegendCatchUp => "Multi-Paxos CatchUp：跟随者向领导者索要它错过的已选定的值",
        Text::Ballot => "选票编号",
        Text::Promised => "已承诺的选票编号",
        Text::OwnBallot => "自己的选票编号",
        Text::ChosenUpTo => "已按顺序选定到槽位",
        Text::AcceptedSlots => "已接受的槽位",
        Text::AcceptedValues => "已接受的值",
        Text::Proposals => "等待多数派的提议",
        Text::Slot => "槽位",
        Text::Value => "值",
        Text::Chosen => "已选定",
        Text::AcceptedBy => "接受它的节点",
        Text::Round => "选票轮次",
        Text::NotChosen => "尚不知是否已选定",
        Text::TimeTravel => "时间旅行",
        Text::StepBack => "后退",
        Text::StepBackHint => "后退一个事件（会暂停）",
        Text::Undo => "撤销",
        Text::Continue => "继续",
        Text::FastForward => "⏩ 下一条说明之前没有新内容：在那之前以四倍速播放。",
        Text::LessonOver => "这一课结束了。",
        Text::NextLesson => "下一课：",
        Text::LastLesson => "这是最后一课：集群交给你随意破坏。",
        Text::YouPicked => "你选了",
        Text::WatchTheRun => "看运行结果：它会给出答案。",
        Text::AtThePresent => "现在。把滑块往回拖，或按 ←，即可查看任何更早的时刻。",
        Text::KeyStepBack => "后退一个事件（会暂停）",
        Text::KeyUndo => "撤销上一个操作",
        Text::Bugs => "故意植入的 bug",
        Text::BugsHint => "打开其中一个，故意违反一条规则，看看安全检查如何发现它。集群会用同一个种子重新开始。",
        Text::BugCommitPreviousTerm => {
            "领导者通过统计副本数来提交更早任期的条目，而 Raft 论文 §5.4.2 \
             禁止这样做（图 8 说明了原因）。"
        }
        Text::BugForgetVote => {
            "重启后的服务器忘了自己投票给了谁，因此可能在同一任期内投两次票\
             （votedFor 必须在崩溃后保留，见图 2）。"
        }
        Text::BugSkipLogCheck => {
            "投票者跳过了一项检查：候选人的日志至少要和自己的一样新（§5.4.1），\
             因此领导者可能缺少已提交的条目。"
        }
        Text::BugQuorumMinusOne => "多数派的大小比过半数少一，因此两个多数派不一定共享同一个接受者。",
        Text::BugIgnoreAccepted => {
            "提议者忽略了承诺中报告的已接受的值，转而提议自己的值\
             （Paxos Made Simple，P2c）。"
        }
        Text::BugAcceptLowerBallot => "接受者接受了一个低于它所承诺选票编号的提议（P1a）。",
        Text::SafetyViolated => "违反安全性：",
        Text::GoTo => "跳转到",
        Text::Share => "分享",
        Text::ShareHint => "这个链接会打开与此刻完全相同的实验（浏览器允许时已复制）：",
        Text::ShowDiagram => "显示时空图",
        Text::HideDiagram => "隐藏时空图",
        Text::VotesThisTerm => "它所在任期的投票及原因",
        Text::GoToMoment => "跳转到那一刻",
        Text::Diagram => "时空图：每个节点一条泳道，时间从左向右推进",
        Text::DiagramCaption => {
            "时空图。箭头是从发送到接收的消息（虚线：传输中；叉号：已丢失）；色带是\
             领导者的任期。把鼠标悬停在箭头上，可在画布上找到它；点击可跳转到那一刻。"
        }
        Text::KeyPlay => "播放或暂停",
        Text::KeyStep => "单步到下一个事件（暂停时）",
        Text::KeySelect => "先移到节点，再到链路或控件上；选择节点",
        Text::KeyNumber => "选择 S1 到 S9",
        Text::KeyLinks => "在链路上：下一条链路，或它的单向把手",
        Text::KeyCrash => "让选中的节点崩溃 / 重启",
        Text::KeyDisconnect => "断开或重新连接选中的节点",
        Text::KeyTimeout => "让选中节点的选举计时器立即触发",
        Text::KeyRequest => "向选中的节点发送客户端请求",
        Text::KeyMove => "移动选中的节点",
        Text::KeyHeal => "恢复所有被切断的链路",
        Text::KeyEscape => "关闭此面板，或取消选择",
        Text::KeyHelp => "显示或隐藏此图例",
        Text::AddressProblems => "有些内容未能按要求使用",
        Text::Restored => "你离开时的实验回来了，停在你离开的那一刻。",
        Text::StartFresh => "重新开始",
        Text::Question => "问题",
        Text::Right => "答对了。",
        Text::NotQuite => "这次没答对。",
        Text::AnswerIs => "答案是",
        Text::PickToContinue => "选一个答案，接下来的运行会揭晓结果。",
        Text::Lessons => "课程",
        Text::ChooseLesson => "选择一节课…",
        Text::Language => "语言",
        Text::Files => "导出与导入",
        Text::ExportScenario => "导出场景",
        Text::ExportTrace => "导出轨迹",
        Text::ExportSvg => "导出 SVG",
        Text::Import => "导入场景",
        Text::ImportHint => "打开一个场景文件（JSON），或把文件拖放到实验页面的任意位置",
        Text::Imported => "无法打开",
        Text::LeftOut => "条被丢弃的消息没有对应的场景事件，未包含在导出中",
        Text::BugReport => "错误报告：通向这里的实验的地址",
        Text::CopyBugReport => "复制错误报告",
        Text::Dismiss => "知道了",
        Text::Earlier => "◀ 更早",
        Text::Later => "更晚 ▶",
    }
}

/// A lesson's title (`lesson::LESSONS` has the English), by the lesson's scenario name.
pub fn lesson_title(name: &str) -> Option<&'static str> {
    Some(match name {
        "raft-1-election-heartbeats" => "Raft 1：领导者选举与心跳",
        "raft-2-log-replication" => "Raft 2：日志复制与提交",
        "leader-crash-reelection" => "Raft 3：领导者崩溃后的故障转移",
        "partition-heal-rollback" => "Raft 4：网络分区，愈合后回滚",
        "split-vote" => "Raft 5：分票与随机化超时",
        "figure8-correct" => "Raft 6：图 8，只提交当前任期的条目",
        "paxos-basic" => "Paxos 1：基本 Paxos",
        "paxos-dueling-proposers" => "Paxos 2：相互竞争的提议者",
        "multi-paxos-leader-takeover" => "Paxos 3：被选定的值在领导者更替后依然保留",
        _ => return None,
    })
}
