//! The boundary's bytes: `Command` and batches of `ClientEvent` in a small binary format — a tag byte per
//! variant, LEB128 lengths and numbers, UTF-8 text — posted as one ArrayBuffer per message. Written by hand:
//! serde's derives for these enums cost ~50 KB of wasm, and reading JSON again on the page cost time per order.

use super::boundary::{ClientEvent, Command, ConnectConfig, Origin, PublishRequest};
use super::reason::{Reason, Why};
use super::session::{Delivery, Presence, ProtocolVersion, QosLevel, SessionSettings};
use super::ConnState;
use crate::domain::counter::Claim;
use crate::domain::details::{LineError, Modifier, OrderType, Warning};
use crate::domain::inbound::{Inbound, RejectReason};
use crate::domain::money::{Cents, MoneyError};
use crate::domain::order::{Field, Order, OrderError, OrderItem};
use crate::domain::parts::{Part, PartError, PartState, PartUpdate};
use crate::domain::ticket::{Status, StatusError, StatusUpdate};
use std::collections::HashMap;

/// Bytes that are not what the other side wrote: a bug, never input from outside (both sides are this build).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(&'static str);

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable engine message: {}", self.0)
    }
}

type Result<T> = std::result::Result<T, WireError>;

pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let (&first, rest) = self.bytes.split_first().ok_or(WireError("ended early"))?;
        self.bytes = rest;
        Ok(first)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.bytes.len() {
            return Err(WireError("ended early"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
}

/// A type that crosses the boundary.
pub trait Wire: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(input: &mut Reader) -> Result<Self>;
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    (n as u64).put(out);
}

fn get_len(input: &mut Reader) -> Result<usize> {
    usize::try_from(u64::get(input)?).map_err(|_| WireError("length"))
}

impl Wire for u64 {
    /// LEB128: seven bits a byte, low first.
    fn put(&self, out: &mut Vec<u8>) {
        let mut v = *self;
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }
    fn get(input: &mut Reader) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = input.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(WireError("number too long"))
    }
}

/// Smaller numbers go as u64 and must fit on the way back.
macro_rules! narrow {
    ($($t:ty),*) => {$(
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                (*self as u64).put(out)
            }
            fn get(input: &mut Reader) -> Result<$t> {
                <$t>::try_from(u64::get(input)?).map_err(|_| WireError("number out of range"))
            }
        }
    )*};
}
narrow!(u32, u16, usize);

impl Wire for i64 {
    /// Zigzag, so small negative numbers stay small.
    fn put(&self, out: &mut Vec<u8>) {
        (((*self << 1) ^ (*self >> 63)) as u64).put(out)
    }
    fn get(input: &mut Reader) -> Result<i64> {
        let v = u64::get(input)?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
}

impl Wire for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self))
    }
    fn get(input: &mut Reader) -> Result<bool> {
        Ok(input.byte()? != 0)
    }
}

impl Wire for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(out, self.len());
        out.extend_from_slice(self.as_bytes());
    }
    fn get(input: &mut Reader) -> Result<String> {
        let n = get_len(input)?;
        let bytes = input.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| WireError("text not UTF-8"))
    }
}

/// Payload bytes (a `Vec<u8>` is bytes here, never a list of numbers).
impl Wire for Vec<u8> {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(out, self.len());
        out.extend_from_slice(self);
    }
    fn get(input: &mut Reader) -> Result<Vec<u8>> {
        let n = get_len(input)?;
        Ok(input.take(n)?.to_vec())
    }
}

impl<T: Wire> Wire for Box<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
    fn get(input: &mut Reader) -> Result<Box<T>> {
        Ok(Box::new(T::get(input)?))
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn get(input: &mut Reader) -> Result<Option<T>> {
        Ok(match input.byte()? {
            0 => None,
            _ => Some(T::get(input)?),
        })
    }
}

