//! The catalogues: `locales/<tag>.json` for each language in `LANGUAGES`, checked against English, and the
//! two pseudo-locales made from English here (`en-XA` accented and longer, `ar-XB` mirrored). Writes the
//! `i18n` module's tables (`OUT_DIR/catalogue.rs`): one constant per key (a misspelt key does not compile,
//! and neither does a wrong placeholder), and English's texts, compiled in. The other languages are not
//! compiled in: the page fetches `locales/<tag>.json` when one is chosen (src/i18n.rs).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The languages with a catalogue in `locales/`; English first (the fallback). Adding one: its file, and
/// its tag here. (`src/domain/language.rs` gets this list, with each language's own name from its
/// catalogue's `language_name`.)
const LANGUAGES: [&str; 6] = ["en", "es", "fr", "de", "pt-BR", "ar"];
/// The test languages, made from English: only in a build with the `pseudo-locales` feature (the tests'
/// build), compiled in like English.
const PSEUDO: [(&str, &str, Pseudo); 2] = [
    ("en-XA", "[Ƥšéûđö Éñĝĺîšĥ]", accented),
    ("ar-XB", "\u{202E}Pseudo Arabic\u{202C}", mirrored),
];
/// CLDR's plural categories, in the order their texts sit in the tables (src/i18n.rs counts on it).
const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// How a pseudo-locale changes an English text.
type Pseudo = fn(&str) -> String;

type Catalogue = serde_json::Map<String, serde_json::Value>;

