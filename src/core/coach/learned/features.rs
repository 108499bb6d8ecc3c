//! The learned model's features: per sentence of a draft, and over a whole
//! customer message, the writer's own words only (quotes, quoted replies and
//! signatures left out), normalised (lowercase, contractions expanded, a
//! light English stemmer, a few common typos), negation-marked, as words,
//! word pairs and sentence openers. One code path feeds both the training
//! command (feature names) and run time (feature hashes).

use super::super::rules::FnvMap;
use super::super::rules::Rules;
use super::super::text::Text;
use super::table::Table;
use std::sync::OnceLock;

/// Where features go: their names (training) or their hashes (run time).
pub(crate) trait Sink {
    /// A feature whose name is `parts` joined by single spaces.
    fn feature(&mut self, parts: &[&str]);
    /// The features that follow belong to sentence `s`.
    fn sentence(&mut self, _s: usize) {}
    /// A feature whose name's hash is already known (`hash_parts(parts)`).
    fn feature_hashed(&mut self, _hash: u64, parts: &[&str]) {
        self.feature(parts);
    }
}

/// The names of the draft classes, then `PAST`, `NOTIME` and `AFTER_APOLOGY`.
const DRAFT_NAMES: usize = CLASSES.len() + 3;
/// The bit of `PAST`: a word in the past tense, from the word as written (stemming drops "-ed").
const PAST: u32 = 1 << CLASSES.len();

/// Hashes of the class features, computed once.
struct ClassHashes {
    single: [u64; DRAFT_NAMES],
    negated: [u64; DRAFT_NAMES],
    pair: [[u64; DRAFT_NAMES]; DRAFT_NAMES],
    heat_single: [u64; HEAT_N],
    heat_negated: [u64; HEAT_N],
    heat_last: [u64; HEAT_N],
    heat_pair: [[u64; HEAT_N]; HEAT_N],
}

fn draft_name(k: usize) -> &'static str {
    match k {
        k if k == CLASSES.len() => "PAST",
        k if k == CLASSES.len() + 1 => "NOTIME",
        k if k == CLASSES.len() + 2 => "AFTER_APOLOGY",
        _ => CLASSES[k].0,
    }
}

#[allow(clippy::needless_range_loop)] // two tables indexed in step
fn class_hashes() -> &'static ClassHashes {
    static H: OnceLock<ClassHashes> = OnceLock::new();
    H.get_or_init(|| {
        let mut h = ClassHashes {
            single: [0; DRAFT_NAMES],
            negated: [0; DRAFT_NAMES],
            pair: [[0; DRAFT_NAMES]; DRAFT_NAMES],
            heat_single: [0; HEAT_N],
            heat_negated: [0; HEAT_N],
            heat_last: [0; HEAT_N],
            heat_pair: [[0; HEAT_N]; HEAT_N],
        };
        for i in 0..DRAFT_NAMES {
            h.single[i] = hash_parts(&["c", draft_name(i)]);
            h.negated[i] = hash_parts(&["c!", draft_name(i)]);
            for j in 0..DRAFT_NAMES {
                h.pair[i][j] = hash_parts(&["c", draft_name(i), draft_name(j)]);
            }
        }
        for i in 0..HEAT_N {
            h.heat_single[i] = hash_parts(&["c", heat_name(i)]);
            h.heat_negated[i] = hash_parts(&["c!", heat_name(i)]);
            h.heat_last[i] = hash_parts(&["c$", heat_name(i)]);
            for j in 0..HEAT_N {
                h.heat_pair[i][j] = hash_parts(&["c", heat_name(i), heat_name(j)]);
            }
        }
        h
    })
}

/// FNV-1a's starting state.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a (64 bits) of `bytes` continued from state `h`: the hash of a name
/// extends the hash of its start, so a pair's hash starts from its first stem's.
#[inline]
const fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The run-time sink's hash of a feature name (FNV-1a, 64 bits, of the
/// parts joined by single spaces), also used to index the model file's
/// names when it loads.
#[inline]
pub(crate) fn hash_parts(parts: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            h = fnv(h, b" ");
        }
        h = fnv(h, p.as_bytes());
    }
    h
}

