//! The page's colour theme: `data-theme` on the root element.

use crate::web::platform;
use yew::prelude::*;

/// Sets `data-theme` to `theme` ("light" or "dark"), or to the OS's choice
/// when none is asked for; again whenever `theme` changes.
///
/// ```ignore
/// use_theme(config.theme.clone()); // the URL's, or the OS's
/// ```
#[hook]
pub fn use_theme(theme: Option<String>) {
    use_effect_with(theme, |theme| {
        let value = theme.clone().unwrap_or_else(|| if platform::prefers_dark() { "dark".into() } else { "light".into() });
        // Without the attribute the light theme applies, which is still readable.
        platform::set_root_attribute("data-theme", &value);
    });
}