/// One key of the catalogue: a text, or a plural (a text per CLDR category, keys `<name>_<category>`).
struct Entry {
    name: String,
    plural: bool,
    /// Its placeholders (English's, all forms); a plural always has `count`.
    vars: BTreeSet<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR")?);
    let english = read(Path::new("locales/en.json"))?;
    let entries = entries(&english);
    let mut problems = Vec::new();
    let mut names = Vec::new();
    for tag in LANGUAGES {
        let path = PathBuf::from(format!("locales/{tag}.json"));
        println!("cargo::rerun-if-changed={}", path.display());
        let catalogue = read(&path)?;
        let name = catalogue.get("language_name").and_then(|n| n.as_str());
        names.push(format!("{tag:?}, {:?}", name.unwrap_or(tag)));
        if let Err(problem) = agrees(&entries, &catalogue) {
            problems.push(format!("{tag}.json: {problem}"));
        }
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
    let mut built_in = vec![("en", english.clone())];
    for (tag, name, change) in pseudo_locales {
        list.push_str(&format!("    pseudo({tag:?}, {name:?}),\n"));
        built_in.push((tag, pseudo(&english, *change)));
    }
    std::fs::write(
        out.join("languages.rs"),
        format!(
            "/// Made by build.rs from its list: English first (the fallback), then the pseudo-locales if built.\n\
             pub const LANGUAGES: [Language; {}] = [\n{list}];\n",
            names.len() + pseudo_locales.len()
        ),
    )?;
    let tags: Vec<&str> = LANGUAGES
        .iter()
        .copied()
        .chain(pseudo_locales.iter().map(|(tag, _, _)| *tag))
        .collect();
    std::fs::write(
        out.join("catalogue.rs"),
        tables(&entries, &tags, &built_in)?,
    )?;
    Ok(())
}

/// The keys of English: a key is a plural when English has its `_one` and `_other` forms.
fn entries(english: &Catalogue) -> Vec<Entry> {
    let plural_base = |key: &str| {
        let (base, form) = key.rsplit_once('_')?;
        let plural = PLURAL_FORMS.contains(&form)
            && english.contains_key(&format!("{base}_one"))
            && english.contains_key(&format!("{base}_other"));
        plural.then(|| base.to_owned())
    };
    let mut by_name: BTreeMap<String, Entry> = BTreeMap::new();
    for (key, text) in english {
        let (name, plural) = plural_base(key).map_or((key.clone(), false), |b| (b, true));
        let entry = by_name.entry(name.clone()).or_insert_with(|| Entry {
            name,
            plural,
            vars: BTreeSet::new(),
        });
        entry
            .vars
            .extend(placeholders(text.as_str().unwrap_or_default()));
        if plural {
            entry.vars.insert("count".to_owned());
        }
    }
    by_name.into_values().collect()
}

/// A language's catalogue has every key of English's, no other, as text, and no placeholder English lacks.
fn agrees(entries: &[Entry], catalogue: &Catalogue) -> Result<(), String> {
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for entry in entries {
        let keys: Vec<String> = if entry.plural {
            PLURAL_FORMS
                .iter()
                .map(|f| format!("{}_{f}", entry.name))
                .collect()
        } else {
            vec![entry.name.clone()]
        };
        let present: Vec<&String> = keys.iter().filter(|k| catalogue.contains_key(*k)).collect();
        let complete = if entry.plural {
            present.iter().any(|k| k.ends_with("_other"))
        } else {
            !present.is_empty()
        };
        if !complete {
            problems.push(format!("missing {:?}", keys.last().unwrap_or(&entry.name)));
        }
        for key in present {
            seen.insert(key.clone());
            let Some(text) = catalogue[key].as_str() else {
                problems.push(format!("{key:?} is not text"));
                continue;
            };
            for var in placeholders(text) {
                if !entry.vars.contains(&var) {
                    problems.push(format!(
                        "{key:?} has {{{{ {var} }}}}, which en.json does not"
                    ));
                }
            }
        }
    }
    let extra: Vec<&String> = catalogue.keys().filter(|k| !seen.contains(*k)).collect();
    if !extra.is_empty() {
        problems.push(format!("not in en.json {extra:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join(", "))
    }
}

/// The `{{ names }}` a text fills in.
fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        found.push(after[..end].trim().to_owned());
        rest = &after[end + 2..];
    }
    found
}

/// The generated tables: `Locale`, the key constants, the slot names, and the built-in languages' texts.
fn tables(
    entries: &[Entry],
    tags: &[&str],
    built_in: &[(&str, Catalogue)],
) -> Result<String, std::fmt::Error> {
    let (keys, slots) = keys(entries)?;
    let mut code = locale_enum(tags)?;
    writeln!(
        code,
        "/// How many texts a language has: one per key, six per plural."
    )?;
    writeln!(code, "pub const SLOTS: usize = {};\n", slots.len())?;
    writeln!(
        code,
        "/// Each text's key in a catalogue file, in table order."
    )?;
    writeln!(code, "pub static NAMES: [&str; SLOTS] = {slots:?};\n")?;
    let table = |tag: &str| format!("BUILT_IN_{}", ident(tag).to_uppercase());
    for (tag, catalogue) in built_in {
        let texts: Vec<&str> = slots
            .iter()
            .map(|s| catalogue.get(s).and_then(|t| t.as_str()).unwrap_or(""))
            .collect();
        writeln!(code, "static {}: [&str; SLOTS] = {texts:?};\n", table(tag))?;
    }
    writeln!(code, "/// The texts compiled into the page: English, and the pseudo-locales in the tests' build.")?;
    writeln!(
        code,
        "pub fn built_in(locale: Locale) -> Option<&'static [&'static str; SLOTS]> {{"
    )?;
    writeln!(code, "    match locale {{")?;
    for (tag, _) in built_in {
        writeln!(
            code,
            "        Locale::{} => Some(&{}),",
            ident(tag),
            table(tag)
        )?;
    }
    if built_in.len() < tags.len() {
        writeln!(code, "        _ => None,")?;
    }
    writeln!(code, "    }}\n}}\n")?;
    let files: Vec<String> = LANGUAGES
        .iter()
        .map(|tag| format!("({tag:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/locales/{tag}.json\")))"))
        .collect();
    writeln!(
        code,
        "/// Every catalogue file, for the tests (the page fetches them)."
    )?;
    writeln!(code, "#[cfg(test)]")?;
    writeln!(
        code,
        "pub static CATALOGUE_FILES: [(&str, &str); {}] = [{}];\n",
        files.len(),
        files.join(", ")
    )?;
    writeln!(code, "/// One constant per key of the catalogue: `t!(i18n, order_board)` names `keys::order_board`.")?;
    writeln!(code, "#[allow(non_upper_case_globals, dead_code)]")?;
    writeln!(code, "pub mod keys {{\n    use super::Key;\n{keys}}}")?;
    Ok(code)
}

/// A tag as a Rust name: `pt-BR` → `pt_BR`.
fn ident(tag: &str) -> String {
    tag.replace('-', "_")
}

/// The key constants, and each text's name in table order (a plural's six forms side by side).
fn keys(entries: &[Entry]) -> Result<(String, Vec<String>), std::fmt::Error> {
    let mut slots: Vec<String> = Vec::new();
    let mut keys = String::new();
    for entry in entries {
        let vars: Vec<String> = entry.vars.iter().map(|v| format!("{v:?}")).collect();
        writeln!(
            keys,
            "    pub const {}: Key = Key {{ slot: {}, plural: {}, vars: &[{}] }};",
            entry.name,
            slots.len(),
            entry.plural,
            vars.join(", ")
        )?;
        if entry.plural {
            slots.extend(PLURAL_FORMS.iter().map(|f| format!("{}_{f}", entry.name)));
        } else {
            slots.push(entry.name.clone());
        }
    }
    Ok((keys, slots))
}

/// `Locale`: one variant per language, `ALL`, and each one's tag.
fn locale_enum(tags: &[&str]) -> Result<String, std::fmt::Error> {
    let mut code = String::new();
    writeln!(
        code,
        "/// The languages with a catalogue (made by build.rs)."
    )?;
    writeln!(code, "#[allow(non_camel_case_types)]")?;
    writeln!(
        code,
        "#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]"
    )?;
    writeln!(code, "pub enum Locale {{")?;
    for (i, tag) in tags.iter().enumerate() {
        let default = if i == 0 { "#[default] " } else { "" };
        writeln!(code, "    {default}{},", ident(tag))?;
    }
    writeln!(code, "}}\n")?;
    let all: Vec<String> = tags
        .iter()
        .map(|t| format!("Locale::{}", ident(t)))
        .collect();
    writeln!(code, "impl Locale {{")?;
    writeln!(
        code,
        "    pub const ALL: [Locale; {}] = [{}];",
        tags.len(),
        all.join(", ")
    )?;
    writeln!(
        code,
        "    /// Its BCP 47 tag, as its catalogue file is named."
    )?;
    writeln!(
        code,
        "    pub const fn tag(self) -> &'static str {{\n        match self {{"
    )?;
    for tag in tags {
        writeln!(code, "            Locale::{} => {tag:?},", ident(tag))?;
    }
    writeln!(code, "        }}\n    }}\n}}\n")?;
    Ok(code)
}

fn read(path: &Path) -> Result<Catalogue, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()).into())
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
