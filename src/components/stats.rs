//! The stats panel: today's orders in the last hour, takings, average time to ready, and a 30-minute
//! order-rate chart — from the history, so clearing finished tickets changes none of it.

use crate::domain::stats::{stats, Brief, CHART_MINUTES};
use crate::i18n::*;
use crate::state::{now_ms, BoardState};
use leptos::prelude::*;
use std::time::Duration;

const BAR_WIDTH: usize = 8;
const CHART_HEIGHT: u32 = 60;

/// When the figures are worked out: every 10 seconds (the last hour moves on), and within a second of new
/// orders — not per order: the figures walk every order of the day, and a flood notes every frame.
fn figures_clock(today: ReadSignal<crate::domain::stats::Today>) -> RwSignal<i64> {
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(10))
    {
        on_cleanup(move || handle.clear());
    }
    let soon = StoredValue::new(false);
    Effect::new(move |_| {
        today.track();
        if !soon.get_value() {
            soon.set_value(true);
            set_timeout(
                // The panel may be gone by then: nothing to bring up to date.
                move || {
                    soon.try_set_value(false);
                    now.try_set(now_ms());
                },
                Duration::from_secs(1),
            );
        }
    });
    now
}

#[component]
pub fn StatsPanel() -> impl IntoView {
    let BoardState(board) = expect_context::<BoardState>();
    let money = expect_context::<crate::restaurant::Money>();
    let i18n = use_i18n();
    let history = expect_context::<crate::history::History>();
    let today = history.today();
    let now = figures_clock(today);
    // The takings follow each order (a sum kept as orders come); the rest walks every order, so waits
    // for the clock.
    let takings = move || match history.is_on() {
        true => today.with(crate::domain::stats::Today::revenue),
        false => board.with(|b| b.revenue()),
    };
    let figures = Memo::new(move |_| {
        let now = now.get();
        match history.is_on() {
            true => today.with_untracked(|t| t.stats(now)),
            false => board.with_untracked(|b| stats(b.tickets().filter_map(Brief::of_ticket), now)),
        }
    });
    let bars = move || {
        let per_minute = figures.with(|f| f.per_minute);
        let peak = per_minute.iter().copied().max().unwrap_or(0).max(1);
        per_minute
            .into_iter()
            .enumerate()
            .map(|(i, count)| {
                let height = count * CHART_HEIGHT / peak;
                view! {
                    <rect
                        x=(i * BAR_WIDTH).to_string()
                        y=(CHART_HEIGHT - height).to_string()
                        width=(BAR_WIDTH - 2).to_string()
                        height=height.to_string()
                        data-count=count
                    >
                        <title>{move || td_string!(i18n.get_locale(), chart_bar, minutes = CHART_MINUTES - 1 - i, count = count).to_string()}</title>
                    </rect>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel stats-panel" aria-labelledby="stats-title">
            <h2 id="stats-title">{t!(i18n, stats_title)}</h2>
            <dl class="figures">
                <dt>{t!(i18n, stats_orders_hour)}</dt>
                <dd data-testid="stats-per-hour">{move || figures.with(|f| f.orders_last_hour)}</dd>
                <dt>{t!(i18n, stats_revenue)}</dt>
                <dd data-testid="stats-revenue">{move || money.text(takings())}</dd>
                <dt>{t!(i18n, stats_avg_ready)}</dt>
                <dd data-testid="stats-ready">
                    {move || figures.with(|f| f.avg_to_ready_ms.map_or("—".to_owned(), |ms| {
                        format!("{}:{:02}", ms / 60_000, ms % 60_000 / 1000)
                    }))}
                </dd>
            </dl>
            <svg
                class="chart"
                data-testid="rate-chart"
                role="img"
                aria-label=move || td_string!(i18n.get_locale(), chart_caption)
                viewBox=format!("0 0 {} {CHART_HEIGHT}", CHART_MINUTES * BAR_WIDTH)
                preserveAspectRatio="none"
            >
                {bars}
            </svg>
            <p class="chart-caption">{t!(i18n, chart_caption)}</p>
        </section>
    }
}
