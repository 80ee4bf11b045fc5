//! Interface text in Chinese (default) and English.

use kaohe_core::Lang;

/// The text for the current language.
pub fn tr(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}
