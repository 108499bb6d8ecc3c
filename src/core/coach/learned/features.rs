//! The learned model's features: per sentence of a draft, and over a whole
//! customer message, the writer's own words only (quotes, quoted replies and
//! signatures left out), normalised (lowercase, contractions expanded, a
//! light English stemmer, a few common typos), negation-marked, as words,
//! word pairs and sentence openers. One code path feeds both the training
//! command (feature names) and run time (feature hashes).

use super::super::rules::FnvMap;
use super::super::rules::{Rules, Vocab, DIGITS};
use super::super::text::Text;
use super::table::Table;
use std::sync::OnceLock;

/// Where features go: their names (training) or their hashes (run time).
pub(crate) trait Sink {
    /// Whether the sink reads the names of `feature_hashed`'s features; one
    /// that reads only their hashes is given empty stems in their place
    /// (a stem's text is then never read out of its buffer).
    const NAMES: bool = true;
    /// A feature whose name is `parts` joined by single spaces.
    fn feature(&mut self, parts: &[&str]);
    /// The features that follow belong to sentence `s`.
    fn sentence(&mut self, _s: usize) {}
    /// A feature whose name's hash is already known (`hash_parts(parts)`).
    fn feature_hashed(&mut self, _hash: u64, parts: &[&str]) {
        self.feature(parts);
    }
    /// A feature of the draft's fixed set (a class, a class pair, a context
    /// or rule-hit feature, `_`): number `k` of `fixed_hashes()`, whose
    /// weights a model can look up once when it loads.
    fn feature_fixed(&mut self, k: usize, parts: &[&str]) {
        self.feature_hashed(fixed_hashes()[k], parts);
    }
}

/// The draft's fixed features by number (`Sink::feature_fixed`): `c X`,
/// `c! X`, `d X`, `p X` for each draft name, then `c X Y` for each pair of
/// names, `@ output` and `@d output` for each output, and `_`.
const FIXED_SINGLE: usize = 0;
const FIXED_NEGATED: usize = DRAFT_NAMES;
const FIXED_ELSEWHERE: usize = 2 * DRAFT_NAMES;
const FIXED_BEFORE: usize = 3 * DRAFT_NAMES;
const FIXED_PAIR: usize = 4 * DRAFT_NAMES;
const FIXED_HIT: usize = FIXED_PAIR + DRAFT_NAMES * DRAFT_NAMES;
const FIXED_HIT_ELSEWHERE: usize = FIXED_HIT + super::OUTPUTS;
const FIXED_ANY: usize = FIXED_HIT_ELSEWHERE + super::OUTPUTS;
/// Number of fixed features.
pub(crate) const FIXED: usize = FIXED_ANY + 1;