/// Hashes of the fixed starts of names: `! `, `^ `, `~ ` and the name `_`.
const H_NEGATED: u64 = fnv(FNV_OFFSET, b"! ");
const H_OPENS: u64 = fnv(FNV_OFFSET, b"^ ");
const H_AFTER_APOLOGY: u64 = fnv(FNV_OFFSET, b"~ ");
const H_ANY: u64 = fnv(FNV_OFFSET, b"_");

/// The hash of name `h` (a hash) followed by a space and `word`.
#[inline]
fn then(h: u64, word: &str) -> u64 {
    fnv(fnv(h, b" "), word.as_bytes())
}

/// Collects feature names.
pub(crate) struct Names<'a>(pub &'a mut Vec<String>);

impl Sink for Names<'_> {
    fn feature(&mut self, parts: &[&str]) {
        self.0.push(parts.join(" "));
    }
}

/// Common misspellings and spelling variants, folded before stemming (a
/// `match`: one length test and a comparison or two per word).
fn fix_typo(word: &str) -> &str {
    match word {
        "recieve" => "receive",
        "recieved" => "received",
        "sory" | "soory" | "sorrry" => "sorry",
        "apologies" | "appologies" => "apology",
        "appologise" => "apologise",
        "appologize" => "apologize",
        "definately" => "definitely",
        "untill" => "until",
        "tommorow" | "tommorrow" | "tomorow" => "tomorrow",
        "thankyou" => "thank",
        "thnx" | "thanx" => "thanks",
        "u" => "you",
        "ur" => "your",
        "r" => "are",
        "pls" | "plz" => "please",
        "cancelled" => "canceled",
        "cancelling" => "canceling",
        _ => word,
    }
}

