//! Which of the major allergens (the EU's 14, which include the US's 9) an order's special
//! instructions name, and whether they warn of an allergy at all, by whole words.
//!
//! The words come as text lists, one comma-separated list per allergen, as each language's
//! catalogue holds them ("milk, dairy, lactose, whey"):
//! - a phrase is one or more words, matched as consecutive words of the text ("pine nut");
//! - a word matches the same word, or it with "s" or "es" after it (nuts, fishes), if it has
//!   three or more letters (German "Ei" must not match "Eis", ice cream);
//! - a word ending in `*` matches every word it starts ("allerg*": allergy, allergic, allergies);
//! - a phrase starting with `!` is an exception: the list's phrases found only inside it do not
//!   count ("!coconut milk" in the milk list, "!nuez moscada", nutmeg, in the Spanish tree nuts list).
//!
//! Text and lists are compared lowercased, with every character that is not a letter or digit
//! separating words ("Shellfish–anaphylactic", "egg:"). Combining accents, Arabic vowel marks and
//! tatweel are ignored, and Arabic alef, alef maqsura and taa marbuta forms are folded, since they
//! are often left off in typing; Latin accents are not folded, so lists spell a word both ways.

/// One of the 14 allergens that EU law makes menus declare (the US's 9 are among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Allergen {
    Gluten,
    Crustaceans,
    Molluscs,
    Egg,
    Fish,
    Peanut,
    TreeNuts,
    Soy,
    Milk,
    Celery,
    Mustard,
    Sesame,
    Lupin,
    Sulphites,
}

impl Allergen {
    /// Every allergen, in the order the board lists them.
    pub const ALL: [Allergen; 14] = [
        Allergen::Gluten,
        Allergen::Crustaceans,
        Allergen::Molluscs,
        Allergen::Egg,
        Allergen::Fish,
        Allergen::Peanut,
        Allergen::TreeNuts,
        Allergen::Soy,
        Allergen::Milk,
        Allergen::Celery,
        Allergen::Mustard,
        Allergen::Sesame,
        Allergen::Lupin,
        Allergen::Sulphites,
    ];

    /// The id a menu's `"allergens"` and the catalogues' keys use.
    pub fn id(self) -> &'static str {
        match self {
            Allergen::Gluten => "gluten",
            Allergen::Crustaceans => "crustaceans",
            Allergen::Molluscs => "molluscs",
            Allergen::Egg => "egg",
            Allergen::Fish => "fish",
            Allergen::Peanut => "peanut",
            Allergen::TreeNuts => "tree_nuts",
            Allergen::Soy => "soy",
            Allergen::Milk => "milk",
            Allergen::Celery => "celery",
            Allergen::Mustard => "mustard",
            Allergen::Sesame => "sesame",
            Allergen::Lupin => "lupin",
            Allergen::Sulphites => "sulphites",
        }
    }

    /// The allergen an id or a common English name stands for, in any case ("Dairy", "nuts").
    pub fn from_id(text: &str) -> Option<Allergen> {
        let found = match text.trim().to_lowercase().as_str() {
            "gluten" | "wheat" => Allergen::Gluten,
            "crustaceans" | "crustacean" | "shellfish" => Allergen::Crustaceans,
            "molluscs" | "mollusc" | "mollusks" | "mollusk" => Allergen::Molluscs,
            "egg" | "eggs" => Allergen::Egg,
            "fish" => Allergen::Fish,
            "peanut" | "peanuts" => Allergen::Peanut,
            "tree_nuts" | "tree nuts" | "tree-nuts" | "tree nut" | "nuts" | "nut" => {
                Allergen::TreeNuts
            }
            "soy" | "soya" | "soybean" | "soybeans" => Allergen::Soy,
            "milk" | "dairy" | "lactose" => Allergen::Milk,
            "celery" => Allergen::Celery,
            "mustard" => Allergen::Mustard,
            "sesame" => Allergen::Sesame,
            "lupin" | "lupine" => Allergen::Lupin,
            "sulphites" | "sulfites" | "sulphite" | "sulfite" => Allergen::Sulphites,
            _ => return None,
        };
        Some(found)
    }
}