/// The hash of each fixed feature's name, by number.
pub(crate) fn fixed_hashes() -> &'static [u64; FIXED] {
    static H: OnceLock<[u64; FIXED]> = OnceLock::new();
    H.get_or_init(|| {
        let c = class_hashes();
        let mut f = [0u64; FIXED];
        for i in 0..DRAFT_NAMES {
            f[FIXED_SINGLE + i] = c.single[i];
            f[FIXED_NEGATED + i] = c.negated[i];
            f[FIXED_ELSEWHERE + i] = c.elsewhere[i];
            f[FIXED_BEFORE + i] = c.before[i];
            for j in 0..DRAFT_NAMES {
                f[FIXED_PAIR + i * DRAFT_NAMES + j] = c.pair[i][j];
            }
        }
        f[FIXED_HIT..FIXED_HIT + super::OUTPUTS].copy_from_slice(&c.hit);
        f[FIXED_HIT_ELSEWHERE..FIXED_HIT_ELSEWHERE + super::OUTPUTS].copy_from_slice(&c.hit_elsewhere);
        f[FIXED_ANY] = H_ANY;
        f
    })
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
    /// `d X` and `p X` (`context_features`).
    elsewhere: [u64; DRAFT_NAMES],
    before: [u64; DRAFT_NAMES],
    heat_single: [u64; HEAT_N],
    heat_negated: [u64; HEAT_N],
    heat_last: [u64; HEAT_N],
    heat_pair: [[u64; HEAT_N]; HEAT_N],
    /// `@ output` and `@d output` (a rule finding in the sentence, in another sentence).
    hit: [u64; super::OUTPUTS],
    hit_elsewhere: [u64; super::OUTPUTS],
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
            elsewhere: [0; DRAFT_NAMES],
            before: [0; DRAFT_NAMES],
            heat_single: [0; HEAT_N],
            heat_negated: [0; HEAT_N],
            heat_last: [0; HEAT_N],
            heat_pair: [[0; HEAT_N]; HEAT_N],
            hit: [0; super::OUTPUTS],
            hit_elsewhere: [0; super::OUTPUTS],
        };
        for o in 0..super::OUTPUTS {
            h.hit[o] = hash_parts(&["@", super::output_name(o)]);
            h.hit_elsewhere[o] = hash_parts(&["@d", super::output_name(o)]);
        }
        for i in 0..DRAFT_NAMES {
            h.single[i] = hash_parts(&["c", draft_name(i)]);
            h.negated[i] = hash_parts(&["c!", draft_name(i)]);
            h.elsewhere[i] = hash_parts(&["d", draft_name(i)]);
            h.before[i] = hash_parts(&["p", draft_name(i)]);
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

/// A name's hash before its first word.
const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MUL: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of one word of a name, eight bytes at a time (a name's words
/// hash once each, then a pair of words costs one `join`, where hashing the
/// pair's bytes again cost a multiply per byte).
#[inline]
pub(crate) const fn word_hash(bytes: &[u8]) -> u64 {
    let mut h = MUL ^ (bytes.len() as u64);
    let mut i = 0;
    while i < bytes.len() {
        let mut chunk = 0u64;
        let mut k = 0;
        while k < 8 && i + k < bytes.len() {
            chunk |= (bytes[i + k] as u64) << (8 * k);
            k += 1;
        }
        h = (h ^ chunk).wrapping_mul(MUL).rotate_left(29);
        i += 8;
    }
    mix(h)
}

/// A strong 64-bit finaliser (MurmurHash3's): every input bit reaches every output bit.
#[inline]
const fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The hash of a name whose words so far hash to `h`, followed by a word
/// whose `word_hash` is `w`. Order matters: "a b" and "b a" differ.
#[inline]
pub(crate) const fn join(h: u64, w: u64) -> u64 {
    mix(h.rotate_left(17).wrapping_mul(MUL) ^ w)
}

/// The run-time sink's hash of a feature name: its words (the parts, each
/// split at single spaces) joined in order from `SEED`. The model file's
/// names hash the same way when it loads, so a name given whole ("a b")
/// and one given in parts (["a", "b"]) hash alike.
#[inline]
pub(crate) fn hash_parts(parts: &[&str]) -> u64 {
    let mut h = SEED;
    for p in parts {
        for w in p.split(' ') {
            h = join(h, word_hash(w.as_bytes()));
        }
    }
    h
}

/// Hashes of the fixed starts of names: `!`, `^`, `~`, the word `*` and the name `_`.
const H_NEGATED: u64 = join(SEED, word_hash(b"!"));
const H_OPENS: u64 = join(SEED, word_hash(b"^"));
const H_AFTER_APOLOGY: u64 = join(SEED, word_hash(b"~"));
const W_SKIP: u64 = word_hash(b"*");
const H_ANY: u64 = join(SEED, word_hash(b"_"));

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
        let index = Table::build(entries.iter().enumerate().map(|(i, (w, _))| (word_hash(w.as_bytes()), i as u32)));
        ClassTable { index, entries }
    })
}

/// The (draft, heat) class bits of a stem whose `word_hash` is `hash`.
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
    /// Its bytes in `Stems::buf`, or in the cache's buffer when `cached`.
    at: (u32, u32),
    /// Read from the `StemCache` (its bytes are the cache's, not copied).
    cached: bool,
    /// The stem is an apology's (`is_apology`).
    apology: bool,
    negated: bool,
    /// Its word is in the past tense.
    past: bool,
    /// Its `word_hash`.
    word: u64,
    /// The hash of its name (`hash_parts(&[stem])`).
    hash: u64,
    /// Its draft and heat class bits.
    classes: (u32, u32),
}

impl Stem {
    /// Its draft class bits and its `PAST` mark.
    fn bits(&self) -> u32 {
        self.classes.0 | if self.past { PAST } else { 0 }
    }
}

/// Stems of one stretch of own words: those of words the rules know are
/// read in the cache's buffer, the others worked out into one buffer.
struct Stems<'r> {
    buf: String,
    items: Vec<Stem>,
    /// The stems of the rules' words, by word id.
    cache: &'r StemCache,
}

