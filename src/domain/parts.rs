//! An order's parts: the lines each station makes, and how far that station is with them.
//!
//! A part is fixed when the order arrives (its station and its lines, by the menu of that moment) and
//! travels with its progress, so a menu changed mid-service does not rename the parts of open orders.
//! Each part is a last-writer-wins register: of two versions, the later `at` wins, then the greater
//! board id, then the further state, then the longer list of crossed-off lines — a total order, so boards
//! that hear the same versions in any order, or twice, keep the same one. The order's status follows
//! from its parts ([`derive`]); an order-level status from a client that knows nothing of parts is
//! mapped onto every part ([`whole`]).

use super::menu::Menu;
use super::order::Order;
use super::ticket::Status;
use super::time::{parse_iso8601, to_iso8601_millis, UnixMillis};
use serde::{Deserialize, Serialize};

/// The part of the items that are not on the menu: nobody can tell which station makes them, but they
/// must be made before the order is ready.
pub const OTHER: &str = "Other";

/// How far one station is with its part of an order. Written lower-case on the wire.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PartState {
    #[default]
    New,
    Preparing,
    Done,
}

impl PartState {
    pub fn wire_name(self) -> &'static str {
        match self {
            PartState::New => "new",
            PartState::Preparing => "preparing",
            PartState::Done => "done",
        }
    }
}

/// One station's part of an order (written as a [`PartWire`] on the wire and in storage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub station: String,
    /// The order's lines (indices into its items) this station makes.
    pub lines: Vec<u32>,
    pub state: PartState,
    /// Lines crossed off one by one (ascending).
    pub done: Vec<u32>,
    /// When this version was made; 0: as the order arrived (any change wins over it).
    pub at: UnixMillis,
    pub by: String,
}

impl Part {
    fn key(&self) -> (UnixMillis, &str, PartState, usize, &[u32]) {
        (self.at, &self.by, self.state, self.done.len(), &self.done)
    }

    /// Whether `other` is the version that wins over this one.
    pub fn loses_to(&self, other: &Part) -> bool {
        other.key() > self.key()
    }

    pub fn is_done(&self) -> bool {
        self.state == PartState::Done
    }

    /// Whether one line is crossed off (all of them once the part is done).
    pub fn line_done(&self, line: u32) -> bool {
        self.is_done() || self.done.contains(&line)
    }

    /// This part as changed now by `by`.
    fn changed(&self, state: PartState, done: Vec<u32>, now: UnixMillis, by: &str) -> Part {
        Part {
            station: self.station.clone(),
            lines: self.lines.clone(),
            state,
            done,
            at: now,
            by: by.to_owned(),
        }
    }

    /// The station's bump: new → preparing → done; nothing once done.
    pub fn bumped(&self, now: UnixMillis, by: &str) -> Option<Part> {
        match self.state {
            PartState::New => Some(self.changed(PartState::Preparing, self.done.clone(), now, by)),
            PartState::Preparing => {
                Some(self.changed(PartState::Done, self.lines.clone(), now, by))
            }
            PartState::Done => None,
        }
    }

    /// One line crossed off, or back on: the part is done once every line is, and started by any.
    pub fn crossed(&self, line: u32, now: UnixMillis, by: &str) -> Option<Part> {
        if !self.lines.contains(&line) {
            return None;
        }
        let mut done = match self.state {
            PartState::Done => self.lines.clone(),
            _ => self.done.clone(),
        };
        match done.binary_search(&line) {
            Ok(at) => {
                done.remove(at);
            }
            Err(at) => done.insert(at, line),
        }
        let state = if done.len() == self.lines.len() {
            PartState::Done
        } else {
            PartState::Preparing
        };
        Some(self.changed(state, done, now, by))
    }

    /// Sent back to its station (from the expo, or recalled there): to make again, nothing crossed off.
    pub fn sent_back(&self, now: UnixMillis, by: &str) -> Option<Part> {
        self.is_done()
            .then(|| self.changed(PartState::Preparing, Vec::new(), now, by))
    }
}

