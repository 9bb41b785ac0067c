//! Which language a board speaks: the languages it has catalogues for, and the choice between the
//! address, this device's saved choice, config.json and the browser's languages.

/// One language the board can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 tag, as the catalogue file is named (`locales/<tag>.json`).
    pub tag: &'static str,
    /// Its own name for itself, as the language picker shows it.
    pub name: &'static str,
    /// A test language made from English (`en-XA`, `ar-XB`): never chosen from the browser.
    pub pseudo: bool,
}

const fn language(tag: &'static str, name: &'static str) -> Language {
    Language {
        tag,
        name,
        pseudo: false,
    }
}

// Used by the list build.rs writes when the tests' build asks for the pseudo-locales.
#[cfg_attr(not(feature = "pseudo-locales"), allow(dead_code))]
const fn pseudo(tag: &'static str, name: &'static str) -> Language {
    Language {
        tag,
        name,
        pseudo: true,
    }
}

// `LANGUAGES`: one per catalogue in build.rs's list, then the pseudo-locales.
include!(concat!(env!("OUT_DIR"), "/languages.rs"));

pub const ENGLISH: Language = LANGUAGES[0];

impl Language {
    /// Written right to left: the languages of right-to-left scripts, and the mirrored pseudo-locale.
    pub fn is_rtl(self) -> bool {
        const RIGHT_TO_LEFT: [&str; 8] = ["ar", "he", "fa", "ur", "ps", "sd", "yi", "dv"];
        let base = self.tag.split('-').next().unwrap_or(self.tag);
        RIGHT_TO_LEFT.contains(&base)
    }

    /// The locale numbers are written in: the language's, with Latin digits in every language, because
    /// order numbers and the 1–9 keys are typed on bump bars. A pseudo-locale writes like its base.
    pub fn number_locale(self) -> String {
        let base = self.tag.split_once("-X").map_or(self.tag, |(base, _)| base);
        format!("{base}-u-nu-latn")
    }
}

/// The language a tag names: the exact tag (any case), else the same language in another region
/// ("es-MX" → Español, "pt" or "pt-PT" → Português (Brasil)). Pseudo-locales only by their exact tag.
pub fn find(tag: &str) -> Option<Language> {
    let tag = tag.trim();
    if let Some(exact) = LANGUAGES.iter().find(|l| l.tag.eq_ignore_ascii_case(tag)) {
        return Some(*exact);
    }
    let primary = tag.split(['-', '_']).next()?;
    LANGUAGES
        .iter()
        .filter(|l| !l.pseudo)
        .find(|l| {
            let own = l.tag.split('-').next().unwrap_or(l.tag);
            own.eq_ignore_ascii_case(primary)
        })
        .copied()
}

/// The language to speak: `?lang=` in the address, then this device's saved choice, then config.json's
/// `"language"`, then the first of the browser's languages we have, then English.
pub fn choose(
    query: Option<&str>,
    saved: Option<&str>,
    config: Option<&str>,
    browser: &[String],
) -> Language {
    [query, saved, config]
        .into_iter()
        .flatten()
        .filter_map(find)
        .chain(
            browser
                .iter()
                .filter_map(|tag| find(tag))
                .filter(|l| !l.pseudo),
        )
        .next()
        .unwrap_or(ENGLISH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn the_address_wins_then_the_device_then_config_then_the_browser() {
        let browser = tags(&["fr-FR", "en"]);
        let pick = |q, s, c| choose(q, s, c, &browser).tag;
        assert_eq!(pick(Some("es"), Some("de"), Some("ar")), "es");
        assert_eq!(pick(None, Some("de"), Some("ar")), "de");
        assert_eq!(pick(None, None, Some("ar")), "ar");
        assert_eq!(pick(None, None, None), "fr");
        assert_eq!(choose(None, None, None, &[]).tag, "en");
    }

    #[test]
    fn a_language_we_have_no_catalogue_for_falls_through_to_the_next_choice() {
        let browser = tags(&["ja-JP", "pt-PT", "en"]);
        assert_eq!(choose(Some("xx"), Some(""), None, &browser).tag, "pt-BR");
        assert_eq!(choose(None, None, None, &tags(&["ja", "ko"])).tag, "en");
    }

    #[test]
    fn a_region_of_a_language_we_have_finds_it() {
        assert_eq!(find("es-MX").map(|l| l.tag), Some("es"));
        assert_eq!(find("ES").map(|l| l.tag), Some("es"));
        assert_eq!(find("pt").map(|l| l.tag), Some("pt-BR"));
        assert_eq!(find("de_AT").map(|l| l.tag), Some("de"));
        assert_eq!(find("ar-EG").map(|l| l.tag), Some("ar"));
        assert_eq!(find("zz"), None);
    }

    #[test]
    fn every_catalogue_is_a_language_with_its_own_name_and_arabic_reads_right_to_left() {
        let names: Vec<_> = LANGUAGES.iter().map(|l| (l.tag, l.name)).collect();
        assert_eq!(names[0], ("en", "English"));
        assert!(names.contains(&("es", "Español")), "{names:?}");
        assert!(names.contains(&("ar", "العربية")), "{names:?}");
        let rtl: Vec<_> = LANGUAGES
            .iter()
            .filter(|l| l.is_rtl())
            .map(|l| l.tag)
            .collect();
        assert_eq!(rtl.first(), Some(&"ar"));
        assert!(rtl.iter().all(|t| t.starts_with("ar")), "{rtl:?}");
    }

    #[test]
    #[cfg(feature = "pseudo-locales")]
    fn pseudo_locales_are_chosen_only_by_their_exact_tag_never_from_the_browser() {
        assert_eq!(find("en-xa").map(|l| l.tag), Some("en-XA"));
        assert_eq!(choose(Some("ar-XB"), None, None, &[]).tag, "ar-XB");
        assert_eq!(choose(None, None, None, &tags(&["en-XA"])).tag, "en");
    }

    #[test]
    fn numbers_keep_latin_digits_and_arabic_reads_right_to_left() {
        assert_eq!(find("ar").unwrap().number_locale(), "ar-u-nu-latn");
        let (mirrored, accented) = (pseudo("ar-XB", "·"), pseudo("en-XA", "·"));
        assert_eq!(mirrored.number_locale(), "ar-u-nu-latn");
        assert_eq!(find("pt-BR").unwrap().number_locale(), "pt-BR-u-nu-latn");
        assert!(find("ar").unwrap().is_rtl() && mirrored.is_rtl());
        assert!(!accented.is_rtl() && !ENGLISH.is_rtl());
    }
}
