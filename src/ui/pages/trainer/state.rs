//! The trainer page's state: the scenario library (built-ins and files the
//! trainer loaded), the setup (trainee, mode), the run on screen and the
//! debriefs of this page session (the cohort). A thin `Reducible` over
//! [`Run::apply`]: every rule lives in `core::trainer`, and time enters as
//! message data.
//!
//! The built-in scenarios start as cards (`core::trainer::CARDS`); picking
//! one that is not here yet ([`Msg::Start`]) sets [`TrainerState::fetch`],
//! which the page's fetch effect (`fetch.rs`) answers with [`Msg::Fetched`]
//! or [`Msg::FetchFailed`]. The scenario's built-in playbook comes the same
//! way, in the scenario's language.

use crate::core::locale::Lang;
use crate::core::playbook::{self, Playbook};
use crate::core::text::sentence;
use crate::core::time::Timestamp;
use crate::core::trainer::{self, Card, Debrief, Input, Mode, Outbox, Read, Run, RunError, Scenario, What};
use std::rc::Rc;
use std::sync::Arc;
use yew::prelude::*;

/// A scenario in the picker.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What the picker shows.
    pub card: Card,
    /// The whole scenario, once it is here: loaded from a file, compiled
    /// into this build, or fetched when first picked.
    pub scenario: Option<Arc<Scenario>>,
    /// The file it was loaded from; `None` for a built-in.
    pub file: Option<String>,
}

/// A pick that waits for files: the scenario, its playbook, or both.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetch {
    /// The scenario picked.
    pub scenario: String,
    /// The language it is written in (its files are that language's).
    pub lang: Lang,
    /// The scenario's file is needed (it is a built-in not here yet).
    pub file: bool,
    /// The built-in playbook it trains, when that is not here yet either.
    pub playbook: Option<String>,
    /// The id the run gets once everything is here.
    pub run: String,
    /// Why the last try failed; `None` while the files are on their way.
    pub failed: Option<String>,
}

/// What happened to the last scenario file the trainer loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadReport {
    pub file: String,
    pub ok: bool,
    /// One located error per line when it failed; one sentence when it worked.
    pub lines: Vec<String>,
}

/// A line the trainer said as the customer in live mode. The engine records
/// marks, mood and the ending; the page keeps the spoken lines beside them.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    pub at: Timestamp,
    pub text: String,
    /// How many transcript entries the run had when it was said (for ordering).
    pub after: usize,
}

/// A run on screen, with what the page adds to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Active {
    /// Unique in this page; the live sidebar's ticket is `training-<id>`.
    pub id: String,
    pub run: Run,
    /// The coach's findings on each free-text reply, by turn.
    pub findings: Vec<(u32, Vec<String>)>,
    /// Live: the customer's lines, as the trainer said them.
    pub said: Vec<Said>,
    /// Solo: typed replies sent to the coach and not applied yet.
    pub outbox: Outbox,
    /// Typed replies whose reading came back after the run had ended: not
    /// counted, but kept so the debrief can show them.
    pub late: Vec<String>,
    /// The playbook the scenario trains, in its language, when it is a
    /// built-in (step titles, the checklist, the debrief's guidance).
    pub playbook: Option<Rc<Playbook>>,
}

impl Active {
    /// The ticket the trainee's real sidebar uses for this run.
    pub fn ticket(&self) -> String {
        format!("training-{}", self.id)
    }
    /// The coach's findings on the reply of `turn`, if it was typed.
    pub fn findings_for(&self, turn: u32) -> Option<&[String]> {
        self.findings.iter().find(|(t, _)| *t == turn).map(|(_, n)| n.as_slice())
    }

    /// What the customer has said so far, in order.
    pub fn customer_lines(&self) -> impl DoubleEndedIterator<Item = &str> {
        self.run.transcript().iter().filter_map(|e| if let What::Customer { text } = &e.what { Some(text.as_str()) } else { None })
    }

    /// A step's title in the scenario's playbook, or its id for a custom playbook.
    pub fn step_title(&self, step: &str) -> String {
        self.playbook.as_ref().and_then(|p| p.step(step)).map_or_else(|| step.to_string(), |s| s.title.clone())
    }

    /// The debrief, with the step titles and guidance of the scenario's playbook.
    pub fn debrief(&self) -> Debrief {
        self.run.debrief_with(self.playbook.as_deref())
    }

