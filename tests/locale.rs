//! Choosing the product's language from a host's or a browser's tag.

use turnaround::core::locale::{choose, Lang};
use turnaround::core::protocol::{parse_host_message, HostMessage};

#[test]
fn the_primary_subtag_decides_whatever_the_region_script_or_case() {
    for (tag, lang) in [
        ("es", Lang::Es),
        ("es-MX", Lang::Es),
        ("ES-es", Lang::Es),
        ("es_419", Lang::Es),
        ("de-CH", Lang::De),
        ("de-Latn-AT", Lang::De),
        ("en-GB", Lang::En),
        ("EN", Lang::En),
    ] {
        let c = choose(tag);
        assert_eq!(c.lang, lang, "{tag}");
        assert_eq!(c.notice, None, "{tag}");
    }
}

#[test]
fn no_tag_means_english_silently_and_an_unknown_one_means_english_said_once() {
    assert_eq!(choose("  "), turnaround::core::locale::Choice { lang: Lang::En, notice: None });
    for tag in ["pt-BR", "fr", "xx-YY", "es-", "e", "12", "es-MX-toolongsubtag", "<script>"] {
        let c = choose(tag);
        assert_eq!(c.lang, Lang::En, "{tag}");
        let notice = c.notice.unwrap_or_else(|| panic!("{tag} should be reported"));
        assert!(notice.contains("showing English"), "{notice}");
    }
}

fn parse(extra: &str) -> Result<HostMessage, turnaround::core::protocol::Rejection> {
    let text = format!(r#"{{"protocol":"turnaround","v":1,"type":"init","id":"m1","payload":{{"ticket":{{"id":"T-1"}}{extra}}}}}"#);
    parse_host_message(&serde_json::from_str(&text).unwrap(), text.len())
}

#[test]
fn init_carries_the_locale_as_sent_and_refuses_a_non_string() {
    match parse(r#","locale":" es-MX ""#) {
        Ok(HostMessage::Init { init, .. }) => assert_eq!(init.locale, "es-MX"),
        other => panic!("{other:?}"),
    }
    match parse("") {
        Ok(HostMessage::Init { init, .. }) => assert_eq!(init.locale, ""),
        other => panic!("{other:?}"),
    }
    let err = format!("{:?}", parse(r#","locale":49"#));
    assert!(err.contains("payload.locale must be a BCP 47 language tag"), "{err}");
}

use turnaround::core::playbook::{render, render_in, PhraseContext};
use turnaround::core::time::{due_words_in, Timestamp};

#[test]
fn unknown_values_read_naturally_in_each_language() {
    let none = PhraseContext::default();
    assert_eq!(
        render("Thanks for writing to {company}; we will call {when}.", &none),
        "Thanks for writing to our team; we will call at a time we agree together."
    );
    assert_eq!(render_in("Le llamará {company} {when}.", &none, Lang::Es), "Le llamará nuestro equipo en el momento que acordemos.");
    assert_eq!(render_in("Wir melden uns {when}.", &none, Lang::De), "Wir melden uns zu einem gemeinsam vereinbarten Zeitpunkt.");
    // A dropped name after a Spanish opening mark leaves neither a comma nor a lower-case start.
    assert_eq!(render_in("¿{customer}, me confirma su número de pedido?", &none, Lang::Es), "¿Me confirma su número de pedido?");
    assert_eq!(render_in("¡Gracias, {customer}!", &none, Lang::Es), "¡Gracias!");
    assert_eq!(render_in("Hola, {customer}. ¿En qué le ayudo?", &none, Lang::Es), "Hola. ¿En qué le ayudo?");
    let named = PhraseContext { customer: "Lucía".into(), ..PhraseContext::default() };
    assert_eq!(render_in("¿{customer}, me confirma su número de pedido?", &named, Lang::Es), "¿Lucía, me confirma su número de pedido?");
}

#[test]
fn due_times_are_said_the_way_each_language_places_them() {
    let now = Timestamp::parse("2026-11-22T10:00:00Z").unwrap();
    let today = Timestamp::parse("2026-11-22T16:00:00Z").unwrap();
    let tomorrow = Timestamp::parse("2026-11-23T09:00:00Z").unwrap();
    let later = Timestamp::parse("2026-12-03T14:30:00Z").unwrap();
    let say = |lang, due| due_words_in(lang, due, now, 0);
    assert_eq!(say(Lang::En, today), "by 16:00 today");
    assert_eq!(say(Lang::Es, today), "hoy antes de las 16:00");
    assert_eq!(say(Lang::Es, tomorrow), "mañana antes de las 09:00");
    assert_eq!(say(Lang::Es, later), "antes del 3 de dic. a las 14:30");
    assert_eq!(say(Lang::De, today), "bis heute 16:00 Uhr");
    assert_eq!(say(Lang::De, tomorrow), "bis morgen 09:00 Uhr");
    assert_eq!(say(Lang::De, later), "bis 3. Dez., 14:30 Uhr");
}

use turnaround::core::locale::{resolve, Choice, Sources};

fn sources(init: Option<&str>, query: Option<&str>, browser: &[&str]) -> Sources {
    Sources { init: init.map(Into::into), query: query.map(Into::into), browser: browser.iter().map(|s| s.to_string()).collect() }
}

#[test]
fn the_host_beats_the_url_and_the_url_beats_the_browser() {
    assert_eq!(resolve(&sources(Some("de"), Some("es"), &["en-US"])).lang, Lang::De);
    assert_eq!(resolve(&sources(None, Some("es-AR"), &["de-DE"])).lang, Lang::Es);
    assert_eq!(resolve(&sources(Some(" "), Some("de"), &["es"])).lang, Lang::De, "an empty init.locale asks for nothing");
    assert_eq!(resolve(&sources(None, Some(""), &["es-419", "en"])).lang, Lang::Es);
}

#[test]
fn an_explicit_unknown_tag_means_english_said_once_even_when_the_browser_has_ours() {
    let c = resolve(&sources(Some("pt-BR"), None, &["es"]));
    assert_eq!(c.lang, Lang::En);
    assert!(c.notice.unwrap().contains("pt-BR"));
}

#[test]
fn the_browser_list_gives_its_first_language_we_have_and_speaks_up_only_when_none_is_ours() {
    assert_eq!(resolve(&sources(None, None, &["fr-FR", "de-CH", "es"])), Choice { lang: Lang::De, notice: None });
    assert_eq!(resolve(&sources(None, None, &["pt-BR", "en-GB"])), Choice { lang: Lang::En, notice: None });
    let none_ours = resolve(&sources(None, None, &["fr-FR", "it"]));
    assert_eq!(none_ours.lang, Lang::En);
    assert!(none_ours.notice.unwrap().contains("fr-FR"));
    assert_eq!(resolve(&sources(None, None, &[])), Choice { lang: Lang::En, notice: None });
}
