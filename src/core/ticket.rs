//! Opening a ticket: the library of playbooks the sidebar offers, where the
//! local copy and the host's copy of a session meet, and what the host says
//! about the ticket (people, subject, the customer's last message). The rules
//! the shell used to carry; every change to a session goes through
//! [`Session::apply`] (or is a merge of two copies, `core::merge`), so `rev`
//! is bumped there and nowhere else.

use crate::core::coach;
use crate::core::conversation::{Thread, Work};
use crate::core::locale::Lang;
use crate::core::merge::{describe, incoming, merge3, on_playbook, Incoming};
use crate::core::playbook::{self, PhraseContext, Playbook};
use crate::core::protocol::{self, Init};
use crate::core::session::{merge, same_content, Action, Customer, Session};
use crate::core::store::{Backend, Store};
use crate::core::text::first_name;
use crate::core::time::Timestamp;
use std::rc::Rc;

/// The playbooks this sidebar can use, in one language: the built-ins, then
/// custom ones. A built-in is parsed the first time it is used (the picker
/// needs only its id and title), so a ticket opens parsing one playbook, not
/// five; one not compiled into this build (any but the English default in
/// the sidebar's bundle) is [`Library::missing`] until its file is fetched and
/// handed to [`Library::provide`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    lang: Lang,
    built_in: Vec<BuiltIn>,
    /// The custom playbooks, after the built-ins in the picker.
    pub custom: Vec<Rc<Playbook>>,
}

/// A built-in playbook, in each language it has been loaded in. Two are
/// equal when they name the same playbook, loaded yet or not.
#[derive(Clone, Debug)]
struct BuiltIn {
    id: &'static str,
    loaded: [std::cell::OnceCell<Rc<Playbook>>; 3],
}

impl PartialEq for BuiltIn {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl BuiltIn {
    /// The version in `lang`, if loaded or compiled into this build.
    fn get(&self, lang: Lang) -> Option<Rc<Playbook>> {
        let slot = &self.loaded[lang_index(lang)];
        if let Some(p) = slot.get() {
            return Some(p.clone());
        }
        let compiled = playbook::find_built_in(self.id).filter(|_| lang == Lang::En)?;
        Some(slot.get_or_init(|| Rc::new(compiled.clone())).clone())
    }
}

fn lang_index(lang: Lang) -> usize {
    Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)
}

/// A built-in playbook this build does not carry in the language asked for:
/// where its file is, and the title to name it by while it comes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetch {
    pub id: String,
    pub title: String,
    pub lang: Lang,
    /// Relative to the sidebar's page ([`playbook::built_in_path`]).
    pub path: String,
}

impl Library {
    /// The built-ins in English, no custom playbook yet.
    pub fn built_in() -> Self {
        Self::in_lang(Lang::En)
    }