/// The English words for each allergen, in [`Allergen::ALL`]'s order, as the English catalogue has them.
pub const ENGLISH: [(Allergen, &str); 14] = [
    (Allergen::Gluten, "gluten*, wheat, barley, rye, spelt, kamut, celiac, coeliac"),
    (Allergen::Crustaceans, "crustacean, shellfish, seafood, shrimp, prawn, crab, lobster, crayfish, crawfish, langoustine, scampi"),
    (Allergen::Molluscs, "mollusc, mollusk, shellfish, seafood, clam, mussel, oyster, scallop, squid, calamari, octopus, octopi, cuttlefish, snail, escargot, whelk, abalone, !oyster mushroom"),
    (Allergen::Egg, "egg"),
    (Allergen::Fish, "fish, anchovy, anchovies"),
    (Allergen::Peanut, "peanut, groundnut, arachis"),
    (Allergen::TreeNuts, "nut, tree nut, almond, hazelnut, filbert, walnut, cashew, pecan, pistachio, brazil nut, macadamia, pine nut"),
    (Allergen::Soy, "soy, soya, soybean"),
    (Allergen::Milk, "milk, dairy, lactose, whey, casein, !coconut milk, !oat milk, !almond milk, !soy milk, !soya milk, !rice milk"),
    (Allergen::Celery, "celery, celeriac"),
    (Allergen::Mustard, "mustard"),
    (Allergen::Sesame, "sesame"),
    (Allergen::Lupin, "lupin, lupine, lupini"),
    (Allergen::Sulphites, "sulphite, sulfite, sulphur dioxide, sulfur dioxide"),
];

/// The English words that speak of an allergy without naming an allergen.
pub const ENGLISH_GENERAL: &str = "allerg*, anaphyla*, intoleran*, epipen, epi pen";

/// The words that name each allergen, and the words that speak of an allergy in general.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllergenWords {
    /// Indexed by the allergen's place in [`Allergen::ALL`].
    allergens: [Vec<Phrase>; 14],
    general: Vec<Phrase>,
}

impl AllergenWords {
    /// The words from comma-separated lists, one per allergen (an allergen given twice gets both).
    pub fn from_lists<S: AsRef<str>>(
        lists: impl IntoIterator<Item = (Allergen, S)>,
        general: &str,
    ) -> AllergenWords {
        let mut words = AllergenWords::default();
        for (allergen, list) in lists {
            add(
                &mut words.allergens[allergen as usize],
                phrases(list.as_ref()),
            );
        }
        add(&mut words.general, phrases(general));
        words
    }

    /// The English words, which the board knows in every language.
    pub fn english() -> AllergenWords {
        AllergenWords::from_lists(ENGLISH, ENGLISH_GENERAL)
    }

    /// Adds another language's words (a device's language on top of English).
    pub fn merge(&mut self, other: AllergenWords) {
        for (mine, theirs) in self.allergens.iter_mut().zip(other.allergens) {
            add(mine, theirs);
        }
        add(&mut self.general, other.general);
    }

    /// The allergens the text names, in [`Allergen::ALL`]'s order.
    pub fn find(&self, text: &str) -> Vec<Allergen> {
        let normal = normalise(text, false);
        let tokens: Vec<&str> = normal.split_whitespace().collect();
        Allergen::ALL
            .into_iter()
            .filter(|&a| names(&self.allergens[a as usize], &tokens))
            .collect()
    }

