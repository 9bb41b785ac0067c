//! What the page waits on the broker for: every publish it must not lose (orders placed here, the
//! generator's orders in flight, status changes) is numbered here once and kept until it is settled.
//! Plain Rust, tested natively; the handles in `state` own one each and the storage edge saves them.

use crate::i18n::{td_string, Locale};
use crate::mqtt::session::{Delivery, QosLevel};
use std::collections::BTreeMap;

/// Whether an outcome settles a publish sent with `qos`: an acknowledgement always does; a write to the
/// socket settles only QoS 0 (nothing more will come for it); a failure never does — it is tried again.
pub fn settles(qos: QosLevel, outcome: &Delivery) -> bool {
    match outcome {
        Delivery::Acknowledged => true,
        Delivery::Sent => qos == QosLevel::AtMostOnce,
        Delivery::Queued | Delivery::Failed(_) => false,
    }
}

/// What the order form says about an order just placed, as it goes: `(data-state, words before the
/// order's summary)`. Never "Sent" for an order that is only waiting.
pub fn placed_words(
    locale: Locale,
    state: Option<&Delivery>,
    connected: bool,
) -> (&'static str, String) {
    let (state, words) = match state {
        Some(Delivery::Queued) if connected => ("queued", td_string!(locale, placed_sending)),
        Some(Delivery::Queued) => ("queued", td_string!(locale, placed_queued)),
        Some(Delivery::Sent) => ("sent", td_string!(locale, placed_sent)),
        Some(Delivery::Acknowledged) => ("acknowledged", td_string!(locale, placed_acknowledged)),
        Some(Delivery::Failed(why)) => {
            let reason = crate::words::reason(locale, why);
            let words = td_string!(locale, placed_failed, reason = reason);
            return ("failed", words.to_string());
        }
        // No longer listed (30 newer orders since): it went out long ago.
        None => ("sent", td_string!(locale, placed_sent)),
    };
    (state, words.to_owned())
}

/// Publishes waiting for their outcome, in the order they were made, each under its own number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbox<T> {
    next: u64,
    waiting: BTreeMap<u64, (T, QosLevel)>,
}