    /// The customer's last line, if they said one.
    pub fn last_customer_line(&self) -> Option<String> {
        self.customer_lines().next_back().map(str::to_string)
    }

    /// Applies one input; a typed reply's findings are kept by its turn.
    fn play(&mut self, input: Input, at: Timestamp, findings: Vec<String>) -> Result<(), RunError> {
        let turn = self.run.turns() + 1;
        let typed = matches!(input, Input::FreeText { .. });
        self.run.apply(input, at)?;
        if typed {
            self.findings.push((turn, findings));
        }
        Ok(())
    }

    /// Applies the typed replies the coach has read, in the order they were
    /// sent; the first refusal's reason, if one was refused. A reply read
    /// after the run ended is kept in [`Active::late`].
    fn apply_read(&mut self) -> Option<String> {
        let mut refused = None;
        for (waiting, read) in self.outbox.take_ready() {
            match self.play(read.input, waiting.at, read.findings) {
                Ok(()) => {}
                Err(RunError::Over) => self.late.push(waiting.text),
                Err(e) => refused = refused.or(Some(sentence(&e.to_string()))),
            }
        }
        refused
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrainerState {
    pub library: Vec<Item>,
    pub trainee: String,
    pub mode: Mode,
    pub load: Option<LoadReport>,
    /// The run on screen: in progress, or finished (then the debrief shows).
    pub active: Option<Rc<Active>>,
    /// Every run finished in this page session, oldest first.
    pub cohort: Vec<Rc<Debrief>>,
    /// Why the last input was refused, in words.
    pub refused: Option<String>,
    /// The scenario whose card should take the focus when the picker returns.
    pub last_scenario: Option<String>,
    /// The language the built-in scenarios are listed in (the page's).
    pub lang: Lang,
    /// The pick waiting for its files, or whose files could not be had.
    pub fetch: Option<Fetch>,
    /// The built-in playbooks fetched so far, each in the language it was fetched in.
    pub playbooks: Vec<Rc<Playbook>>,
}

impl Default for TrainerState {
    fn default() -> Self {
        Self::in_lang(Lang::En)
    }
}

impl TrainerState {
    /// The trainer in `lang`: the cards of the built-in scenarios written in
    /// it, no scenario or playbook fetched yet.
    pub fn in_lang(lang: Lang) -> Self {
        let library = trainer::cards_in(lang).map(|card| Item { card: card.clone(), scenario: None, file: None }).collect();
        TrainerState {
            library,
            trainee: String::new(),
            mode: Mode::Solo,
            load: None,
            active: None,
            cohort: Vec::new(),
            refused: None,
            last_scenario: None,
            lang,
            fetch: None,
            playbooks: Vec::new(),
        }
    }
}

/// What the trainer or trainee did.
pub enum Msg {
    SetTrainee(String),
    SetMode(Mode),
    /// A scenario file was read: parse, validate and add it, or report why not.
    Loaded {
        file: String,
        text: String,
    },
    /// A scenario file could not be read at all.
    Unreadable {
        file: String,
        error: String,
    },
    /// Start a run of scenario `scenario`, with run id `id`: at once when
    /// its scenario and playbook are here, else once they are fetched.
    Start {
        scenario: String,
        id: String,
        at: Timestamp,
    },
    /// Files of the pick of `scenario` arrived: the scenario (when it was
    /// fetched) and its playbook (when that was); they are kept, and the run
    /// starts at `at` if this is still the pick waiting.
    Fetched {
        scenario: String,
        file: Option<Box<Scenario>>,
        playbook: Option<Playbook>,
        at: Timestamp,
    },
    /// The files of the pick of `scenario` could not be had, and why.
    FetchFailed {
        scenario: String,
        reason: String,
    },
    /// An input to the run on screen; `findings` are the coach's findings on a typed reply.
    Play {
        input: Input,
        at: Timestamp,
        findings: Vec<String>,
    },
    /// Solo: the trainee sent a typed reply; it waits in the run's outbox
    /// for the coach's reading.
    Typed {
        text: String,
        at: Timestamp,
    },
    /// The coach's reading of typed reply `serial` of run `run`.
    Read {
        run: String,
        serial: u64,
        read: Read,
    },
    /// Live: the trainer says a line as the customer.
    Say {
        text: String,
        at: Timestamp,
    },
    /// Back to the picker (the finished runs stay in the cohort).
    Leave,
}

/// The name used when the trainer typed none.
pub const UNNAMED: &str = crate::core::i18n::en("Unnamed trainee");

impl TrainerState {
    pub fn scenario(&self, id: &str) -> Option<&Item> {
        self.library.iter().find(|i| i.card.id == id)
    }

    /// The built-in playbook `id` in `lang`, when fetched, or compiled into
    /// this build (English only; the trainer's bundle carries none).
    fn playbook(&self, id: &str, lang: Lang) -> Option<Rc<Playbook>> {
        let fetched = self.playbooks.iter().find(|p| p.id == id && p.lang.as_deref().unwrap_or("en") == lang.tag());
        fetched.cloned().or_else(|| playbook::find_built_in(id).filter(|_| lang == Lang::En).cloned().map(Rc::new))
    }

    /// Starts a run of `sc` (here already) as run `id`, with its playbook if that is here.
    fn begin(self: &Rc<Self>, sc: Arc<Scenario>, id: String, at: Timestamp) -> Rc<Self> {
        let lang = crate::core::locale::choose(sc.lang.as_deref().unwrap_or("en")).lang;
        let playbook = self.playbook(&sc.playbook, lang);
        let trainee = match self.trainee.trim() {
            "" => UNNAMED.to_string(),
            name => name.to_string(),
        };
        let scenario = sc.id.clone();
        let run = Run::new(sc, self.mode, trainee, at);
        let active = Active { id, run, findings: Vec::new(), said: Vec::new(), outbox: Outbox::default(), late: Vec::new(), playbook };
        self.with(|s| {
            s.active = Some(Rc::new(active));
            s.refused = None;
            s.last_scenario = Some(scenario);
            s.fetch = None;
        })
    }

    fn with(self: &Rc<Self>, f: impl FnOnce(&mut TrainerState)) -> Rc<Self> {
        let mut next = (**self).clone();
        f(&mut next);
        Rc::new(next)
    }

    /// The run on screen replaced by `next`, which has just changed; its
    /// debrief joins the cohort the moment it ends.
    fn with_active(self: &Rc<Self>, next: Active, refused: Option<String>) -> Rc<Self> {
        let was_over = self.active.as_ref().is_some_and(|a| a.run.is_over());
        let finished = (next.run.is_over() && !was_over).then(|| Rc::new(next.debrief()));
        self.with(|s| {
            s.active = Some(Rc::new(next));
            s.refused = refused;
            s.cohort.extend(finished);
        })
    }
}

impl Reducible for TrainerState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        match msg {
            Msg::SetTrainee(name) => self.with(|s| s.trainee = name),
            Msg::SetMode(mode) => self.with(|s| s.mode = mode),
            Msg::Unreadable { file, error } => self.with(|s| {
                s.load = Some(LoadReport { file: file.clone(), ok: false, lines: vec![crate::msg!("{file} could not be read: {error}.")] })
            }),
            Msg::Loaded { file, text } => self.with(|s| s.load = Some(load(&mut s.library, file, &text))),
            Msg::Start { scenario, id, at } => {
                let Some(item) = self.scenario(&scenario) else { return self };
                let here = item.scenario.clone().or_else(|| compiled(&scenario));
                let lang = item.card.lang;
                let playbook = item.card.playbook.to_string();
                let missing = (playbook::is_built_in(&playbook) && self.playbook(&playbook, lang).is_none()).then_some(playbook);
                if let (Some(sc), None) = (&here, &missing) {
                    let sc = Arc::clone(sc);
                    return self.with(|s| keep_scenario(s, &sc)).begin(sc, id, at);
                }
                if self.fetch.as_ref().is_some_and(|f| f.scenario == scenario && f.failed.is_none()) {
                    return self; // already on its way
                }
                let fetch = Fetch { scenario, lang, file: here.is_none(), playbook: missing, run: id, failed: None };
                self.with(|s| {
                    if let Some(sc) = &here {
                        keep_scenario(s, sc);
                    }
                    s.fetch = Some(fetch);
                })
            }
            Msg::Fetched { scenario, file, playbook, at } => {
                let next = self.with(|s| {
                    if let Some(sc) = file {
                        keep_scenario(s, &Arc::new(*sc));
                    }
                    if let Some(p) = playbook {
                        s.playbooks.push(Rc::new(p));
                    }
                });
                let Some(fetch) = next.fetch.clone().filter(|f| f.scenario == scenario && f.failed.is_none()) else { return next };
                match next.scenario(&scenario).and_then(|i| i.scenario.clone()) {
                    Some(sc) => next.begin(sc, fetch.run, at),
                    None => next,
                }
            }
            Msg::FetchFailed { scenario, reason } => {
                let Some(fetch) = self.fetch.as_ref().filter(|f| f.scenario == scenario && f.failed.is_none()) else { return self };
                let failed = Fetch { failed: Some(reason), ..fetch.clone() };
                self.with(|s| s.fetch = Some(failed))
            }
            Msg::Play { input, at, findings } => {
                let Some(current) = &self.active else { return self };
                if !current.outbox.is_empty() && matches!(input, Input::Choose { .. } | Input::GiveUp) {
                    let why = crate::msg!("The coach is still reading your last reply; try again once it shows in the chat.");
                    return self.with(|s| s.refused = Some(why));
                }
                let mut next = (**current).clone();
                match next.play(input, at, findings) {
                    Ok(()) => self.with_active(next, None),
                    Err(e) => self.with(|s| s.refused = Some(sentence(&e.to_string()))),
                }
            }
            Msg::Typed { text, at } => {
                let Some(current) = &self.active else { return self };
                let text = text.trim().to_string();
                if let Some(e) = current.run.refuses(&trainer::unread(&text)) {
                    return self.with(|s| s.refused = Some(sentence(&e.to_string())));
                }
                let mut next = (**current).clone();
                let customer = next.last_customer_line();
                next.outbox.send(&text, customer, at);
                self.with(|s| {
                    s.active = Some(Rc::new(next));
                    s.refused = None;
                })
            }
            Msg::Read { run, serial, read } => {
                let Some(current) = self.active.as_ref().filter(|a| a.id == run) else { return self };
                let mut next = (**current).clone();
                if !next.outbox.read(serial, read) {
                    return self;
                }
                let refused = next.apply_read();
                self.with_active(next, refused)
            }
            Msg::Say { text, at } => {
                let text = text.trim().to_string();
                let Some(current) = &self.active else { return self };
                if text.is_empty() || current.run.is_over() || current.run.mode() != Mode::Live {
                    return self;
                }
                let mut next = (**current).clone();
                let after = next.run.transcript().len();
                next.said.push(Said { at, text, after });
                self.with(|s| s.active = Some(Rc::new(next)))
            }
            Msg::Leave => self.with(|s| {
                s.active = None;
                s.refused = None;
            }),
        }
    }
}

