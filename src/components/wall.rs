//! The kitchen wall's paging: the ticket area measured (its size, and the line height the stylesheet
//! gives it), the page shown, and the line under the tickets that says which page and how many more.
//! What goes on a page is the domain's (`domain::wall`); this only feeds it sizes and keys.

use crate::domain::board::WallPage;
use crate::domain::stations::Station;
use crate::domain::wall::{Budget, Place};
use crate::i18n::*;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A column is at least this many lines wide.
const COLUMN_LINES: f64 = 11.0;

/// What the wall shows now: which page, the ticket area's budget (once measured), and what the last page
/// worked out (places, page count, tickets before and after).
#[derive(Clone, Copy)]
pub struct Wall {
    page: RwSignal<usize>,
    budget: RwSignal<Option<(Budget, f64)>>,
    shown: StoredValue<WallPage>,
    /// Lines a ticket was seen to need beyond its count (long words wrapping), by order id; bumped
    /// `seen` lays the page out again. Forgotten when the budget changes.
    more: StoredValue<std::collections::HashMap<String, usize>>,
    seen: RwSignal<u32>,
    /// The key map shown (the `?` key, or its button).
    help: RwSignal<bool>,
    /// Set while the page is still being fitted (a new size, or a card that needed more lines).
    fitting: RwSignal<bool>,
    pub area: NodeRef<Div>,
}

impl Wall {
    /// Starts measuring the ticket area (`area`, once drawn) whenever it changes size.
    pub fn start(help: RwSignal<bool>) -> Wall {
        let wall = Wall {
            page: RwSignal::new(0),
            budget: RwSignal::new(None),
            shown: StoredValue::new(WallPage::default()),
            more: StoredValue::new(std::collections::HashMap::new()),
            seen: RwSignal::new(0),
            fitting: RwSignal::new(true),
            help,
            area: NodeRef::new(),
        };
        wall.observe();
        wall
    }

    /// The budget to lay a page out in (tracked); a small one until the area is measured.
    pub fn budget(&self) -> Budget {
        self.budget.get().map_or(
            Budget {
                columns: 1,
                lines: 12,
                chars: 24,
            },
            |(b, _)| b,
        )
    }

    /// The page asked for (tracked).
    pub fn page(&self) -> usize {
        self.seen.track();
        self.page.get()
    }

    /// Lines the ticket `id` was seen to need beyond its count.
    pub fn more(&self, id: &str) -> usize {
        self.more.with_value(|m| m.get(id).copied().unwrap_or(0))
    }

    /// Checks the cards fit each time the page (or the language) changes, once drawn.
    pub fn fit_after(self, visible: Memo<(Vec<crate::domain::ticket::Ticket>, usize)>) {
        let i18n = use_i18n();
        Effect::new(move |_| {
            visible.track();
            self.budget.track();
            self.seen.track();
            i18n.get_locale();
            request_animation_frame(move || self.check_fit());
        });
    }

    /// After the page is drawn: a card whose words ran past the lines it was given (a long language,
    /// wrapping) gets the lines it needs, and the page is laid out again. Only the page's few cards are
    /// measured; each needs this at most once per screen size.
    pub fn check_fit(&self) {
        // The area may have changed size with what was just drawn (the page line wrapping anew).
        if self.remeasure() {
            return;
        }
        let Some((budget, line)) = self.budget.get_untracked() else {
            return;
        };
        let Ok(cards) = document().query_selector_all("[data-testid=cards] > [data-order-id]")
        else {
            return;
        };
        let mut grew = false;
        for i in 0..cards.length() {
            let Some(card) = cards
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            // Too tall runs past the foot of a one-column card; a card already in columns overflows
            // sideways, and gets another column. A card as wide as the page cannot grow.
            let place = self.place(i as usize);
            let lines = if place.columns > 1 {
                usize::from(card.scroll_width() > card.client_width() + 1) * budget.lines
            } else {
                let over = f64::from(card.scroll_height() - card.client_height());
                if over > 1.0 {
                    (over / line).ceil() as usize
                } else {
                    0
                }
            };
            if lines > 0 && place.columns < budget.columns {
                let id = card.get_attribute("data-order-id").unwrap_or_default();
                self.more
                    .update_value(|m| *m.entry(id).or_default() += lines);
                grew = true;
            }
        }
        if grew {
            self.seen.update(|n| *n += 1);
        }
        if self.fitting.get_untracked() != grew {
            self.fitting.set(grew);
        }
    }

    /// Remembers what the last layout gave (without its tickets), for the cards' places and the page line.
    pub fn laid_out(&self, page: WallPage) {
        self.shown.set_value(page);
    }

    /// The page, page count, and tickets before and after, of the page shown.
    pub fn position(&self) -> (usize, usize, usize, usize) {
        self.shown
            .with_value(|w| (w.page, w.pages, w.before, w.after))
    }

    /// Whether the page is still being fitted (tracked): `data-fitting` on the area, for tests to wait on.
    pub fn fitting(&self) -> bool {
        self.fitting.get()
    }

    /// Where the ticket at place `i` stands (tracked: it changes when a card needs more, and with the
    /// screen's size even when the same tickets stay on the page).
    pub fn place(&self, i: usize) -> Place {
        self.seen.track();
        self.budget.track();
        self.shown
            .with_value(|w| w.places.get(i).copied().unwrap_or_default())
    }

    /// Shows the key map, or hides it.
    pub fn toggle_help(&self) {
        self.help.update(|h| *h = !*h);
    }

    /// Turns the page by `pages` (within the pages there are).
    pub fn turn(&self, pages: isize) {
        let (page, count, _, _) = self.position();
        let last = count.saturating_sub(1) as isize;
        self.page
            .set((page as isize + pages).clamp(0, last.max(0)) as usize);
    }