    /// The built-ins in `lang`, no custom playbook yet.
    pub fn in_lang(lang: Lang) -> Self {
        let built_in = playbook::BUILT_IN_TITLES.iter().map(|(id, _)| BuiltIn { id, loaded: Default::default() }).collect();
        Self { lang, built_in, custom: Vec::new() }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Shows the built-ins in `lang` from now on; the versions already loaded
    /// in any language are kept.
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The playbook with this id in the library's language, when it is here
    /// (a built-in still to fetch is not: see [`Library::missing`]).
    pub fn get(&self, id: &str) -> Option<Rc<Playbook>> {
        match self.built_in.iter().find(|b| b.id == id) {
            Some(b) => b.get(self.lang),
            None => self.custom.iter().find(|p| p.id == id).cloned(),
        }
    }

    /// What to fetch before the built-in `id` can be used in the library's
    /// language; `None` when it is here, or is no built-in at all.
    pub fn missing(&self, id: &str) -> Option<Fetch> {
        let b = self.built_in.iter().find(|b| b.id == id)?;
        if b.get(self.lang).is_some() {
            return None;
        }
        let title = self.title_of(id).unwrap_or(id).to_string();
        Some(Fetch { id: id.to_string(), title, lang: self.lang, path: playbook::built_in_path(id, self.lang) })
    }

    /// Takes the fetched file of a built-in: it must parse, validate, and be
    /// the playbook and language that were asked for, or it is refused with
    /// the reason (and the library stays as it was).
    pub fn provide(&mut self, fetch: &Fetch, json: &str) -> Result<Rc<Playbook>, String> {
        let p = playbook::read_served(&fetch.id, fetch.lang, json)?;
        let b = self.built_in.iter().find(|b| b.id == fetch.id).ok_or_else(|| format!("{:?} is not a built-in playbook", fetch.id))?;
        let slot = &b.loaded[lang_index(fetch.lang)];
        Ok(slot.get_or_init(|| Rc::new(p)).clone())
    }

    /// The playbook a new session starts with: the default in the library's
    /// language when loaded, else the English default compiled in.
    pub fn default_playbook(&self) -> Rc<Playbook> {
        self.get(playbook::DEFAULT_PLAYBOOK)
            .or_else(|| playbook::find_built_in(playbook::DEFAULT_PLAYBOOK).cloned().map(Rc::new))
            .or_else(|| self.built_in.iter().find_map(|b| b.get(Lang::En)))
            .or_else(|| self.custom.first().cloned())
            .unwrap_or_else(|| Rc::new(fallback_playbook()))
    }

    /// Adds or replaces a custom playbook; a built-in's id is refused.
    pub fn add_custom(&mut self, p: Playbook) -> Result<Rc<Playbook>, String> {
        if playbook::is_built_in(&p.id) {
            return Err(format!("id {:?} belongs to a built-in playbook; give your playbook an id of its own", p.id));
        }
        let p = Rc::new(p);
        match self.custom.iter_mut().find(|x| x.id == p.id) {
            Some(slot) => *slot = p.clone(),
            None => self.custom.push(p.clone()),
        }
        Ok(p)
    }

    /// (id, title) of every playbook, in picker order, the built-ins' titles
    /// in the library's language (parsing and fetching none).
    pub fn choices(&self) -> Vec<(String, String)> {
        let built_in = playbook::built_in_titles(self.lang).iter().map(|(id, title)| (id.to_string(), title.to_string()));
        built_in.chain(self.custom.iter().map(|p| (p.id.clone(), p.title.clone()))).collect()
    }

    fn title_of(&self, id: &str) -> Option<&'static str> {
        playbook::built_in_titles(self.lang).iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
    }
}

/// Used only if every built-in failed to parse (a build defect the tests catch).
fn fallback_playbook() -> Playbook {
    Playbook {
        id: "empty".into(),
        title: "No playbook".into(),
        summary: String::new(),
        source: String::new(),
        lang: None,
        steps: Vec::new(),
    }
}

/// A ticket as it opens: the session to show (not yet written), its
/// playbook, and what the agent must be told.
#[derive(Debug)]
pub struct Opened {
    pub session: Session,
    pub playbook: Rc<Playbook>,
    pub warnings: Vec<String>,
}

/// A ticket that cannot open yet: its playbook is a built-in still to
/// fetch. Nothing was changed or written; what the local copy's reading
/// reported is in `warnings` (it is not reported again on the next try).
#[derive(Debug)]
pub struct NotLoaded {
    pub fetch: Fetch,
    pub warnings: Vec<String>,
}

/// Opens a ticket: the local copy and the host's copy meet (the higher `rev`
/// wins, the host's on a tie), and the winner is brought in line with its
/// playbook. The caller writes the result locally before anything else
/// happens, so neither copy is lost. When the playbook the ticket needs (its
/// session's, else the host's `init.playbook`, else the default) is a
/// built-in not here yet, nothing opens: the caller fetches it and tries
/// again, and the ticket is never moved to another playbook meanwhile.
pub fn open<B: Backend>(store: &mut Store<B>, library: &Library, init: &Init, at: Timestamp) -> Result<Opened, NotLoaded> {
    let mut warnings = Vec::new();
    let local = match store.load(&init.ticket_id, at) {
        Ok(l) => {
            if let Some(n) = &l.notice {
                warnings.push(n.message());
            }
            l.session
        }
        Err(e) => {
            warnings.push(e.for_agent());
            None
        }
    };
    let winner = protocol::pick_winner(init.session.clone(), local);
    let wanted = init.playbook.as_deref().filter(|id| library.get(id).is_some() || library.missing(id).is_some());
    if let Some(id) = init.playbook.as_deref().filter(|_| wanted.is_none()) {
        warnings.push(crate::msg!("The helpdesk asked for playbook {id:?}, which this sidebar does not have; using the default."));
    }
    let needed = match &winner {
        Some(s) if !s.playbook.is_empty() => s.playbook.as_str(),
        _ => wanted.unwrap_or(playbook::DEFAULT_PLAYBOOK),
    };
    // A custom playbook no longer here opens on the default (as said below),
    // which may itself be a file to fetch in this language.
    let known = library.get(needed).is_some();
    if let Some(fetch) = library.missing(needed).or_else(|| library.missing(playbook::DEFAULT_PLAYBOOK).filter(|_| !known)) {
        return Err(NotLoaded { fetch, warnings });
    }
    let mut session = winner.unwrap_or_else(|| {
        let pb = wanted.and_then(|id| library.get(id)).unwrap_or_else(|| library.default_playbook());
        Session::new(init.ticket_id.clone(), &pb, at)
    });
    let playbook = library.get(&session.playbook).unwrap_or_else(|| {
        if !session.playbook.is_empty() {
            warnings.push(format!(
                "This ticket used playbook {:?}, which is not loaded here; showing the default. Its check-offs are kept.",
                session.playbook
            ));
        }
        library.default_playbook()
    });
    use_playbook(&mut session, &playbook, at);
    Ok(Opened { session, playbook, warnings })
}

