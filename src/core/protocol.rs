//! The host protocol, version 1 (PROTOCOL.md): message types, envelope and
//! payload validation with the error codes hosts rely on, and the save/ack
//! state machine. Pure: the transport (postMessage) lives in `web::bridge`.

use crate::core::playbook::Channel;
use crate::core::session::{Session, SCHEMA};
use crate::core::time::{Timestamp, SECOND};
use serde_json::{json, Map, Value};

pub const PROTOCOL: &str = "turnaround";
pub const VERSION: u64 = 1;
/// A message that serializes to more than this is answered with `too_large`.
pub const MAX_MESSAGE_BYTES: usize = 1024 * 1024;
pub const MAX_ID: usize = 64;
pub const MAX_TICKET_ID: usize = 128;
/// Longest name, email, company or agent name accepted from a host.
pub const MAX_NAME: usize = 256;
pub const MAX_SUBJECT: usize = 2_000;
/// Longest customer message accepted in `init` for the coach, and longest
/// message of a `conversation`.
pub const MAX_MESSAGE_TEXT: usize = 20_000;
/// Most messages in one `conversation` (or in `init.ticket.messages`).
pub const MAX_MESSAGES: usize = 500;
/// Longest message id in a `conversation`.
pub const MAX_MESSAGE_ID: usize = 128;
/// Longest `draft` text.
pub const MAX_DRAFT: usize = 100_000;
/// What this widget understands of revision 2, listed in `ready` so that a
/// host can tell it from an older one. Only what is built is listed.
pub const FEATURES: [&str; 5] = ["conversation", "draft", "set_draft", "conflict", "session_push"];

/// The error codes of PROTOCOL.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    BadMessage,
    UnknownType,
    UnsupportedVersion,
    TooLarge,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadMessage => "bad_message",
            ErrorCode::UnknownType => "unknown_type",
            ErrorCode::UnsupportedVersion => "unsupported_version",
            ErrorCode::TooLarge => "too_large",
        }
    }
}

/// Why a message from the host was refused; becomes an `error` answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub code: ErrorCode,
    pub message: String,
    /// The refused message's id, when it had a usable one.
    pub re: Option<String>,
}

impl Rejection {
    fn new(code: ErrorCode, message: impl Into<String>, re: Option<&str>) -> Self {
        Self { code, message: message.into(), re: re.map(str::to_string) }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// The ticket context of an `init`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Init {
    pub ticket_id: String,
    pub subject: String,
    /// The customer's latest message (optional field added within version 1),
    /// for the coach's temperature reading.
    pub last_message: String,
    pub customer_id: String,
    pub customer_name: String,
    pub customer_email: String,
    pub agent_name: String,
    pub company: String,
    pub channel: Option<Channel>,
    pub playbook: Option<String>,
    pub theme: Option<Theme>,
    /// The agent's language as a BCP 47 tag (`init.locale`, optional; empty when
    /// absent). [`crate::core::locale::choose`] reduces it to a language we have.
    pub locale: String,
    /// The host's stored copy, already checked to be a schema-1 session of this ticket.
    pub session: Option<Session>,
    /// What the host does with `insert_text` and `note` (an optional field added
    /// within version 1; absent means both are taken).
    pub capabilities: Capabilities,
    /// A custom playbook sent whole (optional field added within version 1),
    /// already validated.
    pub custom_playbook: Option<crate::core::playbook::Playbook>,
    /// The thread when the ticket opens (`init.ticket.messages`, revision 2),
    /// oldest first.
    pub messages: Vec<ThreadMessage>,
}

/// Who wrote a message of the thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Author {
    Customer,
    Agent,
    /// An internal note: never read for the temperature, never offered as a check-off.
    Note,
}

impl Author {
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Customer => "customer",
            Author::Agent => "agent",
            Author::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<Author> {
        [Author::Customer, Author::Agent, Author::Note].into_iter().find(|a| a.as_str() == s)
    }
}

