//! The orders as CSV (one row per item) for a spreadsheet or the backend, and back.

use super::details::{Modifier, OrderType};
use super::history::Record;
use super::order::{Order, OrderItem};
use super::time::to_iso8601;

const CSV_HEADER: &str = "order_id,customer_name,item,quantity,price,item_total,order_total,timestamp,received_at,status,special_instructions,modifiers,item_note,order_type,table,guests,priority,due_at";
/// Columns the history adds after the plain CSV's (appended, so a reader of the first 18 keeps working):
/// the history CSV's times, on each row of the order like its status.
const TIME_COLUMNS: &str =
    "placed_at,placed_from,started_at,ready_at,served_at,cancelled_at,ready_seconds";

/// A line's modifiers in one cell: "Extra cheese (+1.50); No basil".
fn modifiers_cell(modifiers: &[Modifier]) -> String {
    let each = modifiers.iter().map(|m| match m.price {
        Some(p) => format!("{} (+{})", m.name, p.to_wire_text()),
        None => m.name.clone(),
    });
    each.collect::<Vec<_>>().join("; ")
}

fn modifiers_from_cell(cell: &str) -> Vec<Modifier> {
    let one = |text: &str| {
        let priced = text.strip_suffix(')').and_then(|t| t.rsplit_once(" (+"));
        match priced.and_then(|(name, p)| {
            Some((
                name,
                super::money::Cents::from_wire(super::money::parse_decimal(p)?).ok()?,
            ))
        }) {
            Some((name, price)) => Modifier {
                name: name.to_owned(),
                price: Some(price),
            },
            None => Modifier {
                name: text.to_owned(),
                price: None,
            },
        }
    };
    cell.split("; ")
        .filter(|t| !t.is_empty())
        .map(one)
        .collect()
}

/// A record's times as both CSVs write them: placed_at, placed_from, started_at, ready_at, served_at,
/// cancelled_at, ready_seconds (ISO-8601 UTC; empty when not known).
fn times_of(r: &Record) -> [String; 7] {
    let time = |at: Option<i64>| at.map(to_iso8601).unwrap_or_default();
    [
        to_iso8601(r.placed),
        (if r.own_time { "order" } else { "received" }).to_owned(),
        time(r.started),
        time(r.ready),
        time(r.served),
        time(r.cancelled),
        r.time_to_ready()
            .map(|ms| (ms / 1000).to_string())
            .unwrap_or_default(),
    ]
}