/// A list of anything but bytes.
fn put_list<T: Wire>(out: &mut Vec<u8>, items: &[T]) {
    put_len(out, items.len());
    items.iter().for_each(|i| i.put(out));
}

fn get_list<T: Wire>(input: &mut Reader) -> Result<Vec<T>> {
    let n = get_len(input)?;
    // Each item takes at least a byte: a corrupt length cannot reserve more than the message holds.
    let mut items = Vec::with_capacity(n.min(input.bytes.len()));
    for _ in 0..n {
        items.push(T::get(input)?);
    }
    Ok(items)
}

/// Field-by-field structs: `fields!(Type { a, b, c })` writes and reads them in this order.
macro_rules! fields {
    ($t:ident { $($f:ident),* }) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                $(self.$f.put(out);)*
            }
            fn get(input: &mut Reader) -> Result<$t> {
                Ok($t { $($f: Wire::get(input)?),* })
            }
        }
    };
}

/// Enums without data: one byte, in the order listed.
macro_rules! unit_enum {
    ($t:ident { $($v:ident),* }) => {
        impl Wire for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let all = [$($t::$v),*];
                out.push(all.iter().position(|v| v == self).unwrap_or(0) as u8)
            }
            fn get(input: &mut Reader) -> Result<$t> {
                let all = [$($t::$v),*];
                all.get(usize::from(input.byte()?)).copied().ok_or(WireError(stringify!($t)))
            }
        }
    };
}

unit_enum!(ProtocolVersion { V3_1_1, V5 });
unit_enum!(QosLevel {
    AtMostOnce,
    AtLeastOnce,
    ExactlyOnce
});
unit_enum!(Status {
    New,
    Preparing,
    Ready,
    Served,
    Cancelled
});

impl Wire for Cents {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out)
    }
    fn get(input: &mut Reader) -> Result<Cents> {
        Ok(Cents(i64::get(input)?))
    }
}

impl Wire for OrderItem {
    fn put(&self, out: &mut Vec<u8>) {
        self.name.put(out);
        self.quantity.put(out);
        self.price.put(out);
        put_list(out, &self.modifiers);
        self.note.put(out);
    }
    fn get(input: &mut Reader) -> Result<OrderItem> {
        Ok(OrderItem {
            name: Wire::get(input)?,
            quantity: Wire::get(input)?,
            price: Wire::get(input)?,
            modifiers: get_list(input)?,
            note: Wire::get(input)?,
        })
    }
}
fields!(Modifier { name, price });

impl Wire for OrderType {
    fn put(&self, out: &mut Vec<u8>) {
        self.wire_name().to_owned().put(out);
    }
    fn get(input: &mut Reader) -> Result<OrderType> {
        OrderType::read(&String::get(input)?).ok_or(WireError("OrderType"))
    }
}
fields!(StatusUpdate {
    order_id,
    status,
    at,
    by,
    ready_at,
    started_at,
    parts,
    order
});
fields!(PartUpdate { order_id, part });
unit_enum!(PartState {
    New,
    Preparing,
    Done
});

impl Wire for Vec<Part> {
    fn put(&self, out: &mut Vec<u8>) {
        put_list(out, self)
    }
    fn get(input: &mut Reader) -> Result<Vec<Part>> {
        get_list(input)
    }
}

impl Wire for Part {
    fn put(&self, out: &mut Vec<u8>) {
        self.station.put(out);
        put_list(out, &self.lines);
        self.state.put(out);
        put_list(out, &self.done);
        self.at.put(out);
        self.by.put(out);
    }
    fn get(input: &mut Reader) -> Result<Part> {
        Ok(Part {
            station: Wire::get(input)?,
            lines: get_list(input)?,
            state: Wire::get(input)?,
            done: get_list(input)?,
            at: Wire::get(input)?,
            by: Wire::get(input)?,
        })
    }
}
fields!(Claim { letter, at });
fields!(Presence {
    topic,
    online,
    offline
});
fields!(SessionSettings {
    client_id,
    presence,
    username,
    password,
    keepalive_secs,
    clean_session,
    version
});

