//! What one ticket's card says, worked out once each time the ticket in a card's place changes.

use super::ageing::AgeFrom;
use super::allergens::{Allergen, AllergenWords};
use super::board::said_number;
use super::details::{Modifier, OrderType, Warning};
use super::menu::Menu;
use super::money::Cents;
use super::order::Order;
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
    /// The choices made on it ("Extra cheese", "No basil") and its note, as the order says them.
    pub modifiers: Vec<Modifier>,
    pub note: Option<String>,
    /// The note speaks of an allergy.
    pub note_allergy: bool,
}

/// What the card needs to mark allergies: the words of the cook's language (English too), and the menu
/// that says what each dish contains.
pub struct Allergies<'a> {
    pub words: &'a AllergenWords,
    pub menu: &'a Menu,
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
    /// Made before every other order, and marked so.
    pub rush: bool,
    pub order_type: Option<OrderType>,
    pub table: Option<String>,
    pub guests: Option<u32>,
    /// A scheduled order's due time, as the local clock says it.
    pub due: Option<String>,
    /// Details the order carried that could not be used, to say on the ticket.
    pub warnings: Vec<Warning>,
    /// What the card's dishes contain (by the menu), each with whether the instructions or a note name it.
    pub contains: Vec<(Allergen, bool)>,
    /// Modifiers whose price on the order is not the menu's (said, like a wrong total; the order stands).
    pub price_notes: Vec<PriceNote>,
}

/// A modifier priced differently on the order than on the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceNote {
    pub dish: String,
    pub modifier: String,
    pub stated: Cents,
    pub menu: Cents,
}

