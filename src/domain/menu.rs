//! The restaurant's menu: items, categories and prices.

use super::money::Cents;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Pizza,
    Salad,
    Burger,
    Pasta,
    Sides,
    Drinks,
    Dessert,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Pizza,
        Category::Salad,
        Category::Burger,
        Category::Pasta,
        Category::Sides,
        Category::Drinks,
        Category::Dessert,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Pizza => "Pizza",
            Category::Salad => "Salad",
            Category::Burger => "Burger",
            Category::Pasta => "Pasta",
            Category::Sides => "Sides",
            Category::Drinks => "Drinks",
            Category::Dessert => "Dessert",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuItem {
    pub name: &'static str,
    pub category: Category,
    pub price: Cents,
}

const fn item(name: &'static str, category: Category, cents: i64) -> MenuItem {
    MenuItem {
        name,
        category,
        price: Cents(cents),
    }
}

use Category::*;

pub const MENU: &[MenuItem] = &[
    item("Margherita Pizza", Pizza, 1299),
    item("Pepperoni Pizza", Pizza, 1499),
    item("BBQ Chicken Pizza", Pizza, 1599),
    item("Veggie Supreme Pizza", Pizza, 1399),
    item("Caesar Salad", Salad, 899),
    item("Greek Salad", Salad, 949),
    item("Quinoa Power Bowl", Salad, 1149),
    item("Classic Cheeseburger", Burger, 1199),
    item("Bacon BBQ Burger", Burger, 1399),
    item("Mushroom Swiss Burger", Burger, 1299),
    item("Beyond Veggie Burger", Burger, 1349),
    item("Spaghetti Carbonara", Pasta, 1449),
    item("Penne Arrabbiata", Pasta, 1249),
    item("Fettuccine Alfredo", Pasta, 1399),
    item("Lasagna Bolognese", Pasta, 1549),
    item("French Fries", Sides, 449),
    item("Sweet Potato Fries", Sides, 549),
    item("Onion Rings", Sides, 499),
    item("Garlic Bread", Sides, 399),
    item("Coca-Cola", Drinks, 249),
    item("Fresh Lemonade", Drinks, 349),
    item("Iced Tea", Drinks, 299),
    item("Sparkling Water", Drinks, 199),
    item("Chocolate Lava Cake", Dessert, 749),
    item("New York Cheesecake", Dessert, 699),
    item("Tiramisu", Dessert, 799),
];

/// Finds a menu item by its exact name; orders from other systems may name things we do not sell.
pub fn find(name: &str) -> Option<&'static MenuItem> {
    MENU.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_menu_has_at_least_twenty_items_covering_every_category() {
        assert!(MENU.len() >= 20);
        for category in Category::ALL {
            assert!(
                MENU.iter().any(|m| m.category == category),
                "{} has no item",
                category.label()
            );
        }
    }

    #[test]
    fn menu_names_are_unique_and_prices_positive() {
        let names: HashSet<_> = MENU.iter().map(|m| m.name).collect();
        assert_eq!(names.len(), MENU.len());
        assert!(MENU.iter().all(|m| m.price.0 > 0));
    }

    #[test]
    fn unknown_names_are_not_found_rather_than_guessed() {
        assert_eq!(find("Caesar Salad").map(|m| m.price), Some(Cents(899)));
        assert_eq!(find("caesar salad"), None);
        assert_eq!(find("Pizza"), None);
    }
}
