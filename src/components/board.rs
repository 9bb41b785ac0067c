//! The live board: a card per order, newest first, counts and revenue, and the rejected messages.

use crate::components::alert::AlertToggle;
use crate::domain::board::{self, Board, CardPacer, Pace, View};
use crate::domain::board::{Rejection, Ticket};
use crate::domain::kitchen::{timer_text, to_csv, AgeLevel, AgeThresholds, Station, Status};
use crate::domain::menu::Category;
use crate::domain::order::is_allergy_warning;
use crate::domain::time::{age_text, clock_text};
use crate::state::{now_ms, BoardState, ConnectionStatus, HistoryLimit, Kitchen};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Cards rendered at first: about a full-HD kitchen screen of them. The board keeps far more history;
/// "Show more" and search reach all of it. Every rendered card costs layout on each change, so under a
/// firehose the board stays quick by rendering what a screen shows, not what it holds.
const CARDS_PER_PAGE: usize = 24;
/// A card flashes on arrival only when this few arrive together; in a rush the flashing helps nobody.
const FLASH_AT_MOST: usize = 3;
const MAX_HISTORY: usize = 100_000;
/// Served and cancelled orders listed for recall.
const DONE_SHOWN: usize = 20;
/// Disconnected this long, the board says its data may be stale.
const STALE_AFTER_SECS: i64 = 10;
/// How long "Undo last bump" stays offered.
const UNDO_WINDOW_MS: i64 = 10_000;

