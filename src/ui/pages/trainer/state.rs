//! The trainer page's state: the scenario library (built-ins and files the
//! trainer loaded), the setup (trainee, mode), the run on screen and the
//! debriefs of this page session (the cohort). A thin `Reducible` over
//! [`Run::apply`]: every rule lives in `core::trainer`, and time enters as
//! message data.

use crate::core::locale::Lang;
use crate::core::text::sentence;
use crate::core::time::Timestamp;
use crate::core::trainer::{self, Debrief, Input, Mode, Outbox, Read, Run, RunError, Scenario, What};
use std::rc::Rc;
use std::sync::Arc;
use yew::prelude::*;

/// A scenario in the picker.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub scenario: Arc<Scenario>,
    /// The file it was loaded from; `None` for a built-in.
    pub file: Option<String>,
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
    /// The language the built-in scenarios are shown in: English ones are
    /// compiled in; Spanish and German ones are fetched ([`Msg::Served`]).
    pub lang: Lang,
    /// What the page says about those fetched scenarios (on their way, or not all here).
    pub served_notice: Option<String>,
    /// Some of them could not be had: the notice is an alert.
    pub served_failed: bool,
}

impl Default for TrainerState {
    fn default() -> Self {
        let library = trainer::built_ins().into_iter().map(|s| Item { scenario: Arc::new(s), file: None }).collect();
        TrainerState {
            library,
            trainee: String::new(),
            mode: Mode::Solo,
            load: None,
            active: None,
            cohort: Vec::new(),
            refused: None,
            last_scenario: None,
            lang: Lang::En,
            served_notice: None,
            served_failed: false,
        }
    }
}

impl TrainerState {
    /// The trainer in `lang`: English starts with its compiled-in scenarios;
    /// another language starts empty and waits for its served ones.
    pub fn in_lang(lang: Lang) -> Self {
        if lang == Lang::En {
            return Self::default();
        }
        let name = lang.name();
        let notice = Some(crate::msg!("Loading the scenarios in {name}…"));
        TrainerState { library: Vec::new(), lang, served_notice: notice, ..Self::default() }
    }
}

/// What the trainer or trainee did.
pub enum Msg {
    /// The scenarios served in the page's language arrived; `failed` names
    /// those that could not be fetched or read, with the reason.
    Served {
        scenarios: Vec<Scenario>,
        failed: Vec<String>,
    },
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
    /// Start a run of scenario `scenario`, with run id `id`.
    Start {
        scenario: String,
        id: String,
        at: Timestamp,
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
        self.library.iter().find(|i| i.scenario.id == id)
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
        let finished = (next.run.is_over() && !was_over).then(|| Rc::new(next.run.debrief()));
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
            Msg::Served { scenarios, failed } => self.with(|s| take_served(s, scenarios, failed)),
            Msg::Loaded { file, text } => self.with(|s| s.load = Some(load(&mut s.library, file, &text))),
            Msg::Start { scenario, id, at } => {
                let Some(item) = self.scenario(&scenario) else { return self };
                let trainee = match self.trainee.trim() {
                    "" => UNNAMED.to_string(),
                    name => name.to_string(),
                };
                let run = Run::new(Arc::clone(&item.scenario), self.mode, trainee, at);
                let active = Active { id, run, findings: Vec::new(), said: Vec::new(), outbox: Outbox::default(), late: Vec::new() };
                self.with(|s| {
                    s.active = Some(Rc::new(active));
                    s.refused = None;
                    s.last_scenario = Some(scenario);
                })
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

/// Puts the served scenarios first in the library (files loaded meanwhile
/// stay after them). When none could be had, the English ones are shown,
/// and the page says so; a partial failure is said too.
fn take_served(s: &mut TrainerState, scenarios: Vec<Scenario>, failed: Vec<String>) {
    let name = s.lang.name();
    s.served_failed = !failed.is_empty();
    s.served_notice = match (scenarios.is_empty(), failed.is_empty()) {
        (_, true) => None,
        (true, false) => {
            let why = failed.join("; ");
            Some(crate::msg!(
                "The scenarios in {name} could not be loaded ({why}); showing the English ones. Reload the page to try again."
            ))
        }
        (false, false) => {
            let why = failed.join("; ");
            Some(crate::msg!("Some scenarios in {name} could not be loaded ({why}). Reload the page to try again."))
        }
    };
    let served: Vec<Item> = if scenarios.is_empty() {
        trainer::built_ins().into_iter().map(|sc| Item { scenario: Arc::new(sc), file: None }).collect()
    } else {
        scenarios.into_iter().map(|sc| Item { scenario: Arc::new(sc), file: None }).collect()
    };
    let files = std::mem::take(&mut s.library).into_iter().filter(|i| i.file.is_some());
    s.library = served.into_iter().chain(files).collect();
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
            let item = Item { scenario: Arc::new(sc), file: Some(file.clone()) };
            match library.iter_mut().find(|i| i.scenario.id == item.scenario.id) {
                Some(slot) => *slot = item,
                None => library.push(item),
            }
            LoadReport { file, ok: true, lines: vec![line] }
        }
    }
}