impl Wire for Order {
    fn put(&self, out: &mut Vec<u8>) {
        self.order_id.put(out);
        self.customer_name.put(out);
        put_list(out, &self.items);
        self.total_amount.put(out);
        self.timestamp.put(out);
        self.special_instructions.put(out);
        self.source.put(out);
        self.number.put(out);
        self.order_type.put(out);
        self.table.put(out);
        self.guests.put(out);
        self.rush.put(out);
        self.due_at.put(out);
        put_list(out, &self.warnings);
    }
    fn get(input: &mut Reader) -> Result<Order> {
        Ok(Order {
            order_id: Wire::get(input)?,
            customer_name: Wire::get(input)?,
            items: get_list(input)?,
            total_amount: Wire::get(input)?,
            timestamp: Wire::get(input)?,
            special_instructions: Wire::get(input)?,
            source: Wire::get(input)?,
            number: Wire::get(input)?,
            order_type: Wire::get(input)?,
            table: Wire::get(input)?,
            guests: Wire::get(input)?,
            rush: Wire::get(input)?,
            due_at: Wire::get(input)?,
            warnings: get_list(input)?,
        })
    }
}

impl Wire for Origin {
    fn put(&self, out: &mut Vec<u8>) {
        let (tag, n) = match *self {
            Origin::OrderForm(n) => (0, n),
            Origin::Generator(n) => (1, n),
            Origin::KitchenStatus(n) => (2, n),
            Origin::RetainedCleanup(n) => (3, n),
            Origin::Claim(n) => (4, n),
        };
        out.push(tag);
        n.put(out);
    }
    fn get(input: &mut Reader) -> Result<Origin> {
        let tag = input.byte()?;
        let n = u64::get(input)?;
        Ok(match tag {
            0 => Origin::OrderForm(n),
            1 => Origin::Generator(n),
            2 => Origin::KitchenStatus(n),
            3 => Origin::RetainedCleanup(n),
            4 => Origin::Claim(n),
            _ => return Err(WireError("Origin")),
        })
    }
}

/// An enum as a tag byte per variant, then its fields in order; `Variant { a, b }` and `Variant(a, b)` alike.
macro_rules! wire_enum {
    ($ty:ident { $($tag:literal => $variant:ident $({ $($field:ident),* })? $(( $($item:ident),* ))?),* $(,)? }) => {
        impl Wire for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                match self {
                    $($ty::$variant $({ $($field),* })? $(( $($item),* ))? => {
                        out.push($tag);
                        $($($field.put(out);)*)?
                        $($($item.put(out);)*)?
                    })*
                }
            }
            fn get(input: &mut Reader) -> Result<$ty> {
                Ok(match input.byte()? {
                    $($tag => $ty::$variant
                        $({ $($field: Wire::get(input)?),* })?
                        $(( $(next(input, stringify!($item))?),* ))?,)*
                    _ => return Err(WireError(stringify!($ty))),
                })
            }
        }
    };
}

/// The next field of a tuple variant (named only for the macro's sake).
fn next<T: Wire>(input: &mut Reader, _field: &str) -> Result<T> {
    T::get(input)
}

impl Wire for Reason {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(self.why as u8);
        self.subject.put(out);
        self.detail.put(out);
    }
    fn get(input: &mut Reader) -> Result<Reason> {
        let why = *Why::ALL
            .get(usize::from(input.byte()?))
            .ok_or(WireError("Why"))?;
        Ok(Reason {
            why,
            subject: Wire::get(input)?,
            detail: Wire::get(input)?,
        })
    }
}

wire_enum!(RejectReason {
    0 => Order(error),
    1 => Status(error),
    2 => MenuNotText,
    3 => ReusedId { order_id, kept_for, this_for },
    4 => NotACounterLetter,
    5 => Part(error),
    6 => NotADayClose,
});

