//! The kitchen wall: how many ticket lines a screen holds, how many lines each ticket takes, and which
//! tickets share a page. A wall TV is read from 3 m and never scrolled, so the screen shows one page of
//! whole tickets, in columns, oldest first, and says how many more there are; the page is worked out here
//! from line counts, not by measuring hundreds of cards in the browser.

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
pub fn ticket_lines(ticket: &Ticket, station: &Station, chars: usize) -> usize {
    let order = &ticket.order;
    let wrapped = |text: &str| text.chars().count().div_ceil(chars.max(1));
    let line = |item: &super::order::OrderItem| {
        let modifiers: usize = item
            .modifiers
            .iter()
            .map(|m| m.name.chars().count() + 2)
            .sum();
        1 + modifiers.div_ceil(chars.max(1)) + item.note.as_deref().map_or(0, wrapped)
    };
    let items: usize = match station {
        Station::All => order.items.iter().map(line).sum(),
        _ => station.part(ticket).map_or(0, |p| {
            p.lines
                .iter()
                .filter_map(|l| order.items.get(*l as usize))
                .map(line)
                .sum()
        }),
    };
    let service = usize::from(
        order.order_type.is_some()
            || order.table.is_some()
            || order.guests.is_some()
            || order.due_at.is_some(),
    );
    let instructions = order
        .special_instructions
        .as_deref()
        .map_or(0, |text| text.chars().count().div_ceil(chars.max(1)));
    let warning = usize::from(order.total_problem().is_some()) + order.warnings.len();
    FIXED_LINES + service + items + instructions + warning
}

/// Where one ticket stands on its page: its first column and line (from 0), and how many columns and
/// lines it takes. A ticket taller than a column takes more columns, side by side, its lines running on
/// from the foot of one into the next (the card says "continued").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    pub column: usize,
    pub line: usize,
    pub columns: usize,
    pub lines: usize,
}

/// The tickets (by their place in line) on each page, and where each stands: columns filled top to
/// bottom, one after another; a ticket that does not fit under the last one in a column starts the next
/// column, and one taller than a column starts a column of its own and continues into as many more as it
/// needs (at most the page's width).
pub fn layout(lines: &[usize], budget: Budget) -> Vec<(Range<usize>, Vec<Place>)> {
    let mut pages = Vec::new();
    let mut places = Vec::new();
    let (mut start, mut column, mut used) = (0, 0, 0);
    for (i, &height) in lines.iter().enumerate() {
        let height = height.max(1);
        let columns = height.div_ceil(budget.lines).clamp(1, budget.columns);
        let rows = height.min(budget.lines);
        if used > 0 && (columns > 1 || used + rows > budget.lines) {
            column += 1;
            used = 0;
        }
        if column + columns > budget.columns {
            pages.push((start..i, std::mem::take(&mut places)));
            start = i;
            column = 0;
            used = 0;
        }
        places.push(Place {
            column,
            line: used,
            columns,
            lines: rows,
        });
        if columns > 1 {
            column += columns;
        } else {
            used += rows;
        }
    }
    if start < lines.len() || pages.is_empty() {
        pages.push((start..lines.len(), places));
    }
    pages
}

/// The tickets (by their place in line) on each page (see [`layout`]).
pub fn pages(lines: &[usize], budget: Budget) -> Vec<Range<usize>> {
    layout(lines, budget).into_iter().map(|(r, _)| r).collect()
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
    fn a_ticket_taller_than_a_column_continues_in_the_next_columns_and_every_ticket_is_on_some_page(
    ) {
        // 45 lines on a 20-line screen: three columns side by side; the two small ones share the fourth.
        let lines = [45, 3, 3];
        let [(range, places)] = &layout(&lines, TV)[..] else {
            panic!("one page");
        };
        assert_eq!(range, &(0..3));
        let place = |column, line, columns, lines| Place {
            column,
            line,
            columns,
            lines,
        };
        assert_eq!(
            places,
            &vec![place(0, 0, 3, 20), place(3, 0, 1, 3), place(3, 3, 1, 3)]
        );
        // Under a short ticket, a tall one starts the next column; one that needs more columns than are
        // left starts the next page.
        let lines = [5, 30, 30];
        let laid = layout(&lines, TV);
        assert_eq!(laid[0].1, vec![place(0, 0, 1, 5), place(1, 0, 2, 20)]);
        assert_eq!(laid[1].1, vec![place(0, 0, 2, 20)]);
        // Never wider than the page.
        let narrow = Budget { columns: 1, ..TV };
        assert_eq!(pages(&[45, 45, 3], narrow), vec![0..1, 1..2, 2..3]);
        assert_eq!(layout(&[45], narrow)[0].1, vec![place(0, 0, 1, 20)]);
        assert_eq!(pages(&[], TV), vec![0..0]);
    }

    #[test]
    fn a_ticket_takes_a_line_per_item_and_its_instructions_wrapped() {
        let mut order =
            crate::domain::fixtures::order("A", &[("Iced Tea", 1), ("Caesar Salad", 2)]);
        let ticket = |order: &crate::domain::order::Order| {
            crate::domain::fixtures::ticket(order.clone(), 0, crate::domain::ticket::Status::New)
        };
        assert_eq!(
            ticket_lines(&ticket(&order), &Station::All, 30),
            FIXED_LINES + 2
        );
        order.special_instructions = Some("x".repeat(61));
        assert_eq!(
            ticket_lines(&ticket(&order), &Station::All, 30),
            FIXED_LINES + 2 + 3
        );
        // A station's screen counts only its own lines.
        let drinks = Station::Only("Drinks".into());
        assert_eq!(
            ticket_lines(&ticket(&order), &drinks, 30),
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
