//! One ticket's card: who, what, how long it has waited, and its Start/Ready/Served and Cancel buttons.

use crate::domain::ageing::{timer_text, AgeLevel, AgeThresholds};
use crate::domain::card::{CardLine, CardModel};
use crate::domain::stations::Station;
use crate::domain::ticket::Ticket;
use crate::domain::wall::Place;
use crate::i18n::*;
use crate::restaurant::Money;
use crate::state::{CardContext, Clock, Kitchen, Selection};
use crate::words;
use leptos::prelude::*;

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
    /// On the wall: where the card stands in the grid (column, line, and how many of each it takes).
    #[prop(optional_no_strip)]
    place: Option<Signal<Place>>,
    /// On the wall: the 1–9 key that selects it (its place on screen, not its order number).
    #[prop(optional_no_strip)]
    key: Option<usize>,
) -> impl IntoView {
    let Clock(now) = expect_context::<Clock>();
    let money = use_context::<Money>().unwrap_or_default();
    let kitchen = use_context::<Kitchen>();
    let selection = use_context::<Selection>();
    let context = use_context::<CardContext>();
    let card =
        Memo::new(move |_| ticket.with(|t| station.with(|s| CardContext::card(context, t, s))));
    let flash = arrival_flash(flash_after);
    let service = Memo::new(move |_| card.with(CardModel::has_service_line));
    let columns = move || place.and_then(|p| p.with(|p| (p.columns > 1).then_some(p.columns)));
    let selected = move || selection.is_some_and(|s| card.with(|c| s.is(&c.order_id)));
    // One class string: a `class:` toggle beside a changing `class` would be wiped by each change.
    let class = move || {
        let (status, seq, since) = card.with(|c| (c.status, c.seq, c.from.at()));
        let age = match thresholds.get().level(since, now.get()) {
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
    view! {
        <article class=class tabindex="-1" data-testid="order-card"
            style:grid-row=move || place.map(|p| p.with(|p| format!("{} / span {}", p.line + 1, p.lines)))
            style:grid-column=move || place.map(|p| p.with(|p| format!("{} / span {}", p.column + 1, p.columns)))
            // Taller than a column: its lines run on into the next columns of the card.
            style:column-count=move || columns().map(|n| n.to_string())
            data-columns=move || columns().map(|n| n.to_string())
            aria-current=move || selected().then_some("true")
            data-priority=move || card.with(|c| if c.rush { "rush" } else { "normal" })
            data-order-type=move || card.with(|c| c.order_type.as_ref().map(|t| t.wire_name().to_owned()))
            data-order-id=text(card, |c| c.order_id.clone()) data-status=move || card.with(|c| c.status.wire_name())
            data-age-from=move || card.with(|c| c.from.slug())>
            {key.map(|k| view! { <span class="keycap" aria-hidden="true" data-testid="keycap">{k}</span> })}
            <CardHeader card/>
            // Made only for orders that say where they go: a flood of plain orders costs no elements.
            {move || service.get().then(|| view! { <CardService card/> })}
            <CardStatus card now/>
            <CardLines card money/>
            <CardNotes card money/>
            <CardFooter card now money/>
            {kitchen.map(|_| view! { <CardActions card/> })}
            {move || columns().map(|n| view! { <Continued columns=n/> })}
        </article>
    }
}

/// "continued →" at the foot of the first column of a ticket taller than a column.
#[component]
fn Continued(columns: usize) -> impl IntoView {
    let i18n = use_i18n();
    // From the end of the first column to the card's far edge: the other columns' share.
    let end = format!("{}%", 100 * (columns - 1) / columns);
    view! { <span class="continues" data-testid="continues" style:inset-inline-end=end>{t!(i18n, continued)}</span> }
}

/// A text of the card, followed as the card changes.
fn text(card: Memo<CardModel>, f: fn(&CardModel) -> String) -> impl Fn() -> String + Copy {
    move || card.with(f)
}

/// The class that flashes a ticket once as it takes the card, when it arrived after `flash_after`.
/// The flash restarts for each new ticket: the animation's name alternates, as a class kept is not replayed.
fn arrival_flash(flash_after: Option<StoredValue<u64>>) -> impl Fn(u64) -> &'static str + Copy {
    let flashed = StoredValue::new((0u64, false));
    move |seq: u64| {
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
    }
}

/// Who ordered, and the ticket's short number (the whole id on hover).
#[component]
fn CardHeader(card: Memo<CardModel>) -> impl IntoView {
    view! {
        <header>
            <span class="customer" data-testid="customer" translate="no">{text(card, |c| c.customer.clone())}</span>
            <span class="order-id" translate="no" title=text(card, |c| c.order_id.clone())>{text(card, |c| c.number.clone())}</span>
        </header>
    }
}

/// Where the food goes: the order type as a badge, the table and guests large, a scheduled order's due time.
#[component]
fn CardService(card: Memo<CardModel>) -> impl IntoView {
    let i18n = use_i18n();
    // Fixed places whose words change, as the card's other parts: a flood changes text, not elements.
    let said = move |f: fn(&CardModel, Locale) -> Option<String>| {
        move || card.with(|c| f(c, i18n.get_locale())).unwrap_or_default()
    };
    let absent = move |f: fn(&CardModel) -> bool| move || card.with(f);
    view! {
        <p class="service" data-testid="service">
            <span class="order-type" data-testid="order-type" hidden=absent(|c| c.order_type.is_none())>
                {said(|c, l| c.order_type.as_ref().map(|k| words::order_type(l, k)))}</span>
            <span class="table" data-testid="table" translate="no" hidden=absent(|c| c.table.is_none())>
                {said(|c, l| c.table.as_ref().map(|t| td_string!(l, table_number, table = t).to_string()))}</span>
            <span class="guests" data-testid="guests" hidden=absent(|c| c.guests.is_none())>
                {said(|c, l| c.guests.map(|g| td_string!(l, guests, count = g).to_string()))}</span>
            <span class="due" data-testid="due" hidden=absent(|c| c.due.is_none())>
                {said(|c, l| c.due.as_ref().map(|d| td_string!(l, due_for, time = d).to_string()))}</span>
        </p>
    }
}

/// Where the ticket stands, and how long it has waited.
#[component]
fn CardStatus(card: Memo<CardModel>, now: Signal<i64>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="ticket-line">
            <span class=move || card.with(|c| c.status.css_class())
                data-testid="status">{move || words::status(i18n.get_locale(), card.with(|c| c.status))}</span>
            <span class="test-badge" data-testid="test-badge" hidden=move || !card.with(|c| c.test)>{t!(i18n, test_badge)}</span>
            <span class="rush-badge" data-testid="rush-badge" hidden=move || !card.with(|c| c.rush)>{t!(i18n, rush_badge)}</span>
            <span class="timer" data-testid="timer">{move || timer_text(card.with(|c| c.from.at()), now.get())}</span>
        </p>
    }
}