wire_enum!(PartError {
    0 => NotValid(detail),
    1 => NotAPart,
});

wire_enum!(StatusError {
    0 => NotValid(detail),
    1 => EmptyOrderId,
    2 => BadTime(at),
});

wire_enum!(OrderError {
    0 => TooLarge { bytes },
    1 => NotUtf8 { valid_up_to },
    2 => NotJson(detail),
    3 => WrongShape(detail),
    4 => MissingField(field),
    5 => BlankOrderId,
    6 => BlankCustomer,
    7 => FieldTooLong { field, max_chars },
    8 => NoItems,
    9 => TooManyItems { count },
    10 => BlankItemName { position },
    11 => BadQuantity { item, quantity },
    12 => BadPrice { item, problem },
    13 => BadTotal(problem),
    14 => TotalMismatch { stated, computed },
    15 => BadTimestamp(text),
    16 => BadLine { item, problem },
});

wire_enum!(LineError {
    0 => NotAList,
    1 => TooMany { count },
    2 => Unnamed { position },
    3 => BadPrice { position },
    4 => TooLong,
    5 => NoteTooLong,
    6 => NoteNotText,
});

wire_enum!(Warning {
    0 => OrderType(text),
    1 => Table(text),
    2 => Guests(text),
    3 => Priority(text),
    4 => DueAt(text),
    5 => DueTooFar(text),
});

wire_enum!(MoneyError {
    0 => Negative,
    1 => NotFinite,
    2 => TooLarge,
});

wire_enum!(Field {
    0 => OrderId,
    1 => CustomerName,
    2 => Items,
    3 => TotalAmount,
    4 => ItemName,
    5 => ItemQuantity,
    6 => ItemPrice,
    7 => SpecialInstructions,
});

impl Wire for Delivery {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Delivery::Queued => out.push(0),
            Delivery::Sent => out.push(1),
            Delivery::Acknowledged => out.push(2),
            Delivery::Failed(reason) => {
                out.push(3);
                reason.put(out);
            }
        }
    }
    fn get(input: &mut Reader) -> Result<Delivery> {
        Ok(match input.byte()? {
            0 => Delivery::Queued,
            1 => Delivery::Sent,
            2 => Delivery::Acknowledged,
            3 => Delivery::Failed(Wire::get(input)?),
            _ => return Err(WireError("Delivery")),
        })
    }
}

impl Wire for ConnState {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            ConnState::Offline => out.push(0),
            ConnState::Connecting { attempt } => {
                out.push(1);
                attempt.put(out);
            }
            ConnState::Connected { to, node, nodes } => {
                out.push(2);
                to.put(out);
                node.put(out);
                nodes.put(out);
            }
            ConnState::Reconnecting {
                attempt,
                delay_ms,
                reason,
            } => {
                out.push(3);
                attempt.put(out);
                delay_ms.put(out);
                reason.put(out);
            }
            ConnState::Refused { reason, delay_ms } => {
                out.push(4);
                reason.put(out);
                delay_ms.put(out);
            }
            ConnState::Failed { reason } => {
                out.push(5);
                reason.put(out);
            }
        }
    }
    fn get(input: &mut Reader) -> Result<ConnState> {
        Ok(match input.byte()? {
            0 => ConnState::Offline,
            1 => ConnState::Connecting {
                attempt: Wire::get(input)?,
            },
            2 => ConnState::Connected {
                to: Wire::get(input)?,
                node: Wire::get(input)?,
                nodes: Wire::get(input)?,
            },
            3 => ConnState::Reconnecting {
                attempt: Wire::get(input)?,
                delay_ms: Wire::get(input)?,
                reason: Wire::get(input)?,
            },
            4 => ConnState::Refused {
                reason: Wire::get(input)?,
                delay_ms: Wire::get(input)?,
            },
            5 => ConnState::Failed {
                reason: Wire::get(input)?,
            },
            _ => return Err(WireError("ConnState")),
        })
    }
}

