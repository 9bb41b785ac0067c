//! The random generator panel: N orders at an interval with an optional seed; progress, counts and rate.

use crate::domain::run::{
    GeneratorRun, RunConfig, RunConfigError, RunState, MAX_INTERVAL_SECS, MAX_ORDERS,
};
use crate::i18n::*;
use crate::restaurant::Money;
use crate::state::GeneratorControl;
use leptos::prelude::*;

/// The form: how many orders, how often, from which seed; Start, Pause/Resume and Stop; then the progress.
#[component]
pub fn GeneratorPanel() -> impl IntoView {
    let control = expect_context::<GeneratorControl>();
    let menu = expect_context::<crate::restaurant::ActiveMenu>();
    let money = expect_context::<Money>();
    let run = control.run();
    let count = RwSignal::new("25".to_owned());
    let interval = RwSignal::new("1".to_owned());
    let seed = RwSignal::new(String::new());
    let seed_only = RwSignal::new(false);
    let error = RwSignal::new(None::<RunConfigError>);
    let i18n = use_i18n();
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let random_seed = (js_sys::Math::random() * u64::MAX as f64) as u64;
        let typed = RunConfig::from_form(
            &count.get_untracked(),
            &interval.get_untracked(),
            &seed.get_untracked(),
            random_seed,
        );
        match typed {
            Ok(config) => {
                error.set(None);
                let config = config.seed_only(seed_only.get_untracked());
                control.start(config, menu.menu().get_untracked());
            }
            Err(reason) => error.set(Some(reason)),
        }
    };
    let state = move || run.with(|r| r.as_ref().map(|r| r.state()));
    let active = move || matches!(state(), Some(RunState::Running | RunState::Paused));
    let field = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));

    view! {
        <form class="panel generator" aria-labelledby="generator-title" on:submit=start novalidate>
            <h2 id="generator-title">{t!(i18n, generator_title)}</h2>
            <div class="gen-grid">
                <label>
                    {t!(i18n, gen_orders)}
                    <input type="number" min="1" max=MAX_ORDERS data-testid="gen-count"
                        prop:value=move || count.get() on:input=field(count)/>
                </label>
                <label>
                    {t!(i18n, gen_interval)}
                    <input type="number" min="0" step="any" data-testid="gen-interval"
                        prop:value=move || interval.get() on:input=field(interval)/>
                </label>
                <label>
                    {t!(i18n, gen_seed)}
                    <input type="text" inputmode="numeric" data-testid="gen-seed"
                        placeholder=move || td_string!(i18n.get_locale(), gen_seed_random)
                        prop:value=move || seed.get() on:input=field(seed)/>
                </label>
            </div>
            <SeedOnlyChoice seed_only/>
            {move || error.get().map(|e| view! {
                <p class="field-error" role="alert">{move || refused(i18n.get_locale(), e)}</p>
            })}
            <div class="gen-buttons">
                <button type="submit" data-testid="gen-start" disabled=active>{t!(i18n, gen_start)}</button>
                <button
                    type="button"
                    data-testid="gen-pause"
                    disabled=move || !active()
                    on:click=move |_| {
                        if state() == Some(RunState::Paused) { control.resume() } else { control.pause() }
                    }
                >
                    {move || match state() == Some(RunState::Paused) {
                        true => td_string!(i18n.get_locale(), gen_resume),
                        false => td_string!(i18n.get_locale(), gen_pause),
                    }}
                </button>
                <button type="button" data-testid="gen-stop" disabled=move || !active()
                    on:click=move |_| control.stop()>
                    {t!(i18n, gen_stop)}
                </button>
            </div>
            <GeneratorProgress run money/>
        </form>
    }
}

/// "Seed format only", and while it is ticked what that costs: the orders count as real ones.
#[component]
fn SeedOnlyChoice(seed_only: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check">
            <input type="checkbox" data-testid="seed-only" aria-describedby="seed-only-note"
                prop:checked=move || seed_only.get()
                on:change=move |ev| seed_only.set(event_target_checked(&ev))/>
            {t!(i18n, gen_seed_only)}
        </label>
        {move || seed_only.get().then(|| view! {
            <p class="notice" id="seed-only-note" data-testid="seed-only-note">{t!(i18n, gen_seed_only_note)}</p>
        })}
    }
}

/// The run under way or last made: how far it got, the last order sent, and the counts and rate.
#[component]
fn GeneratorProgress(run: ReadSignal<Option<GeneratorRun>>, money: Money) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        run.with(|r| {
            r.as_ref().map(|r| {
                let last = r.last.as_ref().map(|o| {
                    let instructions = o.special_instructions.as_deref();
                    view! {
                        <span translate="no">{o.customer_name.clone()}</span>" · "
                        {td_string!(locale, items, count = o.item_count()).to_string()}" · "
                        {money.text(o.total_amount)}
                        <span translate="no">{instructions.map(|i| format!(" · {i}"))}</span>
                    }
                });
                let (state_slug, state_text) = match r.state() {
                    RunState::Running => ("running", td_string!(locale, gen_running)),
                    RunState::Paused => ("paused", td_string!(locale, gen_paused)),
                    RunState::Stopped => ("stopped", td_string!(locale, gen_stopped)),
                    RunState::Finished => ("finished", td_string!(locale, gen_finished)),
                };
                view! {
                    <div class="gen-progress" data-testid="gen-progress" data-state=state_slug>
                        <p>
                            <strong data-testid="gen-progress-text">
                                {td_string!(locale, gen_progress, done = r.produced, total = r.total()).to_string()}
                            </strong>
                            " — " {state_text}
                        </p>
                        <progress max=r.total() value=r.produced aria-label=td_string!(locale, gen_progress_label)></progress>
                        <p class="gen-last" data-testid="gen-last">{last}</p>
                        <p class="gen-counts">
                            {td_string!(locale, gen_published)}" " <span data-testid="gen-published">{r.produced}</span>
                            " · "{td_string!(locale, gen_acknowledged)}" " <span data-testid="gen-acknowledged">{r.acknowledged}</span>
                            " · "{td_string!(locale, gen_failed)}" " <span data-testid="gen-failed">{r.failed}</span>
                            " · " {td_string!(locale, gen_rate, rate = r.rate_text()).to_string()}
                        </p>
                    </div>
                }
            })
        })
    }
}

/// What to change in the generator's form.
fn refused(locale: Locale, error: RunConfigError) -> String {
    match error {
        RunConfigError::Count => td_string!(locale, gen_bad_count, max = MAX_ORDERS).to_string(),
        RunConfigError::Interval => {
            td_string!(locale, gen_bad_interval, max = MAX_INTERVAL_SECS).to_string()
        }
        RunConfigError::Seed => td_string!(locale, gen_bad_seed).to_string(),
    }
}
