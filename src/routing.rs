//! Inbound routing: each batch of the engine's events to whoever it concerns — the connection's signals, the
//! board (one update per batch), and each publish's owner by its origin.

use crate::components::alert::Alert;
use crate::domain::board::{Board, Ingest};
use crate::domain::inbound::Inbound;
use crate::domain::restaurant::MenuSource;
use crate::domain::rules;
use crate::domain::settings::BoardSettings;
use crate::domain::topics::Topics;
use crate::mqtt::boundary::{ClientEvent, Origin};
use crate::mqtt::ConnState;
use crate::state::{now_ms, GeneratorControl, Kitchen, Publisher};
use futures::channel::mpsc::UnboundedReceiver;
use futures::StreamExt;
use leptos::prelude::*;

/// Everything an event can change.
#[derive(Clone, Copy)]
pub struct Routes {
    pub state: RwSignal<ConnState>,
    pub down_since: RwSignal<Option<i64>>,
    pub subscription: RwSignal<Option<Result<String, String>>>,
    pub board: RwSignal<Board>,
    pub applied: RwSignal<BoardSettings>,
    pub alert: Alert,
    pub publisher: Publisher,
    pub generator: GeneratorControl,
    pub kitchen: Kitchen,
    pub menu: crate::restaurant::ActiveMenu,
    pub printer: crate::components::print::Printer,
    /// Whether this screen prints each new ticket.
    pub print_new: Signal<bool>,
}

impl Routes {
    /// Reads the engine's batches for as long as the page lives.
    pub async fn run(self, mut batches: UnboundedReceiver<Vec<ClientEvent>>) {
        while let Some(batch) = batches.next().await {
            self.batch(batch);
        }
    }

    fn batch(&self, batch: Vec<ClientEvent>) {
        let mut inbound = Vec::new();
        for event in batch {
            self.event(event, &mut inbound);
        }
        if !inbound.is_empty() {
            self.onto_board(inbound);
        }
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
            ClientEvent::SubscriptionRefused { filter, reason } => self
                .subscription
                .set(Some(Err(format!("subscription to {filter} {reason}")))),
            ClientEvent::VersionLearned { url, version } => {
                crate::state::remember_version(&url, version)
            }
            // Each outcome goes back to whoever asked for that publish.
            ClientEvent::Delivery { origin, outcome } => match origin {
                Origin::OrderForm(tag) => self.publisher.delivered(tag, outcome),
                Origin::Generator(tag) => self.generator.delivered(tag, &outcome),
                Origin::KitchenStatus(_) | Origin::RetainedCleanup(_) | Origin::Claim(_) => {
                    self.kitchen.delivered(origin, &outcome)
                }
            },
            ClientEvent::Inbound(message) => inbound.push(message),
        }
    }

    /// Orders, statuses and rejections of one batch in one board update; stale retained statuses cleared.
    fn onto_board(&self, messages: Vec<Inbound>) {
        let now = now_ms();
        let mut stale = Vec::new();
        let mut added = 0;
        let mut heard = Vec::new();
        let mut menus = Vec::new();
        self.board.update(|b| {
            for message in messages {
                match message {
                    Inbound::Order { topic, order } => {
                        let id = order.order_id.clone();
                        if b.ingest_order(&topic, order, now) == Ingest::Added {
                            added += 1;
                            heard.push(id);
                        }
                    }
                    Inbound::Status { topic, update } => {
                        if rules::is_stale(&update, now) {
                            // Applied, and deleted from the broker; its order is a day old.
                            b.apply_status(&update);
                            stale.push(topic);
                        } else {
                            added += usize::from(b.ingest_status(&topic, &update, now));
                        }
                    }
                    // A deleted retained status (or menu): nothing to show.
                    Inbound::Cleared { .. } => {}
                    Inbound::Menu { topic, text } => menus.push((topic, text)),
                    Inbound::Rejected {
                        topic,
                        reason,
                        excerpt,
                    } => b.reject_excerpt(&topic, excerpt, &reason, now),
                }
            }
        });
        if added > 0 {
            self.alert.ring();
        }
        for topic in stale {
            self.kitchen.clear_retained(&topic);
        }
        if self.print_new.get_untracked() && !heard.is_empty() {
            let tickets = self
                .board
                .with_untracked(|b| heard.iter().filter_map(|id| b.find(id).cloned()).collect());
            self.printer.print(tickets);
        }
        for id in heard {
            self.kitchen.order_seen(&id);
        }
        for (topic, text) in menus {
            let menu = crate::domain::menu::Menu::parse(&text);
            self.menu
                .offer(menu, MenuSource::Retained, &format!("published on {topic}"));
        }
    }
}
