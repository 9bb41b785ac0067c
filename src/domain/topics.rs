//! Every topic name the board uses, built from the orders topic in one place (trimmed once):
//! `restaurant/orders` (orders), `restaurant/orders/<id>/status` (retained statuses),
//! `restaurant/menu` (the retained menu) and `restaurant/boards/<client id>` (presence).

/// The topics of one orders topic, as typed in the settings (surrounding spaces are not part of a topic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topics {
    orders: String,
}

impl Topics {
    pub fn new(orders_topic: &str) -> Topics {
        Topics {
            orders: orders_topic.trim().to_owned(),
        }
    }

    /// Where orders are published and read.
    pub fn orders(&self) -> &str {
        &self.orders
    }

    pub fn status(&self, order_id: &str) -> String {
        status_topic(&self.orders, order_id)
    }

    pub fn menu(&self) -> String {
        menu_topic(&self.orders)
    }

    /// Where the day's close is kept (retained), beside the orders topic.
    pub fn day(&self) -> String {
        day_topic(&self.orders)
    }

    /// Where a station's part of an order is kept (retained): one topic per part, so two stations
    /// changing their parts at once do not overwrite each other.
    pub fn part(&self, order_id: &str, station: &str) -> String {
        part_topic(&self.orders, order_id, station)
    }

    pub fn presence(&self, client_id: &str) -> String {
        presence_topic(&self.orders, client_id)
    }

    /// Where a counter device announces its letter (see `counter`).
    pub fn counter(&self, device: &str) -> String {
        sibling(&self.orders, "counters", &encode_level(device))
    }

    /// What a board subscribes to: orders, every order's status, the retained menu and the counters'
    /// letters.
    pub fn subscriptions(&self) -> Vec<String> {
        vec![
            self.orders.clone(),
            status_filter(&self.orders),
            part_filter(&self.orders),
            self.menu(),
            self.day(),
            sibling(&self.orders, "counters", "+"),
        ]
    }

    /// Whether a filter the broker granted is the orders topic (the one the page reports).
    pub fn is_orders(&self, filter: &str) -> bool {
        self.orders == filter
    }
}

/// The retained status topic of an order. Characters that mean something in topics (`/ + #`) or are not
/// plain are percent-encoded, so any order id maps to exactly one topic level — `.` too, since brokers that
/// map MQTT's `/` to their own `.` (RabbitMQ, NATS) would otherwise split "ORD.7" into two levels.
pub fn status_topic(orders_topic: &str, order_id: &str) -> String {
    let level = encode_level(order_id);
    format!("{}/{level}/status", orders_topic.trim_end_matches('/'))
}

fn encode_level(text: &str) -> String {
    let mut level = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'~') {
            level.push(b as char);
        } else {
            level.push_str(&format!("%{b:02X}"));
        }
    }
    level
}

/// The order id a status topic names (the level [`status_topic`] encoded), if it is one.
pub fn order_id_of_status(topic: &str) -> Option<String> {
    decode_level(topic.strip_suffix("/status")?.rsplit('/').next()?)
}

/// The device a counter's topic names, if `topic` is one beside `orders_topic`.
pub fn device_of_counter(orders_topic: &str, topic: &str) -> Option<String> {
    let prefix = sibling(orders_topic.trim(), "counters", "");
    let level = topic.strip_prefix(&prefix)?;
    (!level.is_empty() && !level.contains('/'))
        .then(|| decode_level(level))
        .flatten()
}

fn decode_level(level: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(level.len());
    let mut rest = level.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

/// `<orders topic>/<order id>/parts/<station>`, both levels encoded like a status topic's.
pub fn part_topic(orders_topic: &str, order_id: &str, station: &str) -> String {
    format!(
        "{}/{}/parts/{}",
        orders_topic.trim_end_matches('/'),
        encode_level(order_id),
        encode_level(station)
    )
}

/// The subscription that receives every order's parts.
pub fn part_filter(orders_topic: &str) -> String {
    format!("{}/+/parts/+", orders_topic.trim_end_matches('/'))
}

/// The order id a part topic under `orders_topic` names, if it is one.
pub fn order_id_of_part(orders_topic: &str, topic: &str) -> Option<String> {
    let prefix = format!("{}/", orders_topic.trim_end_matches('/'));
    let (order, station) = topic.strip_prefix(&prefix)?.split_once("/parts/")?;
    let plain = |level: &str| !level.is_empty() && !level.contains('/');
    (plain(order) && plain(station))
        .then(|| decode_level(order))
        .flatten()
}

/// The subscription that receives every order's status.
pub fn status_filter(orders_topic: &str) -> String {
    format!("{}/+/status", orders_topic.trim_end_matches('/'))
}

/// Whether a topic is a status topic under the orders topic.
pub fn is_status_topic(orders_topic: &str, topic: &str) -> bool {
    let prefix = format!("{}/", orders_topic.trim_end_matches('/'));
    topic
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix("/status"))
        .is_some_and(|level| !level.is_empty() && !level.contains('/'))
}

/// The day close's topic: beside the orders topic (`restaurant/orders` → `restaurant/day`).
pub fn day_topic(orders_topic: &str) -> String {
    menu_topic(orders_topic)
        .strip_suffix("menu")
        .map(|parent| format!("{parent}day"))
        .unwrap_or_else(|| "day".to_owned())
}

/// The retained menu's topic: beside the orders topic (`restaurant/orders` → `restaurant/menu`).
pub fn menu_topic(orders_topic: &str) -> String {
    match orders_topic.trim().rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/menu"),
        None => "menu".to_owned(),
    }
}