impl<'r> Stems<'r> {
    /// Room for the stems of `text` (stems are mostly shorter than their
    /// words), so that pushing them seldom grows a buffer.
    fn for_text(text: &Text, r: &'r Rules) -> Stems<'r> {
        Stems {
            buf: String::with_capacity(text.src.len() + 16),
            items: Vec::with_capacity(text.tokens.len()),
            cache: r.stems.get_or_init(|| StemCache::new(&r.vocab)),
        }
    }

    /// Pushes the stem of token `i` of `text`: from the cache when the
    /// rules know its word, else worked out.
    fn push_token(&mut self, text: &Text, i: usize, negated: bool, scratch: &mut String) {
        let id = text.id(i) as usize;
        let cached = self.cache.items.get(id).filter(|_| self.cache.known.get(id).copied().unwrap_or(false));
        match cached {
            Some(&st) => self.items.push(Stem { negated, cached: true, ..st }),
            None => push_stem(&mut self.buf, &mut self.items, text.word(i), negated, scratch),
        }
    }

    /// Stems `start..end`, read in place.
    fn slice(&self, start: usize, end: usize) -> StemSlice<'_> {
        StemSlice { buf: &self.buf, cache: &self.cache.buf, items: self.items.get(start..end).unwrap_or(&[]) }
    }

    /// Every stem, read in place.
    fn all(&self) -> StemSlice<'_> {
        self.slice(0, self.items.len())
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

/// A run of stems of one `Stems` (a sentence's), read where they are.
#[derive(Clone, Copy)]
struct StemSlice<'s> {
    buf: &'s str,
    /// The `StemCache`'s bytes, where its stems are read.
    cache: &'s str,
    items: &'s [Stem],
}

impl<'s> StemSlice<'s> {
    fn get(&self, k: usize) -> Option<&'s str> {
        self.items.get(k).map(|s| &(if s.cached { self.cache } else { self.buf })[s.at.0 as usize..s.at.1 as usize])
    }

    /// Stem `k` as a feature name for sink `S`: empty for a sink that reads
    /// only hashes (`Sink::NAMES`), so the text is never read out.
    fn name<S: Sink>(&self, k: usize) -> &'s str {
        if S::NAMES {
            self.get(k).unwrap_or("")
        } else {
            ""
        }
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

/// Stems `word` and pushes it with what its features need.
fn push_stem(buf: &mut String, items: &mut Vec<Stem>, word: &str, negated: bool, scratch: &mut String) {
    stem(word, scratch);
    let a = buf.len() as u32;
    buf.push_str(scratch);
    let word_h = word_hash(scratch.as_bytes());
    let classes = classes_of(scratch, word_h);
    items.push(Stem {
        at: (a, buf.len() as u32),
        cached: false,
        apology: is_apology(scratch),
        negated,
        past: is_past(word),
        word: word_h,
        hash: join(SEED, word_h),
        classes,
    });
}

/// The stem of every word id of the rules' vocabulary, worked out once:
/// a stem depends on its word alone, and most tokens are words the rules know.
pub(crate) struct StemCache {
    /// The stems' bytes.
    buf: String,
    /// By word id.
    items: Vec<Stem>,
    /// By word id: whether the id has a word (the vocabulary's ids are dense; this is a guard).
    known: Vec<bool>,
}

impl StemCache {
    fn new(vocab: &Vocab) -> StemCache {
        let mut words: Vec<Option<&str>> = vec![None; vocab.len()];
        for (w, id) in vocab.words() {
            if let Some(slot) = words.get_mut(id as usize) {
                *slot = Some(w);
            }
        }
        // Every number written in digits has the one id, and the one stem.
        if let Some(slot) = words.get_mut(DIGITS as usize) {
            *slot = Some("0");
        }
        let (mut buf, mut items, mut scratch) = (String::new(), Vec::with_capacity(words.len()), String::new());
        for w in &words {
            push_stem(&mut buf, &mut items, w.unwrap_or(""), false, &mut scratch);
        }
        StemCache { buf, items, known: words.iter().map(Option::is_some).collect() }
    }
}

