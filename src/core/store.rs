//! What the sidebar keeps in browser storage, and how: session records by
//! ticket, an index for history and search, preferences, custom playbooks,
//! versioned records with ordered migrations, and quarantine for anything that
//! cannot be read. Pure: it talks to a [`Backend`] (localStorage in the browser,
//! [`Memory`] in tests and as the fallback), never to web-sys.

use crate::core::case;
use crate::core::session::{Session, SCHEMA};
use crate::core::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const PREFIX: &str = "turnaround.";
pub const SESSION_PREFIX: &str = "turnaround.session.";
pub const INDEX_KEY: &str = "turnaround.index";
pub const PREFS_KEY: &str = "turnaround.prefs";
pub const PLAYBOOK_PREFIX: &str = "turnaround.playbook.";
pub const QUARANTINE_PREFIX: &str = "turnaround.quarantine.";
/// The customer's lines of a live training run, as the trainer said them, for
/// the trainee's sidebar in another window (a JSON array of thread messages,
/// as `conversation.messages` has them).
pub const TRAINING_THREAD_PREFIX: &str = "turnaround.training-thread.";
/// The index format this build writes.
pub const INDEX_SCHEMA: u64 = 1;

/// Why a storage operation failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("browser storage is full")]
    Quota,
    #[error("browser storage is not available here ({0})")]
    Unavailable(String),
}

impl StoreError {
    /// What the agent reads when a save failed: where the work is, and what to do.
    pub fn for_agent(&self) -> String {
        match self {
            StoreError::Quota => crate::msg!("Browser storage is full, so this ticket is kept in memory only. Export it (Session menu) before closing the tab; nothing was deleted to make room."),
            StoreError::Unavailable(why) => crate::msg!("This ticket could not be saved in the browser ({why}); it is kept in memory. Export it before closing the tab."),
        }
    }
}

/// A string key-value store: localStorage's shape.
pub trait Backend {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError>;
    fn remove(&mut self, key: &str) -> Result<(), StoreError>;
    fn keys(&self) -> Result<Vec<String>, StoreError>;
}

/// An in-memory backend, with an optional quota in bytes (keys plus values,
/// counted as localStorage counts them, in UTF-16 units).
#[derive(Clone, Debug, Default)]
pub struct Memory {
    map: BTreeMap<String, String>,
    pub quota: Option<usize>,
}

impl Memory {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn with_quota(bytes: usize) -> Self {
        Self { map: BTreeMap::new(), quota: Some(bytes) }
    }
    fn used(&self) -> usize {
        self.map.iter().map(|(k, v)| k.encode_utf16().count() + v.encode_utf16().count()).sum()
    }
}

impl Backend for Memory {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.map.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        if let Some(q) = self.quota {
            let old = self.map.get(key).map_or(0, |v| key.encode_utf16().count() + v.encode_utf16().count());
            if self.used() - old + key.encode_utf16().count() + value.encode_utf16().count() > q {
                return Err(StoreError::Quota);
            }
        }
        self.map.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.map.remove(key);
        Ok(())
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.map.keys().cloned().collect())
    }
}

/// Something the agent must be told about storage, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageNotice {
    /// A record could not be read and was moved aside under `to`.
    Quarantined { key: String, to: String, reason: String },
    /// A record could not be read and could not be moved aside either: it is
    /// left untouched and this ticket is kept in memory only.
    Unreadable { key: String, reason: String },
    /// A record written by a newer version was moved aside.
    FromTheFuture { key: String, to: String, schema: u64 },
}

impl StorageNotice {
    pub fn message(&self) -> String {
        match self {
            StorageNotice::Quarantined { key, to, reason } => crate::msg!("A saved record ({key}) could not be read ({reason}). It was set aside as {to}, untouched, and this ticket starts clean."),
            StorageNotice::Unreadable { key, reason } => crate::msg!("A saved record ({key}) could not be read ({reason}) and could not be set aside, so it is left as it was and this ticket is kept in memory only."),
            StorageNotice::FromTheFuture { key, to, schema } => crate::msg!("A saved record ({key}) was written by a newer version of Turnaround (schema {schema}). It was set aside as {to}, untouched, and this ticket starts clean."),
        }
    }
}

