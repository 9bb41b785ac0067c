//! The board's tools: search, sort, station, the minutes at which tickets turn yellow and red, how many
//! orders to keep, sound, CSV export and "Undo".

use crate::components::alert::AlertToggle;
use crate::components::day::{EndOfDay, PrintNewToggle};
use crate::domain::ageing::AgeThresholds;
use crate::domain::csv::to_csv;
use crate::domain::history::Record;
use crate::domain::rules;
use crate::domain::stations::Station;
use crate::domain::stats::Today;
use crate::i18n::*;
use crate::restaurant::ActiveMenu;
use crate::state::{
    ActiveStation, BoardState, Clock, HistoryLimit, Kitchen, Prefs, Search, MAX_HISTORY,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn BoardTools(
    /// The kitchen wall: always oldest first (the next ticket to make first), so no sort toggle.
    #[prop(optional)]
    wall: bool,
) -> impl IntoView {
    let handle = expect_context::<Prefs>();
    let prefs = handle;
    let search = expect_context::<Search>();
    let query = search;
    let menu = expect_context::<ActiveMenu>();
    let ActiveStation(station) = expect_context::<ActiveStation>();
    let oldest_first = move || prefs.with(|p| p.oldest_first);
    let i18n = use_i18n();
    let say = move |key: fn(Locale) -> &'static str| move || key(i18n.get_locale());
    let on_station = move |ev| {
        let value = event_target_value(&ev);
        let station = match value.is_empty() {
            true => Station::All,
            false => Station::Only(value),
        };
        handle.set_station(&station);
    };
    view! {
        <div class="board-tools">
            <input type="search" placeholder=say(|l| td_string!(l, search_placeholder))
                aria-label=say(|l| td_string!(l, search_label))
                data-testid="search" prop:value=move || query.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            {(!wall).then(|| view! {
                <button type="button" data-testid="sort-toggle" aria-pressed=move || oldest_first().to_string()
                    on:click=move |_| handle.toggle_sort()>
                    {move || match oldest_first() {
                        true => td_string!(i18n.get_locale(), oldest_first),
                        false => td_string!(i18n.get_locale(), newest_first),
                    }}
                </button>
            })}
            <label>
                {t!(i18n, station)}
                <select data-testid="station" on:change=on_station
                    prop:value=move || match station.get() {
                        Station::All => String::new(),
                        Station::Only(category) => category,
                    }>
                    <option value="">{t!(i18n, station_all)}</option>
                    {move || menu.menu().with(|m| crate::domain::stations::choices(m).into_iter().map(|c| {
                        view! { <option value=c.clone() translate="no">{c.clone()}</option> }
                    }).collect_view())}
                </select>
            </label>
            <AgeMinutes/>
            <KeepLimit/>
            <AlertToggle/>
            <ExportCsv/>
            <PrintNewToggle/>
            <UndoButton/>
            <EndOfDay/>
        </div>
    }
}

/// Yellow and red minutes: a pair that cannot work is refused in words and the fields keep what is in use.
#[component]
fn AgeMinutes() -> impl IntoView {
    let handle = expect_context::<Prefs>();
    let prefs = handle;
    let error = RwSignal::new(None::<String>);
    let i18n = use_i18n();
    let change = move |yellow: bool| {
        move |ev: leptos::ev::Event| {
            let current = prefs.with_untracked(|p| (p.warn_minutes, p.late_minutes));
            match AgeThresholds::edit_minutes(current, yellow, &event_target_value(&ev)) {
                Ok((warn, late)) => {
                    error.set(None);
                    handle.set_minutes((warn, late));
                }
                Err(reason) => {
                    error.set(Some(reason));
                    let kept = prefs.with_untracked(|p| {
                        if yellow {
                            p.warn_minutes
                        } else {
                            p.late_minutes
                        }
                    });
                    event_target::<web_sys::HtmlInputElement>(&ev).set_value(&kept.to_string());
                }
            }
        }
    };
    view! {
        <label>
            {t!(i18n, yellow_at)}
            <input type="number" min="1" max="239" class="tiny" data-testid="warn-minutes"
                aria-label=move || td_string!(i18n.get_locale(), yellow_at_label)
                prop:value=move || prefs.with(|p| p.warn_minutes.to_string()) on:change=change(true)/>
            {t!(i18n, min_red_at)}
            <input type="number" min="2" max="240" class="tiny" data-testid="late-minutes"
                aria-label=move || td_string!(i18n.get_locale(), red_at_label)
                prop:value=move || prefs.with(|p| p.late_minutes.to_string()) on:change=change(false)/>
            {t!(i18n, minutes_short)}
        </label>
        {move || error.get().map(|reason| view! {
            <p class="field-error" role="alert" data-testid="threshold-error">{reason}</p>
        })}
    }
}

#[component]
fn KeepLimit() -> impl IntoView {
    let limit = expect_context::<HistoryLimit>();
    let history = limit;
    let on_change = move |ev| limit.set_typed(&event_target_value(&ev));
    let i18n = use_i18n();
    view! {
        <label>
            {t!(i18n, keep)}
            <input type="number" min="1" max=MAX_HISTORY class="narrow" data-testid="history-limit"
                prop:value=move || history.get().to_string() on:change=on_change/>
            {t!(i18n, keep_orders)}
        </label>
    }
}

/// "Undo" for the last bump or cancel made here, for a few seconds, saying what it takes back.
#[component]
pub fn UndoButton() -> impl IntoView {
    let kitchen = expect_context::<Kitchen>();
    let Clock(now) = expect_context::<Clock>();
    let i18n = crate::i18n::use_i18n();
    let last = move || {
        let last = kitchen.last_change().get();
        rules::undo_offered(last.as_ref(), now.get()).cloned()
    };
    move || {
        last().map(|change| {
        let what = crate::words::undo(i18n.get_locale(), &change);
        view! {
            <button type="button" data-testid="undo-bump" on:click=move |_| kitchen.undo()>{what}</button>
        }
    })
    }
}

/// Today's orders as CSV, from the history: what was cleared off the board was still sold.
#[component]
pub fn ExportCsv() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let history = expect_context::<crate::history::History>();
    let failed = RwSignal::new(None::<String>);
    let save = |mut records: Vec<crate::domain::history::Record>| {
        records.sort_by(|a, b| (a.received, &a.id).cmp(&(b.received, &b.id)));
        let day = crate::domain::time::to_iso8601(crate::state::now_ms());
        download(
            &format!("orders-{}.csv", &day[..10]),
            "text/csv",
            &to_csv(&records),
        );
    };
    let export = move |_| {
        failed.set(None);
        if !history.is_on() {
            // The benchmark's switch: the board's own tickets.
            save(board.with_untracked(|b| b.tickets().filter_map(Record::of).collect()));
            return;
        }
        let from = history.today().with_untracked(Today::from);
        leptos::task::spawn_local(async move {
            match history.records(from, i64::MAX).await {
                Ok(records) => save(records),
                Err(why) => failed.set(Some(why)),
            }
        });
    };
    let i18n = use_i18n();
    view! {
        <button type="button" class="secondary" data-testid="export-csv" on:click=export>{t!(i18n, export_csv)}</button>
        {move || failed.get().map(|why| view! {
            <p class="problem" role="alert" data-testid="export-failed">{t!(i18n, export_failed, why = why.clone())}</p>
        })}
    }
}

pub fn download(name: &str, mime: &str, text: &str) {
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
