//! Inbound routing: each batch of the engine's events to whoever it concerns — the connection's signals, the
//! board (one update per batch), and each publish's owner by its origin.

use crate::domain::inbound::Inbound;
use crate::domain::restaurant::MenuSource;
use crate::domain::settings::BoardSettings;
use crate::domain::topics::Topics;
use crate::mqtt::boundary::{ClientEvent, Origin};
use crate::mqtt::ConnState;
use crate::state::{now_ms, GeneratorControl, Kitchen, Publisher};
use crate::store::BoardStore;
use futures::channel::mpsc::UnboundedReceiver;
use futures::{FutureExt, StreamExt};
use leptos::prelude::*;

/// Everything an event can change.
#[derive(Clone, Copy)]
pub struct Routes {
    pub state: RwSignal<ConnState>,
    pub down_since: RwSignal<Option<i64>>,
    pub subscription: RwSignal<Option<Result<String, (String, crate::mqtt::reason::Reason)>>>,
    pub store: BoardStore,
    pub applied: ReadSignal<BoardSettings>,
    pub alert: crate::devices::Alert,
    pub publisher: Publisher,
    pub generator: GeneratorControl,
    pub kitchen: Kitchen,
    pub counter: crate::counter::Counter,
    pub menu: crate::restaurant::ActiveMenu,
    pub printer: crate::devices::Printer,
    /// Whether this screen prints each new ticket.
    pub print_new: Signal<bool>,
}

impl Routes {
    /// Reads the engine's batches for as long as the page lives.
    pub async fn run(self, mut batches: UnboundedReceiver<Vec<ClientEvent>>) {
        // The tickets kept in the database go on the board before anything heard (see `until_loaded`):
        // messages wait for them; the connection's state goes to the page at once.
        let loaded = self.store.until_loaded().fuse();
        futures::pin_mut!(loaded);
        let mut held: Option<Vec<Inbound>> = Some(Vec::new());
        loop {
            futures::select! {
                () = loaded => {
                    if let Some(inbound) = held.take().filter(|h| !h.is_empty()) {
                        self.onto_board(inbound);
                    }
                }
                batch = batches.next() => {
                    let Some(batch) = batch else { break };
                    let inbound = self.batch(batch);
                    match held.as_mut() {
                        Some(held) => held.extend(inbound),
                        None if !inbound.is_empty() => self.onto_board(inbound),
                        None => {}
                    }
                }
            }
        }
    }

    /// A batch's events; its incoming messages are returned, for the batch's one board update.
    fn batch(&self, batch: Vec<ClientEvent>) -> Vec<Inbound> {
        let mut inbound = Vec::new();
        for event in batch {
            self.event(event, &mut inbound);
        }
        inbound
    }

    /// One event; incoming messages are gathered in `inbound` for the batch's one board update.
    fn event(&self, event: ClientEvent, inbound: &mut Vec<Inbound>) {
        match event {
            ClientEvent::State(s) => {
                if matches!(s, ConnState::Connected { .. }) {
                    self.down_since.set(None);
                } else {
                    self.subscription.set(None);
                    if self.down_since.get_untracked().is_none() {
                        self.down_since.set(Some(now_ms()));
                    }
                }
                self.state.set(s)
            }
            // The orders topic is what the page reports; the status subscription rides along.
            ClientEvent::Subscribed { filter } => {
                if self
                    .applied
                    .with_untracked(|s| Topics::new(&s.topic).is_orders(&filter))
                {
                    self.subscription.set(Some(Ok(filter)))
                }
            }
            ClientEvent::SubscriptionRefused { filter, reason } => {
                self.subscription.set(Some(Err((filter, reason))))
            }
            ClientEvent::VersionLearned { url, version } => {
                crate::state::remember_version(&url, version)
            }
            ClientEvent::HistoryKept { batch, problem } => {
                self.store.history().kept_batch(batch, problem)
            }
            // Each outcome goes back to whoever asked for that publish.
            ClientEvent::Delivery { origin, outcome } => match origin {
                Origin::OrderForm(tag) => self.publisher.delivered(tag, outcome),
                Origin::Generator(tag) => self.generator.delivered(tag, &outcome),
                Origin::KitchenStatus(_) | Origin::RetainedCleanup(_) | Origin::Claim(_) => {
                    self.kitchen.delivered(origin, &outcome)
                }
            },
            // The counters' letters are the counter's business, not the board's.
            ClientEvent::Inbound(Inbound::Counter { device, claim }) => {
                self.counter.hear(device, claim)
            }
            ClientEvent::Inbound(message) => inbound.push(message),
        }
    }

    /// Orders, statuses and rejections of one batch in one board update (by the store, the board's one
    /// writer), then what that asks of the page: a bell, prints, claims, stale statuses deleted, menus.
    fn onto_board(&self, messages: Vec<Inbound>) {
        let ingested = self.store.ingest(messages, now_ms());
        if ingested.added > 0 {
            self.alert.ring();
        }
        for topic in ingested.stale {
            self.kitchen.clear_retained(&topic);
        }
        if self.print_new.get_untracked() && !ingested.heard.is_empty() {
            let tickets = self.store.with(|b| {
                ingested
                    .heard
                    .iter()
                    .filter_map(|id| b.find(id).cloned())
                    // A kiosk prints what customers ordered, never test traffic.
                    .filter(|t| !t.order.is_test())
                    .collect()
            });
            self.printer.print(tickets);
        }
        for id in ingested.heard {
            self.kitchen.order_seen(&id);
        }
        for (topic, text) in ingested.menus {
            let menu = crate::domain::menu::Menu::parse(&text);
            self.menu.offer(menu, MenuSource::Retained, &topic);
        }
    }
}