/// The ticket's lines (quantity, dish, price): one place per line, kept as tickets move through the card.
#[component]
fn CardLines(card: Memo<CardModel>, money: Money) -> impl IntoView {
    let line = move |i: usize| {
        let part = move |f: fn(&CardLine) -> String| {
            move || card.with(|c| c.lines.get(i).map(f).unwrap_or_default())
        };
        let price = move || card.with(|c| c.lines.get(i).map(|l| money.text(l.line_total)));
        // On a station's card a line can be crossed off by a tap (it says whether it is).
        let line = move || card.with(|c| c.part.and(c.lines.get(i)).map(|l| l.line.to_string()));
        let done = move || card.with(|c| c.part.and(c.lines.get(i)).map(|l| l.done.to_string()));
        let details = Memo::new(move |_| {
            card.with(|c| {
                c.lines
                    .get(i)
                    .map(|l| (l.modifiers.clone(), l.note.clone(), l.note_allergy))
            })
        });
        view! {
            <li data-testid="item-line" data-line=line data-done=done>
                <span class="qty">{part(|l| format!("{} × ", l.quantity))}</span>
                <span class="name" translate="no">{part(|l| l.name.clone())}</span>
                <span class="price">{price}</span>
                {move || details.get().filter(|(m, n, _)| !m.is_empty() || n.is_some()).map(|(m, n, allergy)| view! {
                    <LineDetails modifiers=m note=n allergy/>
                })}
            </li>
        }
    };
    view! {
        <ul class="items">
            <For each=move || 0..card.with(|c| c.lines.len()) key=|i| *i children=line/>
        </ul>
    }
}

/// Under a line: its modifiers (a "No …" stands out) and its note, as the order wrote them.
#[component]
fn LineDetails(
    modifiers: Vec<crate::domain::details::Modifier>,
    note: Option<String>,
    allergy: bool,
) -> impl IntoView {
    view! {
        <span class="line-details" translate="no">
            {modifiers.into_iter().map(|m| {
                let without = m.is_without();
                view! { <span class="modifier" class:without=without data-testid="modifier">{m.name}</span> }
            }).collect_view()}
            {note.map(|n| view! {
                <span class="line-note" class:allergy=allergy data-testid="line-note">{allergy.then_some("⚠ ")}{n}</span>
            })}
        </span>
    }
}