/// One message of the ticket's thread, as a host streams it (revision 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreadMessage {
    /// 1 to 128 characters, stable for the message: a message whose id was seen
    /// before is not read again.
    pub id: String,
    pub from: Author,
    pub at: Option<Timestamp>,
    /// Plain text, at most [`MAX_MESSAGE_TEXT`] characters.
    pub text: String,
}

/// A `conversation` message: messages of the open ticket's thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    pub ticket_id: String,
    /// Oldest first.
    pub messages: Vec<ThreadMessage>,
    /// The whole thread (`true`) rather than what is new since the last one.
    pub replace: bool,
}

/// What a host can do with the widget's requests. A host that cannot write
/// into its reply box (Chatwoot's read-only dashboard apps) says so, and the
/// sidebar copies instead and tells the agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub insert_text: bool,
    pub note: bool,
    /// The host replaces its reply box's text on `set_draft` (revision 2);
    /// absent means it does not.
    pub set_draft: bool,
}

impl Default for Capabilities {
    fn default() -> Self {
        Self { insert_text: true, note: true, set_draft: false }
    }
}

/// A valid message from the host.
#[derive(Clone, Debug, PartialEq)]
pub enum HostMessage {
    Init {
        id: String,
        init: Box<Init>,
    },
    Ack {
        id: String,
        re: String,
    },
    RequestState {
        id: String,
    },
    /// Messages of the open ticket's thread (revision 2).
    Conversation {
        id: String,
        conversation: Conversation,
    },
    /// The host's reply box as it stands now (revision 2); never saved.
    Draft {
        id: String,
        ticket_id: String,
        text: String,
    },
    /// The host did not store the save `re`: its copy changed since that
    /// save's `base_rev` (revision 2). `session` is the host's current copy.
    Conflict {
        id: String,
        re: String,
        ticket_id: String,
        session: Box<Session>,
    },
    /// Another agent changed the open ticket's session (revision 2).
    SessionPush {
        id: String,
        ticket_id: String,
        session: Box<Session>,
    },
}

impl HostMessage {
    /// The message's own id.
    pub fn id(&self) -> &str {
        match self {
            HostMessage::Init { id, .. }
            | HostMessage::Ack { id, .. }
            | HostMessage::RequestState { id }
            | HostMessage::Conversation { id, .. }
            | HostMessage::Draft { id, .. }
            | HostMessage::Conflict { id, .. }
            | HostMessage::SessionPush { id, .. } => id,
        }
    }

    /// The ticket a message is about, for the types that must name the open ticket.
    pub fn open_ticket_id(&self) -> Option<&str> {
        match self {
            HostMessage::Conversation { conversation, .. } => Some(&conversation.ticket_id),
            HostMessage::Draft { ticket_id, .. } | HostMessage::Conflict { ticket_id, .. } | HostMessage::SessionPush { ticket_id, .. } => {
                Some(ticket_id)
            }
            _ => None,
        }
    }
}

/// The rule of revision 2 that needs the widget's state: a `conversation`, a
/// `draft`, a `conflict` or a `session` must name the open ticket (`open`, none before the first `init`).
/// Anything else is answered with `bad_message` and changes nothing.
pub fn check_open_ticket(msg: &HostMessage, open: Option<&str>) -> Result<(), Rejection> {
    let Some(named) = msg.open_ticket_id() else { return Ok(()) };
    let bad = |m: String| Err(Rejection::new(ErrorCode::BadMessage, m, Some(msg.id())));
    match open {
        None => bad(format!("payload.ticket_id is {:?}, but no ticket is open: send init first", truncate(named, 128))),
        Some(open) if open != named => {
            bad(format!("payload.ticket_id is {:?}, but the open ticket is {:?}", truncate(named, 128), truncate(open, 128)))
        }
        Some(_) => Ok(()),
    }
}

/// The answer to a message too large to read, with its id when the transport
/// could read that alone.
pub fn too_large(len: usize, id: Option<&str>) -> Rejection {
    Rejection::new(
        ErrorCode::TooLarge,
        format!("the message is {len} bytes; at most {MAX_MESSAGE_BYTES} are accepted"),
        id.filter(|s| valid_id(s)),
    )
}

