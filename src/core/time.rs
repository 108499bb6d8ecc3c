//! Timestamps: milliseconds since the Unix epoch, written as RFC 3339 in UTC.
//!
//! Hand-written rather than pulling in `time` or `chrono`: the product needs only
//! UTC formatting and parsing (with offsets accepted), and this costs a few hundred
//! bytes of wasm instead of tens of kilobytes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A moment in time, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

pub const SECOND: i64 = 1_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }
    pub const fn millis(self) -> i64 {
        self.0
    }
    pub const fn plus(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`; a space may stand for `T`.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() < 20 || b.len() > 40 {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let part = s.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60 {
            return None;
        }
        let mut i = 19;
        let mut ms = 0i64;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                if i - start < 3 {
                    ms = ms * 10 + i64::from(b[i] - b'0');
                }
                i += 1;
            }
            let digits = i - start;
            if digits == 0 {
                return None;
            }
            for _ in digits..3 {
                ms *= 10;
            }
        }
        let offset_min = match b.get(i)? {
            b'Z' | b'z' if i + 1 == b.len() => 0,
            sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let m = oh * 60 + om;
                if *sign == b'-' {
                    -m
                } else {
                    m
                }
            }
            _ => return None,
        };
        let days = days_from_civil(y, mo, d);
        let secs = days * 86_400 + h * 3600 + mi * 60 + sec.min(59) - offset_min * 60;
        Some(Self(secs * 1000 + ms))
    }

    /// The UTC calendar date and time: (year, month, day, hour, minute, second).
    pub fn civil(self) -> (i64, i64, i64, i64, i64, i64) {
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.civil();
        let ms = self.0.rem_euclid(1000);
        if ms == 0 {
            write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
        } else {
            write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z")
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {s:?}")))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

/// The months as the product writes them.
pub const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A moment on the local wall clock: a timestamp and the zone's offset from
/// UTC at that moment (minutes, east positive; the shell reads it from the
/// browser). Every local-time rendering in the product is one of its methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Local {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    /// Days since the epoch on the local calendar, for "today" and "tomorrow".
    pub day_number: i64,
}

impl Local {
    pub fn new(t: Timestamp, offset_minutes: i64) -> Self {
        let local = t.plus(offset_minutes * MINUTE);
        let (year, month, day, hour, minute, _) = local.civil();
        Self { year, month, day, hour, minute, day_number: local.millis().div_euclid(DAY) }
    }
    fn month_name(&self) -> &'static str {
        self.month_in(&MONTHS)
    }
    /// This month's name in a table of twelve (January first).
    fn month_in(&self, names: &[&'static str; 12]) -> &'static str {
        names[(self.month - 1).clamp(0, 11) as usize]
    }
    /// "14:05".
    pub fn hm(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
    /// "22 Nov 14:05".
    pub fn day_month_hm(&self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.hm())
    }
    /// "22 Nov 2026".
    pub fn date(&self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }
    /// "22 Nov 2026, 10:05".
    pub fn date_hm(&self) -> String {
        format!("{}, {}", self.date(), self.hm())
    }
    /// "2026-11-22T14:05", a `datetime-local` input's value.
    pub fn input_value(&self) -> String {
        format!("{:04}-{:02}-{:02}T{}", self.year, self.month, self.day, self.hm())
    }
    /// "20261122-1005", for file names.
    pub fn file_stamp(&self) -> String {
        format!("{:04}{:02}{:02}-{:02}{:02}", self.year, self.month, self.day, self.hour, self.minute)
    }
}

/// A due time relative to now, in the agent's words: "by 16:00 today", "by
/// tomorrow 09:00", "by 24 Nov 14:00" (both on the same offset).
pub fn due_words(due: Timestamp, now: Timestamp, offset_minutes: i64) -> String {
    due_words_in(crate::core::locale::Lang::En, due, now, offset_minutes)
}

/// Spanish and German month abbreviations, as their style guides write them.
const MONTHS_ES: [&str; 12] = ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."];
const MONTHS_DE: [&str; 12] = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];

/// [`due_words`] in a language, shaped to stand where a playbook's `{when}`
/// stands: "hoy antes de las 16:00", "bis morgen 09:00 Uhr",
/// "antes del 24 de nov. a las 14:00", "bis 24. Nov., 14:00 Uhr".
pub fn due_words_in(lang: crate::core::locale::Lang, due: Timestamp, now: Timestamp, offset_minutes: i64) -> String {
    use crate::core::locale::Lang;
    let (d, n) = (Local::new(due, offset_minutes), Local::new(now, offset_minutes));
    match (lang, d.day_number - n.day_number) {
        (Lang::En, 0) => format!("by {} today", d.hm()),
        (Lang::En, 1) => format!("by tomorrow {}", d.hm()),
        (Lang::En, _) => format!("by {}", d.day_month_hm()),
        (Lang::Es, 0) => format!("hoy antes de las {}", d.hm()),
        (Lang::Es, 1) => format!("mañana antes de las {}", d.hm()),
        (Lang::Es, _) => format!("antes del {} de {} a las {}", d.day, d.month_in(&MONTHS_ES), d.hm()),
        (Lang::De, 0) => format!("bis heute {} Uhr", d.hm()),
        (Lang::De, 1) => format!("bis morgen {} Uhr", d.hm()),
        (Lang::De, _) => format!("bis {}. {}, {} Uhr", d.day, d.month_in(&MONTHS_DE), d.hm()),
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithm (public domain), in proleptic Gregorian.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        for s in ["1970-01-01T00:00:00Z", "2026-11-22T10:05:00Z", "2000-02-29T23:59:59.250Z", "1969-12-31T23:59:59Z"] {
            let t = Timestamp::parse(s).unwrap();
            assert_eq!(t.to_string(), s);
        }
    }

    #[test]
    fn an_offset_is_folded_into_utc() {
        let t = Timestamp::parse("2026-11-22T12:05:00+02:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-22T10:05:00Z");
        let t = Timestamp::parse("2026-11-22T05:05:00-05:00").unwrap();
        assert_eq!(t.to_string(), "2026-11-22T10:05:00Z");
    }

    #[test]
    fn nonsense_is_refused_not_guessed() {
        for s in [
            "",
            "2026-11-22",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-22T10:05:00",
            "2026-11-22T10:05:00Zjunk",
            "２０２６-11-22T10:05:00Z",
            "2026-11-22T10:05:00.Z",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
    }

    #[test]
    fn local_renderings_use_the_offset() {
        let t = Timestamp::parse("2026-11-22T23:05:00Z").unwrap();
        let l = Local::new(t, 120);
        assert_eq!(l.hm(), "01:05");
        assert_eq!(l.day_month_hm(), "23 Nov 01:05");
        assert_eq!(l.date(), "23 Nov 2026");
        assert_eq!(l.date_hm(), "23 Nov 2026, 01:05");
        assert_eq!(l.file_stamp(), "20261123-0105");
        assert_eq!(l.input_value(), "2026-11-23T01:05");
    }

    #[test]
    fn due_words_say_today_tomorrow_or_the_date() {
        let now = Timestamp::parse("2026-11-22T10:00:00Z").unwrap();
        assert_eq!(due_words(now.plus(6 * HOUR), now, 0), "by 16:00 today");
        assert_eq!(due_words(now.plus(23 * HOUR), now, 0), "by tomorrow 09:00");
        assert_eq!(due_words(now.plus(52 * HOUR), now, 0), "by 24 Nov 14:00");
        // Local midnight, not UTC's, decides what "today" is.
        assert_eq!(due_words(now.plus(13 * HOUR), now, 120), "by tomorrow 01:00");
    }

    #[test]
    fn epoch_millis_match_the_known_value() {
        assert_eq!(Timestamp::parse("2026-11-22T10:00:00Z").unwrap().millis(), 1_795_341_600_000);
    }
}