/// Word classes over stems: what a sentence holds, as classes, generalises
/// past the words of the training corpus ("the hotel overbooked" and "the
/// warehouse lost it" both hold a third party and a fault).
const CLASSES: [(&str, &[&str]); 20] = [
    ("YOU", &["you", "your", "yourself", "yours"]),
    ("WE", &["we", "us", "our", "ours", "i", "me", "my", "mine", "myself"]),
    (
        "PARTY",
        &[
            "courier",
            "driver",
            "warehouse",
            "restaurant",
            "hotel",
            "airline",
            "bank",
            "supplier",
            "contractor",
            "manufacturer",
            "agent",
            "store",
            "shop",
            "garage",
            "sender",
            "retailer",
            "rider",
            "landlord",
            "partner",
            "carrier",
            "depot",
            "team",
            "department",
            "dept",
            "billing",
            "payment",
            "sale",
            "admission",
            "dev",
            "developer",
            "engineer",
            "technician",
            "provider",
            "network",
            "council",
            "insurer",
            "merchant",
            "seller",
            "vendor",
            "third",
            "operator",
            "office",
            "they",
            "them",
            "their",
            "colleague",
            "management",
            "head",
            "lab",
            "clinic",
            "pharmacy",
            "school",
            "university",
            "post",
            "mail",
            "dpd",
            "ups",
            "fedex",
            "dhl",
            "evri",
            "hermes",
            "installer",
            "surgery",
            "agency",
            "broker",
            "platform",
            "app",
            "store",
        ],
    ),
    (
        "FAULT",
        &[
            "fault",
            "mistake",
            "error",
            "wrong",
            "lost",
            "lose",
            "mess",
            "messed",
            "mix",
            "mixed",
            "blame",
            "caus",
            "overbook",
            "overbooked",
            "mangl",
            "fail",
            "forgot",
            "forget",
            "broke",
            "screw",
            "cock",
            "incorrect",
            "misread",
            "missed",
            "didn",
            "neglect",
            "ignor",
        ],
    ),
    (
        "PAST_YOU",
        &[
            "ticked",
            "tick",
            "typ",
            "typed",
            "enter",
            "entered",
            "select",
            "selected",
            "chose",
            "choose",
            "book",
            "booked",
            "agree",
            "agreed",
            "sign",
            "signed",
            "gave",
            "provid",
            "told",
            "left",
            "forgot",
            "submit",
            "submitted",
            "click",
            "clicked",
            "order",
            "ordered",
            "accept",
            "accepted",
        ],
    ),
    (
        "REPROACH",
        &[
            "already",
            "again",
            "twice",
            "previously",
            "clearly",
            "stat",
            "stated",
            "explain",
            "explained",
            "per",
            "mention",
            "said",
            "told",
            "read",
            "should",
            "must",
            "need",
            "needed",
            "supposed",
        ],
    ),
    (
        "CONTRAST",
        &["but", "however", "though", "although", "nevertheless", "nonetheless", "still", "unfortunately", "yet", "whereas", "regardless"],
    ),
    ("APOLOGY", &["sorry", "apology", "apologiz", "apologise", "regret", "apologis"]),
    (
        "FEEL",
        &[
            "feel",
            "felt",
            "upset",
            "unhappy",
            "inconvenience",
            "inconvenienc",
            "confusion",
            "confus",
            "frustrat",
            "disappoint",
            "view",
            "perceiv",
            "see",
            "think",
            "experienc",
        ],
    ),
    ("MAYBE", &["if", "any", "may", "might", "perhap", "possibly", "seem"]),
    (
        "RULE",
        &[
            "policy",
            "term",
            "rule",
            "contract",
            "system",
            "allow",
            "permit",
            "can",
            "unabl",
            "handbook",
            "regulation",
            "condition",
            "procedur",
            "standard",
            "non",
            "refundabl",
            "process",
            "guideline",
            "protocol",
            "hand",
            "tied",
            "compliance",
            "eligibl",
        ],
    ),
    (
        "HANDOFF",
        &[
            "contact", "call", "ring", "speak", "take", "reach", "email", "phone", "chase", "visit", "raise", "direct", "directly",
            "yourself", "number", "website", "online", "form", "try", "go", "ask", "get", "touch", "write", "complain",
        ],
    ),
    (
        "VAGUE",
        &[
            "soon",
            "shortly",
            "asap",
            "possibl",
            "eventually",
            "hopefully",
            "sometime",
            "later",
            "course",
            "point",
            "while",
            "look",
            "see",
            "investigat",
            "someone",
            "somebody",
            "review",
            "back",
            "touch",
        ],
    ),
    (
        "TIME",
        &[
            "#",
            "today",
            "tonight",
            "tomorrow",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "am",
            "pm",
            "hour",
            "minut",
            "noon",
            "midday",
            "morning",
            "afternoon",
            "evening",
            "within",
            "by",
            "end",
            "eod",
            "week",
            "day",
        ],
    ),
    ("FUTURE", &["will", "going", "gonna", "shall", "ll"]),
    (
        "SMALL",
        &[
            "only",
            "just",
            "small",
            "tiny",
            "little",
            "minor",
            "bit",
            "huge",
            "deal",
            "worry",
            "relax",
            "chill",
            "calm",
            "overreact",
            "everyone",
            "other",
            "lol",
            "haha",
            "hardly",
            "barely",
            "honestly",
            "fuss",
            "dramatic",
            "big",
            "worth",
            "happen",
            "live",
        ],
    ),
    ("REPORT", &["said", "say", "wrote", "write", "mention", "told", "tell", "note", "quot", "ask", "claim"]),
    (
        "CAUSE",
        &[
            "because", "cause", "caus", "due", "reason", "since", "which", "why", "happen", "happened", "result", "after", "when", "meant",
            "so", "turn", "show",
        ],
    ),
    (
        "EMPATHY",
        &[
            "frustrat",
            "annoy",
            "stress",
            "understand",
            "imagine",
            "hear",
            "rough",
            "awful",
            "horribl",
            "worry",
            "worri",
            "anxiou",
            "upset",
            "must",
            "sound",
            "rubbish",
            "nightmare",
            "hassl",
            "last",
            "want",
            "fair",
            "right",
            "exhaust",
            "mad",
            "raging",
            "gutted",
            "desperate",
        ],
    ),
    (
        "FOLLOW",
        &[
            "check", "back", "eye", "once", "follow", "touch", "update", "again", "sure", "confirm", "monitor", "chase", "land", "arriv",
            "then", "after",
        ],
    ),
];

