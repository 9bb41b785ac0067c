//! What one ticket's card says, worked out once each time the ticket in a card's place changes.

use super::ageing::AgeFrom;
use super::board::said_number;
use super::money::Cents;
use super::order::is_allergy_warning;
use super::parts::PartState;
use super::stations::Station;
use super::ticket::Status;
use super::ticket::Ticket;
use super::time::{clock_text, UnixMillis};

/// One line of a card: the items the card's station makes.
#[derive(Debug, Clone, PartialEq)]
pub struct CardLine {
    /// Its place among the order's items (what a tap on it crosses off).
    pub line: u32,
    /// Crossed off (its station made it).
    pub done: bool,
    pub quantity: u32,
    pub name: String,
    pub line_total: Cents,
}

/// A ticket as its card shows it. Money stays in cents: the page formats it in the restaurant's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct CardModel {
    pub seq: u64,
    pub order_id: String,
    /// What the customer is told: "A47", or "#" and the start of the id.
    pub number: String,
    pub customer: String,
    pub status: Status,
    /// On a station screen: how far the station is with its part (the card's band and its bump).
    pub part: Option<PartState>,
    /// What the age counts from, and the local clock time of it.
    pub from: AgeFrom,
    pub clock: String,
    pub lines: Vec<CardLine>,
    pub instructions: Option<String>,
    pub allergy: bool,
    /// The order's stated total; with a station, also what that station's lines add up to.
    pub total: Cents,
    pub station_total: Option<Cents>,
    /// Set when the stated total does not match the items: the items' own sum.
    pub mismatch: Option<Cents>,
    /// Test traffic (a generated order): marked TEST on the card.
    pub test: bool,
}

impl CardModel {
    /// `offset_minutes` gives the local time's offset from UTC at a moment (the browser knows it).
    pub fn of(
        ticket: &Ticket,
        station: &Station,
        offset_minutes: impl Fn(UnixMillis) -> i64,
    ) -> CardModel {
        let order = &ticket.order;
        let from = ticket.age_from();
        let part = station.part(ticket);
        let lines: Vec<CardLine> = station
            .lines(ticket)
            .into_iter()
            .filter_map(|line| {
                let item = order.items.get(line as usize)?;
                Some(CardLine {
                    line,
                    done: part.is_some_and(|p| p.line_done(line)),
                    quantity: item.quantity,
                    name: item.name.clone(),
                    line_total: item.line_total(),
                })
            })
            .collect();
        let station_total =
            (*station != Station::All).then(|| lines.iter().map(|l| l.line_total).sum());
        CardModel {
            seq: ticket.seq,
            order_id: order.order_id.clone(),
            number: said_number(order),
            customer: order.customer_name.clone(),
            status: match part.map(|p| p.state) {
                Some(PartState::New) => Status::New,
                Some(PartState::Preparing) => Status::Preparing,
                _ => ticket.status,
            },
            part: part.map(|p| p.state),
            from,
            clock: clock_text(from.at(), offset_minutes(from.at())),
            lines,
            allergy: order
                .special_instructions
                .as_deref()
                .is_some_and(is_allergy_warning),
            instructions: order.special_instructions.clone(),
            total: order.total_amount,
            station_total,
            mismatch: order.total_problem().map(|_| order.items_total()),
            test: order.is_test(),
        }
    }

    /// What the bump button makes the ticket (its word is the page's: `words::bump`).
    pub fn bump_to(&self) -> Option<Status> {
        self.status.next()
    }

    /// On a station screen, what the bump makes the station's part (`None`: a whole-order card).
    pub fn part_bump_to(&self) -> Option<PartState> {
        match self.part? {
            PartState::New => Some(PartState::Preparing),
            _ => Some(PartState::Done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order::{Order, OrderItem};

    fn ticket(instructions: Option<&str>, total: i64) -> Ticket {
        let order = Order {
            order_id: "ORD-0012345678".into(),
            customer_name: "Ada".into(),
            items: vec![
                OrderItem::plain("Margherita Pizza".into(), 2, Cents(1299)),
                OrderItem::plain("Iced Tea".into(), 1, Cents(299)),
            ],
            total_amount: Cents(total),
            timestamp: None,
            special_instructions: instructions.map(str::to_owned),
            ..Order::default()
        };
        let mut ticket = crate::domain::fixtures::ticket(order, 3_600_000, Status::New);
        ticket.seq = 7;
        ticket
    }

    #[test]
    fn a_card_shows_every_line_the_short_id_and_the_time_it_was_received() {
        let card = CardModel::of(&ticket(None, 2897), &Station::All, |_| 60);
        assert_eq!(card.number, "#ORD-0012");
        assert_eq!(card.lines.len(), 2);
        assert_eq!(card.lines[0].line_total, Cents(2598));
        assert_eq!(card.from.slug(), "received");
        assert_eq!(card.clock, "02:00:00");
        assert_eq!((card.station_total, card.mismatch), (None, None));
        assert_eq!(card.bump_to(), Some(Status::Preparing));
    }

    #[test]
    fn a_station_card_keeps_its_own_lines_and_says_their_total() {
        let drinks = Station::Only("Drinks".into());
        let card = CardModel::of(&ticket(None, 2897), &drinks, |_| 0);
        assert_eq!(card.lines.len(), 1);
        assert_eq!(card.lines[0].name, "Iced Tea");
        assert_eq!(card.station_total, Some(Cents(299)));
        assert_eq!(card.lines[0].line, 1, "the tea is the order's second line");
        assert_eq!(card.part_bump_to(), Some(PartState::Preparing));
    }

    #[test]
    fn an_allergy_is_marked_and_a_wrong_total_carries_the_items_sum() {
        let card = CardModel::of(
            &ticket(Some("Food allergy: nuts"), 100),
            &Station::All,
            |_| 0,
        );
        assert!(card.allergy);
        assert_eq!(card.mismatch, Some(Cents(2897)));
    }
}
