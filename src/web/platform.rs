//! Small browser facts and actions: the clock, ids, the clipboard, downloads.

use crate::core::locale::Lang;
use crate::core::time::Timestamp;
use std::cell::Cell;
use wasm_bindgen::JsCast;

/// Now, from the browser's clock.
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

thread_local! {
    static COUNTER: Cell<u64> = const { Cell::new(0) };
}

/// A short id unique within this page: the time in base 36 and a counter.
pub fn new_id(prefix: &str) -> String {
    let n = COUNTER.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("{prefix}{}{n}", radix36(now().millis().max(0) as u64 % 1_000_000_000))
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The local time zone's offset from UTC in minutes (east positive).
pub fn utc_offset_minutes(at: Timestamp) -> i64 {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.millis() as f64));
    -(d.get_timezone_offset() as i64)
}

/// Copies text to the clipboard; resolves to false where the browser refuses
/// (no permission, insecure context), so the UI can say so.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = window.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.is_ok() || copy_fallback(text)
}

/// The pre-Clipboard-API way, which works in iframes without the permission.
fn copy_fallback(text: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Ok(area) = doc.create_element("textarea") else { return false };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else { return false };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("aria-hidden", "true");
    let _ = area.set_attribute("class", "offscreen");
    let active = doc.active_element();
    let Some(body) = doc.body() else { return false };
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let ok = doc.dyn_ref::<web_sys::HtmlDocument>().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
    area.remove();
    if let Some(el) = active.and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
    ok
}

/// Offers a file for download (export of a session, an alert, results).
pub fn download(filename: &str, mime: &str, contents: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| "the browser could not create the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "the browser could not create the file".to_string())?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(|_| "no link")?.dyn_into().map_err(|_| "no link")?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Marks a moment for the benchmarks (`performance.mark`).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// How long [`after_next_frame`] waits for a frame before going ahead: a
/// hidden frame or a background tab draws none.
const FRAME_WAIT_MS: u32 = 100;

/// A wait started by [`after_next_frame`]; dropping it cancels what has not run.
pub struct FrameWait {
    frame: Option<(i32, wasm_bindgen::closure::Closure<dyn FnMut()>)>,
    _fallback: gloo::timers::callback::Timeout,
    _after: std::rc::Rc<std::cell::RefCell<Option<gloo::timers::callback::Timeout>>>,
}

impl Drop for FrameWait {
    fn drop(&mut self) {
        if let (Some((id, _)), Some(w)) = (&self.frame, web_sys::window()) {
            let _ = w.cancel_animation_frame(*id);
        }
    }
}

/// Runs `f` once, in a task after the browser's next frame (an animation
/// frame, then a zero timeout, so the frame is drawn before `f` runs), or
/// after [`FRAME_WAIT_MS`] if no frame comes first.
pub fn after_next_frame(f: impl FnOnce() + 'static) -> FrameWait {
    use gloo::timers::callback::Timeout;
    use std::{cell::RefCell, rc::Rc};
    let once = Rc::new(RefCell::new(Some(f)));
    let run = move || {
        if let Some(f) = once.borrow_mut().take() {
            f();
        }
    };
    let after = Rc::new(RefCell::new(None));
    let fallback = Timeout::new(FRAME_WAIT_MS, run.clone());
    let frame = web_sys::window().and_then(|w| {
        let (after, run) = (after.clone(), run.clone());
        let drawn = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            *after.borrow_mut() = Some(Timeout::new(0, run.clone()));
        });
        w.request_animation_frame(drawn.as_ref().unchecked_ref()).ok().map(|id| (id, drawn))
    });
    FrameWait { frame, _fallback: fallback, _after: after }
}

/// Sets an attribute on the root element (`data-theme`); a page without a
/// document has nothing to theme.
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        // Only fails for an invalid attribute name, and ours are constants.
        let _ = root.set_attribute(name, value);
    }
}

/// The browser's languages, most preferred first (`navigator.languages`,
/// or `navigator.language` where the list is missing).
pub fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    let list: Vec<String> = nav.languages().iter().filter_map(|v| v.as_string()).collect();
    if list.is_empty() {
        return nav.language().into_iter().collect();
    }
    list
}

