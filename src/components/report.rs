//! The speed-of-service report (`?view=report`): a period's orders, takings and times to ready from the
//! history, as figures, two charts (inline SVG, each with its table beside it) and tables per station and
//! per dish, and the history's CSV. Worked out by `domain::report`; this only reads and shows.

use crate::domain::history::Record;
use crate::domain::report::{bar_heights, duration_text, report, HourRow, Named, Period, Report};
use crate::history::History;
use crate::i18n::*;
use crate::state::{local_offset_minutes, now_ms, Prefs};
use leptos::prelude::*;

/// Which period the report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    Today,
    /// A local day, by its midnight.
    Day(i64),
    Week,
    /// As far back as the history goes.
    Quarter,
}

impl Span {
    /// `last_close`: when the day was last closed (any board), where "today" starts when it is after
    /// midnight.
    fn period(self, now: i64, last_close: Option<i64>) -> Period {
        let offset = local_offset_minutes(now);
        match self {
            Span::Today => Period::today(now, offset, last_close),
            Span::Day(at) => Period::day_of(at, local_offset_minutes(at)),
            Span::Week => Period::last_days(now, 7, offset),
            Span::Quarter => Period::last_days(now, crate::domain::history::KEEP_DAYS, offset),
        }
    }
}

#[component]
pub fn ReportScreen() -> impl IntoView {
    let history = expect_context::<History>();
    let prefs = expect_context::<Prefs>();
    let crate::state::BoardState(board) = expect_context::<crate::state::BoardState>();
    let span = RwSignal::new(Span::Today);
    let loaded = RwSignal::new(None::<Result<(Period, i64, Vec<Record>), String>>);
    let load = move || {
        let now = now_ms();
        let last_close = board.with_untracked(|b| b.last_close());
        let period = span.get_untracked().period(now, last_close);
        loaded.set(None);
        leptos::task::spawn_local(async move {
            let read = history.records(period.from, period.to).await;
            loaded.set(Some(read.map(|records| (period, now, records))));
        });
    };
    Effect::new(move |_| {
        span.track();
        load();
    });
    let figures = Memo::new(move |_| {
        let late_ms = prefs.with(|p| p.late_minutes) * 60_000;
        loaded.with(|l| match l {
            Some(Ok((period, now, records))) => Some(Ok(report(
                records,
                *period,
                late_ms,
                local_offset_minutes(*now),
                *now,
            ))),
            Some(Err(why)) => Some(Err(why.clone())),
            None => None,
        })
    });
    let records = Signal::derive(move || {
        loaded.with(|l| match l {
            Some(Ok((_, _, records))) => records.clone(),
            _ => Vec::new(),
        })
    });
    view! {
        <main class="report" data-testid="report">
            <ReportControls span on_refresh=Callback::new(move |()| load()) records/>
            {move || match figures.get() {
                None => view! { <ReportLoading/> }.into_any(),
                Some(Err(why)) => view! { <ReportFailed why/> }.into_any(),
                Some(Ok(report)) => view! { <ReportBody report/> }.into_any(),
            }}
        </main>
    }
}

#[component]
fn ReportLoading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="report-status" role="status" data-testid="report-status">{t!(i18n, report_loading)}</p> }
}

#[component]
fn ReportFailed(why: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="error" role="alert" data-testid="report-status">
            {move || td_string!(i18n.get_locale(), report_failed, why = why.clone()).to_string()}
        </p>
    }
}