/// The answer to data that is not a plain, cloneable JSON value (a cycle, a
/// BigInt, nesting deeper than 128 levels).
pub fn unreadable(reason: &str, id: Option<&str>) -> Rejection {
    Rejection::new(ErrorCode::BadMessage, format!("the message cannot be read as JSON data: {reason}"), id.filter(|s| valid_id(s)))
}

/// Validates a message the accepted origin sent. `serialized_len` is the
/// length of its JSON serialization, measured by the transport.
pub fn parse_host_message(msg: &Value, serialized_len: usize) -> Result<HostMessage, Rejection> {
    let obj = msg.as_object();
    // The id is echoed in any error, when it is usable at all.
    let id = obj.and_then(|o| o.get("id")).and_then(Value::as_str).filter(|s| valid_id(s));
    if serialized_len > MAX_MESSAGE_BYTES {
        return Err(Rejection::new(
            ErrorCode::TooLarge,
            format!("the message is {serialized_len} bytes; at most {MAX_MESSAGE_BYTES} are accepted"),
            id,
        ));
    }
    let Some(obj) = obj else {
        return Err(Rejection::new(ErrorCode::BadMessage, "a message must be a plain object, not a string or an array", None));
    };
    if obj.get("protocol").and_then(Value::as_str) != Some(PROTOCOL) {
        return Err(Rejection::new(ErrorCode::BadMessage, "\"protocol\" must be \"turnaround\"", id));
    }
    match obj.get("v") {
        Some(Value::Number(n)) if n.as_u64() == Some(VERSION) => {}
        Some(Value::Number(n)) => {
            return Err(Rejection::new(
                ErrorCode::UnsupportedVersion,
                format!("protocol version {n} is not supported; this widget speaks version 1"),
                id,
            ));
        }
        _ => return Err(Rejection::new(ErrorCode::BadMessage, "\"v\" must be the number 1", id)),
    }
    let Some(kind) = obj.get("type").and_then(Value::as_str) else {
        return Err(Rejection::new(ErrorCode::BadMessage, "\"type\" must be a string", id));
    };
    let Some(id) = id else {
        return Err(Rejection::new(ErrorCode::BadMessage, "\"id\" must be a string of 1 to 64 characters", None));
    };
    let re = match obj.get("re") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if valid_id(s) => Some(s.clone()),
        Some(_) => return Err(Rejection::new(ErrorCode::BadMessage, "\"re\" must be a string of 1 to 64 characters", Some(id))),
    };
    let payload = match obj.get("payload") {
        Some(Value::Object(p)) => p,
        _ => return Err(Rejection::new(ErrorCode::BadMessage, "\"payload\" must be an object (it may be {})", Some(id))),
    };
    let bad = |m: String| Rejection::new(ErrorCode::BadMessage, m, Some(id));
    match kind {
        "init" => parse_init(payload).map(|init| HostMessage::Init { id: id.to_string(), init: Box::new(init) }).map_err(bad),
        "ack" => match re {
            Some(re) => Ok(HostMessage::Ack { id: id.to_string(), re }),
            None => Err(bad("an ack must name the save it confirms in \"re\"".into())),
        },
        "request_state" => Ok(HostMessage::RequestState { id: id.to_string() }),
        "conversation" => {
            parse_conversation(payload).map(|conversation| HostMessage::Conversation { id: id.to_string(), conversation }).map_err(bad)
        }
        "draft" => parse_draft(payload).map(|(ticket_id, text)| HostMessage::Draft { id: id.to_string(), ticket_id, text }).map_err(bad),
        "conflict" => match re {
            Some(re) => parse_host_copy(payload)
                .map(|(ticket_id, session)| HostMessage::Conflict { id: id.to_string(), re, ticket_id, session: Box::new(session) })
                .map_err(bad),
            None => Err(bad("a conflict must name the save it refuses in \"re\"".into())),
        },
        "session" => parse_host_copy(payload)
            .map(|(ticket_id, session)| HostMessage::SessionPush { id: id.to_string(), ticket_id, session: Box::new(session) })
            .map_err(bad),
        other => Err(Rejection::new(ErrorCode::UnknownType, format!("unknown message type {:?}", truncate(other, 64)), Some(id))),
    }
}