impl Wire for Inbound {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Inbound::Order { topic, order } => {
                out.push(0);
                topic.put(out);
                order.put(out);
            }
            Inbound::Status { topic, update } => {
                out.push(1);
                topic.put(out);
                update.put(out);
            }
            Inbound::Cleared { topic } => {
                out.push(2);
                topic.put(out);
            }
            Inbound::Rejected {
                topic,
                reason,
                excerpt,
            } => {
                out.push(3);
                topic.put(out);
                reason.put(out);
                excerpt.put(out);
            }
            Inbound::Menu { topic, text } => {
                out.push(4);
                topic.put(out);
                text.put(out);
            }
            Inbound::Counter { device, claim } => {
                out.push(5);
                device.put(out);
                claim.put(out);
            }
            Inbound::Part { topic, update } => {
                out.push(6);
                topic.put(out);
                update.put(out);
            }
            Inbound::Day { topic, close } => {
                out.push(7);
                topic.put(out);
                close.closed_at.put(out);
                close.by.put(out);
                close.keep_open.put(out);
            }
        }
    }
    fn get(input: &mut Reader) -> Result<Inbound> {
        Ok(match input.byte()? {
            0 => Inbound::Order {
                topic: Wire::get(input)?,
                order: Box::new(Wire::get(input)?),
            },
            1 => Inbound::Status {
                topic: Wire::get(input)?,
                update: Wire::get(input)?,
            },
            2 => Inbound::Cleared {
                topic: Wire::get(input)?,
            },
            4 => Inbound::Menu {
                topic: Wire::get(input)?,
                text: Wire::get(input)?,
            },
            3 => Inbound::Rejected {
                topic: Wire::get(input)?,
                reason: Wire::get(input)?,
                excerpt: Wire::get(input)?,
            },
            5 => Inbound::Counter {
                device: Wire::get(input)?,
                claim: Wire::get(input)?,
            },
            6 => Inbound::Part {
                topic: Wire::get(input)?,
                update: Wire::get(input)?,
            },
            7 => Inbound::Day {
                topic: Wire::get(input)?,
                close: crate::domain::day::DayClose {
                    closed_at: Wire::get(input)?,
                    by: Wire::get(input)?,
                    keep_open: Wire::get(input)?,
                },
            },
            _ => return Err(WireError("Inbound")),
        })
    }
}

impl Wire for ClientEvent {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            ClientEvent::State(state) => {
                out.push(0);
                state.put(out);
            }
            ClientEvent::Subscribed { filter } => {
                out.push(1);
                filter.put(out);
            }
            ClientEvent::SubscriptionRefused { filter, reason } => {
                out.push(2);
                filter.put(out);
                reason.put(out);
            }
            ClientEvent::Inbound(inbound) => {
                out.push(3);
                inbound.put(out);
            }
            ClientEvent::Delivery { origin, outcome } => {
                out.push(4);
                origin.put(out);
                outcome.put(out);
            }
            ClientEvent::VersionLearned { url, version } => {
                out.push(5);
                url.put(out);
                version.put(out);
            }
            ClientEvent::HistoryKept { batch, problem } => {
                out.push(6);
                batch.put(out);
                problem.put(out);
            }
        }
    }
    fn get(input: &mut Reader) -> Result<ClientEvent> {
        Ok(match input.byte()? {
            0 => ClientEvent::State(Wire::get(input)?),
            1 => ClientEvent::Subscribed {
                filter: Wire::get(input)?,
            },
            2 => ClientEvent::SubscriptionRefused {
                filter: Wire::get(input)?,
                reason: Wire::get(input)?,
            },
            3 => ClientEvent::Inbound(Wire::get(input)?),
            4 => ClientEvent::Delivery {
                origin: Wire::get(input)?,
                outcome: Wire::get(input)?,
            },
            5 => ClientEvent::VersionLearned {
                url: Wire::get(input)?,
                version: Wire::get(input)?,
            },
            6 => ClientEvent::HistoryKept {
                batch: Wire::get(input)?,
                problem: Wire::get(input)?,
            },
            _ => return Err(WireError("ClientEvent")),
        })
    }
}