/// The parts of an order as it arrives: one per station that makes any of its lines (by the menu's
/// stations, see [`Menu::station_of`]), items not on the menu in [`OTHER`]; in the order of their first
/// line.
pub fn of_order(order: &Order, menu: &Menu) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for (i, item) in order.items.iter().enumerate() {
        let station = menu.station_of(&item.name).unwrap_or(OTHER);
        match parts.iter_mut().find(|p| p.station == station) {
            Some(part) => part.lines.push(i as u32),
            None => parts.push(Part {
                station: station.to_owned(),
                lines: vec![i as u32],
                state: PartState::New,
                done: Vec::new(),
                at: 0,
                by: String::new(),
            }),
        }
    }
    parts
}

/// Takes a version of a part heard from any board: it replaces this board's when it wins. A part this
/// board did not know (the order's first board grouped it otherwise) is added, and its lines leave the
/// parts this board made up itself and nobody has touched. Returns whether anything changed.
pub fn merge(parts: &mut Vec<Part>, incoming: Part) -> bool {
    if let Some(known) = parts.iter_mut().find(|p| p.station == incoming.station) {
        if known.loses_to(&incoming) {
            *known = incoming;
            return true;
        }
        return false;
    }
    for part in parts.iter_mut().filter(|p| p.at == 0 && p.by.is_empty()) {
        part.lines.retain(|l| !incoming.lines.contains(l));
        part.done.retain(|l| !incoming.lines.contains(l));
    }
    parts.retain(|p| !p.lines.is_empty());
    parts.push(incoming);
    parts.sort_by_key(|p| p.lines.first().copied().unwrap_or(u32::MAX));
    true
}

/// The order's status from its parts and the latest order-level status heard (`level`): served and
/// cancelled are the order's own; otherwise ready once every part is done, preparing once any started.
pub fn derive(level: Status, parts: &[Part]) -> Status {
    if parts.is_empty() || level.is_done() {
        return level;
    }
    if parts.iter().all(Part::is_done) {
        Status::Ready
    } else if parts
        .iter()
        .any(|p| p.state != PartState::New || !p.done.is_empty())
    {
        Status::Preparing
    } else {
        Status::New
    }
}

/// What an order-level `status` makes of a part, whatever it was (so a plain client's status, mapped
/// onto every part, gives the same outcome in any order of arrival): new and preparing start the part
/// again with nothing crossed off, ready and served finish it; cancelled leaves it.
fn mapped(part: &Part, status: Status) -> Option<(PartState, Vec<u32>)> {
    match status {
        Status::New => Some((PartState::New, Vec::new())),
        Status::Preparing => Some((PartState::Preparing, Vec::new())),
        Status::Ready | Status::Served => Some((PartState::Done, part.lines.clone())),
        Status::Cancelled => None,
    }
}

/// A plain client's order-level `status` (one that says nothing of parts), as a new version of every
/// part timed `at`.
pub fn whole(parts: &[Part], status: Status, at: UnixMillis, by: &str) -> Vec<Part> {
    parts
        .iter()
        .filter_map(|p| mapped(p, status).map(|(state, done)| p.changed(state, done, at, by)))
        .collect()
}

/// A whole-order change made here (the all-in-one's bump, a recall): new versions of the parts it
/// changes only, so a station's concurrent change to another part stands. Preparing starts the parts
/// not started, unless every part was done (a recall): then all of them again.
pub fn whole_changes(parts: &[Part], status: Status, at: UnixMillis, by: &str) -> Vec<Part> {
    let all_done = parts.iter().all(Part::is_done);
    parts
        .iter()
        .filter_map(|p| {
            let (state, done) = match status {
                Status::Preparing if !all_done && p.state != PartState::New => return None,
                _ => mapped(p, status)?,
            };
            (state != p.state || done != p.done).then(|| p.changed(state, done, at, by))
        })
        .collect()
}

