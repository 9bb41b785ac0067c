//! What the expo screen shows of each open order: its parts (done or not, when, the one holding the order
//! up) and whether it can be handed over; and how many cards a screen holds without scrolling.

use super::ageing::AgeFrom;
use super::board::said_number;
use super::parts::{self, PartState};
use super::ticket::{Status, Ticket};
use super::time::UnixMillis;

/// One part as the expo shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExpoPart {
    pub station: String,
    pub state: PartState,
    /// When it was done (a change heard with its time), for "done 12:04".
    pub done_at: Option<UnixMillis>,
    /// The part holding the order up (see `parts::slowest`).
    pub slowest: bool,
    /// Its lines: quantity and dish.
    pub lines: Vec<(u32, String)>,
}

/// One open order as the expo shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ExpoCard {
    pub seq: u64,
    pub order_id: String,
    pub number: String,
    pub customer: String,
    pub status: Status,
    pub from: AgeFrom,
    pub parts: Vec<ExpoPart>,
}

impl ExpoCard {
    pub fn of(ticket: &Ticket) -> ExpoCard {
        let order = &ticket.order;
        let slowest = parts::slowest(&ticket.parts).map(|p| p.station.as_str());
        let parts = ticket
            .parts
            .iter()
            .map(|p| ExpoPart {
                station: p.station.clone(),
                state: p.state,
                done_at: (p.is_done() && p.at != 0).then_some(p.at),
                slowest: slowest == Some(p.station.as_str()),
                lines: p
                    .lines
                    .iter()
                    .filter_map(|l| order.items.get(*l as usize))
                    .map(|i| (i.quantity, i.name.clone()))
                    .collect(),
            })
            .collect();
        ExpoCard {
            seq: ticket.seq,
            order_id: order.order_id.clone(),
            number: said_number(order),
            customer: order.customer_name.clone(),
            status: ticket.status,
            from: ticket.age_from(),
            parts,
        }
    }

    /// Ready to hand over: every part done.
    pub fn ready(&self) -> bool {
        self.status == Status::Ready
    }
}

/// The most cards a phone lists (it scrolls).
pub const PHONE_CARDS: usize = 60;

/// How many expo cards a screen `width` × `height` CSS pixels shows without scrolling: columns of at
/// least 300 px (350 on a TV), cards about 260 px high (330 on a TV) below a 150 px head; at least one. A
/// phone is not a wall: it scrolls through up to [`PHONE_CARDS`].
pub fn cards_that_fit(width: f64, height: f64) -> usize {
    if width <= 700.0 {
        return PHONE_CARDS;
    }
    if width >= 1800.0 {
        let columns = ((width - 32.0) / 368.0).floor().max(1.0);
        let rows = ((height - 150.0) / 330.0).floor().max(1.0);
        return (columns * rows) as usize;
    }
    let columns = ((width - 32.0) / 300.0).floor().max(1.0);
    let rows = ((height - 150.0) / 260.0).floor().max(1.0);
    (columns * rows) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{order, ticket};
    use crate::domain::stations::Station;

    #[test]
    fn an_expo_card_lists_each_part_with_its_lines_and_marks_the_one_holding_the_order_up() {
        let mut t = ticket(
            order("E", &[("Margherita Pizza", 2), ("Iced Tea", 1)]),
            0,
            Status::New,
        );
        let drinks = Station::Only("Drinks".into());
        let done = drinks.part(&t).unwrap().bumped(5, "a").unwrap();
        let done = done.bumped(9_000, "a").unwrap();
        parts::merge(&mut t.parts, done);
        let card = ExpoCard::of(&t);
        let summary: Vec<(&str, bool, Option<i64>)> = card
            .parts
            .iter()
            .map(|p| (p.station.as_str(), p.slowest, p.done_at))
            .collect();
        assert_eq!(
            summary,
            [("Pizza", true, None), ("Drinks", false, Some(9_000))]
        );
        assert_eq!(card.parts[0].lines, [(2, "Margherita Pizza".to_owned())]);
        assert!(!card.ready());
    }

    #[test]
    fn a_tv_holds_more_expo_cards_than_a_tablet_and_a_phone_at_least_one() {
        let tv = cards_that_fit(1920.0, 1080.0);
        let tablet = cards_that_fit(1024.0, 768.0);
        assert!(tv > tablet && tablet > 1, "{tv} {tablet}");
        assert_eq!(
            cards_that_fit(800.0, 300.0),
            2,
            "a low window: one row of two"
        );
        assert_eq!(cards_that_fit(390.0, 844.0), PHONE_CARDS);
    }
}