#[component]
fn ReportControls(
    span: RwSignal<Span>,
    on_refresh: Callback<()>,
    records: Signal<Vec<Record>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |ev: leptos::ev::Event| {
        span.set(match event_target_value(&ev).as_str() {
            "week" => Span::Week,
            "quarter" => Span::Quarter,
            "day" => Span::Day(now_ms() - 24 * 60 * 60 * 1000),
            _ => Span::Today,
        });
    };
    let pick_day = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        // The picked date's local noon: its local day, whatever the time zone.
        if let Some(noon) = crate::domain::time::parse_iso8601(&format!("{text}T12:00:00Z")) {
            span.set(Span::Day(noon - local_offset_minutes(noon) * 60_000));
        }
    };
    let day_value = move || match span.get() {
        Span::Day(at) => {
            crate::domain::time::to_iso8601(at + local_offset_minutes(at) * 60_000)[..10].to_owned()
        }
        _ => String::new(),
    };
    let download = move |_| {
        let csv = records.with(|r| crate::domain::csv::history_csv(r.iter()));
        let day = crate::domain::time::to_iso8601(now_ms());
        crate::components::board_tools::download(
            &format!("history-{}.csv", &day[..10]),
            "text/csv",
            &csv,
        );
    };
    let money = expect_context::<crate::restaurant::Money>();
    let for_sheet = move |_| {
        let sheet = crate::domain::csv::Spreadsheet {
            decimal_comma: money.decimal_comma(),
            offset_minutes: local_offset_minutes(now_ms()),
        };
        let csv = records.with(|r| crate::domain::csv::history_for_spreadsheet(r.iter(), sheet));
        let day = crate::domain::time::to_iso8601(now_ms());
        crate::components::board_tools::download(
            &format!("history-{}-spreadsheet.csv", &day[..10]),
            "text/csv;charset=utf-8",
            &csv,
        );
    };
    let print = move |_| {
        window().print().ok();
    };
    view! {
        <div class="report-controls">
            <h2>{t!(i18n, report_title)}</h2>
            <label>{t!(i18n, report_period)}
                <select data-testid="report-period" on:change=choose>
                    <option value="today">{t!(i18n, report_today)}</option>
                    <option value="day">{t!(i18n, report_day)}</option>
                    <option value="week">{t!(i18n, report_week)}</option>
                    <option value="quarter">{t!(i18n, report_quarter)}</option>
                </select>
            </label>
            <Show when=move || matches!(span.get(), Span::Day(_))>
                <label>{t!(i18n, report_date)}
                    <input type="date" data-testid="report-date" prop:value=day_value on:change=pick_day/>
                </label>
            </Show>
            <button type="button" class="secondary" data-testid="report-refresh" on:click=move |_| on_refresh.run(())>{t!(i18n, report_refresh)}</button>
            <button type="button" class="secondary" data-testid="report-csv" on:click=download>{t!(i18n, report_csv)}</button>
            <button type="button" class="secondary" data-testid="report-sheet" on:click=for_sheet>{t!(i18n, report_sheet)}</button>
            <button type="button" class="secondary" data-testid="report-print" on:click=print>{t!(i18n, report_print)}</button>
        </div>
    }
}

#[component]
fn ReportBody(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let money = expect_context::<crate::restaurant::Money>();
    let spread_text = |ms: Option<i64>| ms.map_or_else(|| "—".to_owned(), duration_text);
    let late_share = match report.late_of {
        0 => "—".to_owned(),
        of => format!("{}%", (report.late * 100 + of / 2) / of),
    };
    let (late, late_of, unknown) = (report.late, report.late_of, report.unknown_ready);
    let empty = report.orders == 0;
    view! {
        <dl class="report-figures">
            <div><dt>{t!(i18n, report_orders)}</dt><dd data-testid="report-orders">{report.orders}</dd></div>
            <div><dt>{t!(i18n, report_revenue)}</dt><dd data-testid="report-revenue">{money.text(report.revenue)}</dd></div>
            <div><dt>{t!(i18n, report_median)}</dt><dd data-testid="report-median-ready">{spread_text(report.ready.median)}</dd></div>
            <div><dt>{t!(i18n, report_p90)}</dt><dd data-testid="report-p90-ready">{spread_text(report.ready.p90)}</dd></div>
            <div>
                <dt>{t!(i18n, report_late)}</dt>
                <dd data-testid="report-late">{late_share}
                    <small>{move || td_string!(i18n.get_locale(), report_late_of, late = late, of = late_of).to_string()}</small>
                </dd>
            </div>
            <div><dt>{t!(i18n, report_cancelled)}</dt><dd data-testid="report-cancelled">{report.cancelled}</dd></div>
        </dl>
        <Show when=move || empty>
            <p class="report-status" data-testid="report-empty">{t!(i18n, report_empty)}</p>
        </Show>
        <Show when=move || { unknown > 0 }>
            <p class="report-note" data-testid="report-unknown">
                {move || td_string!(i18n.get_locale(), report_unknown, count = unknown).to_string()}
            </p>
        </Show>
        <HourSection hours=report.hours/>
        <NamedTable title="stations" rows=report.stations/>
        <NamedTable title="dishes" rows=report.dishes/>
    }
}

const CHART_HEIGHT: u32 = 120;
const BAR: u32 = 24;