    /// Whether the text names an allergen or speaks of an allergy, so the card warns the cook.
    pub fn is_warning(&self, text: &str) -> bool {
        let normal = normalise(text, false);
        let tokens: Vec<&str> = normal.split_whitespace().collect();
        names(&self.general, &tokens) || self.allergens.iter().any(|p| names(p, &tokens))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
    words: Vec<Word>,
    exception: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    prefix: bool,
}

fn phrases(list: &str) -> Vec<Phrase> {
    list.split(',').filter_map(Phrase::parse).collect()
}

fn add(to: &mut Vec<Phrase>, more: Vec<Phrase>) {
    for phrase in more {
        if !to.contains(&phrase) {
            to.push(phrase);
        }
    }
}

impl Phrase {
    fn parse(text: &str) -> Option<Phrase> {
        let text = text.trim();
        let (exception, text) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let words: Vec<Word> = normalise(text, true)
            .split_whitespace()
            .filter_map(|w| {
                let text = w.replace('*', "");
                (!text.is_empty()).then(|| Word {
                    prefix: w.ends_with('*'),
                    text,
                })
            })
            .collect();
        (!words.is_empty()).then_some(Phrase { words, exception })
    }

    fn matches_at(&self, tokens: &[&str], at: usize) -> bool {
        tokens
            .get(at..at + self.words.len())
            .is_some_and(|span| span.iter().zip(&self.words).all(|(t, w)| w.matches(t)))
    }
}

impl Word {
    fn matches(&self, token: &str) -> bool {
        match token.strip_prefix(self.text.as_str()) {
            Some("") => true,
            Some(_) if self.prefix => true,
            Some("s" | "es") => self.text.chars().nth(2).is_some(),
            _ => false,
        }
    }
}

/// Whether one list's phrases occur in the tokens outside that list's exceptions.
fn names(phrases: &[Phrase], tokens: &[&str]) -> bool {
    phrases.iter().filter(|p| !p.exception).any(|p| {
        let len = p.words.len();
        (0..tokens.len()).any(|at| p.matches_at(tokens, at) && !excepted(phrases, tokens, at, len))
    })
}

/// Whether an exception in the list covers the tokens `at..at + len`.
fn excepted(phrases: &[Phrase], tokens: &[&str], at: usize, len: usize) -> bool {
    phrases.iter().filter(|p| p.exception).any(|e| {
        let first = (at + len).saturating_sub(e.words.len());
        (first..=at).any(|start| e.matches_at(tokens, start))
    })
}

/// Lowercased, marks dropped, and a space for every character that is not a letter or digit
/// (nor `*`, in a list, where it marks a prefix).
fn normalise(text: &str, keep_star: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            None => {}
            Some(c) if c.is_alphanumeric() || (keep_star && c == '*') => out.push(c),
            Some(_) => out.push(' '),
        }
    }
    out
}