/// `parts` with `versions` merged in.
pub fn merged(parts: &[Part], versions: Vec<Part>) -> Vec<Part> {
    let mut parts = parts.to_vec();
    for version in versions {
        merge(&mut parts, version);
    }
    parts
}

/// The part holding the order up: the least advanced part not done (the earliest changed among equals),
/// when another part is further along — with every part alike, none is slower than the others.
pub fn slowest(parts: &[Part]) -> Option<&Part> {
    let slowest = parts
        .iter()
        .filter(|p| !p.is_done())
        .min_by_key(|p| (p.state, p.at))?;
    parts
        .iter()
        .any(|p| p.state > slowest.state)
        .then_some(slowest)
}

/// The part finished most recently (what the expo's R sends back).
pub fn last_done(parts: &[Part]) -> Option<&Part> {
    parts.iter().filter(|p| p.is_done()).max_by_key(|p| p.at)
}

/// A part as written on the wire, inside a status (`"parts":[…]`) and on its own topic (with the
/// order's id): `{"part":"Drinks","state":"done","lines":[1,2],"done":[1,2],"at":"…","by":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartWire {
    pub part: String,
    pub state: PartState,
    pub lines: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub done: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub by: String,
}

/// The most lines a part may name (an order has at most `order::MAX_ITEMS`).
const MAX_LINES: usize = super::order::MAX_ITEMS;
/// The longest station name kept (a menu's category is at most this long too).
const MAX_STATION_CHARS: usize = super::menu::MAX_MENU_TEXT;

impl PartWire {
    pub fn of(part: &Part) -> PartWire {
        PartWire {
            part: part.station.clone(),
            state: part.state,
            lines: part.lines.clone(),
            done: part.done.clone(),
            at: (part.at != 0).then(|| to_iso8601_millis(part.at)),
            by: part.by.clone(),
        }
    }

    /// The part it says, if it is one: a name, at most [`MAX_LINES`] lines, crossed-off lines among
    /// them, a readable time.
    pub fn read(self) -> Option<Part> {
        let mut lines = self.lines;
        lines.sort_unstable();
        lines.dedup();
        let mut done = self.done;
        done.sort_unstable();
        done.dedup();
        done.retain(|l| lines.binary_search(l).is_ok());
        let at = match self.at {
            Some(at) => parse_iso8601(&at)?,
            None => 0,
        };
        let name = self.part.trim();
        let fits = !name.is_empty()
            && name.chars().count() <= MAX_STATION_CHARS
            && !lines.is_empty()
            && lines.len() <= MAX_LINES;
        fits.then(|| Part {
            station: name.to_owned(),
            lines,
            state: self.state,
            done,
            at,
            by: self.by,
        })
    }
}

/// A part's change as published on `<orders topic>/<order id>/parts/<station>` (QoS 1, retained).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartUpdate {
    pub order_id: String,
    pub part: Part,
}

/// A part on its own topic: [`PartWire`]'s fields after the order's id (written out, not `flatten`ed,
/// which costs the page code and reads numbers loosely).
#[derive(Serialize, Deserialize)]
struct PartMessage {
    order_id: String,
    part: String,
    state: PartState,
    lines: Vec<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    done: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    by: String,
}

/// Why a message on a part's topic is not a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartError {
    NotValid(String),
    /// Parsed, but not a part: no order id or station, no lines, too many, or a time that is not ISO-8601.
    NotAPart,
}

impl std::fmt::Display for PartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PartError::NotValid(detail) => write!(f, "part message is not valid: {detail}"),
            PartError::NotAPart => f.write_str(
                "part message needs an order_id, a part name, its lines and an ISO-8601 time",
            ),
        }
    }
}

