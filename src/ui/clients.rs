//! The clients' controls: which of C1..C5 calls which operation on which key, sent to which node (a client
//! sent to a node sits beside it, on its side of any partition), and how the service answers gets.

use consensus_sim::history::Op;
use consensus_sim::protocol::kv::ReadPath;
use consensus_sim::scenario::ProtocolName;
use consensus_sim::Action;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The longest key the service takes, in bytes (as scenario files).
const MAX_KEY_BYTES: usize = 32;

#[derive(Properties, PartialEq)]
pub struct ClientsProps {
    pub size: u8,
    pub protocol: ProtocolName,
    pub read_path: ReadPath,
    pub on_act: Callback<Action>,
}

/// What the form holds.
#[derive(Clone, PartialEq)]
struct Form {
    client: u64,
    op: &'static str,
    key: String,
    value: String,
    from: String,
    to: String,
    /// 0: whichever node the client believes leads.
    node: u8,
    problem: Option<String>,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            client: 1,
            op: "put",
            key: "x".into(),
            value: "1".into(),
            from: "1".into(),
            to: "2".into(),
            node: 0,
            problem: None,
        }
    }
}

impl Form {
    /// The action the form describes, in a cluster of `size` nodes, or what is wrong with it.
    fn action(&self, size: u8) -> Result<Action, String> {
        let key = self.key.trim();
        if key.is_empty() || key.len() > MAX_KEY_BYTES {
            return Err(crate::say!(
                "A key is 1 to 32 bytes long.",
                "键的长度为 1 到 32 个字节。"
            ));
        }
        let op = match self.op {
            "get" => Op::Get,
            "put" => Op::Put(self.value.clone()),
            "append" => Op::Append(self.value.clone()),
            _ => Op::Cas {
                from: self.from.clone(),
                to: self.to.clone(),
            },
        };
        Ok(Action::Operation {
            client: self.client,
            key: key.to_string(),
            op,
            // A node picked before the cluster shrank is gone: the call goes to the leader instead.
            node: (1..=size).contains(&self.node).then_some(self.node),
        })
    }

    /// After a write is sent, the next value to suggest: one more, when the value is a number.
    fn advance(&mut self) {
        for value in [&mut self.value, &mut self.to] {
            if let Ok(n) = value.parse::<u64>() {
                *value = (n + 1).to_string();
            }
        }
        if self.op == "cas" {
            if let Ok(n) = self.to.parse::<u64>() {
                self.from = (n - 1).to_string();
            }
        }
    }
}

/// What a field or a menu holds after its `change` event.
pub(crate) fn input_value(e: &Event) -> String {
    e.target()
        .and_then(|t| {
            t.dyn_ref::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| t.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
        })
        .unwrap_or_default()
}

#[function_component]
pub fn ClientControls(props: &ClientsProps) -> Html {
    let form = use_state(Form::default);
    let set = |change: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            change(&mut next, input_value(&e));
            next.problem = None;
            form.set(next);
        })
    };
    let onsubmit = {
        let (form, act, size) = (form.clone(), props.on_act.clone(), props.size);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut next = (*form).clone();
            match next.action(size) {
                Ok(action) => {
                    act.emit(action);
                    if next.op != "get" {
                        next.advance();
                    }
                }
                Err(problem) => next.problem = Some(problem),
            }
            form.set(next);
        })
    };
    let f = &*form;
    let option = |value: String, text: String, selected: bool| html! { <option {value} {selected}>{text}</option> };
    let clients = (1..=5u64).map(|c| option(c.to_string(), format!("C{c}"), f.client == c));
    let ops = ["get", "put", "append", "cas"].map(|op| option(op.to_string(), op.to_string(), f.op == op));
    let nodes = std::iter::once(option("0".into(), crate::say!("the leader", "领导者"), f.node == 0))
        .chain((1..=props.size).map(|n| option(n.to_string(), format!("S{n}"), f.node == n)));
    let paths: &[ReadPath] = match props.protocol {
        ProtocolName::Raft | ProtocolName::MultiPaxos => {
            &[ReadPath::Log, ReadPath::ReadIndex, ReadPath::Lease, ReadPath::Follower]
        }
        _ => &[ReadPath::Log, ReadPath::Follower],
    };
    let read_paths = paths
        .iter()
        .map(|p| option(p.name().to_string(), p.name().to_string(), *p == props.read_path));
    // The read path changes at once, on every node, and the session records it like any other action.
    let on_read_path = props
        .on_act
        .reform(|e: Event| Action::SetReadPath(ReadPath::named(&input_value(&e)).unwrap_or_default()));
    html! {
        <form class="client-controls" {onsubmit} aria-label={crate::say!("Client operations", "客户端操作")}>
            <label>{crate::say!("Client", "客户端")}
                <select id="op-client" onchange={set(|f, v| f.client = v.parse().unwrap_or(1))}>{for clients}</select>
            </label>
            <label>{crate::say!("calls", "调用")}
                <select id="op-kind" onchange={set(|f, v| f.op = ["get", "put", "append", "cas"].into_iter().find(|o| *o == v).unwrap_or("get"))}>{for ops}</select>
            </label>
            <label>{crate::say!("key", "键")}
                <input id="op-key" type="text" size="4" maxlength="32" value={f.key.clone()} onchange={set(|f, v| f.key = v)} />
            </label>
            if f.op == "put" || f.op == "append" {
                <label>{crate::say!("value", "值")}
                    <input id="op-value" type="text" size="4" value={f.value.clone()} onchange={set(|f, v| f.value = v)} />
                </label>
            }
            if f.op == "cas" {
                <label>{crate::say!("from", "从")}
                    <input id="op-from" type="text" size="3" value={f.from.clone()} onchange={set(|f, v| f.from = v)} />
                </label>
                <label>{crate::say!("to", "到")}
                    <input id="op-to" type="text" size="3" value={f.to.clone()} onchange={set(|f, v| f.to = v)} />
                </label>
            }
            <label>{crate::say!("at", "发往")}
                <select id="op-node" onchange={set(|f, v| f.node = v.parse().unwrap_or(0))}>{for nodes}</select>
            </label>
            <button type="submit" id="op-send">{crate::say!("Send", "发送")}</button>
            <label class="read-path">{crate::say!("Gets are read by", "读取方式")}
                <select id="read-path" onchange={on_read_path}>{for read_paths}</select>
            </label>
            if let Some(problem) = &f.problem {
                <p class="problem" role="alert">{problem.clone()}</p>
            }
        </form>
    }
}