/// The customer's instructions (an allergy marked), and a warning when the total does not add up.
#[component]
fn CardNotes(card: Memo<CardModel>, money: Money) -> impl IntoView {
    let i18n = use_i18n();
    let warnings = Memo::new(move |_| card.with(|c| c.warnings.clone()));
    let prices = Memo::new(move |_| card.with(|c| c.price_notes.clone()));
    // Read twice (whether to show it, and its text): made once per ticket.
    let warning = Memo::new(move |_| {
        card.with(|c| {
            c.mismatch.map(|items| {
                td_string!(
                    i18n.get_locale(),
                    total_mismatch,
                    total = money.text(c.total),
                    items = money.text(items)
                )
                .to_string()
            })
        })
    });
    view! {
        <p class="instructions" translate="no" class:allergy=move || card.with(|c| c.allergy) data-testid="instructions"
            hidden=move || card.with(|c| c.instructions.is_none())>
            {text(card, |c| {
                let warn = if c.allergy { "⚠ " } else { "" };
                format!("{warn}{}", c.instructions.as_deref().unwrap_or_default())
            })}
        </p>
        <p class="total-warning" data-testid="total-warning" hidden=move || warning.with(Option::is_none)>
            {move || warning.get().unwrap_or_default()}
        </p>
        // Two texts, not an element per allergen: those the instructions or a note name stand out.
        <p class="contains" data-testid="contains" hidden=move || card.with(|c| c.contains.is_empty())>
            <span class="contains-label">{t!(i18n, contains_allergens)}</span>
            <span class="allergen" data-testid="allergens-named" hidden=move || card.with(|c| !c.contains.iter().any(|a| a.1))>
                {move || allergen_names(card, i18n.get_locale(), true)}</span>
            <span class="allergen-list" data-testid="allergens">{move || allergen_names(card, i18n.get_locale(), false)}</span>
        </p>
        {move || prices.get().into_iter().map(|n| view! {
            <p class="total-warning" data-testid="price-warning">{move || td_string!(i18n.get_locale(), warn_modifier_price,
                dish = &n.dish, modifier = &n.modifier, stated = money.text(n.stated), menu = money.text(n.menu)).to_string()}</p>
        }).collect_view()}
        {move || warnings.get().into_iter().map(|w| view! {
            <p class="total-warning" data-testid="detail-warning">{move || words::detail_warning(i18n.get_locale(), &w)}</p>
        }).collect_view()}
    }
}

/// The names of the card's allergens that are (or are not) named by its instructions or notes.
fn allergen_names(card: Memo<CardModel>, locale: Locale, named: bool) -> String {
    card.with(|c| {
        let names = c.contains.iter().filter(|a| a.1 == named);
        names
            .map(|a| words::allergen_name(locale, a.0))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// The total (a station's share of it too), and when the order was placed or received and its age.
#[component]
fn CardFooter(card: Memo<CardModel>, now: Signal<i64>, money: Money) -> impl IntoView {
    let i18n = use_i18n();
    let total = move || {
        card.with(|c| match c.station_total {
            None => money.text(c.total),
            Some(own) => td_string!(
                i18n.get_locale(),
                share_of_total,
                share = money.text(own),
                total = money.text(c.total)
            )
            .to_string(),
        })
    };
    view! {
        <footer>
            <span class="total" data-testid="total">{total}</span>
            <span class="received">
                {move || words::age_from(i18n.get_locale(), card.with(|c| c.from))}" "
                <time title=text(card, |c| c.clock.clone())>{text(card, |c| c.clock.clone())}</time>" · "
                <span data-testid="age">{move || words::age(i18n.get_locale(), card.with(|c| c.from.at()), now.get())}</span>
            </span>
        </footer>
    }
}

/// The kitchen's buttons: Start/Ready/Served, Cancel and Print (one listener on the board acts on them).
#[component]
fn CardActions(card: Memo<CardModel>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card-actions">
            <button type="button" data-testid="bump" data-action="bump">
                {move || match card.with(|c| c.part_bump_to()) {
                    Some(to) => words::part_bump(i18n.get_locale(), to),
                    None => words::bump(i18n.get_locale(), card.with(|c| c.bump_to())),
                }}
            </button>
            <button type="button" class="secondary" data-testid="cancel" data-action="cancel">{t!(i18n, cancel)}</button>
            <button type="button" class="secondary print-button" data-testid="print" data-action="print"
                title=move || td_string!(i18n.get_locale(), print_title)>{t!(i18n, print)}</button>
        </div>
    }
}