/// Whether a word as written is in the past tense: regular ones end in
/// "-ed", then the irregular forms (a `match`: one length test and one
/// comparison, where a list would compare with every entry).
fn is_past(word: &str) -> bool {
    (word.len() >= 4 && word.ends_with("ed") && !word.ends_with("eed"))
        || matches!(
            word,
            "was"
                | "were"
                | "went"
                | "got"
                | "broke"
                | "sent"
                | "came"
                | "left"
                | "took"
                | "gave"
                | "put"
                | "made"
                | "lost"
                | "ran"
                | "set"
                | "told"
                | "said"
                | "had"
                | "did"
                | "found"
                | "held"
                | "kept"
                | "sold"
                | "built"
                | "caught"
                | "fell"
                | "hit"
                | "cut"
                | "paid"
                | "flew"
        )
}

/// Word classes over the stems of a customer's message, for its temperature.
const HEAT_CLASSES: [(&str, &[&str]); 13] = [
    (
        "THREAT",
        &[
            "cancel",
            "canceling",
            "sue",
            "lawyer",
            "solicitor",
            "court",
            "legal",
            "ombudsman",
            "regulator",
            "ofcom",
            "ofgem",
            "fca",
            "standard",
            "press",
            "media",
            "twitter",
            "tiktok",
            "facebook",
            "review",
            "chargeback",
            "dispute",
            "report",
            "escalat",
            "bbb",
            "attorney",
            "claim",
            "switch",
            "competitor",
            "leav",
            "close",
            "action",
            "journalist",
            "newspaper",
            "mp",
            "watchdog",
        ],
    ),
    (
        "HOSTILE",
        &[
            "unacceptabl",
            "ridiculou",
            "joke",
            "useles",
            "incompetent",
            "pathetic",
            "disgrace",
            "disgust",
            "appal",
            "appalling",
            "outrageou",
            "absurd",
            "shambl",
            "rubbish",
            "terribl",
            "awful",
            "worst",
            "scam",
            "fraud",
            "liar",
            "lying",
            "idiot",
            "clown",
            "shock",
            "shocking",
            "insult",
            "insulting",
            "farce",
            "circu",
            "criminal",
            "theft",
            "steal",
            "robbery",
        ],
    ),
    (
        "DEMAND",
        &["demand", "immediately", "now", "insist", "expect", "must", "require", "today", "urgent", "urgently", "asap", "fix", "refund"],
    ),
    (
        "REPEAT",
        &[
            "again",
            "still",
            "third",
            "fourth",
            "fifth",
            "time",
            "twice",
            "repeatedly",
            "every",
            "keep",
            "another",
            "yet",
            "multiple",
            "already",
            "never",
        ],
    ),
    (
        "POLITE",
        &[
            "please",
            "thank",
            "thanks",
            "appreciat",
            "grateful",
            "kind",
            "regard",
            "hi",
            "hello",
            "could",
            "would",
            "wonder",
            "cheer",
            "kindly",
            "help",
        ],
    ),
    (
        "DISPLEASED",
        &[
            "disappoint",
            "frustrat",
            "unhappy",
            "annoy",
            "upset",
            "concern",
            "dissatisf",
            "poor",
            "let",
            "bit",
            "shame",
            "unfortunately",
            "surpris",
            "confus",
            "worried",
        ],
    ),
    (
        "SARCASM",
        &[
            "great",
            "wonderful",
            "fantastic",
            "brilliant",
            "lovely",
            "amazing",
            "perfect",
            "oh",
            "wow",
            "love",
            "genius",
            "bravo",
            "clearly",
            "sure",
            "totally",
            "congratulation",
        ],
    ),
    (
        "COOLED",
        &[
            "was",
            "were",
            "earlier",
            "yesterday",
            "last",
            "sorted",
            "resolv",
            "fixed",
            "finally",
            "now",
            "thank",
            "thanks",
            "appreciat",
            "anyway",
        ],
    ),
    ("FURY", &["livid", "furiou", "fuming", "angry", "rage", "sick", "fed", "disgusted", "seething", "beyond", "hate"]),
    ("SWEAR", &["damn", "hell", "crap", "bloody", "shit", "fuck", "fucking", "wtf", "ffs", "bs", "bollock", "piss", "arse", "ass"]),
    ("MONEY", &["£", "$", "€", "money", "charge", "charg", "refund", "bill", "fee", "pay", "paid", "payment", "cost"]),
    ("NEG", &["not", "no", "never", "nothing", "nobody", "none"]),
    ("ULTIMATUM", &["until", "chance", "otherwise", "else", "deadline", "final", "warning", "last", "hour", "hours", "end", "or"]),
];