fn valid_id(s: &str) -> bool {
    let n = s.chars().count();
    (1..=MAX_ID).contains(&n)
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// An optional string field: absent or null is empty; anything else must be a
/// string within `max` characters.
fn opt_str(obj: &Map<String, Value>, key: &str, path: &str, max: usize) -> Result<String, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(s.clone()),
        Some(Value::String(s)) => Err(format!("{path}{key} is {} characters; at most {max} are accepted", s.chars().count())),
        Some(_) => Err(format!("{path}{key} must be a string")),
    }
}

fn opt_obj<'a>(obj: &'a Map<String, Value>, key: &str, path: &str) -> Result<Option<&'a Map<String, Value>>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(format!("{path}{key} must be an object")),
    }
}

fn parse_init(p: &Map<String, Value>) -> Result<Init, String> {
    let ticket = match p.get("ticket") {
        Some(Value::Object(t)) => t,
        Some(_) => return Err("payload.ticket must be an object".into()),
        None => return Err("payload.ticket is required".into()),
    };
    let ticket_id = match ticket.get("id") {
        Some(Value::String(s)) if (1..=MAX_TICKET_ID).contains(&s.chars().count()) => s.clone(),
        Some(Value::String(_)) => return Err(format!("payload.ticket.id must be 1 to {MAX_TICKET_ID} characters")),
        Some(Value::Number(_)) => return Err("payload.ticket.id must be a string (send \"4711\", not 4711)".into()),
        _ => return Err("payload.ticket.id is required and must be a string".into()),
    };
    let mut init = Init { ticket_id, ..Init::default() };
    init.subject = opt_str(ticket, "subject", "payload.ticket.", MAX_SUBJECT)?;
    init.last_message = opt_str(ticket, "last_message", "payload.ticket.", MAX_MESSAGE_TEXT)?;
    init.messages = match ticket.get("messages") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => parse_messages(v, "payload.ticket.messages")?,
    };
    if let Some(c) = opt_obj(ticket, "customer", "payload.ticket.")? {
        init.customer_id = opt_str(c, "id", "payload.ticket.customer.", MAX_NAME)?;
        init.customer_name = opt_str(c, "name", "payload.ticket.customer.", MAX_NAME)?;
        init.customer_email = opt_str(c, "email", "payload.ticket.customer.", MAX_NAME)?;
    }
    if let Some(a) = opt_obj(p, "agent", "payload.")? {
        init.agent_name = opt_str(a, "name", "payload.agent.", MAX_NAME)?;
    }
    init.company = opt_str(p, "company", "payload.", MAX_NAME)?;
    let channel = opt_str(p, "channel", "payload.", 16)?;
    if !channel.is_empty() {
        init.channel = Some(
            Channel::parse(&channel).ok_or_else(|| format!("payload.channel must be \"phone\", \"chat\" or \"email\", not {channel:?}"))?,
        );
    }
    let playbook = opt_str(p, "playbook", "payload.", 64)?;
    if !playbook.is_empty() {
        init.playbook = Some(playbook);
    }
    init.theme = match opt_str(p, "theme", "payload.", 16)?.as_str() {
        "" => None,
        "light" => Some(Theme::Light),
        "dark" => Some(Theme::Dark),
        other => return Err(format!("payload.theme must be \"light\" or \"dark\", not {other:?}")),
    };
    init.locale = opt_str(p, "locale", "payload.", 35)
        .map_err(|_| "payload.locale must be a BCP 47 language tag such as \"es-MX\" or \"de\"".to_string())?
        .trim()
        .to_string();
    if let Some(c) = opt_obj(p, "capabilities", "payload.")? {
        let caps = &mut init.capabilities;
        for (key, slot) in [("insert_text", &mut caps.insert_text), ("note", &mut caps.note), ("set_draft", &mut caps.set_draft)] {
            match c.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::Bool(b)) => *slot = *b,
                Some(_) => return Err(format!("payload.capabilities.{key} must be true or false")),
            }
        }
    }
    init.custom_playbook = match p.get("custom_playbook") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => {
            let text = serde_json::to_string(v).map_err(|e| e.to_string())?;
            let playbook = crate::core::playbook::parse(&text).map_err(|errs| {
                let first: Vec<String> = errs.0.iter().take(5).map(|e| format!("payload.custom_playbook.{e}")).collect();
                first.join("; ")
            })?;
            Some(playbook)
        }
        Some(_) => return Err("payload.custom_playbook must be a playbook object".into()),
    };
    init.session = match p.get("session") {
        None | Some(Value::Null) => None,
        Some(v) => Some(parse_session(v, &init.ticket_id)?),
    };
    Ok(init)
}