/// Puts a session on `playbook`: a switch when it follows another one, an
/// alignment when it follows an older version of the same one. True if changed.
pub fn use_playbook(session: &mut Session, playbook: &Playbook, at: Timestamp) -> bool {
    let steps = playbook.steps.iter().map(|s| s.id.clone()).collect();
    if session.playbook != playbook.id {
        session.apply(Action::SwitchPlaybook { playbook: playbook.id.clone(), steps }, at)
    } else {
        session.apply(Action::AlignSteps { steps }, at)
    }
}

/// Another tab of this browser wrote `theirs`: what this tab should show, or
/// `None` when it is another ticket or nothing new. Their copy is taken as it
/// is when this tab's session is still what this tab last wrote
/// (`last_written`); otherwise this tab has changes of its own, and the two
/// are merged so neither is lost, on the copy this tab last wrote: the other
/// tab heard of that write (the storage event) and built on it, so what it
/// removed or rewrote since stays removed or rewritten. A copy that cannot
/// have been built on it (its `rev` is not above) is merged with no base,
/// which removes nothing.
pub fn from_other_tab(mine: &Session, theirs: Session, last_written: Option<&Session>) -> Option<Session> {
    if theirs.ticket_id != mine.ticket_id || same_content(&theirs, mine) && theirs.rev == mine.rev {
        return None;
    }
    let untouched = last_written.is_some_and(|w| same_content(w, mine));
    if untouched {
        return Some(theirs);
    }
    let base = last_written.filter(|w| w.ticket_id == mine.ticket_id && theirs.rev > w.rev);
    Some(match base {
        Some(w) => merge3(Some(w), mine, &theirs),
        None => merge(mine, &theirs),
    })
}

/// Brings a session up to date with what the host says about its ticket:
/// customer and subject, the owner, and the customer's last message (whose
/// reading pre-fills the temperature when none was recorded, and the host
/// sends no thread: a thread's messages are read one by one, by id, in
/// [`open_thread`]). True if changed.
pub fn apply_host_context(session: &mut Session, init: &Init, at: Timestamp) -> bool {
    let (mut changed, prefill) = apply_host_context_unread(session, init, at);
    if let Some(text) = prefill {
        changed |= prefill_temperature(session, prefilled_temperature(&text), at);
    }
    changed
}

/// [`apply_host_context`] without the coach: the customer's last message to
/// read for the temperature pre-fill, when one is due, comes back for
/// [`prefill_temperature`] once the coach has read it.
pub fn apply_host_context_unread(session: &mut Session, init: &Init, at: Timestamp) -> (bool, Option<String>) {
    let mut changed = session.apply(Action::SetContext { customer: customer_of(init), subject: init.subject.clone() }, at);
    changed |= session.apply(Action::Claim { agent: init.agent_name.clone() }, at);
    let mut prefill = None;
    if !init.last_message.trim().is_empty() {
        let first_reading = session.temperatures.is_empty() && init.messages.is_empty();
        changed |= session.apply(Action::SetCustomerMessage { text: init.last_message.clone() }, at);
        if first_reading {
            prefill = Some(init.last_message.clone());
        }
    }
    (changed, prefill)
}

/// Records the reading of the host's last message as the temperature, unless
/// one was recorded meanwhile (the agent's own reading stands). True if changed.
pub fn prefill_temperature(session: &mut Session, level: crate::core::session::Temperature, at: Timestamp) -> bool {
    session.temperatures.is_empty() && session.apply(Action::RecordTemperature { level }, at)
}

