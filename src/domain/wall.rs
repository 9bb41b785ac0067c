//! The kitchen wall: how many ticket lines a screen holds, how many lines each ticket takes, and which
//! tickets share a page. A wall TV is read from 3 m and never scrolled, so the screen shows one page of
//! whole tickets, in columns, oldest first, and says how many more there are; the page is worked out here
//! from line counts, not by measuring hundreds of cards in the browser.

use super::menu::Menu;
use super::stations::Station;
use super::ticket::Ticket;
use std::ops::Range;

/// What one wall screen holds: columns of `lines` lines each, about `chars` characters wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub columns: usize,
    pub lines: usize,
    pub chars: usize,
}

impl Budget {
    /// The budget of a ticket area `width` × `height` px, a line being `line` px high and a column at
    /// least `column` px wide (with `gap` px between columns).
    pub fn fit(width: f64, height: f64, line: f64, column: f64, gap: f64) -> Budget {
        let width = width.max(0.0);
        let columns = (((width + gap) / (column + gap)).floor() as usize).max(1);
        let lines = ((height.max(0.0) / line.max(1.0)).floor() as usize).max(MIN_LINES);
        let column_width = (width - gap * (columns - 1) as f64) / columns as f64;
        // A character of the card's type is about half a line high wide.
        let chars = ((column_width / (line * 0.5)).floor() as usize).max(10);
        Budget {
            columns,
            lines,
            chars,
        }
    }
}

/// Below this a ticket does not fit at all; a screen that small still shows one ticket per column.
const MIN_LINES: usize = 8;

/// The lines every ticket takes besides its items: name and number, status and age, total and time,
/// the buttons (two lines high).
const FIXED_LINES: usize = 6;

/// How many lines `ticket` takes on a screen `chars` wide: its fixed lines, one per item line (the
/// station's items on a station screen), its instructions wrapped, and a wrong total's warning.
pub fn ticket_lines(ticket: &Ticket, station: &Station, menu: &Menu, chars: usize) -> usize {
    let order = &ticket.order;
    let items = match station {
        Station::All => order.items.len(),
        _ => station.items(menu, order).len(),
    };
    let instructions = order
        .special_instructions
        .as_deref()
        .map_or(0, |text| text.chars().count().div_ceil(chars.max(1)));
    let warning = usize::from(order.total_problem().is_some());
    FIXED_LINES + items + instructions + warning
}

/// The tickets (by their place in line) on each page: columns filled top to bottom, one after another;
/// a ticket that does not fit under the last one in a column starts the next column, and one taller
/// than a whole column takes a column of its own (its end continues out of sight: the card says so).
pub fn pages(lines: &[usize], budget: Budget) -> Vec<Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut column, mut used) = (0, 0, 0);
    for (i, &height) in lines.iter().enumerate() {
        let height = height.min(budget.lines);
        if used + height > budget.lines {
            column += 1;
            used = 0;
        }
        if column == budget.columns {
            pages.push(start..i);
            start = i;
            column = 0;
        }
        used += height;
    }
    if start < lines.len() || pages.is_empty() {
        pages.push(start..lines.len());
    }
    pages
}

/// The page holding the ticket at `index` (the last page when it is past the end).
pub fn page_of(pages: &[Range<usize>], index: usize) -> usize {
    pages
        .iter()
        .position(|p| p.contains(&index))
        .unwrap_or(pages.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TV: Budget = Budget {
        columns: 4,
        lines: 20,
        chars: 30,
    };

    #[test]
    fn tickets_fill_each_column_then_the_next_and_a_page_ends_after_the_last_column() {
        // Two 9-line tickets per 20-line column, four columns: eight to a page.
        let lines = vec![9; 20];
        assert_eq!(pages(&lines, TV), vec![0..8, 8..16, 16..20]);
        assert_eq!(page_of(&pages(&lines, TV), 17), 2);
    }

    #[test]
    fn a_ticket_that_does_not_fit_under_another_starts_the_next_column() {
        let lines = [12, 12, 12, 12, 5];
        // 12 + 12 > 20: one a column; the 5-line ticket fits under the fourth.
        assert_eq!(pages(&lines, TV), vec![0..5]);
        let lines = [12, 12, 12, 12, 12];
        assert_eq!(pages(&lines, TV), vec![0..4, 4..5]);
    }

    #[test]
    fn a_ticket_taller_than_a_column_takes_one_column_and_every_ticket_is_on_some_page() {
        let lines = [45, 3, 3];
        assert_eq!(pages(&lines, TV), vec![0..3]);
        let narrow = Budget { columns: 1, ..TV };
        assert_eq!(pages(&[45, 45, 3], narrow), vec![0..1, 1..2, 2..3]);
        assert_eq!(pages(&[], TV), vec![0..0]);
    }

    #[test]
    fn a_ticket_takes_a_line_per_item_and_its_instructions_wrapped() {
        let mut order =
            crate::domain::fixtures::order("A", &[("Iced Tea", 1), ("Caesar Salad", 2)]);
        let ticket = |order: &crate::domain::order::Order| {
            crate::domain::fixtures::ticket(order.clone(), 0, crate::domain::ticket::Status::New)
        };
        let menu = Menu::demo();
        assert_eq!(
            ticket_lines(&ticket(&order), &Station::All, &menu, 30),
            FIXED_LINES + 2
        );
        order.special_instructions = Some("x".repeat(61));
        assert_eq!(
            ticket_lines(&ticket(&order), &Station::All, &menu, 30),
            FIXED_LINES + 2 + 3
        );
        // A station's screen counts only its own lines.
        let drinks = Station::Only("Drinks".into());
        assert_eq!(
            ticket_lines(&ticket(&order), &drinks, &menu, 30),
            FIXED_LINES + 1 + 3
        );
    }

    #[test]
    fn a_tv_holds_more_columns_and_lines_than_a_tablet() {
        let tv = Budget::fit(1888.0, 900.0, 34.0, 340.0, 16.0);
        let tablet = Budget::fit(992.0, 600.0, 26.0, 300.0, 12.0);
        assert_eq!((tv.columns, tv.lines), (5, 26));
        assert_eq!((tablet.columns, tablet.lines), (3, 23));
        assert!(tv.chars >= 20 && tablet.chars >= 20);
        assert_eq!(Budget::fit(0.0, 0.0, 30.0, 300.0, 10.0).columns, 1);
    }
}
