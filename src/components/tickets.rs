//! The tickets: the cards shown (paced under a flood), what a click or a key on them does, and the focus.

use crate::components::card::OrderCard;
use crate::components::wall::{Wall, WallNav};
use crate::devices::Printer;
use crate::domain::ageing::AgeThresholds;
use crate::domain::board::{self, Board, CardPacer, Pace, View};
use crate::domain::keymap::{key_action, plan_key, selected_index, KeyAction, KeyPlan};
use crate::domain::stations::Station;
use crate::domain::ticket::Ticket;
use crate::i18n::*;
use crate::state::{now_ms, ActiveStation, BoardState, Kitchen, Prefs, Search, Selection};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Cards rendered at first: about a full-HD kitchen screen of them. The board keeps far more history;
/// "Show more" and search reach all of it. Every rendered card costs layout on each change, so under a
/// firehose the board stays quick by rendering what a screen shows, not what it holds.
const CARDS_PER_PAGE: usize = 24;
/// A card flashes on arrival only when this few arrive together; in a rush the flashing helps nobody.
const FLASH_AT_MOST: usize = 3;

/// The open tickets shown now, in the order of the screen, with how many match in all.
/// The tickets shown; on the wall (`wall`) always oldest first — the next to make comes first.
fn shown_tickets(
    card_limit: RwSignal<usize>,
    wall: Option<Wall>,
) -> (Memo<(Vec<Ticket>, usize)>, StoredValue<u64>) {
    let BoardState(board) = expect_context::<BoardState>();
    let prefs = expect_context::<Prefs>();
    let query = expect_context::<Search>();
    let ActiveStation(station) = expect_context::<ActiveStation>();
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
        let station = station.get();
        let view = prefs.with(|p| View {
            query: query.get(),
            oldest_first: wall.is_some() || p.oldest_first,
            station,
            done: false,
        });
        cards_due.track();
        let visible = match wall {
            // The wall: one page of whole tickets, laid out by lines (`domain::wall`).
            Some(wall) => {
                let (budget, page) = (wall.budget(), wall.page());
                let mut shown =
                    board.with_untracked(|b| b.wall(&view, budget, page, |id| wall.more(id)));
                let tickets = std::mem::take(&mut shown.tickets);
                let total = shown.before + tickets.len() + shown.after;
                wall.laid_out(shown);
                (tickets, total)
            }
            None => board.with_untracked(|b| b.visible(&view, card_limit.get())),
        };
        let newest = visible.0.iter().map(|t| t.seq).max();
        flash_after.set_value(board::flash_after(
            seen_seq.get_value(),
            &visible.0,
            FLASH_AT_MOST,
        ));
        seen_seq.update_value(|seen| *seen = (*seen).max(newest).or(Some(0)));
        visible
    });
    (visible, flash_after)
}

/// The cards. With `keys`, the kitchen's key map (and a bump bar, which types keys) drives them.
#[component]
pub fn TicketGrid(
    #[prop(optional)] keys: bool,
    /// The key map's shown state, on the wall (its button sits with Undo and Options).
    #[prop(optional)]
    help: Option<RwSignal<bool>>,
) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let kitchen = expect_context::<Kitchen>();
    let selection = expect_context::<Selection>();
    let card_limit = RwSignal::new(CARDS_PER_PAGE);
    let wall = keys.then(|| Wall::start(help.unwrap_or_else(|| RwSignal::new(false))));
    let (visible, flash_after) = shown_tickets(card_limit, wall);
    let ActiveStation(station) = expect_context::<ActiveStation>();
    let thresholds = Signal::derive(move || {
        prefs.with(|p| {
            AgeThresholds::from_minutes(p.warn_minutes, p.late_minutes).unwrap_or_default()
        })
    });
    let ids = move || {
        visible.with_untracked(|(shown, _)| {
            shown
                .iter()
                .map(|t| t.order.order_id.clone())
                .collect::<Vec<_>>()
        })
    };
    let selected_at = move || {
        let ids = ids();
        (
            selection
                .selected()
                .with_untracked(|s| selected_index(&ids, s.as_ref())),
            ids,
        )
    };
    focus_follows_selection(visible, selection, selected_at);
    if let Some(wall) = wall {
        wall.fit_after(visible);
    }
    if keys {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            on_key(
                &ev,
                kitchen,
                selection,
                selected_at,
                wall,
                &station.get_untracked(),
            )
        });
        on_cleanup(move || handle.remove());
    }
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let (_, ids) = selected_at();
        card_action(&ev, kitchen, selection, &ids, &station.get_untracked());
    };
    let area = wall.map_or_else(NodeRef::new, |w| w.area);
    view! {
        <SearchBanner visible/>
        {match wall {
            Some(wall) => view! { <WallNav wall visible/> }.into_any(),
            None => view! { <ShowingNote visible card_limit/> }.into_any(),
        }}
        <div class="cards" id="tickets" data-testid="cards" tabindex="-1" on:click=on_click node_ref=area
            style:grid-template-columns=move || wall.and_then(|w| w.columns_css())
            style:grid-template-rows=move || wall.and_then(|w| w.rows_css())
            data-fitting=move || wall.is_some_and(|w| w.fitting()).then_some("")>
            // One card per place on the screen, kept: a new ticket in a place changes the card's text.
            <For each=move || 0..visible.with(|(shown, _)| shown.len()) key=|i| *i
                children=move |i| {
                    visible.with_untracked(|(shown, _)| shown.get(i).cloned()).map(|first| {
                        // A place about to go (fewer tickets) keeps its last ticket until it does.
                        let ticket = Memo::new(move |last: Option<&Ticket>| {
                            visible
                                .with(|(shown, _)| shown.get(i).cloned())
                                .or_else(|| last.cloned())
                                .unwrap_or_else(|| first.clone())
                        });
                        // On the wall: where it stands, and its 1–9 key.
                        // (The page is brought up to date first: the place is what it laid out.)
                        let place = wall.map(|w| Signal::derive(move || { visible.with(|_| ()); w.place(i) }));
                        let key = wall.and(Some(i + 1)).filter(|k| *k <= 9);
                        view! { <OrderCard ticket thresholds station flash_after place key/> }
                    })
                }
            />
        </div>
    }
}