/// A built-in scenario compiled into this build (none in the trainer's bundle), parsed.
fn compiled(id: &str) -> Option<Arc<Scenario>> {
    trainer::built_in(id).and_then(Result::ok).map(Arc::new)
}

/// Keeps a built-in scenario that is here now (compiled in or fetched) in its
/// card's item, so a second pick needs no fetch.
fn keep_scenario(s: &mut TrainerState, sc: &Arc<Scenario>) {
    if let Some(item) = s.library.iter_mut().find(|i| i.card.id == sc.id && i.file.is_none()) {
        item.scenario = Some(Arc::clone(sc));
    }
}

/// Parses a scenario file into the library, or says where it is wrong. A
/// built-in's id is refused, so a file cannot silently replace a built-in.
fn load(library: &mut Vec<Item>, file: String, text: &str) -> LoadReport {
    match trainer::parse_scenario(text) {
        Err(errors) => LoadReport { file, ok: false, lines: errors.0.iter().map(|e| e.to_string()).collect() },
        Ok(sc) => {
            if trainer::is_built_in(&sc.id) {
                let line = format!("id: {:?} belongs to a built-in scenario; give the file's scenario an id of its own", sc.id);
                return LoadReport { file, ok: false, lines: vec![line] };
            }
            let title = &sc.title;
            let line = crate::msg!("Loaded \"{title}\" from {file}. It is at the end of the list.");
            let item = Item { card: Card::of(&sc), scenario: Some(Arc::new(sc)), file: Some(file.clone()) };
            match library.iter_mut().find(|i| i.card.id == item.card.id) {
                Some(slot) => *slot = item,
                None => library.push(item),
            }
            LoadReport { file, ok: true, lines: vec![line] }
        }
    }
}