/// The `ticket_id` every revision-2 payload carries.
fn ticket_id_field(p: &Map<String, Value>) -> Result<String, String> {
    match p.get("ticket_id") {
        Some(Value::String(s)) if (1..=MAX_TICKET_ID).contains(&s.chars().count()) => Ok(s.clone()),
        Some(Value::String(_)) => Err(format!("payload.ticket_id must be 1 to {MAX_TICKET_ID} characters")),
        Some(Value::Number(_)) => Err("payload.ticket_id must be a string (send \"4711\", not 4711)".into()),
        _ => Err("payload.ticket_id is required and must be a string".into()),
    }
}

fn parse_conversation(p: &Map<String, Value>) -> Result<Conversation, String> {
    let ticket_id = ticket_id_field(p)?;
    let messages = match p.get("messages") {
        Some(v) => parse_messages(v, "payload.messages")?,
        None => return Err("payload.messages is required (an array, may be empty)".into()),
    };
    let replace = match p.get("replace") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("payload.replace must be true or false".into()),
    };
    Ok(Conversation { ticket_id, messages, replace })
}

fn parse_draft(p: &Map<String, Value>) -> Result<(String, String), String> {
    let ticket_id = ticket_id_field(p)?;
    let text = match p.get("text") {
        Some(Value::String(s)) if s.chars().count() <= MAX_DRAFT => s.clone(),
        Some(Value::String(s)) => {
            return Err(format!("payload.text is {} characters; at most {MAX_DRAFT} are accepted", s.chars().count()))
        }
        Some(_) => return Err("payload.text must be a string (\"\" clears the findings)".into()),
        None => return Err("payload.text is required (\"\" clears the findings)".into()),
    };
    Ok((ticket_id, text))
}

/// The `{ ticket_id, session }` payload of `conflict` and `session`.
fn parse_host_copy(p: &Map<String, Value>) -> Result<(String, Session), String> {
    let ticket_id = ticket_id_field(p)?;
    match p.get("session") {
        Some(v @ Value::Object(_)) => Ok((ticket_id.clone(), parse_session(v, &ticket_id)?)),
        Some(_) => Err("payload.session must be a session object".into()),
        None => Err("payload.session is required: the host's current copy".into()),
    }
}

/// Thread messages from a JSON array in the format of `conversation.messages`,
/// checked by the same rules (for carriers other than a host: the trainer's
/// lines to the trainee's sidebar).
pub fn parse_thread(v: &Value) -> Result<Vec<ThreadMessage>, String> {
    parse_messages(v, "messages")
}

/// Thread messages as `conversation.messages` writes them.
pub fn thread_json(messages: &[ThreadMessage]) -> Value {
    Value::Array(
        messages
            .iter()
            .map(|m| {
                let mut v = json!({ "id": m.id, "from": m.from.as_str(), "text": m.text });
                if let Some(at) = m.at {
                    v["at"] = Value::String(at.to_string());
                }
                v
            })
            .collect(),
    )
}

/// An array of thread messages, as in `conversation.messages` and `init.ticket.messages`.
fn parse_messages(v: &Value, path: &str) -> Result<Vec<ThreadMessage>, String> {
    let Some(list) = v.as_array() else { return Err(format!("{path} must be an array of messages")) };
    if list.len() > MAX_MESSAGES {
        return Err(format!("{path} has {} messages; at most {MAX_MESSAGES} are accepted in one message", list.len()));
    }
    list.iter().enumerate().map(|(i, m)| parse_thread_message(m, &format!("{path}[{i}]"))).collect()
}

