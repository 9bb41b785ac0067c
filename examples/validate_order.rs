//! Reads one payload on stdin and checks it with the board's own decoder: exit 0 and a summary if it is a
//! valid order, exit 1 and the reason if not. The end-to-end tests use it on what `mosquitto_sub` received.

use std::io::Read;

fn main() {
    let mut payload = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut payload) {
        eprintln!("cannot read stdin: {e}");
        std::process::exit(2);
    }
    let trimmed = payload.trim_ascii_end();
    match order_board::domain::order::decode(trimmed) {
        Ok(order) => println!(
            "valid order {} for {}: {} item(s), {}",
            order.order_id,
            order.customer_name,
            order.items.len(),
            order.total_amount
        ),
        Err(reason) => {
            eprintln!("invalid order: {reason}");
            std::process::exit(1);
        }
    }
}