/// Orders per hour and the median time to ready per hour: two bar charts and the table they draw.
#[component]
fn HourSection(hours: Vec<HourRow>) -> impl IntoView {
    let i18n = use_i18n();
    let money = expect_context::<crate::restaurant::Money>();
    let orders: Vec<u64> = hours.iter().map(|h| u64::from(h.orders)).collect();
    let ready: Vec<u64> = hours
        .iter()
        .map(|h| h.ready.median.unwrap_or(0).max(0) as u64)
        .collect();
    let labels: Vec<u8> = hours.iter().map(|h| h.hour).collect();
    let rows = hours
        .into_iter()
        .map(|h| {
            let cell = |ms: Option<i64>| ms.map_or_else(|| "—".to_owned(), duration_text);
            view! {
                <tr>
                    <th scope="row">{format!("{:02}:00", h.hour)}</th>
                    <td>{h.orders}</td>
                    <td>{money.text(h.revenue)}</td>
                    <td>{cell(h.ready.median)}</td>
                    <td>{cell(h.ready.p90)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="report-section" aria-labelledby="report-hours">
            <h3 id="report-hours">{t!(i18n, report_hours)}</h3>
            <div class="report-charts">
                <BarChart values=orders labels=labels.clone() ready=false/>
                <BarChart values=ready labels ready=true/>
            </div>
            <table class="report-table" data-testid="report-hours">
                <thead><tr>
                    <th scope="col">{t!(i18n, report_hour)}</th>
                    <th scope="col">{t!(i18n, report_orders)}</th>
                    <th scope="col">{t!(i18n, report_revenue)}</th>
                    <th scope="col">{t!(i18n, report_col_median)}</th>
                    <th scope="col">{t!(i18n, report_col_p90)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// One bar per hour, its hour under it. Hidden from screen readers: the table beside it says the same.
#[component]
fn BarChart(values: Vec<u64>, labels: Vec<u8>, ready: bool) -> impl IntoView {
    let i18n = use_i18n();
    let caption = move || match ready {
        true => td_string!(i18n.get_locale(), report_chart_ready).to_string(),
        false => td_string!(i18n.get_locale(), report_chart_orders).to_string(),
    };
    let testid = if ready {
        "report-chart-ready"
    } else {
        "report-chart-orders"
    };
    let heights = bar_heights(&values, CHART_HEIGHT);
    let width = (heights.len() as u32 * BAR).max(BAR);
    let bars = heights
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(i, (h, hour))| {
            let x = i as u32 * BAR;
            view! {
                <rect x=(x + 2).to_string() y=(CHART_HEIGHT - h).to_string() width=(BAR - 4).to_string() height=h.to_string()/>
                <text x=(x + BAR / 2).to_string() y=(CHART_HEIGHT + 14).to_string() text-anchor="middle">{format!("{hour:02}")}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="report-chart">
            <figcaption>{caption}</figcaption>
            <svg data-testid=testid aria-hidden="true"
                viewBox=format!("0 0 {width} {}", CHART_HEIGHT + 18) preserveAspectRatio="xMinYMax meet">
                {bars}
            </svg>
        </figure>
    }
}

/// Per station or per dish: how many, and how fast.
#[component]
fn NamedTable(title: &'static str, rows: Vec<Named>) -> impl IntoView {
    let i18n = use_i18n();
    let stations = title == "stations";
    let body = rows
        .into_iter()
        .map(|n| {
            let cell = |ms: Option<i64>| ms.map_or_else(|| "—".to_owned(), duration_text);
            view! {
                <tr>
                    // Restaurant data, shown as the menu and the orders name it.
                    <th scope="row" translate="no">{n.name}</th>
                    <td>{n.count}</td>
                    <td>{cell(n.ready.median)}</td>
                    <td>{cell(n.ready.p90)}</td>
                </tr>
            }
        })
        .collect_view();
    let heading = move || match stations {
        true => td_string!(i18n.get_locale(), report_stations).to_string(),
        false => td_string!(i18n.get_locale(), report_dishes).to_string(),
    };
    let name = move || match stations {
        true => td_string!(i18n.get_locale(), report_station).to_string(),
        false => td_string!(i18n.get_locale(), report_dish).to_string(),
    };
    let count = move || match stations {
        true => td_string!(i18n.get_locale(), report_parts).to_string(),
        false => td_string!(i18n.get_locale(), report_sold).to_string(),
    };
    view! {
        <section class="report-section">
            <h3>{heading}</h3>
            <table class="report-table" data-testid=format!("report-{title}")>
                <thead><tr>
                    <th scope="col">{name}</th>
                    <th scope="col">{count}</th>
                    <th scope="col">{t!(i18n, report_col_median)}</th>
                    <th scope="col">{t!(i18n, report_col_p90)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </section>
    }
}