impl<T> Default for Outbox<T> {
    fn default() -> Self {
        Outbox {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> Outbox<T> {
    /// A number for a publish that is not kept (a claim, a clean-up): numbers never repeat in one outbox.
    pub fn number(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Keeps `item`, sent with `qos`, until it is settled; returns its number.
    pub fn add(&mut self, item: T, qos: QosLevel) -> u64 {
        let tag = self.number();
        self.waiting.insert(tag, (item, qos));
        tag
    }

    /// Applies an outcome: the item when this outcome settles it (it is no longer kept), else `None`.
    pub fn settle(&mut self, tag: u64, outcome: &Delivery) -> Option<T> {
        let qos = self.waiting.get(&tag)?.1;
        if settles(qos, outcome) {
            self.waiting.remove(&tag).map(|(item, _)| item)
        } else {
            None
        }
    }

    /// Stops waiting for a publish whatever its outcome (load traffic that is not tried again).
    pub fn give_up(&mut self, tag: u64) -> Option<T> {
        self.waiting.remove(&tag).map(|(item, _)| item)
    }

    /// The QoS a waiting publish was sent with.
    pub fn qos_of(&self, tag: u64) -> Option<QosLevel> {
        self.waiting.get(&tag).map(|(_, qos)| *qos)
    }

    /// What is still waiting, oldest first.
    pub fn waiting(&self) -> impl Iterator<Item = &T> {
        self.waiting.values().map(|(item, _)| item)
    }

    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::reason::{Reason, Why};

    #[test]
    fn an_acknowledgement_settles_a_publish_at_any_qos() {
        for qos in [
            QosLevel::AtMostOnce,
            QosLevel::AtLeastOnce,
            QosLevel::ExactlyOnce,
        ] {
            assert!(settles(qos, &Delivery::Acknowledged), "{qos:?}");
        }
    }

    #[test]
    fn a_write_to_the_socket_settles_only_qos_0() {
        assert!(settles(QosLevel::AtMostOnce, &Delivery::Sent));
        assert!(!settles(QosLevel::AtLeastOnce, &Delivery::Sent));
        assert!(!settles(QosLevel::ExactlyOnce, &Delivery::Sent));
    }

    #[test]
    fn a_failure_or_a_wait_never_settles_anything() {
        for qos in [QosLevel::AtMostOnce, QosLevel::AtLeastOnce] {
            assert!(!settles(qos, &Delivery::Queued));
            assert!(!settles(
                qos,
                &Delivery::Failed(Reason::new(Why::NotConnected))
            ));
        }
    }

    #[test]
    fn an_order_placed_while_the_broker_is_away_is_said_to_be_queued_never_sent() {
        let (state, words) = placed_words(Locale::en, Some(&Delivery::Queued), false);
        assert_eq!(state, "queued");
        assert!(words.starts_with("Queued — goes out when the broker is back"));
        assert!(!words.contains("Sent"));
    }

    #[test]
    fn the_form_s_words_follow_the_order_from_sending_to_the_broker_s_receipt() {
        let states: Vec<&str> = [Delivery::Queued, Delivery::Sent, Delivery::Acknowledged]
            .iter()
            .map(|d| placed_words(Locale::en, Some(d), true).0)
            .collect();
        assert_eq!(states, ["queued", "sent", "acknowledged"]);
        assert_eq!(
            placed_words(Locale::en, Some(&Delivery::Queued), true).1,
            "Sending:"
        );
        assert_eq!(
            placed_words(Locale::en, Some(&Delivery::Acknowledged), true).1,
            "Received by the broker:"
        );
    }

    #[test]
    fn a_failed_order_says_why_and_where_to_retry_it() {
        let failed = Delivery::Failed(Reason::about(Why::PublishRefused, "PacketTooLarge"));
        let (state, words) = placed_words(Locale::en, Some(&failed), true);
        assert_eq!(state, "failed");
        assert!(
            words.contains("the broker refused it: PacketTooLarge") && words.contains("retry"),
            "{words}"
        );
    }

    #[test]
    fn numbers_are_given_once_and_never_repeat_even_for_publishes_not_kept() {
        let mut outbox = Outbox::default();
        let a = outbox.add("a", QosLevel::AtLeastOnce);
        let n = outbox.number();
        let b = outbox.add("b", QosLevel::AtLeastOnce);
        assert!(a < n && n < b);
        assert_eq!(outbox.len(), 2, "the unkept number holds nothing");
    }

    #[test]
    fn a_settled_publish_leaves_and_comes_back_once() {
        let mut outbox = Outbox::default();
        let tag = outbox.add("order", QosLevel::AtLeastOnce);
        assert_eq!(
            outbox.settle(tag, &Delivery::Sent),
            None,
            "QoS 1 waits for PUBACK"
        );
        assert_eq!(outbox.settle(tag, &Delivery::Acknowledged), Some("order"));
        assert_eq!(outbox.settle(tag, &Delivery::Acknowledged), None);
        assert!(outbox.is_empty());
    }

    #[test]
    fn a_qos_0_publish_is_settled_once_written() {
        let mut outbox = Outbox::default();
        let tag = outbox.add(7, QosLevel::AtMostOnce);
        assert_eq!(outbox.qos_of(tag), Some(QosLevel::AtMostOnce));
        assert_eq!(outbox.settle(tag, &Delivery::Sent), Some(7));
    }

    #[test]
    fn a_failed_publish_stays_waiting_to_be_sent_again() {
        let mut outbox = Outbox::default();
        let tag = outbox.add("x", QosLevel::ExactlyOnce);
        assert_eq!(
            outbox.settle(tag, &Delivery::Failed(Reason::new(Why::NotConnected))),
            None
        );
        assert_eq!(outbox.waiting().collect::<Vec<_>>(), [&"x"]);
    }

    #[test]
    fn what_waits_is_listed_oldest_first_whatever_settles_in_between() {
        let mut outbox = Outbox::default();
        let tags: Vec<u64> = ["a", "b", "c", "d"]
            .into_iter()
            .map(|s| outbox.add(s, QosLevel::AtLeastOnce))
            .collect();
        outbox.settle(tags[1], &Delivery::Acknowledged);
        assert_eq!(
            outbox.waiting().copied().collect::<Vec<_>>(),
            ["a", "c", "d"]
        );
    }

    #[test]
    fn an_outcome_for_a_number_never_given_changes_nothing() {
        let mut outbox: Outbox<&str> = Outbox::default();
        outbox.add("a", QosLevel::AtLeastOnce);
        assert_eq!(outbox.settle(99, &Delivery::Acknowledged), None);
        assert_eq!(outbox.len(), 1);
    }
}
