//! The restaurant's menu and money on the page: the menu in use and where it came from, and amounts
//! written through the browser's Intl.NumberFormat in the restaurant's currency and locale.

use crate::domain::menu::{Menu, MenuError};
use crate::domain::money::Cents;
use crate::domain::restaurant::MenuSource;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// The menu the form, the generator, the stations and the all-day counts use.
#[derive(Clone, Copy)]
pub struct ActiveMenu {
    menu: RwSignal<Arc<Menu>>,
    source: RwSignal<MenuSource>,
    /// Why the last menu offered was not used; the menu in use stays.
    problem: RwSignal<Option<MenuRefused>>,
}

/// A menu that was offered and not used, and which menu stays: said on the page in its language.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuRefused {
    pub source: MenuSource,
    /// Where it came from: the file's address or the topic (nothing for config.json).
    pub place: String,
    pub reason: MenuError,
    pub kept: MenuSource,
}

/// A currency or locale the browser does not know; the format in use stays.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyRefused {
    pub currency: String,
    pub locale: Option<String>,
}

impl ActiveMenu {
    pub fn new() -> Self {
        ActiveMenu {
            menu: RwSignal::new(Arc::new(Menu::demo())),
            source: RwSignal::new(MenuSource::Demo),
            problem: RwSignal::new(None),
        }
    }

    /// The menu in use.
    pub fn menu(&self) -> ReadSignal<Arc<Menu>> {
        self.menu.read_only()
    }

    /// Where the menu in use came from.
    pub fn source(&self) -> ReadSignal<MenuSource> {
        self.source.read_only()
    }

    /// Why the last menu offered was not used, if it was not.
    pub fn problem(&self) -> ReadSignal<Option<MenuRefused>> {
        self.problem.read_only()
    }

    /// A menu from `source` (`place` names the file or topic in the notice). Sources rank config.json first, then the
    /// retained topic, then the demo; a malformed menu is refused in words and the one in use stays.
    pub fn offer(&self, menu: Result<Menu, MenuError>, source: MenuSource, place: &str) {
        let current = self.source.get_untracked();
        match menu {
            Ok(menu) if current.yields_to(source) => {
                self.menu.set(Arc::new(menu));
                self.source.set(source);
                self.problem.set(None);
            }
            Ok(_) => {} // a lower source: config.json's menu stays
            Err(reason) => self.problem.set(Some(MenuRefused {
                source,
                place: place.to_owned(),
                reason,
                kept: current,
            })),
        }
    }
}

impl Default for ActiveMenu {
    fn default() -> Self {
        ActiveMenu::new()
    }
}

/// Amounts as the restaurant writes them ("12,99 €", "¥1,299"): one Intl.NumberFormat, made once per
/// currency and locale, reused for every amount.
#[derive(Clone, Copy)]
pub struct Money {
    format: RwSignal<Option<js_sys::Function>, LocalStorage>,
    problem: RwSignal<Option<MoneyRefused>>,
    /// The currency and locale the restaurant asked for (config.json, the address).
    asked: StoredValue<(Option<String>, Option<String>)>,
    /// The language's locale, used when the restaurant asked for none.
    spoken: StoredValue<Option<String>>,
}

impl Money {
    pub fn new() -> Self {
        let money = Money {
            format: RwSignal::new_local(None),
            problem: RwSignal::new(None),
            asked: StoredValue::new((None, None)),
            spoken: StoredValue::new(None),
        };
        money.refresh();
        money
    }

    /// Why the currency or locale asked for could not be used, if it could not.
    pub fn problem(&self) -> ReadSignal<Option<MoneyRefused>> {
        self.problem.read_only()
    }

    /// Formats in `currency` (default USD) for `locale` (default: the language's, else the browser's). A
    /// code or tag the browser refuses is said in words and the format in use stays.
    pub fn apply(&self, currency: Option<&str>, locale: Option<&str>) {
        self.asked
            .set_value((currency.map(str::to_owned), locale.map(str::to_owned)));
        self.refresh();
    }

    /// The language spoken now writes amounts unless the restaurant set a locale.
    pub fn speak(&self, number_locale: String) {
        self.spoken.set_value(Some(number_locale));
        self.refresh();
    }

    fn refresh(&self) {
        let (currency, locale) = self.asked.get_value();
        let locale = locale.or_else(|| self.spoken.get_value());
        match number_format(currency.as_deref().unwrap_or("USD"), locale.as_deref()) {
            Ok(format) => {
                self.format.set(Some(format));
                self.problem.set(None);
            }
            Err(()) => self.problem.set(Some(MoneyRefused {
                currency: currency.unwrap_or_default(),
                locale,
            })),
        }
    }

    /// An amount in words of the restaurant's currency; tracked, so a text follows a change of currency.
    pub fn text(&self, amount: Cents) -> String {
        self.format.with(|format| {
            format
                .as_ref()
                .and_then(|f| {
                    f.call1(&JsValue::NULL, &(amount.0 as f64 / 100.0).into())
                        .ok()
                })
                .and_then(|text| text.as_string())
                .unwrap_or_else(|| amount.to_string())
        })
    }
}

impl Money {
    /// Whether amounts are written with a decimal comma here ("0,50 €"): a spreadsheet in this locale
    /// then reads `;`-separated files.
    pub fn decimal_comma(&self) -> bool {
        self.text(Cents(50)).contains("0,5")
    }
}

impl Default for Money {
    fn default() -> Self {
        Money::new()
    }
}

/// `new Intl.NumberFormat(locale, {style: "currency", currency}).format`, with the browser's RangeError
/// for an unknown code or tag caught (the page says it in words).
fn number_format(currency: &str, locale: Option<&str>) -> Result<js_sys::Function, ()> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).map_err(|_| ())?;
    let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &"NumberFormat".into())
        .map_err(|_| ())?
        .into();
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"currency".into());
    let _ = js_sys::Reflect::set(&options, &"currency".into(), &currency.into());
    let locales: JsValue = locale.map_or(JsValue::UNDEFINED, JsValue::from);
    let args = js_sys::Array::of2(&locales, &options);
    let format = js_sys::Reflect::construct(&constructor, &args).map_err(|_| ())?;
    let bound: js_sys::Function = js_sys::Reflect::get(&format, &"format".into())
        .map_err(|_| ())?
        .into();
    Ok(bound)
}