fn parse_thread_message(v: &Value, path: &str) -> Result<ThreadMessage, String> {
    let Some(m) = v.as_object() else { return Err(format!("{path} must be an object")) };
    let id = match m.get("id") {
        Some(Value::String(s)) if (1..=MAX_MESSAGE_ID).contains(&s.chars().count()) => s.clone(),
        Some(Value::String(_)) => return Err(format!("{path}.id must be 1 to {MAX_MESSAGE_ID} characters")),
        Some(Value::Number(_)) => return Err(format!("{path}.id must be a string (send \"17\", not 17)")),
        _ => return Err(format!("{path}.id is required and must be a string")),
    };
    let from = match m.get("from") {
        Some(Value::String(s)) => {
            Author::parse(s).ok_or_else(|| format!("{path}.from must be \"customer\", \"agent\" or \"note\", not {:?}", truncate(s, 32)))?
        }
        _ => return Err(format!("{path}.from is required: \"customer\", \"agent\" or \"note\"")),
    };
    let at = match m.get("at") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            Timestamp::parse(s)
                .ok_or_else(|| format!("{path}.at must be an RFC 3339 time (2026-11-22T10:00:00Z), not {:?}", truncate(s, 40)))?,
        ),
        Some(_) => return Err(format!("{path}.at must be an RFC 3339 time as a string")),
    };
    let text = match m.get("text") {
        Some(Value::String(s)) if s.chars().count() <= MAX_MESSAGE_TEXT => s.clone(),
        Some(Value::String(s)) => {
            return Err(format!("{path}.text is {} characters; at most {MAX_MESSAGE_TEXT} are accepted", s.chars().count()));
        }
        Some(_) => return Err(format!("{path}.text must be a string (plain text)")),
        None => return Err(format!("{path}.text is required (plain text)")),
    };
    Ok(ThreadMessage { id, from, at, text })
}

/// Checks a session a host hands back: schema 1, this ticket, well formed.
pub fn parse_session(v: &Value, ticket_id: &str) -> Result<Session, String> {
    let Some(obj) = v.as_object() else {
        return Err("payload.session must be an object or null".into());
    };
    match obj.get("schema").and_then(Value::as_u64) {
        Some(s) if s == u64::from(SCHEMA) => {}
        Some(s) => return Err(format!("payload.session has schema {s}; this widget reads schema {SCHEMA}")),
        None => return Err("payload.session.schema must be the number 1".into()),
    }
    let session: Session = serde_json::from_value(v.clone()).map_err(|e| format!("payload.session is not a valid session: {e}"))?;
    if session.ticket_id != ticket_id {
        return Err(format!(
            "payload.session.ticket_id is {:?}, but the ticket is {:?}",
            truncate(&session.ticket_id, 128),
            truncate(ticket_id, 128)
        ));
    }
    Ok(session)
}

/// The envelope of a message the widget sends.
pub fn envelope(kind: &str, id: &str, re: Option<&str>, payload: Value) -> Value {
    let mut m = json!({ "protocol": PROTOCOL, "v": VERSION, "type": kind, "id": id, "payload": payload });
    if let Some(re) = re {
        m["re"] = Value::String(re.to_string());
    }
    m
}

pub fn ready(version: &str) -> Value {
    json!({ "widget": "turnaround", "version": version, "protocols": [VERSION], "features": FEATURES })
}

/// A save; `base_rev` is the rev of the host's copy this session was built on
/// (the `init` session's or the last acked save's; 0 when the host had none).
pub fn save(session: &Session, base_rev: u64) -> Value {
    json!({ "ticket_id": session.ticket_id, "rev": session.rev, "base_rev": base_rev, "session": session })
}

pub fn insert_text(ticket_id: &str, text: &str) -> Value {
    json!({ "ticket_id": ticket_id, "text": text })
}

/// The agent took a rewrite of the streamed draft: the host replaces its reply
/// box's text. Only for a host whose `capabilities.set_draft` is true.
pub fn set_draft(ticket_id: &str, text: &str) -> Value {
    json!({ "ticket_id": ticket_id, "text": text })
}

