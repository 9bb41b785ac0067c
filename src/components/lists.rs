//! The short lists beside the tickets: all-day counts, recently done (with Recall) and rejected messages.

use crate::domain::board::{Rejection, View};
use crate::domain::time::clock_text;
use crate::i18n::*;
use crate::state::{ActiveStation, BoardState, Kitchen};
use leptos::prelude::*;

/// Served and cancelled orders listed for recall.
const DONE_SHOWN: usize = 20;

/// Total quantity of each dish across open tickets, for the station shown.
#[component]
pub fn AllDay() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let ActiveStation(station) = expect_context::<ActiveStation>();
    // The board keeps the counts as tickets open and close: reading them costs the number of dishes.
    // Each dish with how many of it carry each choice ("2 No basil"), when any do.
    let rows = Memo::new(move |_| {
        station.with(|s| {
            board.with(|b| {
                let rows = b.all_day(s).into_iter();
                rows.map(|(name, qty)| {
                    let choices = b.all_day_choices(s, &name);
                    let of_which = choices
                        .iter()
                        .map(|(m, q)| format!("{q} {m}"))
                        .collect::<Vec<_>>();
                    (name, qty, of_which.join(", "))
                })
                .collect::<Vec<_>>()
            })
        })
    });
    let i18n = use_i18n();
    view! {
        <div class="all-day" data-testid="all-day" aria-label=move || td_string!(i18n.get_locale(), all_day_counts)>
            <strong>{t!(i18n, all_day)}" "</strong>
            <For each=move || rows.get() key=|row| row.clone() children=|(name, qty, of_which)| view! {
                <span class="all-day-row" data-testid="all-day-row" translate="no">{format!("{qty} × {name}")}
                    {(!of_which.is_empty()).then(|| view! { <span class="of-which" data-testid="all-day-choices">{format!(" ({of_which})")}</span> })}
                </span>
            }/>
        </div>
    }
}

/// Scheduled orders waiting for their start (the Later lane), the soonest first, each with its start and
/// due time; folded into one line saying when the next starts.
#[component]
pub fn LaterList() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let i18n = use_i18n();
    let later = Memo::new(move |_| {
        board.with(|b| {
            b.later()
                .map(|t| {
                    let order = &t.order;
                    // Hours and minutes: a start is planned to the minute.
                    let at = |ms: i64| {
                        let clock = clock_text(ms, crate::state::local_offset_minutes(ms));
                        clock.get(..5).unwrap_or(&clock).to_owned()
                    };
                    let starts = at(t.fire_at.unwrap_or_default());
                    let due = order.due_at().map(at).unwrap_or_default();
                    (
                        t.seq,
                        order.order_id.clone(),
                        order.customer_name.clone(),
                        starts,
                        due,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let next = move || later.with(|l| l.first().map(|(_, _, _, starts, _)| starts.clone()));
    view! {
        <details class="later" data-testid="later-panel" hidden=move || later.with(Vec::is_empty)>
            <summary>{t!(i18n, later_lane)}" "<span data-testid="later-count">{move || later.with(Vec::len)}</span>
                {move || next().map(|s| format!(" · {}", td_string!(i18n.get_locale(), later_starts, time = s)))}</summary>
            <ul>
                <For each=move || later.get() key=|l| l.0 children=move |(_, id, customer, starts, due)| view! {
                    <li data-testid="scheduled" data-order-id=id>
                        <strong>{move || td_string!(i18n.get_locale(), later_starts, time = starts.clone()).to_string()}</strong>" · "
                        <span translate="no">{customer}</span>" · "
                        {move || td_string!(i18n.get_locale(), due_for, time = due.clone()).to_string()}
                    </li>
                }/>
            </ul>
        </details>
    }
}

/// Served and cancelled tickets (on a station screen: the tickets whose part there is done), newest first,
/// each with Recall; folded into one line above the tickets.
#[component]
pub fn DoneList() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let ActiveStation(station) = expect_context::<ActiveStation>();
    let kitchen = expect_context::<Kitchen>();
    let i18n = use_i18n();
    let done = Memo::new(move |_| {
        let view = View {
            done: true,
            station: station.get(),
            ..View::default()
        };
        board.with(|b| b.visible(&view, DONE_SHOWN))
    });
    // A station's part done while the order is still open says "done"; otherwise the order's status.
    let word = move |t: &crate::domain::ticket::Ticket| {
        let part = station.with_untracked(|s| s.part(t).map(|p| p.state));
        let (open, status) = (!t.status.is_done(), t.status);
        move || match part {
            Some(state) if open => crate::words::part_state(i18n.get_locale(), state),
            _ => crate::words::status(i18n.get_locale(), status),
        }
    };
    view! {
        <details class="done" data-testid="done-panel">
            <summary>{t!(i18n, recently_done)}" "<span data-testid="done-count">{move || done.with(|(_, n)| *n)}</span></summary>
            <ul data-testid="done-list">
                <For each=move || done.get().0 key=|t| (t.seq, t.status, t.parts.iter().map(|p| p.at).max()) children=move |t| {
                    let id = t.order.order_id.clone();
                    let word = word(&t);
                    view! {
                        <li data-testid="done-item" data-order-id=t.order.order_id.clone() data-status=t.status.wire_name()>
                            <span><span translate="no">{t.order.customer_name.clone()}</span>" — "{word}</span>
                            <button type="button" class="secondary" data-testid="recall"
                                on:click=move |_| kitchen.recall_at(&id, &station.get_untracked())>{t!(i18n, recall)}</button>
                        </li>
                    }
                }/>
            </ul>
        </details>
    }
}

/// Messages on the topic that are not orders, each with its reason in words and what it began with.
#[component]
pub fn RejectedList() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    // The rejected list changes rarely; a new order must not copy it.
    let newest = Memo::new(move |_| board.with(|b| b.rejected().next().map(|r| r.seq)));
    let rejected = move || {
        let _ = newest.get();
        board.with_untracked(|b| b.rejected().cloned().collect::<Vec<_>>())
    };
    let i18n = use_i18n();
    view! {
        <details class="rejected" data-testid="rejected-panel" data-empty=move || {
            newest.track();
            board.with_untracked(|b| b.rejected().len() == 0).then_some("")
        }>
            <summary>
                {t!(i18n, rejected_messages)}" "
                <span data-testid="rejected-count">{move || {
                    let _ = newest.get();
                    board.with_untracked(|b| b.rejected().len())
                }}</span>
            </summary>
            <ul>
                <For each=rejected key=|r| r.seq children=move |r| view! { <RejectionRow rejection=r/> }/>
            </ul>
        </details>
    }
}

#[component]
fn RejectionRow(rejection: Rejection) -> impl IntoView {
    let i18n = use_i18n();
    let reason = rejection.reason;
    view! {
        <li data-testid="rejected-item">
            <p class="reason" data-testid="rejected-reason">{move || crate::words::rejection(i18n.get_locale(), &reason)}</p>
            <code class="excerpt" translate="no">{rejection.excerpt}</code>
            <span class="topic" translate="no">{rejection.topic}</span>
        </li>
    }
}
