//! The page's devices as capabilities: the new-order beep (made in the page, no sound file) and the receipt
//! printer. The views that show them (the sound toggle, the print area) live in `components/`.

use crate::domain::ticket::Ticket;
use leptos::prelude::*;
use web_sys::{AudioContext, OscillatorType};

/// Whether to beep, and the audio context (browsers allow one only after a click, so it starts there).
#[derive(Clone, Copy)]
pub struct Alert {
    sound: RwSignal<bool>,
    audio: StoredValue<Option<AudioContext>, LocalStorage>,
}

impl Alert {
    /// `sound`: on as this device left it (its audio starts with the first tap, as browsers require).
    pub fn new(sound: bool) -> Self {
        Alert {
            sound: RwSignal::new(sound),
            audio: StoredValue::new_local(None),
        }
    }

    /// Whether it beeps (tracked).
    pub fn is_on(&self) -> bool {
        self.sound.get()
    }

    pub fn toggle(&self) {
        let on = !self.sound.get_untracked();
        if on && self.audio.with_value(Option::is_none) {
            self.audio.set_value(AudioContext::new().ok());
        }
        self.sound.set(on);
        if on {
            self.ring();
        }
    }

    /// Two short tones; silent when muted or when the browser has no audio.
    pub fn ring(&self) {
        if !self.sound.get_untracked() {
            return;
        }
        // Sound was left on before a reload: the context is made now, and plays once the page was touched.
        if self.audio.with_value(Option::is_none) {
            self.audio.set_value(AudioContext::new().ok());
        }
        self.audio.with_value(|audio| {
            let Some(ctx) = audio else { return };
            if ctx.state() == web_sys::AudioContextState::Suspended {
                let _ = ctx.resume();
            }
            let start = ctx.current_time();
            for (i, freq) in [880.0_f32, 1320.0].into_iter().enumerate() {
                let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
                    return;
                };
                osc.set_type(OscillatorType::Sine);
                osc.frequency().set_value(freq);
                gain.gain().set_value(0.08);
                let at = start + i as f64 * 0.12;
                let wired = osc
                    .connect_with_audio_node(&gain)
                    .and_then(|_| gain.connect_with_audio_node(&ctx.destination()));
                if wired.is_ok() {
                    let _ = osc.start_with_when(at);
                    let _ = osc.stop_with_when(at + 0.1);
                }
            }
        });
    }
}

impl Default for Alert {
    fn default() -> Self {
        Alert::new(false)
    }
}

/// The tickets on paper next, and the capability to print them.
#[derive(Clone, Copy)]
pub struct Printer {
    tickets: RwSignal<Vec<Ticket>>,
}

impl Printer {
    pub fn new() -> Self {
        Printer {
            tickets: RwSignal::new(Vec::new()),
        }
    }

    /// The tickets in the print area (tracked: the area follows it).
    pub fn queued(&self) -> Vec<Ticket> {
        self.tickets.get()
    }

    /// Puts `tickets` in the print area and opens the browser's print once they are drawn (a kiosk
    /// browser started with `--kiosk-printing` prints at once, without asking).
    pub fn print(&self, tickets: Vec<Ticket>) {
        if tickets.is_empty() {
            return;
        }
        self.tickets.set(tickets);
        request_animation_frame(|| {
            // A browser that cannot print (none attached) says so itself; the ticket stays on screen.
            window().print().ok();
        });
    }
}

impl Default for Printer {
    fn default() -> Self {
        Printer::new()
    }
}