#[component]
pub fn BoardView() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let HistoryLimit(history) = expect_context::<HistoryLimit>();
    let status = expect_context::<ConnectionStatus>();
    let kitchen = expect_context::<Kitchen>();
    // One clock for every ticket timer; stopped when the board goes away.
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    let query = RwSignal::new(String::new());
    let oldest_first = RwSignal::new(false);
    let station = RwSignal::new(Station::All);
    let warn_min = RwSignal::new(5i64);
    let late_min = RwSignal::new(8i64);
    let threshold_error = RwSignal::new(None::<String>);
    let thresholds = Signal::derive(move || {
        AgeThresholds::from_minutes(warn_min.get(), late_min.get()).unwrap_or_default()
    });
    let view_of = move |done: bool| View {
        query: query.get(),
        oldest_first: oldest_first.get(),
        station: station.get(),
        done,
    };
    let card_limit = RwSignal::new(CARDS_PER_PAGE);
    // The newest ticket already rendered, and above which ticket number new cards flash (none: MAX).
    let seen_seq = StoredValue::new(None::<u64>);
    let flash_after = StoredValue::new(u64::MAX);
    // The cards follow the board at once, or in a flood ten times a second (see `CardPacer`).
    let cards_due = RwSignal::new(0u64);
    let pacer = StoredValue::new(CardPacer::default());
    let show = move || {
        let newest = board.try_with_untracked(Board::newest_seq).unwrap_or(0);
        pacer.try_update_value(|p| p.shown(newest, now_ms()));
        cards_due.try_update(|n| *n += 1);
    };
    Effect::new(move |_| {
        let newest = board.with(Board::newest_seq);
        match pacer.try_update_value(|p| p.changed(newest, card_limit.get_untracked(), now_ms())) {
            Some(Pace::Now) => show(),
            Some(Pace::After(ms)) => set_timeout(show, Duration::from_millis(ms.max(0) as u64)),
            _ => {}
        }
    });
    let visible = Memo::new(move |_| {
        let view = view_of(false);
        cards_due.track();
        let visible = board.with_untracked(|b| b.visible(&view, card_limit.get()));
        let newest = visible.0.iter().map(|t| t.seq).max();
        flash_after.set_value(board::flash_after(
            seen_seq.get_value(),
            &visible.0,
            FLASH_AT_MOST,
        ));
        seen_seq.update_value(|seen| *seen = (*seen).max(newest).or(Some(0)));
        visible
    });
    let done = Memo::new(move |_| {
        let view = View {
            oldest_first: false,
            ..view_of(true)
        };
        board.with(|b| b.visible(&view, DONE_SHOWN).0)
    });
    // The board keeps the counts as tickets open and close: reading them costs the number of dishes.
    let all_day_rows = Memo::new(move |_| {
        let station = station.get();
        board.with(|b| b.all_day(station))
    });
    // The rejected list changes rarely; a new order must not copy it.
    let newest_rejection = Memo::new(move |_| board.with(|b| b.rejected().next().map(|r| r.seq)));
    let rejected = move || {
        let _ = newest_rejection.get();
        board.with_untracked(|b| b.rejected().cloned().collect::<Vec<_>>())
    };
    let on_history = move |ev| {
        if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
            if (1..=MAX_HISTORY).contains(&n) {
                history.set(n);
            }
        }
    };
    // A pair that cannot work is refused in words and the field shows the value still in use.
    let minutes = move |signal: RwSignal<i64>| {
        move |ev: leptos::ev::Event| {
            let typed = event_target_value(&ev).trim().parse::<i64>();
            let (warn, late) = match signal == warn_min {
                true => (typed.clone().unwrap_or(0), late_min.get_untracked()),
                false => (warn_min.get_untracked(), typed.clone().unwrap_or(0)),
            };
            match typed
                .map_err(|_| "Type a number of minutes.".to_owned())
                .and_then(|_| AgeThresholds::from_minutes(warn, late))
            {
                Ok(_) => {
                    threshold_error.set(None);
                    warn_min.set(warn);
                    late_min.set(late);
                }
                Err(reason) => {
                    threshold_error.set(Some(reason));
                    event_target::<web_sys::HtmlInputElement>(&ev)
                        .set_value(&signal.get_untracked().to_string());
                }
            }
        }
    };
    let on_station = move |ev| {
        let value = event_target_value(&ev);
        station.set(
            Category::ALL
                .into_iter()
                .find(|c| c.label() == value)
                .map_or(Station::All, Station::Only),
        );
    };
    let export = move |_| {
        let csv = board.with_untracked(|b| to_csv(b.tickets().rev()));
        download("orders.csv", "text/csv", &csv);
    };
    // With no network at all, the shell's notice says so (and since when); this one would only repeat it.
    let shell = use_context::<crate::shell::ShellStatus>();
    let stale = move || {
        if shell.is_some_and(|s| s.offline_since.get().is_some()) {
            return None;
        }
        status.down_since.get().and_then(|since| {
            let secs = (now.get() - since) / 1000;
            (secs >= STALE_AFTER_SECS).then(|| {
                format!(
                    "Not connected for {secs} s — new orders and status changes may be missing. "
                )
            })
        })
    };
    let undo = move || {
        kitchen
            .last_bump
            .get()
            .filter(|(_, at)| now.get() - at < UNDO_WINDOW_MS)
            .map(|(id, _)| id)
    };

    view! {
        <section class="board" aria-labelledby="board-title">
            <div class="board-head">
                <h2 id="board-title">"Orders"</h2>
                <p class="stats" data-duplicates=move || board.with(|b| b.duplicates)>
                    <span data-testid="open-count">{move || board.with(|b| b.open_count())}</span>
                    " open · "
                    <span data-testid="order-count">{move || board.with(|b| b.len())}</span>
                    " orders · "
                    <span data-testid="revenue">{move || board.with(|b| b.revenue().to_string())}</span>
                    " revenue"
                    {move || {
                        let duplicates = board.with(|b| b.duplicates);
                        (duplicates > 0).then(|| format!(" · {duplicates} duplicates ignored"))
                    }}
                </p>
            </div>
            {move || stale().map(|text| view! {
                <p class="banner" role="alert" data-testid="stale-banner">{text}</p>
            })}
            {move || kitchen.problem.get().map(|text| view! {
                <p class="banner" role="alert" data-testid="status-problem">{text}</p>
            })}
            <div class="board-tools">
                <input
                    type="search"
                    placeholder="Search customer, item or order id"
                    aria-label="Search orders"
                    data-testid="search"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button
                    type="button"
                    data-testid="sort-toggle"
                    aria-pressed=move || oldest_first.get().to_string()
                    on:click=move |_| oldest_first.update(|o| *o = !*o)
                >
                    {move || if oldest_first.get() { "Oldest first" } else { "Newest first" }}
                </button>
                <label>
                    "Station"
                    <select data-testid="station" on:change=on_station>
                        <option value="All">"All"</option>
                        {Category::ALL.map(|c| view! { <option value=c.label()>{c.label()}</option> })}
                    </select>
                </label>
                <label>
                    "Yellow at"
                    <input type="number" min="1" max="239" class="tiny" data-testid="warn-minutes"
                        aria-label="Ticket turns yellow after this many minutes"
                        prop:value=move || warn_min.get().to_string() on:change=minutes(warn_min)/>
                    "min, red at"
                    <input type="number" min="2" max="240" class="tiny" data-testid="late-minutes"
                        aria-label="Ticket turns red after this many minutes"
                        prop:value=move || late_min.get().to_string() on:change=minutes(late_min)/>
                    "min"
                </label>
                {move || threshold_error.get().map(|reason| view! {
                    <p class="field-error" role="alert" data-testid="threshold-error">{reason}</p>
                })}
                <label>
                    "Keep"
                    <input
                        type="number"
                        min="1"
                        max=MAX_HISTORY
                        class="narrow"
                        data-testid="history-limit"
                        prop:value=move || history.get().to_string()
                        on:change=on_history
                    />
                    "orders"
                </label>
                <AlertToggle/>
                <button type="button" class="secondary" data-testid="export-csv" on:click=export>
                    "Export CSV"
                </button>
                {move || undo().map(|id| view! {
                    <button type="button" data-testid="undo-bump" on:click=move |_| kitchen.recall(&id)>
                        "Undo last bump"
                    </button>
                })}
            </div>
            {move || {
                let (dropped, open) = board.with(|b| (b.dropped, b.dropped_open));
                (dropped > 0)
                    .then(|| {
                        view! {
                            <p class="notice" data-testid="dropped-notice" role="status">
                                {dropped_text(dropped, open, history.get())}
                            </p>
                        }
                    })
            }}
            <div class="all-day" data-testid="all-day" aria-label="All day counts">
                <strong>"All day: "</strong>
                <For
                    each=move || all_day_rows.get()
                    key=|row| row.clone()
                    children=|(name, qty)| view! {
                        <span class="all-day-row" data-testid="all-day-row">{format!("{qty} × {name}")}</span>
                    }
                />
            </div>
            <details class="rejected" data-testid="rejected-panel">
                <summary>
                    "Rejected messages: "
                    <span data-testid="rejected-count">{move || {
                        let _ = newest_rejection.get();
                        board.with_untracked(|b| b.rejected().len())
                    }}</span>
                </summary>
                <ul>
                    <For
                        each=rejected
                        key=|r| r.seq
                        children=move |r| view! { <RejectionRow rejection=r/> }
                    />
                </ul>
            </details>
            // The note stays put while its numbers change: orders arriving must not rebuild it each frame.
            <p class="notice subtle" data-testid="showing-note"
                hidden=move || visible.with(|(shown, total)| shown.len() >= *total)>
                {move || visible.with(|(shown, total)| {
                    let order = if oldest_first.get() { "oldest" } else { "newest" };
                    format!("Showing the {} {order} of {total} open orders. ", shown.len())
                })}
                <button type="button" class="secondary" data-testid="show-more"
                    on:click=move |_| card_limit.update(|n| *n += CARDS_PER_PAGE)>
                    {move || visible.with(|(shown, total)| {
                        format!("Show {} more", (total - shown.len()).min(CARDS_PER_PAGE))
                    })}
                </button>
            </p>
            <div class="cards" data-testid="cards" on:click=move |ev| card_action(&ev, kitchen)>
                <For
                    // The station is read here too: with the same tickets shown, a new station must still
                    // re-make the cards, whose items are fixed for their life.
                    each=move || {
                        station.track();
                        visible.with(|(shown, _)| shown.clone())
                    }
                    key=move |t| (t.seq, t.status, station.get_untracked())
                    children=move |t| {
                        let flash = t.seq > flash_after.get_value();
                        view! {
                            <OrderCard ticket=t now=now thresholds=thresholds station=station flash=flash/>
                        }
                    }
                />
            </div>
            {move || {
                board
                    .with(|b| b.is_empty())
                    .then(|| {
                        view! {
                            <p class="empty">
                                "No orders yet. They appear here as soon as anything publishes to the topic."
                            </p>
                        }
                    })
            }}
            <details class="done" open>
                <summary>"Recently done"</summary>
                <ul data-testid="done-list">
                    <For
                        each=move || done.get()
                        key=|t| (t.seq, t.status)
                        children=move |t| {
                            let id = t.order.order_id.clone();
                            view! {
                                <li data-testid="done-item" data-order-id=t.order.order_id.clone()
                                    data-status=t.status.label()>
                                    <span>{format!("{} — {}", t.order.customer_name, t.status.label())}</span>
                                    <button type="button" class="secondary" data-testid="recall"
                                        on:click=move |_| kitchen.recall(&id)>
                                        "Recall"
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
            </details>
        </section>
    }
}

/// A click on a card's Start/Ready/Served or Cancel button, found from the one listener on the cards.
fn card_action(ev: &leptos::ev::MouseEvent, kitchen: Kitchen) {
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Some(button) = target.closest("button[data-action]").ok().flatten() else {
        return;
    };
    let card = button.closest("[data-order-id]").ok().flatten();
    let Some(id) = card.and_then(|c| c.get_attribute("data-order-id")) else {
        return;
    };
    match button.get_attribute("data-action").as_deref() {
        Some("bump") => kitchen.bump(&id),
        Some("cancel") => kitchen.cancel(&id),
        _ => {}
    }
}

/// Offers a CSV (or any text) as a download, from memory: no server involved.
fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// What the history limit took off the board, open tickets first in the sentence: they still need cooking.
fn dropped_text(dropped: u64, open: u64, keep: usize) -> String {
    let orders = |n: u64, what: &str| match n {
        1 => format!("1 {what} order was"),
        n => format!("{n} {what} orders were"),
    };
    match open {
        0 => format!(
            "{} dropped from view (history keeps {keep}).",
            orders(dropped, "finished")
        ),
        _ => format!(
            "{} dropped to stay within {keep} — raise \"Keep\" or finish tickets ({dropped} dropped in all).",
            orders(open, "open")
        ),
    }
}

#[component]
pub fn OrderCard(
    ticket: Ticket,
    #[prop(into)] now: Signal<i64>,
    #[prop(into, default = Signal::stored(AgeThresholds::default()))] thresholds: Signal<
        AgeThresholds,
    >,
    #[prop(into, default = Signal::stored(Station::All))] station: Signal<Station>,
    /// Flash once: the ticket just arrived, in a quiet moment.
    #[prop(optional)]
    flash: bool,
) -> impl IntoView {
    let kitchen = use_context::<Kitchen>();
    let Ticket {
        order,
        received_at,
        status,
        ..
    } = ticket;
    let short_id: String = order.order_id.chars().take(8).collect();
    // Local wall-clock time of arrival. The browser knows the offset (daylight saving included); the
    // text is made here, as the browser's locale formatting costs more than the rest of the card.
    let offset = -js_sys::Date::new(&(received_at as f64).into()).get_timezone_offset() as i64;
    let clock = clock_text(received_at, offset);
    let allergy = order
        .special_instructions
        .as_deref()
        .is_some_and(is_allergy_warning);
    // Fixed for the card's life: the board makes a new card when the station changes.
    let items = station
        .get_untracked()
        .items(&order)
        .into_iter()
        .map(|item| {
            view! {
                <li>
                    <span class="qty">{item.quantity}" × "</span>
                    <span class="name">{item.name.clone()}</span>
                    <span class="price">{item.line_total().to_string()}</span>
                </li>
            }
        })
        .collect_view();
    let age_class = move || {
        let age = match thresholds.get().level(received_at, now.get()) {
            AgeLevel::Fresh => "card",
            AgeLevel::Warning => "card age-warning",
            AgeLevel::Late => "card age-late",
        };
        if flash {
            format!("{age} arrived")
        } else {
            age.to_owned()
        }
    };
    // The board listens for these clicks once for all cards (see `card_action`): a card costs no handlers.
    let actions = kitchen.map(|_| {
        let bump_label = match status.next() {
            Some(Status::Preparing) => "Start",
            Some(Status::Ready) => "Ready",
            Some(Status::Served) => "Served",
            _ => "",
        };
        view! {
            <div class="card-actions">
                <button type="button" data-testid="bump" data-action="bump">{bump_label}</button>
                <button type="button" class="secondary" data-testid="cancel" data-action="cancel">
                    "Cancel"
                </button>
            </div>
        }
    });
    view! {
        <article class=age_class data-testid="order-card" data-order-id=order.order_id.clone()
            data-status=status.label()>
            <header>
                <span class="customer" data-testid="customer">{order.customer_name.clone()}</span>
                <span class="order-id" title=order.order_id.clone()>"#"{short_id}</span>
            </header>
            <p class="ticket-line">
                <span class=format!("status status-{}", status.label()) data-testid="status">
                    {status.label()}
                </span>
                <span class="timer" data-testid="timer">{move || timer_text(received_at, now.get())}</span>
            </p>
            <ul class="items">{items}</ul>
            {order.special_instructions.clone().map(|text| {
                view! {
                    <p class="instructions" class:allergy=allergy data-testid="instructions">
                        {allergy.then_some("⚠ ")}
                        {text}
                    </p>
                }
            })}
            <footer>
                <span class="total" data-testid="total">{order.total_amount.to_string()}</span>
                <span class="received">
                    <time title=clock.clone()>{clock.clone()}</time>
                    " · "
                    <span data-testid="age">{move || age_text(received_at, now.get())}</span>
                </span>
            </footer>
            {actions}
        </article>
    }
}

#[component]
fn RejectionRow(rejection: Rejection) -> impl IntoView {
    view! {
        <li data-testid="rejected-item">
            <p class="reason" data-testid="rejected-reason">{rejection.reason}</p>
            <code class="excerpt">{rejection.excerpt}</code>
            <span class="topic">{rejection.topic}</span>
        </li>
    }
}