/// Where a board announces itself: a sibling of the orders topic, so a subscriber to the orders topic
/// (even with `/#`) never mistakes a presence message for an order. `restaurant/orders` ->
/// `restaurant/boards/<client id>`.
pub fn presence_topic(orders_topic: &str, client_id: &str) -> String {
    sibling(orders_topic, "boards", client_id)
}

/// `<parent of the orders topic>/<group>/<level>`.
fn sibling(orders_topic: &str, group: &str, level: &str) -> String {
    let parent = orders_topic
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or("", |(parent, _)| parent);
    if parent.is_empty() {
        format!("{group}/{level}")
    } else {
        format!("{parent}/{group}/{level}")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_counter_announces_beside_the_orders_topic_and_its_device_reads_back() {
        let topics = Topics::new("restaurant/orders");
        let topic = topics.counter("board-1 x");
        assert_eq!(topic, "restaurant/counters/board-1%20x");
        assert_eq!(
            device_of_counter("restaurant/orders", &topic).as_deref(),
            Some("board-1 x")
        );
        assert_eq!(
            device_of_counter("restaurant/orders", "restaurant/orders"),
            None
        );
        assert!(topics
            .subscriptions()
            .contains(&"restaurant/counters/+".to_owned()));
    }

    #[test]
    fn a_status_topic_gives_back_the_order_id_it_was_made_from() {
        for id in ["ORD-7", "ORD.7/x+#", "Zoë 12", "0b0e7f5e-9c1a"] {
            assert_eq!(
                order_id_of_status(&status_topic("restaurant/orders", id)).as_deref(),
                Some(id)
            );
        }
        assert_eq!(order_id_of_status("restaurant/orders/menu"), None);
    }

    use super::*;

    #[test]
    fn any_order_id_maps_to_one_topic_level() {
        assert_eq!(
            status_topic("restaurant/orders", "ORD-001"),
            "restaurant/orders/ORD-001/status"
        );
        assert_eq!(
            status_topic("restaurant/orders/", "a/b+#"),
            "restaurant/orders/a%2Fb%2B%23/status"
        );
        // A broker that maps `/` to `.` inside (RabbitMQ, NATS) must still see one level.
        assert_eq!(
            status_topic("restaurant/orders", "ORD.7"),
            "restaurant/orders/ORD%2E7/status"
        );
        assert_eq!(
            status_filter("restaurant/orders"),
            "restaurant/orders/+/status"
        );
        assert!(is_status_topic(
            "restaurant/orders",
            "restaurant/orders/ORD-1/status"
        ));
        assert!(!is_status_topic("restaurant/orders", "restaurant/orders"));
        assert!(!is_status_topic(
            "restaurant/orders",
            "restaurant/orders/a/b/status"
        ));
    }

    #[test]
    fn the_menu_topic_sits_beside_the_orders_topic() {
        assert_eq!(menu_topic("restaurant/orders"), "restaurant/menu");
        assert_eq!(menu_topic("a/b/orders"), "a/b/menu");
        assert_eq!(menu_topic("orders"), "menu");
    }

    #[test]
    fn presence_lives_beside_the_orders_topic_never_under_it() {
        assert_eq!(
            presence_topic("restaurant/orders", "board-1"),
            "restaurant/boards/board-1"
        );
        assert_eq!(presence_topic("a/b/orders/", "x"), "a/b/boards/x");
        assert_eq!(presence_topic("orders", "x"), "boards/x");
    }

    #[test]
    fn a_topic_typed_with_spaces_around_it_is_trimmed_once_for_every_name_built_from_it() {
        let topics = Topics::new("  restaurant/orders \n");
        assert_eq!(topics.orders(), "restaurant/orders");
        assert_eq!(topics.status("A1"), "restaurant/orders/A1/status");
        assert_eq!(topics.menu(), "restaurant/menu");
        assert_eq!(topics.presence("b"), "restaurant/boards/b");
        assert!(topics.is_orders("restaurant/orders"));
        assert!(!topics.is_orders("  restaurant/orders"));
    }

    #[test]
    fn a_board_subscribes_to_orders_statuses_parts_the_menu_and_the_counters_and_nothing_else() {
        assert_eq!(
            Topics::new("restaurant/orders").subscriptions(),
            [
                "restaurant/orders",
                "restaurant/orders/+/status",
                "restaurant/orders/+/parts/+",
                "restaurant/menu",
                "restaurant/day",
                "restaurant/counters/+"
            ]
        );
    }

    #[test]
    fn every_status_topic_built_is_recognised_as_one_and_its_order_id_is_one_level() {
        let topics = Topics::new("restaurant/orders");
        for id in ["ORD-1", "a/b", "x+y", "#", "ORD.7", "naïve", " spaced "] {
            let topic = topics.status(id);
            assert!(is_status_topic(topics.orders(), &topic), "{id}: {topic}");
            assert!(!topic.contains(['+', '#']), "{topic}");
        }
    }

    #[test]
    fn a_part_topic_names_its_order_and_station_in_one_level_each() {
        let topics = Topics::new("restaurant/orders");
        assert_eq!(
            topics.part("ORD-1", "Drinks"),
            "restaurant/orders/ORD-1/parts/Drinks"
        );
        for (id, station) in [("a/b", "Grill / Bar"), ("x+y", "#1"), ("ORD.7", "Café")] {
            let topic = topics.part(id, station);
            assert_eq!(
                order_id_of_part(topics.orders(), &topic).as_deref(),
                Some(id)
            );
            assert!(!topic.contains(['+', '#']), "{topic}");
            assert!(!is_status_topic(topics.orders(), &topic));
        }
        assert_eq!(
            order_id_of_part("restaurant/orders", "restaurant/orders/A/status"),
            None
        );
        assert_eq!(
            order_id_of_part("restaurant/orders", "restaurant/orders/A/parts/x/y"),
            None
        );
    }
}