/// The content height of the page, in CSS pixels. Reading it forces a layout.
pub fn content_height() -> Option<u32> {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())?;
    Some(root.scroll_height().max(0) as u32)
}

/// Scrolls the page to its top (a ticket opened or switched).
pub fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// `t` on the local wall clock (the browser's time zone).
pub fn local(t: Timestamp) -> crate::core::time::Local {
    crate::core::time::Local::new(t, utc_offset_minutes(t))
}

thread_local! {
    static PAGE_LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Sets the language dates and times are written in: the page's (`use_locale` keeps it).
pub fn set_page_lang(lang: Lang) {
    PAGE_LANG.with(|l| l.set(lang));
}

/// The language dates and times are written in.
pub fn page_lang() -> Lang {
    PAGE_LANG.with(Cell::get)
}

/// How much of a moment to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// "14:05".
    Time,
    /// "22 Nov 14:05".
    DayMonthTime,
    /// "22 Nov 2026".
    Date,
    /// "22 Nov 2026, 10:05".
    DateTime,
}

/// A moment on the local clock, in the page's language: English as the core
/// writes it (what the exports and tests know), Spanish and German by the
/// browser's `Intl.DateTimeFormat`, which knows their month names and order.
pub fn local_words(t: Timestamp, what: Clock) -> String {
    let lang = page_lang();
    if lang != Lang::En {
        if let Some(words) = intl_words(t, what, lang) {
            return words;
        }
    }
    let l = local(t);
    match what {
        Clock::Time => l.hm(),
        Clock::DayMonthTime => l.day_month_hm(),
        Clock::Date => l.date(),
        Clock::DateTime => l.date_hm(),
    }
}

/// `t` through `Intl.DateTimeFormat` in `lang` (24-hour clock); `None` where the browser declines.
fn intl_words(t: Timestamp, what: Clock, lang: Lang) -> Option<String> {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| js_sys::Reflect::set(&options, &key.into(), &value.into()).is_ok();
    let (day, year, time) = match what {
        Clock::Time => (false, false, true),
        Clock::DayMonthTime => (true, false, true),
        Clock::Date => (true, true, false),
        Clock::DateTime => (true, true, true),
    };
    let ok = (!day || (set("day", "numeric") && set("month", "short")))
        && (!year || set("year", "numeric"))
        && (!time || (set("hour", "2-digit") && set("minute", "2-digit") && set("hourCycle", "h23")));
    if !ok {
        return None;
    }
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&lang.tag().into()), &options);
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.millis() as f64));
    format.format().call1(&format, &date).ok()?.as_string()
}

/// A due time relative to now in the agent's words, language and local time
/// ("by 16:00 today", "hoy antes de las 16:00", "bis heute 16:00 Uhr").
pub fn due_words(due: Timestamp, now: Timestamp) -> String {
    crate::core::time::due_words_in(page_lang(), due, now, utc_offset_minutes(due))
}

/// Whether the OS asks for a dark theme.
pub fn prefers_dark() -> bool {
    web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()).is_some_and(|m| m.matches())
}

/// Fetches a same-origin text file (a custom playbook or scenario).
/// One parameter of the page's query string, when present and not empty.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name).filter(|v| !v.is_empty())
}

pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| crate::msg!("the network request failed or was blocked"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        let status = resp.status();
        return Err(crate::msg!("the server answered {status}"));
    }
    let text = wasm_bindgen_futures::JsFuture::from(resp.text().map_err(|_| "unreadable body".to_string())?)
        .await
        .map_err(|_| "unreadable body".to_string())?;
    text.as_string().ok_or_else(|| "the file is not text".to_string())
}

/// Reads a file the user picked, as text.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|_| "the browser could not read the file".to_string())?;
    text.as_string().ok_or_else(|| "the file is not text".to_string())
}

/// Shows a panic as a message instead of a dead widget. The page's boot.js
/// draws it (with a "copy diagnostic" button), because after a panic this wasm
/// instance must not be called again.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let text = format!("Turnaround {} stopped: {info}", crate::VERSION);
        if let Some(window) = web_sys::window() {
            if let Ok(f) = js_sys::Reflect::get(&window, &"__turnaroundFatal".into()) {
                if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                    let _ = f.call1(&wasm_bindgen::JsValue::NULL, &text.into());
                }
            }
        }
    }));
}