impl CardModel {
    /// `offset_minutes` gives the local time's offset from UTC at a moment (the browser knows it).
    pub fn of(
        ticket: &Ticket,
        station: &Station,
        offset_minutes: impl Fn(UnixMillis) -> i64,
        allergies: &Allergies,
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
                    modifiers: item.modifiers.clone(),
                    note_allergy: item
                        .note
                        .as_deref()
                        .is_some_and(|n| allergies.words.is_warning(n)),
                    note: item.note.clone(),
                })
            })
            .collect();
        let station_total =
            (*station != Station::All).then(|| lines.iter().map(|l| l.line_total).sum());
        let contains = contains(order, &lines, allergies);
        let price_notes = price_notes(&lines, allergies.menu);
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
                .is_some_and(|text| allergies.words.is_warning(text)),
            contains,
            price_notes,
            instructions: order.special_instructions.clone(),
            total: order.total_amount,
            station_total,
            mismatch: order.total_problem().map(|_| order.items_total()),
            test: order.is_test(),
            rush: order.rush,
            order_type: order.order_type.clone(),
            table: order.table.clone(),
            guests: order.guests,
            due: order.due_at().map(|due| {
                clock_text(due, offset_minutes(due))
                    .chars()
                    .take(5)
                    .collect()
            }),
            warnings: order.warnings.clone(),
        }
    }

    /// Whether anything on the card speaks of an allergy.
    pub fn any_allergy(&self) -> bool {
        self.allergy || self.lines.iter().any(|l| l.note_allergy)
    }

    /// The line under the name: the order type, the table and the guests, when the order says them.
    pub fn has_service_line(&self) -> bool {
        self.order_type.is_some()
            || self.table.is_some()
            || self.guests.is_some()
            || self.due.is_some()
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

/// The card's modifiers whose stated price differs from what the menu's group says the option adds.
fn price_notes(lines: &[CardLine], menu: &Menu) -> Vec<PriceNote> {
    let mut notes = Vec::new();
    for line in lines
        .iter()
        .filter(|l| l.modifiers.iter().any(|m| m.price.is_some()))
    {
        let groups = menu.modifier_groups(&line.name);
        for m in &line.modifiers {
            let option = groups
                .iter()
                .flat_map(|g| &g.options)
                .find(|o| o.name == m.name);
            let (Some(stated), Some(option)) = (m.price, option) else {
                continue;
            };
            let on_menu = option.price.unwrap_or_default();
            if stated != on_menu {
                notes.push(PriceNote {
                    dish: line.name.clone(),
                    modifier: m.name.clone(),
                    stated,
                    menu: on_menu,
                });
            }
        }
    }
    notes
}

/// The allergens the card's dishes contain, in the usual order; those the instructions or a line's note
/// name are marked (an allergy asked about, in a dish that has it).
fn contains(order: &Order, lines: &[CardLine], allergies: &Allergies) -> Vec<(Allergen, bool)> {
    let mut found: Vec<Allergen> = Vec::new();
    for line in lines {
        if let Some(item) = allergies.menu.find(&line.name) {
            found.extend(
                item.allergens
                    .iter()
                    .filter(|a| !found.contains(a))
                    .collect::<Vec<_>>(),
            );
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    let mut named = order
        .special_instructions
        .as_deref()
        .map(|t| allergies.words.find(t))
        .unwrap_or_default();
    for note in lines.iter().filter_map(|l| l.note.as_deref()) {
        named.extend(allergies.words.find(note));
    }
    Allergen::ALL
        .into_iter()
        .filter(|a| found.contains(a))
        .map(|a| (a, named.contains(&a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::details::{Modifier, OrderType};
    use crate::domain::order::{Order, OrderItem};

    fn demo() -> Allergies<'static> {
        use std::sync::OnceLock;
        static WORDS: OnceLock<AllergenWords> = OnceLock::new();
        static MENU: OnceLock<Menu> = OnceLock::new();
        Allergies {
            words: WORDS.get_or_init(AllergenWords::english),
            menu: MENU.get_or_init(Menu::demo),
        }
    }

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
        let card = CardModel::of(&ticket(None, 2897), &Station::All, |_| 60, &demo());
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
        let card = CardModel::of(&ticket(None, 2897), &drinks, |_| 0, &demo());
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
            &demo(),
        );
        assert!(card.allergy);
        assert_eq!(card.mismatch, Some(Cents(2897)));
    }

    #[test]
    fn a_card_says_modifiers_notes_service_and_the_allergens_its_dishes_contain() {
        let mut t = ticket(Some("Shellfish – anaphylactic; no nuts"), 2897);
        t.order.items[0].modifiers = vec![Modifier {
            name: "No basil".into(),
            price: None,
        }];
        t.order.items[0].note = Some("lactose intolerant".into());
        t.order.order_type = Some(OrderType::DineIn);
        t.order.table = Some("12".into());
        t.order.guests = Some(4);
        t.order.rush = true;
        let card = CardModel::of(&t, &Station::All, |_| 0, &demo());
        assert!(card.allergy && card.lines[0].note_allergy && !card.lines[1].note_allergy);
        assert_eq!(card.lines[0].modifiers[0].name, "No basil");
        assert!(card.rush && card.has_service_line());
        // Margherita: gluten and milk; the note names milk.
        assert_eq!(
            card.contains,
            [(Allergen::Gluten, false), (Allergen::Milk, true)]
        );
    }

    #[test]
    fn a_modifier_priced_otherwise_than_on_the_menu_is_said_and_one_the_menu_does_not_know_is_not()
    {
        let mut t = ticket(None, 2897);
        let priced = |name: &str, cents| Modifier {
            name: name.into(),
            price: Some(Cents(cents)),
        };
        t.order.items[0].modifiers = vec![
            priced("Extra cheese", 200),
            priced("Large", 300),
            priced("Truffle", 900),
        ];
        let card = CardModel::of(&t, &Station::All, |_| 0, &demo());
        assert_eq!(
            card.price_notes,
            [PriceNote {
                dish: "Margherita Pizza".into(),
                modifier: "Extra cheese".into(),
                stated: Cents(200),
                menu: Cents(150),
            }]
        );
    }

    #[test]
    fn coconut_is_no_nut_allergy_on_a_card() {
        let card = CardModel::of(
            &ticket(Some("Extra coconut flakes"), 2897),
            &Station::All,
            |_| 0,
            &demo(),
        );
        assert!(!card.any_allergy());
    }
}
