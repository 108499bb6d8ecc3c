//! Choosing the product's language from a host's or a browser's tag.

use turnaround::core::locale::{choose, Lang};
use turnaround::core::protocol::{parse_host_message, HostMessage};

#[test]
fn the_primary_subtag_decides_whatever_the_region_script_or_case() {
    for (tag, lang) in [("es", Lang::Es), ("es-MX", Lang::Es), ("ES-es", Lang::Es), ("es_419", Lang::Es), ("de-CH", Lang::De), ("de-Latn-AT", Lang::De), ("en-GB", Lang::En), ("EN", Lang::En)] {
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