/// The features of each sentence of a draft: `sink.sentence(s)` opens
/// sentence `s`, then its features follow (a sentence with no own words has
/// none). `hits[s]` has a bit per model output the rules found in sentence
/// `s`: each becomes a feature `@ name`, so the model learns when to trust them.
pub(crate) fn draft_features(text: &Text, r: &Rules, hits: &[u32], sink: &mut impl Sink) {
    let mut scratch = String::new();
    let negated = text.negations(r.window);
    // Every own word's stem first, sentence by sentence, with the classes
    // each sentence holds: a sentence is also read beside the rest of its
    // draft (a plain "you entered" account reads otherwise in a draft that
    // owns nothing than in one that owns the error), see `context_features`.
    let mut all = Stems::for_text(text, r);
    let mut spans: Vec<(usize, usize, u32)> = Vec::with_capacity(text.sentences.len());
    for sent in &text.sentences {
        let start = all.len();
        for i in sent.first..sent.last {
            if text.own(i) {
                all.push_token(text, i, negated.get(i).copied().unwrap_or(false), &mut scratch);
            }
        }
        let held = all.items[start..].iter().filter(|st| !st.negated).fold(0, |b, st| b | st.bits());
        spans.push((start, all.len(), held));
    }
    let draft = Context { held: spans.iter().fold(0, |b, sp| b | sp.2), hits: hits.iter().fold(0, |b, h| b | h) };
    let mut prev_apology = false;
    for (s, &(start, end, held)) in spans.iter().enumerate() {
        sink.sentence(s);
        if start == end {
            continue;
        }
        let stems = all.slice(start, end);
        sentence_features(&stems, prev_apology, sink);
        let own_hits = hits.get(s).copied().unwrap_or(0);
        let prev = if s > 0 { spans[s - 1].2 } else { 0 };
        context_features(&draft, held, prev, own_hits, sink);
        for o in (0..super::OUTPUTS).filter(|o| own_hits & (1 << o) != 0) {
            sink.feature_fixed(FIXED_HIT + o, &["@", super::output_name(o)]);
        }
        prev_apology = stems.items.iter().any(|st| st.apology);
    }
}

/// What a whole draft holds: its sentences' classes and the rules' findings.
struct Context {
    held: u32,
    hits: u32,
}

/// A sentence's features from its neighbours: `d X` for a class the draft
/// holds elsewhere but not this sentence, `p X` for a class of the sentence
/// before, `@d code` for a rule finding in another sentence. The training
/// command gives them weights for the outputs of `CONTEXT_OUTPUTS` only.
fn context_features(draft: &Context, held: u32, prev: u32, own_hits: u32, sink: &mut impl Sink) {
    for k in 0..=CLASSES.len() {
        if draft.held & !held & (1 << k) != 0 {
            sink.feature_fixed(FIXED_ELSEWHERE + k, &["d", draft_name(k)]);
        }
        if prev & (1 << k) != 0 {
            sink.feature_fixed(FIXED_BEFORE + k, &["p", draft_name(k)]);
        }
    }
    for o in (0..super::OUTPUTS).filter(|o| draft.hits & !own_hits & (1 << o) != 0) {
        sink.feature_fixed(FIXED_HIT_ELSEWHERE + o, &["@d", super::output_name(o)]);
    }
}

/// Whether a feature name is one of `context_features`'.
pub(crate) fn is_context(name: &str) -> bool {
    name.starts_with("d ") || name.starts_with("p ") || name.starts_with("@d ")
}

fn is_apology(stem: &str) -> bool {
    stem == "sorry" || stem.starts_with("apolog")
}

/// The features of the stem at `k`: the stem (marked `!` when negated) and
/// the pair it makes with the next stem.
fn stem_features<S: Sink>(stems: &StemSlice, k: usize, sink: &mut S) {
    let name = |j: usize| stems.name::<S>(j);
    let w = name(k);
    let st = &stems.items[k];
    let h = st.hash;
    if st.negated {
        sink.feature_hashed(join(H_NEGATED, st.word), &["!", w]);
    } else {
        sink.feature_hashed(h, &[w]);
    }
    if let Some(next) = stems.items.get(k + 1) {
        sink.feature_hashed(join(h, next.word), &[w, name(k + 1)]);
    }
    // A pair with one word skipped between ("on them", "on the courier"; "your own fault").
    if let Some(next) = stems.items.get(k + 2) {
        sink.feature_hashed(join(join(h, W_SKIP), next.word), &[w, "*", name(k + 2)]);
    }
}