/// Heat classes, then what is read off the message as written: `PAST` (a
/// word in the past tense), `SCARE` (a short stretch in quotes, as in
/// 'priority'), `ASKS` (two questions or more), `LOWER` (no capital letter
/// in a message of some length).
const HEAT_N: usize = HEAT_CLASSES.len() + 4;
const HEAT_PAST: usize = HEAT_CLASSES.len();

fn heat_name(k: usize) -> &'static str {
    match k.checked_sub(HEAT_CLASSES.len()) {
        None => HEAT_CLASSES[k].0,
        Some(0) => "PAST",
        Some(1) => "SCARE",
        Some(2) => "ASKS",
        _ => "LOWER",
    }
}

/// Stem → (draft class bits, heat class bits), built once: each listed
/// word as written and as stemmed, so a list can name plain words. Looked
/// up by the stem's name hash, which the features need anyway, and checked
/// against the stem itself, so it finds exactly what a map by string would.
struct ClassTable {
    index: Table<u32>,
    entries: Vec<(Box<str>, (u32, u32))>,
}

fn class_table() -> &'static ClassTable {
    static TABLE: OnceLock<ClassTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: FnvMap<Box<str>, (u32, u32)> = FnvMap::default();
        let mut buf = String::new();
        let mut add = |w: &str, draft: u32, heat: u32, buf: &mut String| {
            stem(w, buf);
            for key in [w, buf.as_str()] {
                let e = t.entry(key.into()).or_default();
                e.0 |= draft;
                e.1 |= heat;
            }
        };
        for (k, (_, words)) in CLASSES.iter().enumerate() {
            for w in words.iter() {
                add(w, 1 << k, 0, &mut buf);
            }
        }
        for (k, (_, words)) in HEAT_CLASSES.iter().enumerate() {
            for w in words.iter() {
                add(w, 0, 1 << k, &mut buf);
            }
        }
        let entries: Vec<(Box<str>, (u32, u32))> = t.into_iter().collect();
        let index = Table::build(entries.iter().enumerate().map(|(i, (w, _))| (fnv(FNV_OFFSET, w.as_bytes()), i as u32)));
        ClassTable { index, entries }
    })
}

/// The (draft, heat) class bits of a stem whose hash is `hash`.
fn classes_of(stem: &str, hash: u64) -> (u32, u32) {
    let t = class_table();
    t.index.get(hash).and_then(|&i| t.entries.get(i as usize)).filter(|e| &*e.0 == stem).map_or((0, 0), |e| e.1)
}