impl PartUpdate {
    pub fn to_json(&self) -> String {
        let wire = PartWire::of(&self.part);
        let message = PartMessage {
            order_id: self.order_id.clone(),
            part: wire.part,
            state: wire.state,
            lines: wire.lines,
            done: wire.done,
            at: wire.at,
            by: wire.by,
        };
        serde_json::to_string(&message).expect("a part always serializes")
    }

    pub fn decode(payload: &[u8]) -> Result<PartUpdate, PartError> {
        let message: PartMessage = serde_json::from_slice(payload)
            .map_err(|e| PartError::NotValid(super::order::plain_json_error(&e)))?;
        if message.order_id.trim().is_empty() {
            return Err(PartError::NotAPart);
        }
        let wire = PartWire {
            part: message.part,
            state: message.state,
            lines: message.lines,
            done: message.done,
            at: message.at,
            by: message.by,
        };
        let part = wire.read().ok_or(PartError::NotAPart)?;
        Ok(PartUpdate {
            order_id: message.order_id,
            part,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::order;

    fn part(station: &str, lines: &[u32], state: PartState, at: UnixMillis, by: &str) -> Part {
        Part {
            station: station.into(),
            lines: lines.to_vec(),
            state,
            done: if state == PartState::Done {
                lines.to_vec()
            } else {
                Vec::new()
            },
            at,
            by: by.into(),
        }
    }

    #[test]
    fn an_order_s_parts_follow_the_menu_s_stations_and_unknown_dishes_are_a_part_of_their_own() {
        let o = order(
            "1",
            &[
                ("Margherita Pizza", 1),
                ("Iced Tea", 2),
                ("Mystery Dish", 1),
                ("Pepperoni Pizza", 1),
            ],
        );
        let parts = of_order(&o, &Menu::demo());
        let summary: Vec<(&str, &[u32])> = parts
            .iter()
            .map(|p| (p.station.as_str(), p.lines.as_slice()))
            .collect();
        assert_eq!(
            summary,
            [
                ("Pizza", &[0, 3][..]),
                ("Drinks", &[1][..]),
                (OTHER, &[2][..])
            ]
        );
        assert!(parts.iter().all(|p| p.state == PartState::New && p.at == 0));
    }

    #[test]
    fn the_order_is_preparing_once_any_part_starts_and_ready_only_when_every_part_is_done() {
        let mut parts = vec![
            part("Pizza", &[0], PartState::New, 0, ""),
            part("Drinks", &[1], PartState::New, 0, ""),
        ];
        assert_eq!(derive(Status::New, &parts), Status::New);
        parts[1] = parts[1].bumped(10, "b").unwrap();
        assert_eq!(derive(Status::New, &parts), Status::Preparing);
        parts[1] = parts[1].bumped(20, "b").unwrap();
        assert_eq!(
            derive(Status::New, &parts),
            Status::Preparing,
            "drinks done, pizza not"
        );
        parts[0] = parts[0].bumped(30, "a").unwrap().bumped(40, "a").unwrap();
        assert_eq!(derive(Status::Preparing, &parts), Status::Ready);
        assert_eq!(derive(Status::Served, &parts), Status::Served);
        assert_eq!(derive(Status::Cancelled, &parts), Status::Cancelled);
        assert_eq!(derive(Status::Ready, &[]), Status::Ready, "no parts");
    }

    #[test]
    fn the_slowest_part_is_the_least_advanced_once_another_is_further_along() {
        let mut parts = vec![
            part("Pizza", &[0], PartState::New, 0, ""),
            part("Drinks", &[1], PartState::New, 0, ""),
        ];
        assert_eq!(slowest(&parts), None, "all alike");
        parts[1] = parts[1].bumped(10, "b").unwrap();
        assert_eq!(slowest(&parts).map(|p| p.station.as_str()), Some("Pizza"));
        parts[0] = parts[0].bumped(11, "a").unwrap();
        assert_eq!(slowest(&parts), None);
        parts[1] = parts[1].bumped(12, "b").unwrap();
        assert_eq!(slowest(&parts).map(|p| p.station.as_str()), Some("Pizza"));
        assert_eq!(
            last_done(&parts).map(|p| p.station.as_str()),
            Some("Drinks")
        );
    }

    #[test]
    fn crossing_off_every_line_finishes_the_part_and_crossing_one_back_reopens_it() {
        let p = part("Pizza", &[0, 2], PartState::New, 0, "");
        let one = p.crossed(2, 10, "a").unwrap();
        assert_eq!(
            (one.state, one.done.clone()),
            (PartState::Preparing, vec![2])
        );
        assert!(one.line_done(2) && !one.line_done(0));
        let both = one.crossed(0, 11, "a").unwrap();
        assert_eq!(both.state, PartState::Done);
        let back = both.crossed(2, 12, "a").unwrap();
        assert_eq!((back.state, back.done), (PartState::Preparing, vec![0]));
        assert_eq!(p.crossed(1, 13, "a"), None, "not this part's line");
    }

    #[test]
    fn a_plain_order_level_ready_finishes_every_part_and_a_recall_reopens_them() {
        let parts = vec![
            part("Pizza", &[0], PartState::Preparing, 5, "a"),
            part("Drinks", &[1], PartState::Done, 6, "b"),
        ];
        // A plain client's ready: every part, done, at its time.
        let ready = whole(&parts, Status::Ready, 10, "x");
        assert!(ready
            .iter()
            .all(|p| p.state == PartState::Done && p.at == 10));
        assert_eq!(derive(Status::Ready, &merged(&parts, ready)), Status::Ready);
        // The same change made here names only the part it changes.
        let here = whole_changes(&parts, Status::Ready, 10, "x");
        assert_eq!(here.len(), 1, "{here:?}");
        assert_eq!(
            (here[0].station.as_str(), here[0].state),
            ("Pizza", PartState::Done)
        );
        let done = merged(&parts, here);
        let recalled = whole_changes(&done, Status::Preparing, 20, "x");
        assert_eq!(recalled.len(), 2);
        assert!(recalled.iter().all(|p| p.state == PartState::Preparing));
        assert!(whole(&parts, Status::Cancelled, 30, "x").is_empty());
    }

    #[test]
    fn a_part_message_round_trips_and_a_wrong_one_says_why() {
        let update = PartUpdate {
            order_id: "ORD-1".into(),
            part: Part {
                station: "Drinks".into(),
                lines: vec![1, 2],
                state: PartState::Preparing,
                done: vec![2],
                at: 1_736_872_200_000,
                by: "board-1".into(),
            },
        };
        assert_eq!(
            update.to_json(),
            r#"{"order_id":"ORD-1","part":"Drinks","state":"preparing","lines":[1,2],"done":[2],"at":"2025-01-14T16:30:00.000Z","by":"board-1"}"#
        );
        assert_eq!(PartUpdate::decode(update.to_json().as_bytes()), Ok(update));
        for bad in [
            &br#"{"order_id":"","part":"Drinks","state":"done","lines":[1]}"#[..],
            br#"{"order_id":"A","part":"","state":"done","lines":[1]}"#,
            br#"{"order_id":"A","part":"Drinks","state":"done","lines":[]}"#,
            br#"{"order_id":"A","part":"Drinks","state":"done","lines":[1],"at":"yesterday"}"#,
        ] {
            assert_eq!(PartUpdate::decode(bad), Err(PartError::NotAPart), "{bad:?}");
        }
        assert!(matches!(
            PartUpdate::decode(br#"{"order_id":"A","part":"Drinks","state":"eaten","lines":[1]}"#),
            Err(PartError::NotValid(_))
        ));
        // Crossed-off lines that are not the part's are left out.
        let odd = PartUpdate::decode(
            br#"{"order_id":"A","part":"Drinks","state":"preparing","lines":[3,1,3],"done":[9,1]}"#,
        )
        .unwrap();
        assert_eq!((odd.part.lines, odd.part.done), (vec![1, 3], vec![1]));
    }

    #[test]
    fn a_part_heard_from_a_board_that_grouped_the_order_otherwise_takes_its_lines() {
        // This board thinks the burger and the fries are two parts; the first board made them one: Grill.
        let mut parts = vec![
            part("Burger", &[0], PartState::New, 0, ""),
            part("Sides", &[1], PartState::New, 0, ""),
            part("Drinks", &[2], PartState::New, 0, ""),
        ];
        assert!(merge(
            &mut parts,
            part("Grill", &[0, 1], PartState::Preparing, 5, "a")
        ));
        let names: Vec<&str> = parts.iter().map(|p| p.station.as_str()).collect();
        assert_eq!(names, ["Grill", "Drinks"]);
        assert!(
            !merge(&mut parts, part("Grill", &[0, 1], PartState::New, 4, "b")),
            "older"
        );
    }

    /// Every interleaving of two boards' changes to two parts — each message heard once or twice, one
    /// board's changes made offline and heard last — leaves every board with the same parts and status.
    #[test]
    fn boards_hearing_the_same_changes_in_any_order_or_twice_agree() {
        let start = vec![
            part("Pizza", &[0], PartState::New, 0, ""),
            part("Drinks", &[1], PartState::New, 0, ""),
        ];
        // Board a works the pizza; board b (offline at first, so its clock is behind) the drinks and,
        // concurrently, the pizza too; a plain client says ready in the middle.
        let messages: Vec<Vec<Part>> = vec![
            vec![start[0].bumped(10, "a").unwrap()],
            vec![start[0].bumped(10, "a").unwrap().bumped(30, "a").unwrap()],
            vec![start[1].bumped(12, "b").unwrap()],
            vec![start[1].bumped(12, "b").unwrap().bumped(13, "b").unwrap()],
            vec![start[0].bumped(30, "b").unwrap()],
            whole(&start, Status::Ready, 20, "plain"),
            vec![start[1]
                .crossed(1, 25, "a")
                .unwrap()
                .crossed(1, 31, "a")
                .unwrap()],
        ];
        let n = messages.len();
        let mut outcome: Option<(Vec<Part>, Status)> = None;
        // Orders of delivery: every rotation, forwards and backwards, with every message repeated at
        // every other position (a QoS 1 redelivery), plus a pseudo-random shuffle per seed.
        let mut orders: Vec<Vec<usize>> = Vec::new();
        for r in 0..n {
            let forward: Vec<usize> = (0..n).map(|i| (i + r) % n).collect();
            let mut backward = forward.clone();
            backward.reverse();
            for dup in 0..n {
                let mut twice = forward.clone();
                twice.insert((dup * 3) % (n + 1), dup);
                orders.push(twice);
            }
            orders.push(forward);
            orders.push(backward);
        }
        let mut rng = crate::domain::rng::SeededRng::new(7);
        for _ in 0..500 {
            let mut shuffled: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                shuffled.swap(i, rng.below(i as u32 + 1) as usize);
            }
            orders.push(shuffled);
        }
        for delivery in orders {
            let mut parts = start.clone();
            for i in delivery {
                for p in &messages[i] {
                    merge(&mut parts, p.clone());
                }
            }
            let status = derive(Status::New, &parts);
            match &outcome {
                None => outcome = Some((parts, status)),
                Some(seen) => assert_eq!(seen, &(parts, status)),
            }
        }
        let (parts, status) = outcome.unwrap();
        // The latest of each: pizza reopened by b at 30 loses to a's done at 30 ("b" > "a" wins the
        // tie), so pizza is b's preparing; the drinks line crossed back at 31 is preparing.
        assert_eq!(
            (parts[0].state, parts[0].by.as_str()),
            (PartState::Preparing, "b")
        );
        assert_eq!(parts[1].state, PartState::Preparing);
        assert_eq!(status, Status::Preparing);
    }
}