/// The thread the host opened the ticket with (`init.ticket.messages`),
/// taken in: each customer message not read before is read into the session,
/// and the newest one becomes the customer's message the coach weighs drafts
/// against. Returns the thread (for what follows) and whether the session changed.
pub fn open_thread(session: &mut Session, init: &Init, playbook: &Playbook, at: Timestamp) -> (Thread, bool) {
    let (mut thread, work, mut changed) = open_thread_unread(session, init, at);
    let answers: Vec<_> = work.iter().map(Work::run).collect();
    changed |= thread.finish(&work, &answers, session, playbook).is_some_and(|a| session.apply(a, at));
    (thread, changed)
}

/// [`open_thread`] without the coach: what it must read and review comes back
/// as [`Work`], for [`Thread::finish`].
pub fn open_thread_unread(session: &mut Session, init: &Init, at: Timestamp) -> (Thread, Vec<Work>, bool) {
    let mut thread = Thread::new(init.ticket_id.clone());
    let (_, work) = thread.take_unread(&init.messages, session, init.channel.unwrap_or_default());
    let mut changed = false;
    if let Some(m) = thread.last_customer() {
        changed |= session.apply(Action::SetCustomerMessage { text: m.text.clone() }, at);
    }
    (thread, work, changed)
}

/// The temperature a message reads as, recorded when the agent has recorded none.
pub fn prefilled_temperature(message: &str) -> crate::core::session::Temperature {
    coach::temperature(message).level
}

/// The customer the host names, if it names any part of one.
pub fn customer_of(init: &Init) -> Option<Customer> {
    let c = Customer { id: init.customer_id.clone(), name: init.customer_name.clone(), email: init.customer_email.clone() };
    (c != Customer::default()).then_some(c)
}

/// The names phrases are filled with: the customer's first name, the agent, the company.
pub fn phrase_names(init: &Init) -> PhraseContext {
    PhraseContext {
        customer: first_name(&init.customer_name).to_string(),
        agent: init.agent_name.clone(),
        company: init.company.clone(),
        when: String::new(),
    }
}

/// The key under which a save names the agent who sent it (an optional
/// session field hosts keep like the rest), so another agent's sidebar can
/// say who changed the ticket.
pub const SAVED_BY: &str = "saved_by";

/// What came in from the host's copy of the open ticket (a `conflict` or a
/// pushed `session`): the merge of ours and theirs, built on `base` (the host
/// copy ours was built on, when known), and the sentence the sidebar shows,
/// empty when nothing came in.
///
/// The merge stays on `playbook`, the one this sidebar shows, even when the
/// other agent's copy follows another (they switched, or never used ours):
/// the sidebar keeps its playbook, their steps' states are set aside in
/// `other_steps`, and the sentence says which playbook they work from. See
/// [`on_playbook`].
pub fn from_host(base: Option<&Session>, mine: &Session, host: &Session, playbook: &Playbook) -> (Session, String) {
    // The sender's name travels with a save, not with the session: it is
    // left out of the merge, so it never makes two equal copies differ.
    let unstamped = |s: &Session| {
        let mut s = s.clone();
        s.extra.remove(SAVED_BY);
        s
    };
    let (base, mine, host_copy) = (base.map(unstamped), unstamped(mine), unstamped(host));
    let merged = merge3(base.as_ref(), &mine, &host_copy);
    let theirs_playbook = (merged.playbook != playbook.id).then(|| merged.playbook.clone());
    let steps: Vec<String> = playbook.steps.iter().map(|s| s.id.clone()).collect();
    let merged = on_playbook(merged, &playbook.id, &steps);
    let mut changes = incoming(&mine, &merged);
    if let Some(id) = theirs_playbook {
        changes.insert(0, Incoming::Playbook(id));
    }
    let who = host.extra.get(SAVED_BY).and_then(|v| v.as_str());
    let said = describe(&changes, who, playbook);
    (merged, said)
}

/// The copy a save sends: the session, stamped with the agent who sent it.
pub fn stamped(session: &Session, agent: &str) -> Session {
    let mut s = session.clone();
    if agent.trim().is_empty() {
        s.extra.remove(SAVED_BY);
    } else {
        s.extra.insert(SAVED_BY.into(), agent.trim().into());
    }
    s
}