/// A light English stemmer: enough that "blamed", "blaming" and "blames"
/// meet, and British "-ise" meets American "-ize". Writes into `out`.
pub(crate) fn stem(word: &str, out: &mut String) {
    out.clear();
    let w = fix_typo(word);
    if w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty() {
        out.push('#');
        return;
    }
    if !w.is_ascii() || w.len() <= 3 {
        out.push_str(w);
        return;
    }
    let b = w.as_bytes();
    let n = b.len();
    let mut end = n;
    let ends = |s: &str| w.ends_with(s);
    if ends("ies") && n > 4 {
        out.push_str(&w[..n - 3]);
        out.push('y');
        return;
    }
    if ends("ing") && n > 5 {
        end = n - 3;
    } else if (ends("ed") && n > 4 && !ends("eed")) || (ends("es") && n > 4 && matches!(b[n - 3], b's' | b'x' | b'z' | b'h')) {
        end = n - 2;
    } else if ends("s") && n > 3 && !ends("ss") && !ends("us") && !ends("is") {
        end = n - 1;
    } else if ends("ly") && n > 5 {
        end = n - 2;
    }
    let mut s = &w[..end];
    // A final "e" goes too ("blame", "blames" → "blam", as "blamed").
    if s.len() > 3 && s.ends_with('e') && !s.ends_with("ee") {
        s = &s[..s.len() - 1];
    }
    // A doubled final consonant after a cut suffix: "stopped" → "stop".
    let sb = s.as_bytes();
    if end < n && sb.len() > 3 && sb[sb.len() - 1] == sb[sb.len() - 2] && !matches!(sb[sb.len() - 1], b'l' | b's' | b'z' | b'e') {
        s = &s[..s.len() - 1];
    }
    out.push_str(s);
    // "-is(e)" → "-iz": apologis(e) and apologiz(e) meet.
    if out.ends_with("is") && out.len() > 5 {
        out.pop();
        out.push('z');
    }
}

/// One stem of a stretch of own words, with what its features need.
#[derive(Clone, Copy)]
struct Stem {
    /// Its bytes in `Stems::buf`.
    at: (u32, u32),
    negated: bool,
    /// Its word is in the past tense.
    past: bool,
    /// The hash of its name (`hash_parts(&[stem])`).
    hash: u64,
    /// Its draft and heat class bits.
    classes: (u32, u32),
}

/// Stems of one stretch of own words, in one buffer.
struct Stems {
    buf: String,
    items: Vec<Stem>,
}

impl Stems {
    /// Room for the stems of `text` (stems are mostly shorter than their
    /// words), so that pushing them seldom grows a buffer.
    fn for_text(text: &Text) -> Stems {
        Stems { buf: String::with_capacity(text.src.len() + 16), items: Vec::with_capacity(text.tokens.len()) }
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.items.clear();
    }

    fn push(&mut self, word: &str, negated: bool, scratch: &mut String) {
        stem(word, scratch);
        let a = self.buf.len() as u32;
        self.buf.push_str(scratch);
        let hash = fnv(FNV_OFFSET, scratch.as_bytes());
        let classes = classes_of(scratch, hash);
        self.items.push(Stem { at: (a, self.buf.len() as u32), negated, past: is_past(word), hash, classes });
    }

