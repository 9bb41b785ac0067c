//! The catalogues: `locales/<tag>.json` for each language in `LANGUAGES`, plus the two pseudo-locales made
//! from English here (`en-XA` accented and longer, `ar-XB` mirrored), compiled by leptos_i18n into the
//! `i18n` module. A language whose keys differ from English's fails the build, naming the keys.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The languages with a catalogue in `locales/`; English first (the fallback). Adding one: its file, and
/// its tag here. (`src/domain/language.rs` gets this list, with each language's own name from its
/// catalogue's `language_name`.)
const LANGUAGES: [&str; 6] = ["en", "es", "fr", "de", "pt-BR", "ar"];
/// The test languages, made from English: only in a build with the `pseudo-locales` feature (the tests'
/// build), as they would cost every kitchen's page ~15 KB gzip.
const PSEUDO: [(&str, &str, Pseudo); 2] = [
    ("en-XA", "[Ƥšéûđö Éñĝĺîšĥ]", accented),
    ("ar-XB", "\u{202E}Pseudo Arabic\u{202C}", mirrored),
];
const PLURAL_FORMS: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

/// How a pseudo-locale changes an English text.
type Pseudo = fn(&str) -> String;

type Catalogue = serde_json::Map<String, serde_json::Value>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR")?);
    let staged = out.join("catalogues");
    std::fs::create_dir_all(staged.join("locales"))?;
    let english = read(Path::new("locales/en.json"))?;
    let wanted = base_keys(&english);
    let mut problems = Vec::new();
    let mut names = Vec::new();
    for tag in LANGUAGES {
        let path = PathBuf::from(format!("locales/{tag}.json"));
        println!("cargo::rerun-if-changed={}", path.display());
        let catalogue = read(&path)?;
        let name = catalogue.get("language_name").and_then(|n| n.as_str());
        names.push(format!("{tag:?}, {:?}", name.unwrap_or(tag)));
        let keys = base_keys(&catalogue);
        let missing: Vec<_> = wanted.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&wanted).collect();
        if !missing.is_empty() || !extra.is_empty() {
            problems.push(format!(
                "{tag}.json: missing {missing:?}, not in en.json {extra:?}"
            ));
        }
        write(&staged, tag, &catalogue)?;
    }
    if !problems.is_empty() {
        return Err(format!(
            "the catalogues disagree with en.json:\n{}",
            problems.join("\n")
        )
        .into());
    }
    let pseudo_wanted = std::env::var_os("CARGO_FEATURE_PSEUDO_LOCALES").is_some();
    let pseudo_locales: &[_] = if pseudo_wanted { &PSEUDO } else { &[] };
    let mut list = String::new();
    for name in &names {
        list.push_str(&format!("    language({name}),\n"));
    }
    let mut cfg = Config::new("en")?;
    for tag in LANGUAGES.iter().skip(1) {
        cfg = cfg.add_locale(tag)?;
    }
    for (tag, name, change) in pseudo_locales {
        list.push_str(&format!("    pseudo({tag:?}, {name:?}),\n"));
        write(&staged, tag, &pseudo(&english, *change))?;
        cfg = cfg.add_locale(tag)?;
    }
    std::fs::write(
        out.join("languages.rs"),
        format!(
            "/// Made by build.rs from its list: English first (the fallback), then the pseudo-locales if built.\n\
             pub const LANGUAGES: [Language; {}] = [\n{list}];\n",
            names.len() + pseudo_locales.len()
        ),
    )?;
    let cfg = cfg.parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse_at_dir(&staged, cfg)?;
    infos.emit_diagnostics();
    infos.generate_i18n_module(out.join("i18n"))?;
    Ok(())
}

fn read(path: &Path) -> Result<Catalogue, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()).into())
}

fn write(dir: &Path, tag: &str, catalogue: &Catalogue) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(catalogue).expect("a catalogue serializes");
    std::fs::write(dir.join("locales").join(format!("{tag}.json")), text)
}

/// The keys without their plural endings: languages have different plural forms of the same key.
fn base_keys(catalogue: &Catalogue) -> BTreeSet<String> {
    catalogue
        .keys()
        .map(|k| {
            PLURAL_FORMS
                .iter()
                .find_map(|form| k.strip_suffix(form))
                .unwrap_or(k)
                .to_owned()
        })
        .collect()
}

/// English with every text changed by `change`; `{{ placeholders }}` and plural keys kept as they are.
fn pseudo(english: &Catalogue, change: fn(&str) -> String) -> Catalogue {
    english
        .iter()
        .map(|(key, value)| {
            let text = value.as_str().unwrap_or_default();
            (key.clone(), serde_json::Value::String(change(text)))
        })
        .collect()
}

/// The text outside placeholders, changed letter by letter, and the placeholders as they are.
fn outside_placeholders(text: &str, mut letter: impl FnMut(char) -> char) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.extend(rest[..start].chars().map(&mut letter));
        let end = rest[start..]
            .find("}}")
            .map_or(rest.len(), |e| start + e + 2);
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    out.extend(rest.chars().map(letter));
    out
}

/// en-XA: accented, bracketed and about 40% longer, so untranslated text and tight boxes both show.
fn accented(text: &str) -> String {
    const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ACCENTED: &str = "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";
    let body = outside_placeholders(text, |c| {
        PLAIN
            .find(c)
            .and_then(|i| ACCENTED.chars().nth(i))
            .unwrap_or(c)
    });
    if text.trim().is_empty() {
        return text.to_owned();
    }
    let padding = "·".repeat(text.chars().count() * 2 / 5);
    format!("[{body}{padding}]")
}

/// ar-XB: the English text shown right to left (a right-to-left override around it).
fn mirrored(text: &str) -> String {
    if text.trim().is_empty() {
        return text.to_owned();
    }
    format!("\u{202E}{text}\u{202C}")
}
