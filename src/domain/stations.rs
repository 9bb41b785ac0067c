//! Stations (one menu category each unless the menu groups several, or everything) and the all-day
//! counts they read. A station screen works on each ticket's part for its station (see `parts`).

use super::menu::Menu;
use super::parts::{Part, OTHER};
use super::ticket::Ticket;

/// A kitchen station, or everything (the all-in-one and the plain kitchen screen).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Station {
    #[default]
    All,
    Only(String),
}

impl Station {
    /// Whether this is (or includes) the station named `name`.
    pub fn is(&self, name: &str) -> bool {
        match self {
            Station::All => true,
            Station::Only(own) => own == name,
        }
    }

    /// The ticket's part for this station (none for [`Station::All`], or when it makes nothing of it).
    pub fn part<'a>(&self, ticket: &'a Ticket) -> Option<&'a Part> {
        match self {
            Station::All => None,
            Station::Only(name) => ticket.parts.iter().find(|p| p.station == *name),
        }
    }

    /// The order's lines (indices into its items) this station shows.
    pub fn lines(&self, ticket: &Ticket) -> Vec<u32> {
        match self {
            Station::All => (0..ticket.order.items.len() as u32).collect(),
            Station::Only(_) => self
                .part(ticket)
                .map(|p| p.lines.clone())
                .unwrap_or_default(),
        }
    }

    /// Whether this station still has something of the ticket to make (it is on its screen).
    pub fn to_make(&self, ticket: &Ticket) -> bool {
        match self {
            Station::All => true,
            Station::Only(_) => self.part(ticket).is_some_and(|p| !p.is_done()),
        }
    }

    /// Whether the ticket is among this station's "recently done": its part done, or the order finished.
    pub fn finished(&self, ticket: &Ticket) -> bool {
        match self {
            Station::All => ticket.status.is_done(),
            Station::Only(_) => self
                .part(ticket)
                .is_some_and(|p| p.is_done() || ticket.status.is_done()),
        }
    }
}

/// The stations a screen can be: the menu's, then "Other" (dishes not on the menu).
pub fn choices(menu: &Menu) -> Vec<String> {
    let mut list: Vec<String> = menu.stations().into_iter().map(str::to_owned).collect();
    if !list.iter().any(|s| s == OTHER) {
        list.push(OTHER.to_owned());
    }
    list
}

/// All-day rows in the order the board shows them: most needed first, then by name.
pub fn most_first(mut list: Vec<(String, u32)>) -> Vec<(String, u32)> {
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::Board;
    use crate::domain::fixtures::order;

    #[test]
    fn a_drinks_station_sees_the_drinks_of_each_order_until_its_part_is_done() {
        let mut board = Board::default();
        board.add(
            order(
                "1",
                &[("Margherita Pizza", 2), ("Iced Tea", 1), ("Unknown", 1)],
            ),
            1,
        );
        let drinks = Station::Only("Drinks".into());
        let ticket = board.find("1").unwrap().clone();
        assert_eq!(drinks.lines(&ticket), [1]);
        assert_eq!(Station::All.lines(&ticket), [0, 1, 2]);
        assert_eq!(Station::Only(OTHER.into()).lines(&ticket), [2]);
        assert!(drinks.to_make(&ticket) && !drinks.finished(&ticket));
        assert!(
            !Station::Only("Burger".into()).to_make(&ticket),
            "no burger in it"
        );
    }

    #[test]
    fn all_day_counts_add_up_the_lines_still_to_make_and_follow_the_station() {
        let mut board = Board::default();
        board.add(order("1", &[("Margherita Pizza", 2), ("Coca-Cola", 1)]), 1);
        board.add(
            order("2", &[("Margherita Pizza", 1), ("Mystery Dish", 1)]),
            2,
        );
        board.add(order("3", &[("Margherita Pizza", 5)]), 3);
        let served = crate::domain::ticket::StatusUpdate::new(
            "3",
            crate::domain::ticket::Status::Served,
            10,
            "b",
        );
        board.apply_status(&served);
        assert_eq!(
            board.all_day(&Station::All),
            vec![
                ("Margherita Pizza".into(), 3),
                ("Coca-Cola".into(), 1),
                ("Mystery Dish".into(), 1)
            ]
        );
        assert_eq!(
            board.all_day(&Station::Only("Drinks".into())),
            vec![("Coca-Cola".into(), 1)]
        );
        // The pizza of order 1 made (its line crossed off): the pizza station counts only order 2's.
        let pizza = Station::Only("Pizza".into());
        let part = pizza
            .part(board.find("1").unwrap())
            .unwrap()
            .crossed(0, 20, "b")
            .unwrap();
        board.apply_part(&crate::domain::parts::PartUpdate {
            order_id: "1".into(),
            part,
        });
        assert_eq!(board.all_day(&pizza), vec![("Margherita Pizza".into(), 1)]);
    }

    #[test]
    fn the_stations_to_choose_are_the_menu_s_and_other() {
        let menu = Menu::parse(
            r#"{"menu":[{"name":"Burger","category":"Burgers","price":9},{"name":"Fries","category":"Sides","price":3},{"name":"Tea","category":"Drinks","price":2}],"stations":{"Grill":["Burgers","Sides"]}}"#,
        )
        .unwrap();
        assert_eq!(choices(&menu), ["Grill", "Drinks", OTHER]);
        assert_eq!(menu.station_of("Fries"), Some("Grill"));
        assert_eq!(menu.station_of("Tea"), Some("Drinks"));
        assert_eq!(choices(&Menu::demo()).len(), 8);
        assert_eq!(
            Menu::parse(
                r#"{"menu":[{"name":"Tea","category":"Drinks","price":2}],"stations":{"Bar":["Drinks","Wine"]}}"#
            ),
            Err(crate::domain::menu::MenuError::StationCategory {
                station: "Bar".into(),
                category: "Wine".into()
            })
        );
    }
}
