//! The random generator panel: N orders at an interval with an optional seed; progress, counts and rate.

use crate::domain::run::{GeneratorRun, RunConfig, RunState, MAX_ORDERS};
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
    let error = RwSignal::new(None::<String>);
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
            <h2 id="generator-title">"Random order generator"</h2>
            <div class="gen-grid">
                <label>
                    "Orders"
                    <input type="number" min="1" max=MAX_ORDERS data-testid="gen-count"
                        prop:value=move || count.get() on:input=field(count)/>
                </label>
                <label>
                    "Interval (s)"
                    <input type="number" min="0" step="any" data-testid="gen-interval"
                        prop:value=move || interval.get() on:input=field(interval)/>
                </label>
                <label>
                    "Seed (optional)"
                    <input type="text" inputmode="numeric" data-testid="gen-seed" placeholder="random"
                        prop:value=move || seed.get() on:input=field(seed)/>
                </label>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <div class="gen-buttons">
                <button type="submit" data-testid="gen-start" disabled=active>"Start"</button>
                <button
                    type="button"
                    data-testid="gen-pause"
                    disabled=move || !active()
                    on:click=move |_| {
                        if state() == Some(RunState::Paused) { control.resume() } else { control.pause() }
                    }
                >
                    {move || if state() == Some(RunState::Paused) { "Resume" } else { "Pause" }}
                </button>
                <button type="button" data-testid="gen-stop" disabled=move || !active()
                    on:click=move |_| control.stop()>
                    "Stop"
                </button>
            </div>
            <GeneratorProgress run money/>
        </form>
    }
}

/// The run under way or last made: how far it got, the last order sent, and the counts and rate.
#[component]
fn GeneratorProgress(run: ReadSignal<Option<GeneratorRun>>, money: Money) -> impl IntoView {
    move || {
        run.with(|r| {
            r.as_ref().map(|r| {
                let last = r.last.as_ref().map(|o| {
                    let instructions = o.special_instructions.as_deref();
                    format!(
                        "{} · {} · {}{}",
                        o.customer_name,
                        o.items_text(),
                        money.text(o.total_amount),
                        instructions.map(|i| format!(" · {i}")).unwrap_or_default(),
                    )
                });
                let state_text = match r.state() {
                    RunState::Running => "running",
                    RunState::Paused => "paused",
                    RunState::Stopped => "stopped",
                    RunState::Finished => "finished",
                };
                view! {
                    <div class="gen-progress" data-testid="gen-progress" data-state=state_text>
                        <p>
                            <strong data-testid="gen-progress-text">{r.progress_text()}</strong>
                            " — " {state_text}
                        </p>
                        <progress max=r.total() value=r.produced aria-label="Generator progress"></progress>
                        <p class="gen-last" data-testid="gen-last">{last}</p>
                        <p class="gen-counts">
                            "Published " <span data-testid="gen-published">{r.produced}</span>
                            " · acknowledged " <span data-testid="gen-acknowledged">{r.acknowledged}</span>
                            " · failed " <span data-testid="gen-failed">{r.failed}</span>
                            " · " {format!("{} orders/s", r.rate_text())}
                        </p>
                    </div>
                }
            })
        })
    }
}