/// A migration turns a record of schema `n` into schema `n + 1`.
pub type Migration = fn(Value) -> Result<Value, String>;

/// Session migrations, in order: `SESSION_MIGRATIONS[n - 1]` lifts schema n to n + 1.
/// Schema 1 is the first published format, so the list is empty today; the
/// mechanism is tested with synthetic migrations.
pub const SESSION_MIGRATIONS: &[Migration] = &[];

/// Runs the migrations a record needs to reach `target`. A record newer than
/// `target` is an error the caller quarantines; so is one without a schema.
pub fn migrate(mut v: Value, target: u64, migrations: &[Migration]) -> Result<Value, MigrateError> {
    let mut schema = v.get("schema").and_then(Value::as_u64).ok_or(MigrateError::NoSchema)?;
    if schema > target {
        return Err(MigrateError::Future(schema));
    }
    while schema < target {
        let step = schema.checked_sub(1).and_then(|i| migrations.get(i as usize)).ok_or(MigrateError::NoPath(schema))?;
        v = step(v).map_err(MigrateError::Failed)?;
        schema += 1;
        v["schema"] = Value::from(schema);
    }
    Ok(v)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrateError {
    NoSchema,
    Future(u64),
    NoPath(u64),
    Failed(String),
}

/// One line of the index: enough for history, the binder search and the picker.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub ticket_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
    pub playbook: String,
    pub updated_at: Timestamp,
    pub done: usize,
    pub total: usize,
    /// The service alert as Markdown, when the session has one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alert: String,
}

impl IndexEntry {
    pub fn of(s: &Session) -> Self {
        let c = s.customer.clone().unwrap_or_default();
        Self {
            ticket_id: s.ticket_id.clone(),
            customer_id: c.id,
            customer_email: case::lower(&c.email),
            customer_name: c.name,
            subject: s.subject.clone(),
            playbook: s.playbook.clone(),
            updated_at: s.updated_at,
            done: s.done_count(),
            total: s.steps.len(),
            alert: if s.alert.is_empty() { String::new() } else { crate::core::export::alert_markdown(s) },
        }
    }

    /// Same customer: by id when both have one, else by email.
    pub fn same_customer(&self, id: &str, email: &str) -> bool {
        (!id.is_empty() && self.customer_id == id) || (!email.is_empty() && self.customer_email == case::lower(email))
    }
}

/// How stale an index line's `updated_at` may get before it is rewritten for
/// that alone: typing a note changes only the time, and history needs minutes.
pub const INDEX_TIME_SLACK_MS: i64 = 60_000;

/// Equal but for an `updated_at` less than a minute newer.
fn same_but_recent(old: &IndexEntry, new: &IndexEntry) -> bool {
    let mut probe = new.clone();
    probe.updated_at = old.updated_at;
    probe == *old && (new.updated_at.millis() - old.updated_at.millis()).abs() < INDEX_TIME_SLACK_MS
}