fn sentence_features<S: Sink>(stems: &StemSlice, prev_apology: bool, sink: &mut S) {
    // Classes present, and negated; `NOTIME` when no time is named.
    let (mut present, mut negated) = (0u32, 0u32);
    for st in stems.items {
        let c = st.bits();
        if st.negated {
            negated |= c;
        } else {
            present |= c;
        }
    }
    const TIME: u32 = 1 << 13;
    let mut on = [0usize; DRAFT_NAMES];
    let mut n = 0;
    for k in 0..=CLASSES.len() {
        if present & (1 << k) != 0 {
            on[n] = k;
            n += 1;
        }
        if negated & (1 << k) != 0 {
            sink.feature_fixed(FIXED_NEGATED + k, &["c!", draft_name(k)]);
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
        sink.feature_fixed(FIXED_SINGLE + x, &["c", draft_name(x)]);
        for &y in &on[a + 1..] {
            sink.feature_fixed(FIXED_PAIR + x * DRAFT_NAMES + y, &["c", draft_name(x), draft_name(y)]);
        }
    }
    for k in 0..stems.len() {
        stem_features(stems, k, sink);
    }
    let name = |j: usize| stems.name::<S>(j);
    let first = name(0);
    let first_word = stems.items.first().map_or(word_hash(b""), |st| st.word);
    let second = stems.items.get(1).map(|st| (name(1), st));
    for (start, mark, on) in [(H_OPENS, "^", true), (H_AFTER_APOLOGY, "~", prev_apology)] {
        if !on {
            continue;
        }
        let h1 = join(start, first_word);
        sink.feature_hashed(h1, &[mark, first]);
        if let Some((second, st)) = second {
            sink.feature_hashed(join(h1, st.word), &[mark, first, second]);
        }
    }
    sink.feature_fixed(FIXED_ANY, &["_"]);
}

/// The word features of a whole message (a feature may repeat).
pub(crate) fn message_features(text: &Text, r: &Rules, sink: &mut impl Sink) {
    let mut stems = Stems::for_text(text, r);
    let mut scratch = String::new();
    let negated = text.negations(r.window);
    let mut sentence_of: Vec<u32> = Vec::with_capacity(text.tokens.len());
    for (i, t) in text.tokens.iter().enumerate() {
        if t.own {
            stems.push_token(text, i, negated.get(i).copied().unwrap_or(false), &mut scratch);
            sentence_of.push(t.sentence);
        }
    }
    let last_sentence = sentence_of.last().copied();
    let (mut present, mut last) = (0u32, 0u32);
    let h = class_hashes();
    let every = stems.all();
    for (k, &sentence) in sentence_of.iter().enumerate() {
        stem_features(&every, k, sink);
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
    use super::{draft_features, hash_parts, message_features, push_stem, stem, Sink, StemCache};
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

    /// A stem taken from the cache by a token's word id is the one worked
    /// out from its word: for every word of the vocabulary, and for the
    /// tokens of real text (whose ids are their words' ids).
    #[test]
    fn a_cached_stem_is_the_stem_worked_out() {
        let r = rules().unwrap_or_else(|e| panic!("{e}"));
        let cache = StemCache::new(&r.vocab);
        let check = |w: &str, id: u32| {
            let (mut buf, mut items, mut scratch) = (String::new(), Vec::new(), String::new());
            push_stem(&mut buf, &mut items, w, false, &mut scratch);
            let c = cache.items[id as usize];
            assert_eq!(&cache.buf[c.at.0 as usize..c.at.1 as usize], buf, "{w}");
            assert_eq!(
                (c.word, c.hash, c.classes, c.past, c.apology),
                (items[0].word, items[0].hash, items[0].classes, items[0].past, items[0].apology),
                "{w}"
            );
        };
        for (w, id) in r.vocab.words() {
            check(w, id);
        }
        let text = Text::new("We'd blamed the courier; it's 2024 and I didn't apologise. Sorry!", r);
        for i in 0..text.tokens.len() {
            if text.id(i) != crate::core::coach::rules::UNKNOWN {
                assert_eq!(r.vocab.id(text.word(i)), text.id(i), "{}", text.word(i));
                check(text.word(i), text.id(i));
            }
        }
    }

    /// Each sentence also reads its draft: the classes held elsewhere
    /// (`d`), the sentence before (`p`) and rule findings in other
    /// sentences (`@d`); never its own classes as "elsewhere".
    #[test]
    fn a_sentence_reads_the_rest_of_its_draft() {
        #[derive(Default)]
        struct Per(Vec<Vec<String>>);
        impl Sink for Per {
            fn feature(&mut self, parts: &[&str]) {
                if let Some(last) = self.0.last_mut() {
                    last.push(parts.join(" "));
                }
            }
            fn sentence(&mut self, _s: usize) {
                self.0.push(Vec::new());
            }
        }
        let r = rules().unwrap_or_else(|e| panic!("{e}"));
        let text = Text::new("You typed the wrong postcode. The courier returned it to the depot.", r);
        let mut per = Per::default();
        draft_features(&text, r, &[1, 0], &mut per);
        let [first, second] = &per.0[..] else { panic!("{:?}", per.0) };
        let has = |f: &[String], n: &str| f.iter().any(|x| x == n);
        assert!(has(second, "p YOU") && has(second, "d YOU"), "{second:?}");
        assert!(!has(first, "d YOU") && !has(first, "p YOU"), "{first:?}");
        assert!(has(first, "d PARTY") && has(second, "@d blame") && !has(first, "@d blame"), "{first:?}");
        assert!(second.iter().chain(first).filter(|f| super::is_context(f)).all(|f| f.starts_with(['d', 'p', '@'])));
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