/// The orders as CSV, one row per item (RFC 4180 quoting), for a spreadsheet or the backend, from the
/// history: an order cleared off the board is still in it, and two boards that saw the same orders write
/// the same rows. The order's total is on its first row only, so summing the column gives the revenue;
/// `timestamp` is the order's own (empty when the order carried none) and `received_at` when it was first
/// received, always filled.
pub fn to_csv<'a>(records: impl IntoIterator<Item = &'a Record>) -> String {
    let mut out = format!("{CSV_HEADER},{TIME_COLUMNS}\r\n");
    for r in records {
        let times = times_of(r);
        for mut row in plain_rows(r) {
            row.extend(times.iter().cloned());
            let cells: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// A record's rows in the plain CSV's 18 columns: from the order as published, or — for a record kept
/// before records carried their order — its dishes and quantities, without prices. Test traffic has none.
fn plain_rows(r: &Record) -> Vec<Vec<String>> {
    let Ok(o) = super::order::decode(r.order.as_bytes()) else {
        return r
            .lines
            .iter()
            .enumerate()
            .map(|(n, line)| {
                let mut row = vec![
                    r.id.clone(),
                    r.customer.clone(),
                    line.dish.clone(),
                    line.quantity.to_string(),
                    String::new(),
                    String::new(),
                    first_only(n, || super::money::Cents(r.total).to_wire_text()),
                    String::new(),
                    to_iso8601(r.received),
                    r.status.wire_name().to_owned(),
                ];
                row.resize(18, String::new());
                row
            })
            .collect();
    };
    if o.is_test() {
        return Vec::new();
    }
    let rows = o.items.iter().enumerate().map(|(n, item)| {
        vec![
            o.order_id.clone(),
            o.customer_name.clone(),
            item.name.clone(),
            item.quantity.to_string(),
            item.price.to_wire_text(),
            item.line_total().to_wire_text(),
            first_only(n, || o.total_amount.to_wire_text()),
            o.timestamp.clone().unwrap_or_default(),
            to_iso8601(r.received),
            r.status.wire_name().to_owned(),
            o.special_instructions.clone().unwrap_or_default(),
            modifiers_cell(&item.modifiers),
            item.note.clone().unwrap_or_default(),
            o.order_type
                .as_ref()
                .map(|t| t.wire_name().to_owned())
                .unwrap_or_default(),
            o.table.clone().unwrap_or_default(),
            o.guests.map(|g| g.to_string()).unwrap_or_default(),
            if o.rush { "rush".into() } else { String::new() },
            o.due_at.clone().unwrap_or_default(),
        ]
    });
    rows.collect()
}

/// The order's total goes on its first row only.
fn first_only(line: usize, text: impl FnOnce() -> String) -> String {
    if line == 0 {
        text()
    } else {
        String::new()
    }
}

const HISTORY_HEADER: &str = "order_id,customer_name,items,order_total,status,placed_at,placed_from,received_at,started_at,ready_at,served_at,cancelled_at,ready_seconds,station_times";

/// The history, one row per order, with every time it knows (ISO-8601 UTC; empty when not known):
/// `placed_from` says whether `placed_at` is the order's own time (`order`) or its receipt (`received`);
/// `ready_seconds` counts from the order's start (its placing, or a scheduled order's start);
/// `station_times` is "Grill started …, done …; Bar done …".
pub fn history_csv<'a>(records: impl IntoIterator<Item = &'a super::history::Record>) -> String {
    let mut out = String::from(HISTORY_HEADER);
    out.push_str("\r\n");
    for r in records {
        let items = r
            .lines
            .iter()
            .map(|l| format!("{} x {}", l.quantity, l.dish));
        let stations = r.stations.iter().map(|s| {
            let steps = [("started", s.started), ("done", s.done)];
            let said = steps
                .iter()
                .filter_map(|(word, at)| at.map(|at| format!("{word} {}", to_iso8601(at))));
            format!("{} {}", s.station, said.collect::<Vec<_>>().join(", "))
        });
        let [placed, placed_from, started, ready, served, cancelled, ready_seconds] = times_of(r);
        let fields = [
            r.id.clone(),
            r.customer.clone(),
            items.collect::<Vec<_>>().join("; "),
            super::money::Cents(r.total).to_wire_text(),
            r.status.wire_name().to_owned(),
            placed,
            placed_from,
            to_iso8601(r.received),
            started,
            ready,
            served,
            cancelled,
            ready_seconds,
            stations.collect::<Vec<_>>().join("; "),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// How a spreadsheet in the board's locale reads a CSV: where the decimal separator is a comma (de-DE, fr-FR,
/// es-ES, pt-BR), fields are separated by `;` and amounts written "12,50".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spreadsheet {
    pub decimal_comma: bool,
    /// The local time's offset from UTC, in minutes: a spreadsheet shows times as written.
    pub offset_minutes: i64,
}

/// The history for a spreadsheet: UTF-8 with a byte-order mark (so accents survive a double-click open),
/// the locale's separators, local times "2025-01-14 17:35:00" and durations in minutes. The columns are the
/// plain history CSV's.
pub fn history_for_spreadsheet<'a>(
    records: impl IntoIterator<Item = &'a super::history::Record>,
    sheet: Spreadsheet,
) -> String {
    let separator = if sheet.decimal_comma { ';' } else { ',' };
    let local = |at: i64| {
        let iso = to_iso8601(at + sheet.offset_minutes * 60_000);
        iso.trim_end_matches('Z').replacen('T', " ", 1)
    };
    let number = |text: String| match sheet.decimal_comma {
        true => text.replace('.', ","),
        false => text,
    };
    let mut out = String::from('\u{feff}');
    out.push_str(&HISTORY_HEADER.replace(',', &separator.to_string()));
    out.push_str("\r\n");
    for r in records {
        let time = |at: Option<i64>| at.map(local).unwrap_or_default();
        let items = r
            .lines
            .iter()
            .map(|l| format!("{} x {}", l.quantity, l.dish));
        let stations = r.stations.iter().map(|s| {
            let steps = [("started", s.started), ("done", s.done)];
            let said = steps
                .iter()
                .filter_map(|(word, at)| at.map(|at| format!("{word} {}", local(at))));
            format!("{} {}", s.station, said.collect::<Vec<_>>().join(", "))
        });
        let fields = [
            r.id.clone(),
            r.customer.clone(),
            items.collect::<Vec<_>>().join("; "),
            number(super::money::Cents(r.total).to_wire_text()),
            r.status.wire_name().to_owned(),
            local(r.placed),
            (if r.own_time { "order" } else { "received" }).to_owned(),
            local(r.received),
            time(r.started),
            time(r.ready),
            time(r.served),
            time(r.cancelled),
            r.time_to_ready()
                .map(|ms| number(format!("{:.2}", ms as f64 / 60_000.0)))
                .unwrap_or_default(),
            stations.collect::<Vec<_>>().join(" / "),
        ];
        let row: Vec<String> = fields.iter().map(|f| sheet_field(f, separator)).collect();
        out.push_str(&row.join(&separator.to_string()));
        out.push_str("\r\n");
    }
    out
}

/// A field for a spreadsheet: quoted when it holds the separator, a quote or a line break; a formula defused.
fn sheet_field(text: &str, separator: char) -> String {
    let text = defused(text);
    if text.contains([separator, '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A leading = + - @ would make a spreadsheet run it as a formula: prefix a quote (OWASP CSV injection).
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) && super::money::parse_decimal(text).is_none() {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn csv_field(text: &str) -> String {
    let text = defused(text);
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Reads [`to_csv`] back into orders (used to prove the export loses nothing).
pub fn orders_from_csv(text: &str) -> Result<Vec<Order>, String> {
    let rows = parse_csv(text)?;
    let mut rows = rows.into_iter();
    if !rows
        .next()
        .is_some_and(|h| h.join(",").starts_with(CSV_HEADER))
    {
        return Err("not an order board CSV (header differs)".into());
    }
    let mut orders: Vec<Order> = Vec::new();
    for (n, mut row) in rows.enumerate() {
        // Columns appended after the 18 (the history's times) are not the order's.
        row.truncate(18);
        let [id, customer, item, qty, price, _item_total, total, ts, _received, _status, note, modifiers, item_note, order_type, table, guests, priority, due_at]: [String; 18] = row
            .try_into()
            .map_err(|_| format!("row {} does not have 18 fields", n + 2))?;

        let unquote = |s: String| s.strip_prefix('\'').map(str::to_owned).unwrap_or(s);
        let some = |s: String| Some(unquote(s)).filter(|s| !s.is_empty());
        let money = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| format!("row {}: {s} is not an amount", n + 2))
                .and_then(|v| super::money::Cents::from_wire(v).map_err(|e| e.to_string()))
        };
        let item = OrderItem {
            name: unquote(item),
            quantity: qty
                .parse()
                .map_err(|_| format!("row {}: bad quantity", n + 2))?,
            price: money(&price)?,
            modifiers: modifiers_from_cell(&unquote(modifiers)),
            note: some(item_note),
        };
        match orders.last_mut() {
            Some(last) if last.order_id == unquote(id.clone()) => last.items.push(item),
            _ => orders.push(Order {
                order_id: unquote(id),
                customer_name: unquote(customer),
                items: vec![item],
                total_amount: money(&total)?,
                timestamp: (!ts.is_empty()).then_some(ts),
                special_instructions: some(note),
                order_type: some(order_type).as_deref().and_then(OrderType::read),
                table: some(table),
                guests: guests.parse().ok(),
                rush: priority == "rush",
                due_at: some(due_at),
                ..Order::default()
            }),
        }
    }
    Ok(orders)
}

fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_spreadsheet_history_follows_a_decimal_comma_locale_with_a_bom() {
        use crate::domain::fixtures::{order, ticket};
        use crate::domain::history::Record;
        use crate::domain::ticket::Status;
        let mut t = ticket(order("A;1", &[("Tea", 2)]), 60_000, Status::Ready);
        t.ready_at = Some(150_000);
        let record = Record::of(&t).unwrap();
        let sheet = Spreadsheet {
            decimal_comma: true,
            offset_minutes: 60,
        };
        let text = history_for_spreadsheet([&record], sheet);
        assert!(text.starts_with('\u{feff}'), "a byte-order mark first");
        let row = text.split("\r\n").nth(1).unwrap();
        let cells: Vec<&str> = row.split(';').collect();
        assert_eq!(cells[0], "\"A", "an id holding the separator is quoted");
        assert!(
            row.contains(";1970-01-01 01:02:30;"),
            "local ready time: {row}"
        );
        assert!(
            row.contains(";2,50;"),
            "minutes with a decimal comma: {row}"
        );
        let plain = history_for_spreadsheet(
            [&record],
            Spreadsheet {
                decimal_comma: false,
                offset_minutes: 0,
            },
        );
        assert!(plain.split("\r\n").nth(1).unwrap().contains(",2.50,"));
    }

    #[test]
    fn the_history_csv_has_every_time_column_and_one_row_per_order() {
        use crate::domain::fixtures::{order, ticket};
        use crate::domain::history::Record;
        use crate::domain::ticket::Status;
        let mut t = ticket(order("=1", &[("Tea", 2)]), 60_000, Status::Served);
        t.ready_at = Some(360_000);
        t.status_at = Some(400_000);
        let csv = history_csv([Record::of(&t).unwrap()].iter());
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("order_id,customer_name,items,order_total,status,placed_at"));
        assert!(lines[0].ends_with("ready_seconds,station_times"));
        let cells: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(cells[0], "'=1", "a formula is defused");
        assert_eq!(cells[4], "served");
        assert_eq!(cells[9], "1970-01-01T00:06:00Z");
        assert_eq!(cells[10], "1970-01-01T00:06:40Z");
        // From the order's own time (the fixture's is the epoch), not from receipt.
        assert_eq!((cells[6], cells[12]), ("order", "360"));
    }

    use super::*;
    use crate::domain::fixtures::ticket;
    use crate::domain::generator::OrderGenerator;
    use crate::domain::ticket::Status;

    #[test]
    fn csv_export_parses_back_to_the_same_orders() {
        let mut generator = OrderGenerator::new(3);
        // Customers' orders (not marked as test traffic, which the export leaves out).
        let mut orders: Vec<Order> = (0..40)
            .map(|i| Order {
                source: None,
                number: None,
                ..generator.next_order(i)
            })
            .collect();
        orders[0].customer_name = "O'Brien, \"Chef\"\nLine two".into();
        orders[1].special_instructions = Some("=HYPERLINK(\"x\")".into());
        let records: Vec<Record> = orders
            .iter()
            .cloned()
            .enumerate()
            .filter_map(|(i, o)| Record::of(&ticket(o, i as i64, Status::New)))
            .collect();
        let csv = to_csv(&records);
        assert!(csv.contains("'=HYPERLINK"), "formulas are defused");
        assert_eq!(orders_from_csv(&csv).unwrap(), orders);
    }

    #[test]
    fn a_record_kept_before_records_carried_their_order_gives_its_dishes_without_prices() {
        let mut old = Record::of(&ticket(
            crate::domain::fixtures::order("OLD", &[("Tea", 2), ("Cake", 1)]),
            0,
            Status::Served,
        ))
        .unwrap();
        old.order.clear();
        let rows = parse_csv(&to_csv([&old])).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].len(), 25, "18 columns and the history's seven");
        assert_eq!(&rows[1][..4], ["OLD", &old.customer, "Tea", "2"]);
        assert_eq!((rows[1][4].as_str(), rows[1][9].as_str()), ("", "served"));
        assert_eq!(rows[2][6], "", "the total once");
    }

    #[test]
    fn test_orders_are_left_out_of_the_export() {
        let mut generator = OrderGenerator::new(4);
        let test = generator.next_order(0);
        let real = Order {
            source: None,
            number: None,
            ..generator.next_order(1)
        };
        assert!(Record::of(&ticket(test.clone(), 0, Status::New)).is_none());
        // As a record of a test order would hold it, were one kept.
        let mut kept = Record::of(&ticket(real.clone(), 0, Status::New)).unwrap();
        kept.order = test.to_json();
        let test = kept;
        let csv = to_csv(&[
            test,
            Record::of(&ticket(real.clone(), 1, Status::New)).unwrap(),
        ]);
        assert_eq!(orders_from_csv(&csv).unwrap(), vec![real]);
    }

    #[test]
    fn the_order_total_column_sums_to_the_revenue_once_per_order() {
        let mut generator = OrderGenerator::new(9);
        let orders: Vec<Order> = (0..25)
            .map(|i| Order {
                source: None,
                number: None,
                ..generator.next_order(i)
            })
            .collect();
        let records: Vec<Record> = orders
            .iter()
            .cloned()
            .filter_map(|o| Record::of(&ticket(o, 0, Status::New)))
            .collect();
        let csv = to_csv(&records);
        let rows = parse_csv(&csv).unwrap();
        let column: f64 = rows[1..]
            .iter()
            .filter_map(|r| r[6].parse::<f64>().ok())
            .sum();
        let revenue: i64 = orders.iter().map(|o| o.total_amount.0).sum();
        assert_eq!((column * 100.0).round() as i64, revenue);
        let items: f64 = rows[1..].iter().map(|r| r[5].parse::<f64>().unwrap()).sum();
        assert_eq!(
            (items * 100.0).round() as i64,
            revenue,
            "generated orders add up"
        );
        assert!(
            rows[1..].iter().all(|r| r[8].starts_with("1970-01-01T")),
            "received_at always filled"
        );
    }
}