/// How many of the open orders show, and a button for more (hidden while all of them show).
/// A search in force says so above the tickets, with one tap back to all of them: tickets hidden by a
/// search left in the folded Options must not look like a quiet kitchen.
#[component]
fn SearchBanner(visible: Memo<(Vec<Ticket>, usize)>) -> impl IntoView {
    let search = expect_context::<Search>();
    let BoardState(board) = expect_context::<BoardState>();
    let i18n = use_i18n();
    move || {
        let query = search.get().trim().to_owned();
        (!query.is_empty()).then(|| {
            let text = move || {
                let matching = visible.with(|(_, total)| *total);
                let open = board.with(|b| b.open_count());
                td_string!(i18n.get_locale(), search_active, query = query, matching = matching, open = open)
            };
            view! {
                <p class="banner info filter-banner" role="status" data-testid="filter-banner">
                    {text}" "
                    <button type="button" class="secondary" data-testid="filter-clear"
                        on:click=move |_| search.set(String::new())>{t!(i18n, search_clear)}</button>
                </p>
            }
        })
    }
}

#[component]
fn ShowingNote(visible: Memo<(Vec<Ticket>, usize)>, card_limit: RwSignal<usize>) -> impl IntoView {
    let prefs = expect_context::<Prefs>();
    let i18n = use_i18n();
    view! {
        // The note stays put while its numbers change: orders arriving must not rebuild it each frame.
        <p class="notice subtle" data-testid="showing-note"
            hidden=move || visible.with(|(shown, total)| shown.len() >= *total)>
            {move || visible.with(|(shown, total)| {
                let locale = i18n.get_locale();
                let shown = shown.len();
                match prefs.with(|p| p.oldest_first) {
                    true => td_string!(locale, showing_oldest, shown = shown, total = total).to_string(),
                    false => td_string!(locale, showing_newest, shown = shown, total = total).to_string(),
                }
            })}" "
            <button type="button" class="secondary" data-testid="show-more"
                on:click=move |_| card_limit.update(|n| *n += CARDS_PER_PAGE)>
                {move || visible.with(|(shown, total)| {
                    let more = (total - shown.len()).min(CARDS_PER_PAGE);
                    td_string!(i18n.get_locale(), show_more, count = more).to_string()
                })}
            </button>
        </p>
    }
}

/// After a bump or a key, the selected ticket's card takes the focus once drawn: it never falls to <body>.
fn focus_follows_selection(
    visible: Memo<(Vec<Ticket>, usize)>,
    selection: Selection,
    selected_at: impl Fn() -> (Option<usize>, Vec<String>) + Copy + 'static,
) {
    Effect::new(move |_| {
        visible.with(|_| ());
        // Nothing selected (most of a rush): no ids to gather each time the cards move.
        if selection.selected().with(Option::is_none) {
            return;
        }
        // The selected ticket left (served, cancelled, filtered away): the one in its place takes over.
        let (at, ids) = selected_at();
        if let Some(i) = at {
            if selection
                .selected()
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.id != ids[i]))
            {
                selection.follow(ids[i].clone(), i);
                return;
            }
        }
        // Cards keep their places while tickets move through them: a focused card hands the focus on
        // to wherever its ticket went.
        if selection.focus_requested() || focus_on_a_card() {
            request_animation_frame(move || focus_selected(selection, selected_at()));
        }
    });
}

