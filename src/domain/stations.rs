//! Stations (one menu category each, or everything) and the all-day counts they read.

use super::menu::Menu;
use super::order::{Order, OrderItem};
use super::ticket::Ticket;
use std::collections::BTreeMap;

/// A kitchen station: one category of the menu in use, or everything.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Station {
    #[default]
    All,
    Only(String),
}

impl Station {
    /// The items of an order this station makes. Items not on the menu belong to every station's "All"
    /// view only, since nobody can tell which station makes them.
    pub fn items<'a>(&self, menu: &Menu, order: &'a Order) -> Vec<&'a OrderItem> {
        order
            .items
            .iter()
            .filter(|i| self.makes(menu, &i.name))
            .collect()
    }

    /// Whether this station makes the item of this name.
    pub fn makes(&self, menu: &Menu, item_name: &str) -> bool {
        match self {
            Station::All => true,
            Station::Only(category) => menu
                .find(item_name)
                .is_some_and(|m| m.category == *category),
        }
    }
}

/// Total quantity of each item across open tickets, most first (then by name), for the "all day" list.
pub fn all_day<'a>(
    open: impl IntoIterator<Item = &'a Ticket>,
    menu: &Menu,
    station: &Station,
) -> Vec<(String, u32)> {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for ticket in open {
        for item in station.items(menu, &ticket.order) {
            *counts.entry(item.name.as_str()).or_default() += item.quantity;
        }
    }
    most_first(counts.into_iter().map(|(n, q)| (n.to_owned(), q)).collect())
}

/// All-day rows in the order the board shows them: most needed first, then by name.
pub fn most_first(mut list: Vec<(String, u32)>) -> Vec<(String, u32)> {
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{order, ticket};
    use crate::domain::ticket::Status;

    #[test]
    fn all_day_counts_add_up_open_tickets_only_and_follow_the_station() {
        let tickets = [
            ticket(
                order("1", &[("Margherita Pizza", 2), ("Coca-Cola", 1)]),
                0,
                Status::New,
            ),
            ticket(
                order("2", &[("Margherita Pizza", 1), ("Mystery Dish", 1)]),
                1,
                Status::Preparing,
            ),
            ticket(order("3", &[("Margherita Pizza", 5)]), 2, Status::Served),
        ];
        let open: Vec<&Ticket> = tickets.iter().filter(|t| !t.status.is_done()).collect();
        assert_eq!(
            all_day(open.iter().copied(), &Menu::demo(), &Station::All),
            vec![
                ("Margherita Pizza".into(), 3),
                ("Coca-Cola".into(), 1),
                ("Mystery Dish".into(), 1)
            ]
        );
        assert_eq!(
            all_day(
                open.iter().copied(),
                &Menu::demo(),
                &Station::Only("Drinks".into())
            ),
            vec![("Coca-Cola".into(), 1)]
        );
    }

    #[test]
    fn a_drinks_station_sees_only_the_drinks_of_each_order() {
        let o = order(
            "1",
            &[("Margherita Pizza", 2), ("Iced Tea", 1), ("Unknown", 1)],
        );
        let names: Vec<&str> = Station::Only("Drinks".into())
            .items(&Menu::demo(), &o)
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(names, ["Iced Tea"]);
        assert_eq!(Station::All.items(&Menu::demo(), &o).len(), 3);
    }
}