    fn get(&self, k: usize) -> Option<&str> {
        self.items.get(k).map(|s| &self.buf[s.at.0 as usize..s.at.1 as usize])
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

/// The features of each sentence of a draft: `sink.sentence(s)` opens
/// sentence `s`, then its features follow (a sentence with no own words has
/// none). `hits[s]` has a bit per model output the rules found in sentence
/// `s`: each becomes a feature `@ name`, so the model learns when to trust them.
pub(crate) fn draft_features(text: &Text, r: &Rules, hits: &[u32], sink: &mut impl Sink) {
    let mut stems = Stems::for_text(text);
    let mut scratch = String::new();
    let mut prev_apology = false;
    for (s, sent) in text.sentences.iter().enumerate() {
        sink.sentence(s);
        stems.clear();
        for i in sent.first..sent.last {
            if text.own(i) {
                stems.push(text.word(i), text.negated(i, r.window), &mut scratch);
            }
        }
        if stems.len() == 0 {
            continue;
        }
        sentence_features(&stems, prev_apology, sink);
        let h = hits.get(s).copied().unwrap_or(0);
        for o in (0..super::OUTPUTS).filter(|o| h & (1 << o) != 0) {
            sink.feature(&["@", super::output_name(o)]);
        }
        prev_apology = (0..stems.len()).any(|k| stems.get(k).is_some_and(is_apology));
    }
}

fn is_apology(stem: &str) -> bool {
    stem == "sorry" || stem.starts_with("apolog")
}

/// The features of the stem at `k`: the stem (marked `!` when negated) and
/// the pair it makes with the next stem. Returns the stem, for the caller's own.
fn stem_features<'s>(stems: &'s Stems, k: usize, sink: &mut impl Sink) -> &'s str {
    let w = stems.get(k).unwrap_or("");
    let h = stems.items[k].hash;
    if stems.items[k].negated {
        sink.feature_hashed(fnv(H_NEGATED, w.as_bytes()), &["!", w]);
    } else {
        sink.feature_hashed(h, &[w]);
    }
    if let Some(n) = stems.get(k + 1) {
        sink.feature_hashed(then(h, n), &[w, n]);
    }
    // A pair with one word skipped between ("on them", "on the courier"; "your own fault").
    if let Some(n) = stems.get(k + 2) {
        sink.feature_hashed(then(fnv(h, b" *"), n), &[w, "*", n]);
    }
    w
}

fn sentence_features(stems: &Stems, prev_apology: bool, sink: &mut impl Sink) {
    // Classes present, and negated; `NOTIME` when no time is named.
    let (mut present, mut negated) = (0u32, 0u32);
    for st in &stems.items {
        let c = st.classes.0 | if st.past { PAST } else { 0 };
        if st.negated {
            negated |= c;
        } else {
            present |= c;
        }
    }
    const TIME: u32 = 1 << 13;
    let h = class_hashes();
    let mut on = [0usize; DRAFT_NAMES];
    let mut n = 0;
    for k in 0..=CLASSES.len() {
        if present & (1 << k) != 0 {
            on[n] = k;
            n += 1;
        }
        if negated & (1 << k) != 0 {
            sink.feature_hashed(h.negated[k], &["c!", draft_name(k)]);
        }
    }
    if present & TIME == 0 {
        on[n] = CLASSES.len() + 1;
        n += 1;
    }
    if prev_apology {
        on[n] = CLASSES.len() + 2;
        n += 1;
    }
    let on = &on[..n];
    for (a, &x) in on.iter().enumerate() {
        sink.feature_hashed(h.single[x], &["c", draft_name(x)]);
        for &y in &on[a + 1..] {
            sink.feature_hashed(h.pair[x][y], &["c", draft_name(x), draft_name(y)]);
        }
    }
    for k in 0..stems.len() {
        stem_features(stems, k, sink);
    }
    let first = stems.get(0).unwrap_or("");
    let second = stems.get(1);
    for (start, mark, on) in [(H_OPENS, "^", true), (H_AFTER_APOLOGY, "~", prev_apology)] {
        if !on {
            continue;
        }
        let h1 = fnv(start, first.as_bytes());
        sink.feature_hashed(h1, &[mark, first]);
        if let Some(second) = second {
            sink.feature_hashed(then(h1, second), &[mark, first, second]);
        }
    }
    sink.feature_hashed(H_ANY, &["_"]);
}

