//! This device's counter letter and the numbers it hands out ("A47", see `domain::counter`): the letter is
//! taken once the connection has brought the other counters' retained claims, kept on the device, and
//! announced again after each connect; the day's sequence is kept on the device too.

use crate::domain::counter::{local_day, order_number, Claim, Claims, CounterLetter, Sequence};
use crate::domain::topics::Topics;
use crate::state::{now_ms, Kitchen};
use crate::storage::{self, Key};
use leptos::prelude::*;

/// How long a connection runs before a letter is taken: the retained claims arrive right after the
/// subscription, well within it.
const HEAR_CLAIMS_MS: i64 = 1_500;

/// The capability to number orders placed here, and this device's letter to show.
#[derive(Clone, Copy)]
pub struct Counter {
    claims: StoredValue<Claims>,
    mine: RwSignal<Option<CounterLetter>>,
    /// Since when the connection is up (`None` while down), and whether the letter went out on it.
    connected_at: StoredValue<Option<i64>>,
    announced: StoredValue<bool>,
    device: ReadSignal<String>,
    topics: Signal<Topics>,
    kitchen: Kitchen,
}

impl Counter {
    pub fn new(device: ReadSignal<String>, topics: Signal<Topics>, kitchen: Kitchen) -> Self {
        Counter {
            claims: StoredValue::new(Claims::default()),
            mine: RwSignal::new(storage::load(Key::CounterLetter)),
            connected_at: StoredValue::new(None),
            announced: StoredValue::new(false),
            device,
            topics,
            kitchen,
        }
    }

    /// This device's letter, once it has one.
    pub fn letter(&self) -> Signal<Option<String>> {
        let mine = self.mine;
        Signal::derive(move || mine.with(|m| m.as_ref().map(|m| m.claim.letter.clone())))
    }

    /// Another counter's claim (or this device's own, as the broker keeps it); `None`: deleted.
    pub fn hear(&self, device: String, claim: Option<Claim>) {
        self.claims.update_value(|c| match claim {
            Some(claim) => c.hear(device, claim),
            None => c.forget(&device),
        });
    }

    /// Twice a second, on a screen that places orders: once the connection has run long enough to hear
    /// the other counters, takes a letter if this device has none or another counter keeps its letter,
    /// and announces it once per connection.
    pub fn tick(&self, connected: bool, places_orders: bool) {
        if !connected {
            self.connected_at.set_value(None);
            self.announced.set_value(false);
            return;
        }
        let now = now_ms();
        let since = *self.connected_at.get_value().get_or_insert(now);
        self.connected_at.set_value(Some(since));
        if !places_orders || now - since < HEAR_CLAIMS_MS {
            return;
        }
        self.settle(now);
        if !self.announced.get_value() {
            if let Some(mine) = self.mine.get_untracked() {
                let topic = self.topics.with_untracked(|t| t.counter(&mine.device));
                self.kitchen
                    .announce(topic, mine.claim.to_json().into_bytes());
                self.announced.set_value(true);
            }
        }
    }

    /// Keeps the letter, or takes a free one (kept on the device, announced on the next tick).
    fn settle(&self, now: i64) {
        let device = self.device.get_untracked();
        let changed = self.mine.with_untracked(|mine| {
            self.claims
                .with_value(|c| c.settle(mine.as_ref(), &device, now))
        });
        if let Some(mine) = changed {
            // A failure is said on the page by the storage edge; the letter holds until the next load.
            storage::save(Key::CounterLetter, &mine).ok();
            self.mine.set(Some(mine));
            self.announced.set_value(false);
        }
    }

    /// The number of the next order placed here. A device that has never been connected takes the first
    /// free letter it knows of (announced, and changed if taken, once it connects).
    pub fn next_number(&self) -> String {
        let now = now_ms();
        if self.mine.with_untracked(Option::is_none) {
            self.settle(now);
        }
        let letter = self
            .mine
            .with_untracked(|m| m.as_ref().map(|m| m.claim.letter.clone()))
            .unwrap_or_default();
        let offset = crate::state::local_offset_minutes(now);
        let mut sequence: Sequence = storage::load(Key::CounterSequence).unwrap_or_default();
        let n = sequence.next(&local_day(now, offset));
        // Said on the page if it fails (the storage edge): the count could then start again on reload.
        storage::save(Key::CounterSequence, &sequence).ok();
        order_number(&letter, n)
    }
}