pub fn note(ticket_id: &str, markdown: &str) -> Value {
    json!({ "ticket_id": ticket_id, "format": "markdown", "text": markdown })
}

pub fn follow_up(ticket_id: &str, due: Timestamp, text: &str) -> Value {
    json!({ "ticket_id": ticket_id, "due": due.to_string(), "text": text })
}

pub fn resize(height: u32) -> Value {
    json!({ "height": height })
}

pub fn error(r: &Rejection) -> Value {
    let mut p = json!({ "code": r.code.as_str(), "message": r.message });
    if let Some(re) = &r.re {
        p["re"] = Value::String(re.clone());
    }
    p
}

/// Of the host's copy and the local copy of a ticket's session, the one that
/// wins (PROTOCOL.md): the higher `rev`; on equal `rev`, the host's.
pub fn pick_winner(host: Option<Session>, local: Option<Session>) -> Option<Session> {
    match (host, local) {
        (Some(h), Some(l)) => Some(if l.rev > h.rev { l } else { h }),
        (h, l) => h.or(l),
    }
}

/// How often `ready` is repeated, and how many times at most.
pub const READY_INTERVAL_MS: i64 = SECOND;
pub const READY_MAX: u32 = 30;
/// Saves are coalesced to at most one per this many milliseconds.
pub const SAVE_COALESCE_MS: i64 = 250;
/// A save unanswered for this long is sent again.
pub const ACK_TIMEOUT_MS: i64 = 2 * SECOND;
/// Resends after the first send before the sidebar says the save is unconfirmed.
pub const MAX_RETRIES: u32 = 5;

/// How many messages from the host are read in a burst, and per second after
/// it. A host that floods beyond this has the excess dropped unread (before it
/// is even serialized), so it cannot freeze the widget.
pub const RATE_BURST: u32 = 200;
pub const RATE_PER_SECOND: u32 = 100;

/// A token bucket over message arrivals.
#[derive(Clone, Debug)]
pub struct RateLimit {
    tokens: f64,
    last: Option<Timestamp>,
    /// Messages dropped since the last one let through.
    pub dropped: u64,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self { tokens: f64::from(RATE_BURST), last: None, dropped: 0 }
    }
}

impl RateLimit {
    /// Whether a message arriving at `now` may be read.
    pub fn allow(&mut self, now: Timestamp) -> bool {
        if let Some(last) = self.last {
            let secs = (now.millis() - last.millis()).max(0) as f64 / 1000.0;
            self.tokens = (self.tokens + secs * f64::from(RATE_PER_SECOND)).min(f64::from(RATE_BURST));
        }
        self.last = Some(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            self.dropped += 1;
            false
        }
    }
}

/// What the sidebar can truthfully say about the host's copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncState {
    /// No host, or nothing to send yet.
    Idle,
    /// A save is on its way or waiting to be sent.
    Pending,
    /// The host confirmed the newest state.
    Confirmed,
    /// The host has not confirmed after every retry; the local copy is kept.
    Unconfirmed,
}

/// Coalescing, acknowledgement and retry of `save` messages, as a pure state
/// machine: the transport calls it with the time and sends what it says.
#[derive(Clone, Debug, Default)]
pub struct SaveSync {
    /// The newest rev that needs to reach the host.
    want: Option<u64>,
    /// The highest rev the host confirmed.
    acked: Option<u64>,
    last_sent_at: Option<Timestamp>,
    /// Saves in flight: (message id, rev).
    in_flight: Vec<(String, u64)>,
    /// Resends of the newest rev so far.
    attempts: u32,
    gave_up: bool,
    /// The rev of the host's copy our session is built on (revision 2's `base_rev`).
    base: u64,
}

impl SaveSync {
    /// The session reached `rev`; it must get to the host.
    pub fn changed(&mut self, rev: u64) {
        if self.acked.is_some_and(|a| a >= rev) {
            return;
        }
        if self.want != Some(rev) {
            self.want = Some(rev);
            self.attempts = 0;
            self.gave_up = false;
        }
    }