/// Puts one line into the index; false when that changed nothing worth writing.
fn apply_line(index: &mut Vec<IndexEntry>, entry: IndexEntry) -> bool {
    match index.iter_mut().find(|e| e.ticket_id == entry.ticket_id) {
        Some(e) if same_but_recent(e, &entry) => false,
        Some(e) => {
            *e = entry;
            true
        }
        None => {
            index.push(entry);
            true
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct IndexRecord {
    schema: u64,
    entries: Vec<IndexEntry>,
}

/// A session read from storage, with anything the agent must be told.
#[derive(Debug, Default)]
pub struct Loaded {
    pub session: Option<Session>,
    pub notice: Option<StorageNotice>,
    /// The key must not be written: its unreadable content could not be moved aside.
    pub locked: bool,
}

/// The product's storage over any backend.
pub struct Store<B: Backend> {
    pub backend: B,
    /// Session keys holding unreadable records that could not be moved aside.
    locked: Vec<String>,
    index: Option<Vec<IndexEntry>>,
    /// Index lines saved with [`Store::save_deferring_index`] and not yet
    /// written: applied to the index when it is read, written by [`Store::flush_index`].
    pending: Vec<IndexEntry>,
    /// The index in memory differs from the stored one.
    dirty: bool,
    /// Bumped whenever an index line changes in memory: what a view of the
    /// index (history, the binder) keys its cache on, so typing a note, which
    /// changes no line, costs it nothing.
    version: u64,
    /// The binder's lower-cased text of each index line, in index order; built
    /// at the first search after a change, not on every query.
    haystacks: Option<Vec<String>>,
}

/// Reads a session record through `Value`, as [`Store::load`] does: one
/// deserialiser per session type in the wasm (from `Value`) instead of two
/// (from `Value` and from text); the second copy measured 40 KB raw, 11 KB gzip.
pub fn session_from_str(raw: &str) -> Option<Session> {
    serde_json::from_str::<Value>(raw).ok().and_then(|v| serde_json::from_value::<Session>(v).ok())
}

/// What the trainer's live screen reads of the trainee's stored session: the
/// ticket and which steps are checked; every other field is skipped, so the
/// trainer's bundle carries no session reader (and never sets a record aside:
/// that is the sidebar's to do when it opens it).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CheckOffs {
    pub schema: u32,
    pub ticket_id: String,
    pub steps: Vec<CheckOff>,
}

/// One step's check-off in a stored session.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CheckOff {
    pub id: String,
    pub done: bool,
}

impl CheckOffs {
    /// Whether step `id` is checked, if the session has it.
    pub fn done(&self, id: &str) -> Option<bool> {
        self.steps.iter().find(|s| s.id == id).map(|s| s.done)
    }
}

/// The check-offs of a stored session record, when it reads and is of a
/// schema this build knows (a newer sidebar's record is left alone).
pub fn check_offs_from_str(raw: &str) -> Option<CheckOffs> {
    serde_json::from_str::<CheckOffs>(raw).ok().filter(|c| c.schema <= SCHEMA)
}

pub fn session_key(ticket_id: &str) -> String {
    format!("{SESSION_PREFIX}{ticket_id}")
}

impl<B: Backend> Store<B> {
    pub fn new(backend: B) -> Self {
        Self { backend, locked: Vec::new(), index: None, pending: Vec::new(), dirty: false, version: 0, haystacks: None }
    }

    /// Reads a ticket's session. Unreadable or future records are moved aside,
    /// never overwritten; the agent is told.
    pub fn load(&mut self, ticket_id: &str, now: Timestamp) -> Result<Loaded, StoreError> {
        let key = session_key(ticket_id);
        let Some(raw) = self.backend.get(&key)? else { return Ok(Loaded::default()) };
        let parsed = serde_json::from_str::<Value>(&raw)
            .map_err(|e| format!("not valid JSON: {e}"))
            .and_then(|v| match migrate(v, u64::from(SCHEMA), SESSION_MIGRATIONS) {
                Ok(v) => Ok(v),
                Err(MigrateError::Future(s)) => Err(format!("future:{s}")),
                Err(e) => Err(format!("{e:?}")),
            })
            .and_then(|v| serde_json::from_value::<Session>(v).map_err(|e| format!("not a valid session: {e}")))
            .and_then(|s| if s.ticket_id == ticket_id { Ok(s) } else { Err(format!("it belongs to ticket {:?}", s.ticket_id)) });
        match parsed {
            Ok(session) => Ok(Loaded { session: Some(session), notice: None, locked: false }),
            Err(reason) => {
                let future = reason.strip_prefix("future:").and_then(|s| s.parse::<u64>().ok());
                match self.quarantine(&key, &raw, now) {
                    Ok(to) => Ok(Loaded {
                        session: None,
                        notice: Some(match future {
                            Some(schema) => StorageNotice::FromTheFuture { key, to, schema },
                            None => StorageNotice::Quarantined { key, to, reason },
                        }),
                        locked: false,
                    }),
                    Err(_) => {
                        self.locked.push(key.clone());
                        Ok(Loaded { session: None, notice: Some(StorageNotice::Unreadable { key, reason }), locked: true })
                    }
                }
            }
        }
    }

    /// Copies `raw` to a fresh quarantine key, then removes the original.
    /// Returns the quarantine key. On failure the original is left untouched.
    pub fn quarantine(&mut self, key: &str, raw: &str, now: Timestamp) -> Result<String, StoreError> {
        let base = format!("{QUARANTINE_PREFIX}{}.{}", now.millis(), key.strip_prefix(PREFIX).unwrap_or(key));
        let mut to = base.clone();
        let mut n = 1;
        while self.backend.get(&to)?.is_some() {
            n += 1;
            to = format!("{base}.{n}");
        }
        self.backend.set(&to, raw)?;
        self.backend.remove(key)?;
        Ok(to)
    }

    /// Writes a session, then its index line. The session is written first:
    /// the index can be rebuilt from sessions, not the other way round.
    pub fn save(&mut self, session: &Session) -> Result<(), StoreError> {
        self.write_session(session)?;
        self.upsert_index(IndexEntry::of(session))
    }

    fn write_session(&mut self, session: &Session) -> Result<(), StoreError> {
        let key = session_key(&session.ticket_id);
        if self.locked.contains(&key) {
            return Err(StoreError::Unavailable(format!("{key} holds a record that could not be set aside")));
        }
        let json = serde_json::to_string(session).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        self.backend.set(&key, &json)
    }

    /// Writes a session now and keeps its index line for later: the line is
    /// in every read of the index at once (history, the binder), and reaches
    /// storage with the next [`Store::flush_index`] (the shell calls it when
    /// the agent pauses and when the page is hidden). With 2,000 sessions the
    /// index is 1.5 MB: reading and rewriting it when a ticket opens cost
    /// tens of milliseconds. If the page dies first, the session is safe and
    /// only its index line is stale (the next save of that ticket writes it).
    pub fn save_deferring_index(&mut self, session: &Session) -> Result<(), StoreError> {
        self.write_session(session)?;
        let entry = IndexEntry::of(session);
        match self.index.as_mut() {
            Some(index) => {
                if apply_line(index, entry) {
                    self.dirty = true;
                    self.changed();
                }
            }
            None => {
                self.pending.retain(|e| e.ticket_id != entry.ticket_id);
                self.pending.push(entry);
                self.changed();
            }
        }
        Ok(())
    }

    /// Whether index lines wait to be written.
    pub fn index_pending(&self) -> bool {
        self.dirty || !self.pending.is_empty()
    }

    /// Writes the index if lines saved with [`Store::save_deferring_index`]
    /// changed it; a line that differs only by a recent `updated_at` is not a change.
    pub fn flush_index(&mut self) -> Result<(), StoreError> {
        if !self.index_pending() {
            return Ok(());
        }
        self.index()?;
        if !self.dirty {
            return Ok(());
        }
        self.write_index()
    }

    /// Counts changes of the index in memory; see the `version` field.
    pub fn index_version(&self) -> u64 {
        self.version
    }

    fn changed(&mut self) {
        self.version += 1;
        self.haystacks = None;
    }

    /// Updates the in-memory index after another tab wrote a session.
    pub fn note_external(&mut self, session: &Session) {
        if let Some(index) = self.index.as_mut() {
            let entry = IndexEntry::of(session);
            match index.iter_mut().find(|e| e.ticket_id == entry.ticket_id) {
                Some(e) => *e = entry,
                None => index.push(entry),
            }
            self.changed();
        }
    }

    fn upsert_index(&mut self, entry: IndexEntry) -> Result<(), StoreError> {
        // The index in memory is current: other tabs' writes reach it through
        // `note_external` (the storage event). Re-reading it on every save cost
        // a 1.5 MB parse per keystroke with 2,000 sessions stored.
        self.index()?;
        let index = self.index.get_or_insert_with(Vec::new);
        if apply_line(index, entry) {
            self.changed();
            self.dirty = true;
        }
        if !self.dirty {
            return Ok(());
        }
        self.write_index()
    }

    fn write_index(&mut self) -> Result<(), StoreError> {
        let index = self.index.get_or_insert_with(Vec::new);
        let record = IndexRecord { schema: INDEX_SCHEMA, entries: std::mem::take(index) };
        let json = serde_json::to_string(&record).map_err(|e| StoreError::Unavailable(e.to_string()));
        self.index = Some(record.entries);
        // One attempt per change: a full store refuses the index again on
        // every keystroke otherwise (the sessions, written first, are what counts).
        self.dirty = false;
        self.backend.set(INDEX_KEY, &json?)
    }

    /// The index, read once and kept; rebuilt from the session records when it
    /// is missing or unreadable (it is derived data, so nothing is lost).
    /// Lines saved with [`Store::save_deferring_index`] are in it.
    pub fn index(&mut self) -> Result<&[IndexEntry], StoreError> {
        if self.index.is_none() {
            let read = self
                .backend
                .get(INDEX_KEY)?
                .and_then(|raw| serde_json::from_str::<IndexRecord>(&raw).ok())
                .filter(|r| r.schema == INDEX_SCHEMA);
            let entries = match read {
                Some(r) => r.entries,
                None => self.rebuild_index()?,
            };
            self.index = Some(entries);
        }
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            let index = self.index.get_or_insert_with(Vec::new);
            let mut any = false;
            for entry in pending {
                any |= apply_line(index, entry);
            }
            if any {
                self.dirty = true;
                self.changed();
            }
        }
        Ok(self.index.as_deref().unwrap_or_default())
    }

    fn rebuild_index(&mut self) -> Result<Vec<IndexEntry>, StoreError> {
        let mut out = Vec::new();
        for key in self.backend.keys()? {
            if let Some(ticket) = key.strip_prefix(SESSION_PREFIX) {
                if let Some(s) = self.backend.get(&key)?.as_deref().and_then(session_from_str) {
                    if s.ticket_id == ticket {
                        out.push(IndexEntry::of(&s));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Earlier sessions of the same customer, newest first, without `except`.
    pub fn history(&mut self, customer_id: &str, email: &str, except: &str) -> Result<Vec<IndexEntry>, StoreError> {
        let mut out: Vec<IndexEntry> =
            self.index()?.iter().filter(|e| e.ticket_id != except && e.same_customer(customer_id, email)).cloned().collect();
        out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        Ok(out)
    }

    /// The binder: sessions whose service alert (or subject) contains every
    /// word of the query, newest first.
    pub fn search(&mut self, query: &str, limit: usize) -> Result<Vec<IndexEntry>, StoreError> {
        let words: Vec<String> = query.split_whitespace().map(case::lower).collect();
        self.index()?;
        let index = self.index.as_deref().unwrap_or_default();
        let haystacks = self.haystacks.get_or_insert_with(|| {
            index.iter().map(|e| case::lower(&format!("{}\n{}\n{}\n{}", e.alert, e.subject, e.customer_name, e.ticket_id))).collect()
        });
        let mut out: Vec<IndexEntry> = index
            .iter()
            .zip(haystacks.iter())
            .filter(|(e, hay)| !e.alert.is_empty() && words.iter().all(|w| hay.contains(w.as_str())))
            .map(|(e, _)| e.clone())
            .collect();
        out.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
        out.truncate(limit);
        Ok(out)
    }

    /// Keeps a custom playbook (already validated) for the next visit.
    pub fn save_playbook(&mut self, playbook: &crate::core::playbook::Playbook) -> Result<(), StoreError> {
        let json = serde_json::to_string(playbook).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        self.backend.set(&format!("{PLAYBOOK_PREFIX}{}", playbook.id), &json)
    }

    /// The custom playbooks kept earlier, each parsed and validated again (a
    /// stored one that no longer validates comes back as its errors, and stays stored).
    pub fn custom_playbooks(
        &self,
    ) -> Result<Vec<(String, Result<crate::core::playbook::Playbook, crate::core::playbook::PlaybookErrors>)>, StoreError> {
        let mut out = Vec::new();
        for key in self.backend.keys()? {
            if key.starts_with(PLAYBOOK_PREFIX) {
                if let Some(raw) = self.backend.get(&key)? {
                    out.push((key, crate::core::playbook::parse(&raw)));
                }
            }
        }
        Ok(out)
    }

    /// Every quarantined key, for the agent to export.
    pub fn quarantined(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.backend.keys()?.into_iter().filter(|k| k.starts_with(QUARANTINE_PREFIX)).collect())
    }

    pub fn get_raw(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.backend.get(key)
    }

    pub fn set_raw(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.backend.set(key, value)
    }
}