/// The word features of a whole message (a feature may repeat).
pub(crate) fn message_features(text: &Text, r: &Rules, sink: &mut impl Sink) {
    let mut stems = Stems::for_text(text);
    let mut scratch = String::new();
    let mut sentence_of: Vec<u32> = Vec::with_capacity(text.tokens.len());
    for (i, t) in text.tokens.iter().enumerate() {
        if t.own {
            stems.push(text.word(i), text.negated(i, r.window), &mut scratch);
            sentence_of.push(t.sentence);
        }
    }
    let last_sentence = sentence_of.last().copied();
    let (mut present, mut last) = (0u32, 0u32);
    let h = class_hashes();
    for (k, &sentence) in sentence_of.iter().enumerate() {
        stem_features(&stems, k, sink);
        let st = stems.items[k];
        let c = st.classes.1 | if st.past { 1 << HEAT_PAST } else { 0 };
        if c == 0 {
            continue;
        }
        for j in (0..=HEAT_PAST).filter(|j| c & (1 << j) != 0) {
            if st.negated {
                sink.feature_hashed(h.heat_negated[j], &["c!", heat_name(j)]);
            } else {
                sink.feature_hashed(h.heat_single[j], &["c", heat_name(j)]);
                present |= 1 << j;
                if Some(sentence) == last_sentence {
                    last |= 1 << j;
                }
            }
        }
    }
    // Read off the text as written.
    let scare = text.not_own.iter().any(|&(a, b)| b - a <= 40 && text.src[a..b].split_whitespace().count() <= 4);
    let asks = text.src.matches('?').count() >= 2;
    let lower = stems.len() >= 6 && !text.src.chars().any(char::is_uppercase);
    for (k, on) in [scare, asks, lower].into_iter().enumerate() {
        if on {
            let j = HEAT_PAST + 1 + k;
            sink.feature_hashed(h.heat_single[j], &["c", heat_name(j)]);
            present |= 1 << j;
        }
    }
    for x in (0..HEAT_N).filter(|x| last & (1 << x) != 0) {
        sink.feature_hashed(h.heat_last[x], &["c$", heat_name(x)]);
    }
    for x in (0..HEAT_N).filter(|x| present & (1 << x) != 0) {
        for y in (x + 1..HEAT_N).filter(|y| present & (1 << y) != 0) {
            sink.feature_hashed(h.heat_pair[x][y], &["c", heat_name(x), heat_name(y)]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{draft_features, hash_parts, message_features, stem, Sink};
    use crate::core::coach::rules::rules;
    use crate::core::coach::text::Text;

    /// The run-time path hashes names piece by piece; every hash must be
    /// the hash of the name the training command sees.
    #[test]
    fn every_feature_hash_is_the_hash_of_its_name() {
        struct Check(usize);
        impl Sink for Check {
            fn feature(&mut self, _parts: &[&str]) {
                self.0 += 1;
            }
            fn feature_hashed(&mut self, hash: u64, parts: &[&str]) {
                assert_eq!(hash, hash_parts(parts), "{parts:?}");
                self.0 += 1;
            }
        }
        let r = rules().unwrap_or_else(|e| panic!("{e}"));
        let mut c = Check(0);
        for s in [
            "Sorry, but that's our policy. I don't blame you; we'll sort it by Friday!",
            "I'm sorry. However the courier lost it, not us. Thanks for waiting 48 hours.",
            "THIS IS THE THIRD TIME!!! cancel my account or I'll call my lawyer. Why?? 'priority' my foot",
        ] {
            let text = Text::new(s, r);
            draft_features(&text, r, &[u32::MAX; 8], &mut c);
            message_features(&text, r, &mut c);
        }
        assert!(c.0 > 100, "{} features", c.0);
    }

    fn s(w: &str) -> String {
        let mut out = String::new();
        stem(w, &mut out);
        out
    }

    #[test]
    fn the_time_class_is_where_the_sentence_features_look_for_it() {
        assert_eq!(super::CLASSES[13].0, "TIME");
    }

    #[test]
    fn inflections_meet_at_one_stem() {
        assert_eq!(s("blamed"), s("blaming"));
        assert_eq!(s("blames"), s("blame"));
        assert_eq!(s("apologise"), s("apologize"));
        assert_eq!(s("apologised"), s("apologized"));
        assert_eq!(s("stopped"), s("stop"));
        assert_eq!(s("policies"), s("policy"));
        assert_eq!(s("recieved"), s("received"));
        assert_eq!(s("48213"), "#");
    }
}