    /// Forget everything (a ticket switch).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// A ticket opened on the host's copy at `rev` (0 when the host had none).
    pub fn based_on(&mut self, rev: u64) {
        self.base = rev;
    }

    /// The `base_rev` the next save carries: the host copy's rev our session
    /// was built on, or the newest save the host acked since.
    pub fn base_rev(&self) -> u64 {
        self.base
    }

    /// The host refused the save `re` (a `conflict`), its own copy being at
    /// `host_rev`: that save is no longer in flight, and what we send next is
    /// built on the host's copy. The caller merges and applies the merge, whose
    /// new rev then reaches [`SaveSync::changed`]. Returns false for a conflict
    /// about nothing we sent (ignored).
    pub fn conflict(&mut self, re: &str, host_rev: u64) -> bool {
        let Some(i) = self.in_flight.iter().position(|(id, _)| id == re) else { return false };
        self.in_flight.drain(..=i);
        self.base = host_rev;
        self.attempts = 0;
        self.gave_up = false;
        // Nothing of ours is confirmed past the host's copy.
        self.acked = self.acked.filter(|a| *a <= host_rev);
        true
    }

    /// Another agent's copy at `host_rev` was pushed and merged in: the host's
    /// copy is now at least that, and holds that rev (so adopting it as it is
    /// sends nothing; a merge with changes of ours gets a rev above it).
    pub fn pushed(&mut self, host_rev: u64) {
        self.base = self.base.max(host_rev);
        self.acked = Some(self.acked.map_or(host_rev, |a| a.max(host_rev)));
    }

    /// When the transport should next call [`SaveSync::poll`], if at all.
    pub fn deadline(&self) -> Option<Timestamp> {
        let want = self.want?;
        if self.gave_up || self.acked.is_some_and(|a| a >= want) {
            return None;
        }
        let last = self.last_sent_at;
        let sent_newest = self.in_flight.last().is_some_and(|(_, r)| *r == want);
        Some(match (last, sent_newest) {
            (None, _) => Timestamp(i64::MIN),
            (Some(t), false) => t.plus(SAVE_COALESCE_MS),
            (Some(t), true) => t.plus(ACK_TIMEOUT_MS),
        })
    }

    /// Called at `now`; returns true when a save of the newest state must be
    /// sent now, with message id `id` (recorded as in flight). After the first
    /// send and [`MAX_RETRIES`] resends go unanswered, it gives up until the next change.
    pub fn poll(&mut self, now: Timestamp, id: &str) -> bool {
        let (Some(want), Some(deadline)) = (self.want, self.deadline()) else { return false };
        if now < deadline {
            return false;
        }
        let is_retry = self.in_flight.last().is_some_and(|(_, r)| *r == want);
        if is_retry {
            if self.attempts >= MAX_RETRIES {
                self.gave_up = true;
                return false;
            }
            self.attempts += 1;
        } else {
            self.attempts = 0;
        }
        self.in_flight.push((id.to_string(), want));
        if self.in_flight.len() > 16 {
            self.in_flight.remove(0);
        }
        self.last_sent_at = Some(now);
        true
    }

    /// The host acknowledged the message `re`. Returns false for an ack of
    /// nothing we sent (ignored).
    pub fn ack(&mut self, re: &str) -> bool {
        let Some(i) = self.in_flight.iter().position(|(id, _)| id == re) else { return false };
        let rev = self.in_flight[i].1;
        self.in_flight.drain(..=i);
        self.acked = Some(self.acked.map_or(rev, |a| a.max(rev)));
        self.base = self.base.max(rev);
        if self.want.is_some_and(|w| w <= rev) {
            self.gave_up = false;
        }
        true
    }

    pub fn state(&self) -> SyncState {
        match (self.want, self.acked) {
            (None, None) => SyncState::Idle,
            (Some(w), Some(a)) if a >= w => SyncState::Confirmed,
            (None, Some(_)) => SyncState::Confirmed,
            _ if self.gave_up => SyncState::Unconfirmed,
            _ => SyncState::Pending,
        }
    }
}