impl Wire for ConnectConfig {
    fn put(&self, out: &mut Vec<u8>) {
        put_list(out, &self.urls);
        self.orders_topic.put(out);
        put_list(out, &self.filters);
        put_list(out, &self.forget);
        self.auto_version.put(out);
        put_len(out, self.known_versions.len());
        for (url, version) in &self.known_versions {
            url.put(out);
            version.put(out);
        }
        self.settings.put(out);
        self.read_only.put(out);
    }
    fn get(input: &mut Reader) -> Result<ConnectConfig> {
        let urls = get_list(input)?;
        let orders_topic = Wire::get(input)?;
        let filters = get_list(input)?;
        let forget = get_list(input)?;
        let auto_version = Wire::get(input)?;
        let mut known_versions = HashMap::new();
        for _ in 0..get_len(input)? {
            let url: String = Wire::get(input)?;
            known_versions.insert(url, Wire::get(input)?);
        }
        Ok(ConnectConfig {
            urls,
            orders_topic,
            filters,
            forget,
            auto_version,
            known_versions,
            settings: Wire::get(input)?,
            read_only: Wire::get(input)?,
        })
    }
}

impl Wire for Command {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Command::Connect(config) => {
                out.push(0);
                config.put(out);
            }
            Command::Disconnect => out.push(1),
            Command::Publish(request) => {
                out.push(2);
                request.topic.put(out);
                request.payload.put(out);
                request.qos.put(out);
                request.retain.put(out);
                request.origin.put(out);
            }
            Command::RetryNow => out.push(3),
            Command::KeepHistory {
                batch,
                records,
                bound,
            } => {
                out.push(4);
                batch.put(out);
                records.put(out);
                u64::from(*bound).put(out);
            }
        }
    }
    fn get(input: &mut Reader) -> Result<Command> {
        Ok(match input.byte()? {
            0 => Command::Connect(Box::new(Wire::get(input)?)),
            1 => Command::Disconnect,
            2 => Command::Publish(PublishRequest {
                topic: Wire::get(input)?,
                payload: Wire::get(input)?,
                qos: Wire::get(input)?,
                retain: Wire::get(input)?,
                origin: Wire::get(input)?,
            }),
            3 => Command::RetryNow,
            4 => Command::KeepHistory {
                batch: Wire::get(input)?,
                records: Wire::get(input)?,
                bound: u32::try_from(u64::get(input)?).map_err(|_| WireError("bound"))?,
            },
            _ => return Err(WireError("Command")),
        })
    }
}

/// The commands of one task (a generator's burst of publishes, say) as the bytes of one message.
pub fn encode_commands(commands: &[Command]) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 * commands.len());
    put_list(&mut out, commands);
    out
}

pub fn decode_commands(bytes: &[u8]) -> Result<Vec<Command>> {
    let mut input = Reader { bytes };
    let commands = get_list(&mut input)?;
    end(&input)?;
    Ok(commands)
}

/// A batch of events as the bytes of one message.
pub fn encode_events(events: &[ClientEvent]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * events.len());
    put_list(&mut out, events);
    out
}

pub fn decode_events(bytes: &[u8]) -> Result<Vec<ClientEvent>> {
    let mut input = Reader { bytes };
    let events = get_list(&mut input)?;
    end(&input)?;
    Ok(events)
}

fn end(input: &Reader) -> Result<()> {
    match input.bytes.is_empty() {
        true => Ok(()),
        false => Err(WireError("bytes left over")),
    }
}
