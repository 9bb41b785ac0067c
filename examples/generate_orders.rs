//! The seed's `random_order_generator.py` as a command: prints N generated orders, one JSON per line, from a
//! seed (same seed, same orders). `--ids` prints only the order ids; `--seed-only` writes only the seed's
//! fields, without details or the test marker (same ids either way). Pipe into `mosquitto_pub -l`:
//! `cargo run -q --example generate_orders -- 42 100 | mosquitto_pub -p 18830 -t restaurant/orders -l`

use order_board::domain::generator::{OrderGenerator, Style};
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, name: &str| -> u64 {
        args.get(i).and_then(|a| a.parse().ok()).unwrap_or_else(|| {
            eprintln!(
                "usage: generate_orders <seed> <count> [--ids] [--seed-only]   ({name} missing or not a number)"
            );
            std::process::exit(2);
        })
    };
    let (seed, count) = (number(0, "seed"), number(1, "count"));
    let ids_only = args.iter().any(|a| a == "--ids");
    let style = match args.iter().any(|a| a == "--seed-only") {
        true => Style::SeedOnly,
        false => Style::Full,
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let mut generator = OrderGenerator::new(seed).with_style(style);
    for _ in 0..count {
        let order = generator.next_order(now);
        if ids_only {
            println!("{}", order.order_id);
        } else {
            println!("{}", order.to_json());
        }
    }
}