    /// The grid's columns: the budget's, of equal width. (Set through the CSSOM: the page's
    /// Content-Security-Policy refuses inline `style` attributes.)
    pub fn columns_css(&self) -> Option<String> {
        self.budget
            .get()
            .map(|(b, _)| format!("repeat({}, minmax(0, 1fr))", b.columns))
    }

    /// The grid's rows: the budget's lines at the stylesheet's line height.
    pub fn rows_css(&self) -> Option<String> {
        self.budget
            .get()
            .map(|(b, line)| format!("repeat({}, {line}px)", b.lines))
    }

    /// Measures the area again; a new size is a new budget, fitted afresh. Returns whether it changed.
    fn remeasure(&self) -> bool {
        let measured = self.area.get_untracked().and_then(|el| measure(&el));
        let before = self.budget.get_untracked();
        let changed = measured.is_some() && measured != before;
        // The lines a card was seen to need depend on how wide its column is, not on how many lines the
        // area has: a page line appearing under the tickets (a card grown onto the next page) must not
        // forget them, or the page would swing between the two layouts for ever.
        let same_width = match (measured, before) {
            (Some((a, line_a)), Some((b, line_b))) => {
                a.columns == b.columns && a.chars == b.chars && line_a == line_b
            }
            _ => false,
        };
        if changed && !same_width {
            self.more.update_value(std::collections::HashMap::clear);
        }
        if changed {
            self.fitting.set(true);
            self.budget.set(measured);
        }
        changed
    }

    fn observe(self) {
        let measure = Closure::<dyn Fn()>::new(move || {
            self.remeasure();
        });
        let Ok(observer) = web_sys::ResizeObserver::new(measure.as_ref().unchecked_ref()) else {
            return;
        };
        let watched = observer.clone();
        Effect::new(move |_| {
            if let Some(area) = self.area.get() {
                watched.observe(&area);
            }
        });
        // Kept for the wall's life: the closure is what the observer calls.
        let kept = StoredValue::new_local(Some((observer, measure)));
        on_cleanup(move || {
            if let Some((observer, _)) = kept.try_update_value(Option::take).flatten() {
                observer.disconnect();
            }
        });
    }
}

/// The area's size and its line height (`grid-auto-rows` in the stylesheet), as a budget.
fn measure(area: &web_sys::HtmlDivElement) -> Option<(Budget, f64)> {
    let rect = area.get_bounding_client_rect();
    let style = window().get_computed_style(area).ok()??;
    let px = |name: &str| {
        style
            .get_property_value(name)
            .ok()?
            .trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
    };
    let line = px("grid-auto-rows").filter(|l| *l > 0.0)?;
    let gap = px("column-gap").unwrap_or(0.0);
    let budget = Budget::fit(rect.width(), rect.height(), line, line * COLUMN_LINES, gap);
    Some((budget, line))
}

/// Which page is shown and how many tickets wait on the next ones, with a tap (or PageDown/PageUp) to
/// turn; and the key map one key (`?`) or one tap away.
#[component]
pub fn WallNav(
    wall: Wall,
    visible: Memo<(Vec<crate::domain::ticket::Ticket>, usize)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let position = move || {
        visible.track();
        wall.position()
    };
    view! {
        <p class="wall-nav" data-testid="wall-nav" hidden=move || position().1 < 2>
            <button type="button" class="secondary" data-testid="wall-previous"
                disabled=move || position().0 == 0 on:click=move |_| wall.turn(-1)>{t!(i18n, wall_previous)}</button>
            <span data-testid="wall-page">{move || {
                let (page, pages, _, _) = position();
                td_string!(i18n.get_locale(), wall_page, page = page + 1, pages = pages)
            }}</span>
            <button type="button" class="secondary" data-testid="wall-more"
                hidden=move || position().3 == 0 on:click=move |_| wall.turn(1)>
                {move || td_string!(i18n.get_locale(), wall_more, count = position().3)}
            </button>
        </p>
        <KeyHelp wall/>
    }
}

/// The button that shows the key map (beside Undo and Options: no row of its own).
#[component]
pub fn KeysButton(help: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="secondary keys-button" data-testid="keys-button"
            aria-expanded=move || help.get().to_string() on:click=move |_| help.update(|h| *h = !*h)>
            {t!(i18n, keys_button)}
        </button>
    }
}

/// The key map, over the tickets until `?` (or its button) hides it.
#[component]
fn KeyHelp(wall: Wall) -> impl IntoView {
    let i18n = use_i18n();
    let crate::state::ActiveStation(station) = expect_context::<crate::state::ActiveStation>();
    let row =
        move |say: fn(Locale) -> &'static str| view! { <li>{move || say(i18n.get_locale())}</li> };
    view! {
        <aside class="key-help" data-testid="key-help" hidden=move || !wall.help.get()
            aria-labelledby="key-help-title">
            <h2 id="key-help-title">{t!(i18n, keys_title)}</h2>
            <ul>
                {row(|l| td_string!(l, keys_select))}
                {row(|l| td_string!(l, keys_move))}
                {row(|l| td_string!(l, keys_page))}
                {move || match station.get() {
                    Station::All => row(|l| td_string!(l, keys_bump)),
                    Station::Only(_) => row(|l| td_string!(l, keys_bump_part)),
                }}
                {row(|l| td_string!(l, keys_cancel))}
                {row(|l| td_string!(l, keys_undo))}
                {row(|l| td_string!(l, keys_recall))}
                {row(|l| td_string!(l, keys_clear))}
            </ul>
        </aside>
    }
}