/// A character as it is compared, or none for a mark that is often left off in typing.
fn fold(c: char) -> Option<char> {
    match c {
        // Combining accents (decomposed text), Arabic vowel marks, tatweel, soft hyphen, joiners.
        '\u{300}'..='\u{36f}'
        | '\u{64b}'..='\u{65f}'
        | '\u{670}'
        | '\u{640}'
        | '\u{ad}'
        | '\u{200c}'
        | '\u{200d}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' => Some('ي'),
        'ة' => Some('ه'),
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Allergen::*;

    fn language(lists: [&str; 15]) -> AllergenWords {
        let mut words = AllergenWords::english();
        words.merge(AllergenWords::from_lists(
            Allergen::ALL.into_iter().zip(&lists[..14]),
            lists[14],
        ));
        words
    }

    /// Each text is marked with exactly these allergens (an empty list: marked by general words).
    fn assert_marked(words: &AllergenWords, cases: &[(&str, &[Allergen])]) {
        for (text, expected) in cases {
            assert_eq!(words.find(text), *expected, "{text:?}");
            assert!(words.is_warning(text), "{text:?} should warn");
        }
    }

    fn assert_unmarked(words: &AllergenWords, texts: &[&str]) {
        for text in texts {
            assert_eq!(words.find(text), [], "{text:?}");
            assert!(!words.is_warning(text), "{text:?} should not warn");
        }
    }

    #[test]
    fn english_instructions_naming_an_allergen_or_an_allergy_are_marked() {
        assert_marked(
            &AllergenWords::english(),
            &[
                // Shellfish are crustaceans and molluscs (mussels, oysters) alike.
                ("Shellfish – anaphylactic", &[Crustaceans, Molluscs]),
                ("Shellfish–anaphylactic", &[Crustaceans, Molluscs]),
                ("Sesame and egg: severe reaction", &[Egg, Sesame]),
                ("Lactose intolerant", &[Milk]),
                ("NUT ALLERGY!!", &[TreeNuts]),
                ("no peanuts please", &[Peanut]),
                ("gluten-free bun", &[Gluten]),
                ("coeliac", &[Gluten]),
                ("allergic to mustard", &[Mustard]),
                ("contains sulfites?", &[Sulphites]),
                ("pine nuts on the side", &[TreeNuts]),
                // Naming the allergen to leave out still asks the cook to take care.
                ("Peanut-free", &[Peanut]),
                ("Dairy allergy - no cheese", &[Milk]),
                ("almond milk", &[TreeNuts]),
                ("no anchovies, no eggs", &[Egg, Fish]),
                ("allergies: see note", &[]),
                ("has an EpiPen", &[]),
                ("Intolerance to something", &[]),
            ],
        );
    }

    #[test]
    fn english_words_inside_other_words_and_foods_asked_for_are_not_marked() {
        assert_unmarked(
            &AllergenWords::english(),
            &[
                "Extra coconut flakes",
                "well done",
                "nutmeg on top",
                "no onions",
                "eggplant parmesan",
                "extra cheese",
                "donut",
                "butternut squash soup",
                "oat milk latte",
                "coconut milk curry",
                "oyster mushrooms",
                "scalloped potatoes",
                "Extra spicy",
                "",
            ],
        );
    }

    #[test]
    fn every_allergen_is_found_by_its_own_name() {
        let words = AllergenWords::english();
        for allergen in Allergen::ALL {
            let name = allergen.id().replace('_', " ");
            assert_eq!(words.find(&name), [allergen], "{name}");
        }
    }

    #[test]
    fn the_english_lists_follow_the_order_of_all_allergens() {
        let listed: Vec<Allergen> = ENGLISH.iter().map(|(a, _)| *a).collect();
        assert_eq!(listed, Allergen::ALL);
    }

    #[test]
    fn ids_and_common_names_give_the_allergen_and_other_words_none() {
        for allergen in Allergen::ALL {
            assert_eq!(Allergen::from_id(allergen.id()), Some(allergen));
        }
        let synonyms = [
            ("wheat", Gluten),
            (" Shellfish ", Crustaceans),
            ("mollusks", Molluscs),
            ("Eggs", Egg),
            ("peanuts", Peanut),
            ("nuts", TreeNuts),
            ("tree nuts", TreeNuts),
            ("soya", Soy),
            ("soybeans", Soy),
            ("DAIRY", Milk),
            ("lactose", Milk),
            ("sulfites", Sulphites),
        ];
        for (text, allergen) in synonyms {
            assert_eq!(Allergen::from_id(text), Some(allergen), "{text:?}");
        }
        assert_eq!(Allergen::from_id("bacon"), None);
        assert_eq!(Allergen::from_id(""), None);
    }

    #[test]
    fn a_plural_needs_a_word_of_three_letters_and_a_star_matches_any_ending() {
        let words = AllergenWords::from_lists([(Egg, "ei, egg"), (Milk, "milch*")], "allerg*");
        assert_eq!(words.find("Eier? Eis! eggs, eggses"), [Egg]);
        assert_eq!(words.find("Eis"), []);
        assert_eq!(words.find("Milchkaffee"), [Milk]);
        assert!(words.is_warning("ALLERGIES"));
        assert!(!words.is_warning("all ergonomic"));
    }

    #[test]
    fn an_exception_hides_only_the_matches_inside_it() {
        let words = AllergenWords::from_lists([(Milk, "milk, buttermilk sauce, !milk sauce")], "");
        assert_eq!(words.find("milk sauce"), []);
        assert_eq!(words.find("milk sauce, and milk"), [Milk]);
        assert_eq!(
            words.find("buttermilk sauce"),
            [Milk],
            "a longer phrase outranks it"
        );
    }

    #[test]
    fn merging_keeps_both_languages_and_adds_a_phrase_once() {
        let mut words = AllergenWords::english();
        words.merge(AllergenWords::from_lists([(Milk, "leche, milk")], "alerg*"));
        words.merge(AllergenWords::english());
        assert_eq!(words.find("leche y milk"), [Milk]);
        assert!(words.is_warning("alergia"));
        assert_eq!(
            words.allergens[Milk as usize]
                .iter()
                .filter(|p| !p.exception)
                .count(),
            6
        );
    }

    #[test]
    fn arabic_is_matched_without_its_vowel_marks_and_hamza_forms() {
        let words = language(ARABIC);
        assert_marked(
            &words,
            &[
                ("حساسية من الفول السوداني", &[Peanut]),
                ("حَلِيب", &[Milk]),
                ("بدون اخطبوط", &[Molluscs]),
                ("حساسيه شديده", &[]),
            ],
        );
        assert_unmarked(&words, &["بدون جوز الهند", "حليب جوز الهند", "بدون بصل"]);
    }

    // German joins words ("Nussallergie", "Laktoseintoleranz"), which whole words would miss, so
    // its lists write the allergens as prefixes: "nuss*" still skips Kokosnuss and Muskatnuss,
    // because only the start of a word is compared.
    #[test]
    fn german_compound_words_are_marked_by_their_first_part() {
        let words = language(GERMAN);
        assert_marked(
            &words,
            &[
                ("Nussallergie", &[TreeNuts]),
                ("ohne Nüsse", &[TreeNuts]),
                ("Erdnüsse", &[Peanut]),
                ("Laktoseintoleranz", &[Milk]),
                ("Ei-Allergie", &[Egg]),
                ("glutenfrei", &[Gluten]),
                ("allergisch gegen Sellerie und Senf", &[Celery, Mustard]),
                ("Unverträglichkeit", &[]),
            ],
        );
        assert_unmarked(
            &words,
            &[
                "Kokosnuss",
                "mit Muskatnuss",
                "Eis ohne Sahne",
                "extra Käse",
            ],
        );
    }

    #[test]
    fn spanish_instructions_are_marked_but_not_soy_for_i_am() {
        let words = language(SPANISH);
        assert_marked(
            &words,
            &[
                ("alergia a las nueces", &[TreeNuts]),
                ("sin mariscos", &[Crustaceans, Molluscs]),
                ("Soy celíaco", &[Gluten]),
                ("sin lácteos", &[Milk]),
                ("salsa de soja", &[Soy]),
                ("intolerancia a la lactosa", &[Milk]),
                ("alérgico al maní", &[Peanut]),
            ],
        );
        assert_unmarked(
            &words,
            &["soy vegano", "nuez moscada", "leche de coco", "bien hecho"],
        );
    }

    #[test]
    fn french_instructions_are_marked_but_not_coconut_or_a_cafe_noisette() {
        let words = language(FRENCH);
        assert_marked(
            &words,
            &[
                ("allergie aux arachides", &[Peanut]),
                ("sans fruits à coque", &[TreeNuts]),
                ("pas d'œufs", &[Egg]),
                ("intolérant au lactose", &[Milk]),
                ("sans crustacés", &[Crustaceans]),
                ("noix de cajou", &[TreeNuts]),
            ],
        );
        assert_unmarked(
            &words,
            &["noix de coco râpée", "un café noisette", "lait d'avoine"],
        );
    }

    #[test]
    fn portuguese_instructions_are_marked_but_not_nutmeg() {
        let words = language(PORTUGUESE);
        assert_marked(
            &words,
            &[
                ("alergia a amendoim", &[Peanut]),
                ("sem frutos do mar", &[Crustaceans, Molluscs]),
                ("sem ovos", &[Egg]),
                ("intolerância à lactose", &[Milk]),
            ],
        );
        assert_unmarked(&words, &["noz-moscada", "leite de coco", "bem passado"]);
    }

    // The other languages' lists, as /tmp/allergen_words.json gives them for the catalogues, in
    // `Allergen::ALL`'s order and then the general words.
    const GERMAN: [&str; 15] = [
        "gluten*, weizen*, gerste*, roggen*, dinkel*, kamut, zöliakie, zoeliakie, zoliakie",
        "krebstier*, krustentier*, schalentier*, garnele*, krabbe*, hummer*, languste*, langustine*, scampi, flusskrebs*, meeresfrüchte*, meeresfruechte*",
        "weichtier*, molluske*, schalentier*, muschel, muscheln, miesmuschel*, jakobsmuschel*, auster, austern, tintenfisch*, kalmar*, calamari, oktopus*, krake, kraken, weinbergschnecke*, meeresfrüchte*, meeresfruechte*",
        "ei, eier*, eiallerg*, hühnerei*, huehnerei*",
        "fisch*, sardelle*, anchovis",
        "erdnuss*, erdnüss*, erdnuess*",
        "nuss*, nüsse, nüssen, nuesse, nuessen, schalenfrucht*, schalenfrüchte*, schalenfruechte*, baumnuss*, baumnüsse, haselnuss*, haselnüsse, walnuss*, walnüsse, mandel*, cashew*, pistazie*, pekannuss*, paranuss*, macadamia*, pinienkern*",
        "soja*",
        "milch*, laktose*, lactose*, molke*, kasein*, casein*",
        "sellerie*",
        "senf*",
        "sesam*",
        "lupin*",
        "sulfit*, schwefeldioxid*, geschwefelt*",
        "allerg*, anaphyla*, intoleranz*, unverträglich*, unvertraeglich*, epipen",
    ];
    const SPANISH: [&str; 15] = [
        "gluten, trigo, cebada, centeno, espelta, kamut, celíac*, celiac*, celiaquía, celiaquia",
        "crustáceo, crustaceo, marisco, camarón, camaron, camarones, gamba, langostino, cangrejo, langosta, cigala, bogavante, jaiba",
        "molusco, marisco, almeja, mejillón, mejillon, mejillones, ostra, ostión, ostion, ostiones, calamar, pulpo, sepia, caracol, vieira, berberecho",
        "huevo",
        "pescado, pez, peces, anchoa",
        "cacahuete, cacahuate, maní, mani",
        "nuez, nueces, fruto seco, frutos secos, almendra, avellana, anacardo, pistacho, pecana, piñón, piñones, macadamia, !nuez moscada",
        "soja, soya, !soy",
        "leche, lácteo*, lacteo*, lactosa, caseína, caseina, !leche de coco, !leche de avena, !leche de almendra*, !leche de soja, !leche de soya, !leche de arroz, !leche vegetal",
        "apio",
        "mostaza",
        "sésamo, sesamo, ajonjolí, ajonjoli",
        "altramuz, altramuces, lupino",
        "sulfito, dióxido de azufre, dioxido de azufre, anhídrido sulfuroso, anhidrido sulfuroso",
        "alerg*, alérg*, anafil*, intoleran*, epipen",
    ];
    const FRENCH: [&str; 15] = [
        "gluten, blé, ble, froment, orge, seigle, épeautre, epeautre, kamut, cœliaque, coeliaque, céliaque, celiaque",
        "crustacé, crustace, crevette, crabe, homard, langouste, langoustine, écrevisse, ecrevisse, fruit de mer, fruits de mer",
        "mollusque, moule, huître, huitre, calmar, calamar, encornet, poulpe, pieuvre, seiche, escargot, palourde, bulot, saint jacques, fruit de mer, fruits de mer",
        "œuf, oeuf, œufs, oeufs",
        "poisson, anchois",
        "arachide, cacahuète, cacahuete, cacahouète, cacahouete",
        "fruit à coque, fruits à coque, fruit a coque, fruits a coque, noix, amande, noisette, cajou, pistache, pécan, pecan, macadamia, pignon de pin, !noix de coco, !noix de muscade, !café noisette, !cafe noisette, !beurre noisette",
        "soja",
        "lait, laitier, laitière, laitage, lactose, lactosérum, lactoserum, caséine, caseine, !lait de coco, !lait d'avoine, !lait d'amande, !lait de soja, !lait de riz, !lait végétal, !lait vegetal",
        "céleri, celeri",
        "moutarde",
        "sésame, sesame",
        "lupin",
        "sulfite, dioxyde de soufre, anhydride sulfureux",
        "allerg*, anaphyla*, intoléran*, intoleran*, épipen, epipen",
    ];
    const PORTUGUESE: [&str; 15] = [
        "glúten, gluten, trigo, cevada, centeio, espelta, kamut, celíac*, celiac*",
        "crustáceo, crustaceo, camarão, camarao, camarões, camaroes, caranguejo, lagosta, lagostim, lagostins, siri, marisco, fruto do mar, frutos do mar",
        "molusco, marisco, fruto do mar, frutos do mar, lula, polvo, mexilhão, mexilhao, mexilhões, mexilhoes, ostra, vieira, vôngole, vongole, sururu, caracol, caracóis, caracois, escargot",
        "ovo",
        "peixe, anchova, aliche",
        "amendoim, amendoins",
        "castanha, noz, nozes, amêndoa, amendoa, avelã, avela, pistache, pecã, macadâmia, macadamia, oleaginosa, !noz moscada",
        "soja",
        "leite, lactose, laticínio, laticinio, lácteo, lacteo, caseína, caseina, !leite de coco, !leite de aveia, !leite de amêndoa, !leite de amendoa, !leite de soja, !leite de arroz, !leite vegetal",
        "aipo, salsão, salsao",
        "mostarda",
        "gergelim, sésamo, sesamo",
        "tremoço, tremoco, lupino",
        "sulfito, dióxido de enxofre, dioxido de enxofre",
        "alerg*, alérg*, anafil*, intoler*, epipen",
    ];
    const ARABIC: [&str; 15] = [
        "غلوتين, الغلوتين, جلوتين, الجلوتين, قمح, القمح, والقمح, حنطة, الحنطة, شعير, الشعير, جاودار, الجاودار, سيلياك, السيلياك, الزلاقي, زلاقي",
        "قشريات, القشريات, جمبري, الجمبري, روبيان, الروبيان, ربيان, الربيان, قريدس, القريدس, سلطعون, السلطعون, كابوريا, الكابوريا, كركند, الكركند, استاكوزا, الاستاكوزا, محار, المحار, مأكولات بحرية, المأكولات البحرية, ثمار البحر, فواكه البحر",
        "رخويات, الرخويات, محار, المحار, بلح البحر, حبار, الحبار, كاليماري, كالاماري, سبيط, السبيط, أخطبوط, الأخطبوط, حلزون, الحلزون, قواقع, القواقع, مأكولات بحرية, المأكولات البحرية, ثمار البحر, فواكه البحر",
        "بيض, البيض, والبيض, بيضة, البيضة",
        "سمك, السمك, والسمك, أسماك, الأسماك, أنشوجة, الأنشوجة, أنشوفة",
        "فول سوداني, الفول السوداني, والفول السوداني, فستق سوداني, الفستق السوداني",
        "مكسرات, المكسرات, والمكسرات, جوز, الجوز, عين الجمل, لوز, اللوز, بندق, البندق, كاجو, الكاجو, فستق, الفستق, فستق حلبي, بيكان, البيكان, مكاديميا, صنوبر, الصنوبر, !جوز الهند, !جوز هند, !فستق سوداني, !الفستق السوداني",
        "صويا, الصويا, والصويا",
        "حليب, الحليب, والحليب, لبن, اللبن, ألبان, الألبان, لاكتوز, اللاكتوز, !حليب جوز الهند, !حليب الشوفان, !حليب اللوز, !حليب الصويا, !حليب نباتي",
        "كرفس, الكرفس",
        "خردل, الخردل, مستردة, المستردة, مسطردة, ماسترد",
        "سمسم, السمسم, والسمسم",
        "ترمس, الترمس",
        "كبريتيت, الكبريتيت, كبريتات, الكبريتات, ثاني أكسيد الكبريت",
        "حساسي*, الحساسي*, بالحساسي*, تحسس*, التحسس*, عدم تحمل, تأقي*, التأقي*, epipen",
    ];
}
