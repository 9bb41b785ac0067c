//! One ticket's card: who, what, how long it has waited, and its Start/Ready/Served and Cancel buttons.

use crate::domain::ageing::{timer_text, AgeLevel, AgeThresholds};
use crate::domain::card::{CardLine, CardModel};
use crate::domain::menu::Menu;
use crate::domain::stations::Station;
use crate::domain::ticket::Ticket;
use crate::domain::time::age_text;
use crate::restaurant::{ActiveMenu, Money};
use crate::state::{Clock, Kitchen, Selection};
use leptos::prelude::*;
use std::sync::Arc;

/// A card shows whichever ticket is in its place: the board keeps its cards and changes what they say, so
/// a flood of orders changes text in place instead of making and dropping elements every frame.
#[component]
pub fn OrderCard(
    #[prop(into)] ticket: Signal<Ticket>,
    #[prop(into, default = Signal::stored(AgeThresholds::default()))] thresholds: Signal<
        AgeThresholds,
    >,
    #[prop(into, default = Signal::stored(Station::All))] station: Signal<Station>,
    /// Tickets after this arrival number flash once as they take the card (arrivals of a quiet moment).
    #[prop(optional)]
    flash_after: Option<StoredValue<u64>>,
) -> impl IntoView {
    let Clock(now) = expect_context::<Clock>();
    let money = use_context::<Money>().unwrap_or_default();
    let menu = use_context::<ActiveMenu>().map(|m| m.menu());
    let kitchen = use_context::<Kitchen>();
    let selection = use_context::<Selection>();
    let card = Memo::new(move |_| {
        let menu = menu.map_or_else(|| Arc::new(Menu::demo()), |m| m.get());
        // The browser knows the local offset (daylight saving included); the text is made in Rust, as the
        // browser's locale formatting costs more than the rest of the card.
        let offset = |at: i64| -js_sys::Date::new(&(at as f64).into()).get_timezone_offset() as i64;
        ticket.with(|t| station.with(|s| CardModel::of(t, s, &menu, offset)))
    });
    let text = move |f: fn(&CardModel) -> String| move || card.with(f);
    let since = move || card.with(|c| c.from.at());
    // The flash restarts for each new ticket: the animation's name alternates, as a class kept is not replayed.
    let flashed = StoredValue::new((0u64, false));
    let flash = move |seq: u64| {
        if flash_after.is_none_or(|after| seq <= after.get_value()) {
            return "";
        }
        let (last, again) = flashed.get_value();
        let again = if last == seq { again } else { !again };
        flashed.set_value((seq, again));
        if again {
            " arrived-again"
        } else {
            " arrived"
        }
    };
    let selected = move || selection.is_some_and(|s| card.with(|c| s.is(&c.order_id)));
    // One class string: a `class:` toggle beside a changing `class` would be wiped by each change.
    let class = move || {
        let (status, seq) = card.with(|c| (c.status, c.seq));
        let age = match thresholds.get().level(since(), now.get()) {
            AgeLevel::Fresh => "",
            AgeLevel::Warning => " age-warning",
            AgeLevel::Late => " age-late",
        };
        let selected = if selected() { " selected" } else { "" };
        format!(
            "card status-card-{}{age}{}{selected}",
            status.wire_name(),
            flash(seq)
        )
    };
    let line = move |i: usize| {
        let part = move |f: fn(&CardLine) -> String| {
            move || card.with(|c| c.lines.get(i).map(f).unwrap_or_default())
        };
        let price = move || card.with(|c| c.lines.get(i).map(|l| money.text(l.line_total)));
        view! {
            <li>
                <span class="qty">{part(|l| format!("{} × ", l.quantity))}</span>
                <span class="name">{part(|l| l.name.clone())}</span>
                <span class="price">{price}</span>
            </li>
        }
    };
    let total = move || {
        card.with(|c| match c.station_total {
            None => money.text(c.total),
            Some(own) => format!("{} of {}", money.text(own), money.text(c.total)),
        })
    };
    // Read twice (whether to show it, and its text): made once per ticket.
    let warning = Memo::new(move |_| {
        card.with(|c| {
            c.mismatch.map(|items| {
                format!(
                    "⚠ Total {} does not match the items ({}) — check the bill",
                    money.text(c.total),
                    money.text(items)
                )
            })
        })
    });
    let actions = kitchen.map(|_| view! {
        <div class="card-actions">
            <button type="button" data-testid="bump" data-action="bump">
                {text(|c| c.bump_label().to_owned())}
            </button>
            <button type="button" class="secondary" data-testid="cancel" data-action="cancel">"Cancel"</button>
            <button type="button" class="secondary print-button" data-testid="print" data-action="print"
                title="Print this ticket">"Print"</button>
        </div>
    });
    view! {
        <article class=class tabindex="-1" data-testid="order-card"
            data-order-id=text(|c| c.order_id.clone()) data-status=move || card.with(|c| c.status.wire_name())
            data-age-from=move || card.with(|c| c.from.word())>
            <header>
                <span class="customer" data-testid="customer">{text(|c| c.customer.clone())}</span>
                <span class="order-id" title=text(|c| c.order_id.clone())>"#"{text(|c| c.short_id.clone())}</span>
            </header>
            <p class="ticket-line">
                <span class=move || card.with(|c| c.status.css_class())
                    data-testid="status">{move || card.with(|c| c.status.word())}</span>
                <span class="timer" data-testid="timer">{move || timer_text(since(), now.get())}</span>
            </p>
            <ul class="items">
                <For each=move || 0..card.with(|c| c.lines.len()) key=|i| *i children=line/>
            </ul>
            <p class="instructions" class:allergy=move || card.with(|c| c.allergy) data-testid="instructions"
                hidden=move || card.with(|c| c.instructions.is_none())>
                {text(|c| {
                    let warn = if c.allergy { "⚠ " } else { "" };
                    format!("{warn}{}", c.instructions.as_deref().unwrap_or_default())
                })}
            </p>
            <p class="total-warning" data-testid="total-warning" hidden=move || warning.with(Option::is_none)>
                {move || warning.get().unwrap_or_default()}
            </p>
            <footer>
                <span class="total" data-testid="total">{total}</span>
                <span class="received">
                    {move || card.with(|c| c.from.word())}" "
                    <time title=text(|c| c.clock.clone())>{text(|c| c.clock.clone())}</time>" · "
                    <span data-testid="age">{move || age_text(since(), now.get())}</span>
                </span>
            </footer>
            {actions}
        </article>
    }
}