fn focus_on_a_card() -> bool {
    document()
        .active_element()
        .is_some_and(|e| e.has_attribute("data-order-id"))
}

fn focus_selected(selection: Selection, (at, ids): (Option<usize>, Vec<String>)) {
    selection.take_focus_request();
    let Some(id) = at.and_then(|i| ids.get(i)) else {
        return;
    };
    let cards = document().query_selector_all("[data-testid=cards] > [data-order-id]");
    let Ok(cards) = cards else { return };
    for i in 0..cards.length() {
        let card = cards
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(card) = card.filter(|c| c.get_attribute("data-order-id").as_deref() == Some(id))
        {
            // No scrolling: the ticket is where the cook is looking already.
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = card.focus_with_options(&options);
        }
    }
}

/// Whether a key belongs to what has the focus: typing in a field, or a button's own Enter and Space.
fn key_belongs_to_target(ev: &web_sys::KeyboardEvent, action: KeyAction) -> bool {
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    let typing = matches!(tag.as_str(), "input" | "textarea" | "select")
        || target
            .closest("[contenteditable=true]")
            .ok()
            .flatten()
            .is_some();
    let activates = matches!(tag.as_str(), "button" | "summary" | "a");
    typing || (activates && action == KeyAction::Bump)
}

fn on_key(
    ev: &web_sys::KeyboardEvent,
    kitchen: Kitchen,
    selection: Selection,
    selected_at: impl Fn() -> (Option<usize>, Vec<String>),
    wall: Option<Wall>,
    station: &Station,
) {
    let Some(action) = key_action(&ev.key()) else {
        return;
    };
    if ev.ctrl_key()
        || ev.alt_key()
        || ev.meta_key()
        || ev.default_prevented()
        || key_belongs_to_target(ev, action)
    {
        return;
    }
    ev.prevent_default();
    let (at, ids) = selected_at();
    match plan_key(action, ev.repeat(), at, &ids) {
        KeyPlan::Swallow | KeyPlan::Nothing => return,
        KeyPlan::Bump(id) => kitchen.bump(&id, station),
        KeyPlan::Cancel(id) => kitchen.cancel(&id),
        KeyPlan::RecallLatest => kitchen.recall_latest_at(station),
        KeyPlan::Undo => kitchen.undo(),
        KeyPlan::Clear => selection.clear(),
        KeyPlan::Select { id, at } => return selection.select(id, at),
        KeyPlan::Help => {
            if let Some(wall) = wall {
                wall.toggle_help();
            }
            return;
        }
        // A new page: nothing selected on it yet (a key never reaches a ticket out of sight).
        KeyPlan::Page(pages) => {
            if let Some(wall) = wall {
                wall.turn(pages);
            }
            return selection.clear();
        }
    }
    if let Some((id, at)) = KeyPlan::then_select(action, at, &ids) {
        selection.select(id, at);
    }
}

/// A click on a card selects it; on its Start/Ready/Served or Cancel button it acts too. One listener
/// serves every card, so a card costs no handlers.
fn card_action(
    ev: &leptos::ev::MouseEvent,
    kitchen: Kitchen,
    selection: Selection,
    ids: &[String],
    station: &Station,
) {
    let Some((target, id)) = clicked_card(ev) else {
        return;
    };
    let action = target
        .closest("button[data-action]")
        .ok()
        .flatten()
        .and_then(|b| b.get_attribute("data-action"));
    // A tap on a line of a station's card crosses it off.
    let line = target
        .closest("[data-line]")
        .ok()
        .flatten()
        .and_then(|l| l.get_attribute("data-line"))
        .and_then(|l| l.parse::<u32>().ok())
        .filter(|_| *station != Station::All);
    match action.as_deref() {
        None if line.is_some() => kitchen.cross_line(&id, station, line.unwrap_or_default()),
        Some("bump") => kitchen.bump(&id, station),
        Some("cancel") => kitchen.cancel(&id),
        Some("print") => {
            let BoardState(board) = expect_context::<BoardState>();
            let ticket = board.with_untracked(|b| b.find(&id).cloned());
            expect_context::<Printer>().print(ticket.into_iter().collect());
        }
        _ => {}
    }
    let index = ids.iter().position(|i| *i == id).unwrap_or_default();
    // A keyboard's Enter or Space on a button clicks with no pointer (detail 0): the focus follows the
    // ticket, as it does after a key of the key map. A tap only selects.
    match ev.detail() {
        0 => selection.select(id, index),
        _ => selection.mark(id, index),
    }
}

/// What a click landed on, and the order id of the card it is in (none: not on a card).
pub fn clicked_card(ev: &leptos::ev::MouseEvent) -> Option<(web_sys::Element, String)> {
    let target = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())?;
    let card = target.closest("[data-order-id]").ok().flatten()?;
    let id = card.get_attribute("data-order-id")?;
    Some((target, id))
}
