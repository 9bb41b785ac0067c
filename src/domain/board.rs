//! Board state: the bounded, de-duplicated list of orders shown and the messages rejected.

use super::day::DayClose;
use super::details::{OrderType, Warning};
use super::history::Record;
use super::inbound::{Inbound, RejectReason};
use super::menu::Menu;
use super::money::Cents;
use super::order::{decode, Order};
use super::parts::{self, Part, PartUpdate};
use super::schedule::{self, Fire};
use super::stations::{most_first, Station};
use super::ticket::Ticket;
use super::ticket::{Status, StatusUpdate};
use super::time::UnixMillis;
use super::wall::{layout as wall_layout, ticket_lines, Budget, Place};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

pub const DEFAULT_CAPACITY: usize = 5_000;
pub const REJECTED_CAPACITY: usize = 200;
/// How much of a rejected payload is kept to show; enough to recognise it, never enough to hurt.
pub const EXCERPT_CHARS: usize = 160;

#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub seq: u64,
    pub topic: String,
    pub reason: RejectReason,
    /// Lossy text of the payload's start, control characters replaced; rendered as text, never as HTML.
    pub excerpt: String,
    pub received_at: UnixMillis,
}

/// What one batch of incoming messages did to the board, for the page to act on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ingested {
    /// New tickets: orders, and statuses that brought an order this board had not seen (a bell rings).
    pub added: usize,
    /// Orders heard as orders for the first time, in arrival order (printed on a kiosk; claimed later).
    pub heard: Vec<String>,
    /// Topics of retained statuses a day old: applied, and to be deleted from the broker.
    pub stale: Vec<String>,
    /// Menus published beside the orders topic: (topic, text).
    pub menus: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ingest {
    Added,
    Duplicate,
    Rejected,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Board {
    tickets: VecDeque<Ticket>,
    /// Order id → ticket number; tickets are kept in number order, so a ticket is found by binary search.
    ids: HashMap<String, u64>,
    rejected: VecDeque<Rejection>,
    /// Statuses for orders not (yet) on this board, applied when the order arrives; bounded.
    early_statuses: HashMap<String, StatusUpdate>,
    /// Parts heard for orders not (yet) on this board, likewise.
    early_parts: HashMap<String, Vec<Part>>,
    capacity: usize,
    next_seq: u64,
    /// Kept as tickets come, change and go, so the header and all-day counts cost nothing per frame.
    open: OpenTally,
    revenue: Cents,
    /// Tickets that are test traffic, kept like the revenue (the header shows it every frame).
    tests: usize,
    /// Orders that fell off the end of the bounded history.
    pub dropped: u64,
    /// Of those, the ones still open (new, preparing or ready) when they went.
    pub dropped_open: u64,
    pub duplicates: u64,
    /// The menu in use: which station makes which dish.
    menu: Arc<Menu>,
    /// Each ticket as it came or changed, for the history (`take_records`); kept only once the page keeps a
    /// history (`keep_history`), so boards in tests and tools carry nothing.
    records: Option<Vec<Record>>,
    /// When the day was last closed (by any board), once heard.
    last_close: Option<UnixMillis>,
}

impl Default for Board {
    fn default() -> Self {
        Board::with_capacity(DEFAULT_CAPACITY)
    }
}

impl Board {
    pub fn with_capacity(capacity: usize) -> Self {
        Board {
            tickets: VecDeque::new(),
            ids: HashMap::new(),
            rejected: VecDeque::new(),
            early_statuses: HashMap::new(),
            early_parts: HashMap::new(),
            capacity: capacity.max(1),
            next_seq: 0,
            open: OpenTally::default(),
            revenue: Cents::default(),
            tests: 0,
            dropped: 0,
            dropped_open: 0,
            duplicates: 0,
            menu: Arc::new(Menu::demo()),
            records: None,
            last_close: None,
        }
    }

    /// From now on, every ticket added or changed is also given to the history (see `take_records`).
    pub fn keep_history(&mut self) {
        self.records.get_or_insert_with(Vec::new);
    }

    /// What the tickets added or changed since the last call say for the history, in order.
    pub fn take_records(&mut self) -> Vec<Record> {
        self.records
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The menu stations are read from (the restaurant's own, once it is known).
    pub fn set_menu(&mut self, menu: Arc<Menu>) {
        self.menu = menu;
    }

    pub fn menu(&self) -> &Menu {
        &self.menu
    }

    /// One batch of incoming messages (already classified where the bytes arrived: see `inbound`) in one
    /// go: orders added or refused, statuses applied (a day-old retained one is applied and reported for
    /// deletion), rejections kept with their reason. Returns what the page must act on. This is the only
    /// way messages reach a board, in production and in the tests.
    pub fn ingest(
        &mut self,
        messages: impl IntoIterator<Item = Inbound>,
        now: UnixMillis,
    ) -> Ingested {
        let mut out = Ingested::default();
        for message in messages {
            match message {
                Inbound::Order { topic, order } => {
                    let id = order.order_id.clone();
                    if self.ingest_order(&topic, *order, now) == Ingest::Added {
                        out.added += 1;
                        out.heard.push(id);
                    }
                }
                Inbound::Status { topic, update } if update.is_stale(now) => {
                    self.apply_status(&update);
                    out.stale.push(topic);
                }
                Inbound::Status { topic, update } => {
                    out.added += usize::from(self.ingest_status(&topic, &update, now));
                }
                Inbound::Part { topic, update } => {
                    // A day-old retained part goes like a day-old status.
                    if update.part.at != 0
                        && now - update.part.at > super::ticket::RETAINED_STATUS_TTL_MS
                    {
                        out.stale.push(topic);
                    }
                    self.apply_part(&update);
                }
                // A deleted retained status: a test order cleared on another board ("Clear test
                // orders") leaves this one too; anything else stays (a day closed elsewhere is that
                // board's).
                Inbound::Cleared { topic } => {
                    if let Some(id) = super::topics::order_id_of_status(&topic) {
                        self.remove_test(&id);
                    }
                }
                Inbound::Menu { topic, text } => out.menus.push((topic, text)),
                Inbound::Day { close, .. } => {
                    self.close_day(&close);
                }
                // A counter's letter: heard by the counter on the page, nothing on the board.
                Inbound::Counter { .. } => {}
                Inbound::Rejected {
                    topic,
                    reason,
                    excerpt,
                } => self.reject_excerpt(&topic, excerpt, reason, now),
            }
        }
        out
    }

    /// An order already decoded and checked (by the connection engine): added, a redelivery, or another
    /// order under an id already used — a rejection, shown with the order as it came.
    pub fn ingest_order(&mut self, topic: &str, order: Order, now: UnixMillis) -> Ingest {
        // Only an id already on the board costs a look at its ticket: the hash check comes first.
        if self.ids.contains_key(&order.order_id) {
            if let Some(kept) = self
                .find(&order.order_id)
                .filter(|kept| kept.order != order)
            {
                let reason = RejectReason::ReusedId {
                    order_id: kept.order.order_id.clone(),
                    kept_for: kept.order.customer_name.clone(),
                    this_for: order.customer_name.clone(),
                };
                self.reject(topic, order.to_json().as_bytes(), reason, now);
                return Ingest::Rejected;
            }
        }
        self.add(order, now)
    }

    /// Adds a valid order unless one with the same id is already on the board (QoS 1 may deliver twice).
    /// [`Board::ingest`] first tells a redelivery (the same order) from another order under a used id.
    pub fn add(&mut self, order: Order, now: UnixMillis) -> Ingest {
        if self.ids.contains_key(&order.order_id) {
            self.duplicates += 1;
            return Ingest::Duplicate;
        }
        let seq = self.bump_seq();
        self.ids.insert(order.order_id.clone(), seq);
        // Its parts are fixed now, by the menu of the moment (see `parts`).
        let parts = parts::of_order(&order, &self.menu);
        let mut order = order;
        let fire_at = match schedule::fire(&order, &self.menu, now) {
            Fire::Now => None,
            Fire::At(at) => Some(at),
            Fire::TooFar => {
                let due = order.due_at.take().unwrap_or_default();
                order.warnings.push(Warning::DueTooFar(due));
                None
            }
        };
        let mut ticket = Ticket {
            seq,
            order,
            received_at: now,
            status: Status::New,
            status_at: None,
            level: Status::New,
            parts,
            previous: None,
            ready_at: None,
            started_at: None,
            fire_at,
            waiting: false,
        };
        // Its status may have arrived first (retained statuses come right after subscribing).
        if let Some(update) = self.early_statuses.remove(&ticket.order.order_id) {
            apply(&mut ticket, &update);
        }
        if let Some(early) = self.early_parts.remove(&ticket.order.order_id) {
            for part in early {
                parts::merge(&mut ticket.parts, part);
            }
            settle(&mut ticket, 0);
        }
        // Scheduled and nobody has started it: it waits in the Later lane.
        ticket.waiting = ticket.status == Status::New && fire_at.is_some_and(|at| at > now);
        if !ticket.status.is_done() {
            self.open.add(&ticket);
        }
        self.revenue = Cents(self.revenue.0.wrapping_add(counted(&ticket)));
        self.tests += usize::from(ticket.order.is_test());
        if let Some(records) = self.records.as_mut() {
            records.extend(Record::of(&ticket));
        }
        self.tickets.push_back(ticket);
        self.drop_beyond_capacity();
        Ingest::Added
    }

    pub fn reject(&mut self, topic: &str, payload: &[u8], reason: RejectReason, now: UnixMillis) {
        self.reject_excerpt(topic, excerpt(payload), reason, now);
    }

    /// A rejection whose excerpt was already taken where the bytes arrived.
    pub fn reject_excerpt(
        &mut self,
        topic: &str,
        excerpt: String,
        reason: RejectReason,
        now: UnixMillis,
    ) {
        let seq = self.bump_seq();
        self.rejected.push_back(Rejection {
            seq,
            topic: topic.to_owned(),
            reason,
            excerpt,
            received_at: now,
        });
        if self.rejected.len() > REJECTED_CAPACITY {
            self.rejected.pop_front();
        }
    }

    /// Newest first.
    pub fn tickets(&self) -> impl DoubleEndedIterator<Item = &Ticket> + ExactSizeIterator {
        self.tickets.iter().rev()
    }

    /// Newest first.
    pub fn rejected(&self) -> impl DoubleEndedIterator<Item = &Rejection> + ExactSizeIterator {
        self.rejected.iter().rev()
    }

    /// Up to `limit` open tickets (or, with `done`, served and cancelled ones) that matter to `station`
    /// and match `query` (customer, item or order id; case-insensitive), in the requested order, and how
    /// many match in all.
    pub fn visible(&self, view: &View, limit: usize) -> (Vec<Ticket>, usize) {
        let query = view.query.trim().to_lowercase();
        if query.is_empty() && view.station == Station::All {
            // Unfiltered, the count is known: only the shown tickets are visited, however long the history.
            let total = if view.done {
                self.tickets.len() - self.open.tickets - self.open.later.len()
            } else {
                self.open.tickets
            };
            let wanted = |t: &Ticket| t.status.is_done() == view.done;
            return (self.in_order(view, wanted, limit.min(total)), total);
        }
        // A station's "done" are the tickets whose part there is done (or that left the kitchen).
        let matching = |t: &Ticket| match view.done {
            false => !t.status.is_done() && !t.waiting && self.in_view(t, &view.station, &query),
            true => view.station.finished(t) && (query.is_empty() || ticket_matches(t, &query)),
        };
        let total = self.tickets.iter().filter(|t| matching(t)).count();
        let shown = self.in_order(view, matching, limit);
        (shown, total)
    }

    /// The wall's page `page` (the last one if fewer): open tickets that matter to the view's station and
    /// match its search, oldest first, in pages of `budget` (see [`super::wall::pages`]). `more(id)` adds
    /// lines a ticket was seen to need beyond the count (words of a long language wrapping).
    pub fn wall(
        &self,
        view: &View,
        budget: Budget,
        page: usize,
        more: impl Fn(&str) -> usize,
    ) -> WallPage {
        let query = view.query.trim().to_lowercase();
        let matching: Vec<&Ticket> = self
            .open()
            .filter(|t| self.in_view(t, &view.station, &query))
            .collect();
        let lines: Vec<usize> = matching
            .iter()
            .map(|t| {
                // The card's "Contains:" line, when the menu says what its dishes contain.
                let contains = t.order.items.iter().any(|i| {
                    self.menu
                        .find(&i.name)
                        .is_some_and(|m| !m.allergens.is_empty())
                });
                let lines = ticket_lines(t, &view.station, budget.chars) + usize::from(contains);
                (lines + more(&t.order.order_id)).min(budget.lines * budget.columns)
            })
            .collect();
        let mut pages = wall_layout(&lines, budget);
        let count = pages.len();
        let (range, places) = pages.swap_remove(page.min(count - 1));
        let page = page.min(count - 1);
        WallPage {
            tickets: matching[range.clone()]
                .iter()
                .map(|t| (*t).clone())
                .collect(),
            places,
            page,
            pages: count,
            before: range.start,
            after: matching.len() - range.end,
        }
    }

    /// The first `limit` tickets that `keep`, oldest or newest first: open ones in line (see
    /// [`Board::open`]), finished ones as they came.
    fn in_order(&self, view: &View, keep: impl Fn(&Ticket) -> bool, limit: usize) -> Vec<Ticket> {
        let ordered: Box<dyn Iterator<Item = &Ticket>> = match (view.done, view.oldest_first) {
            (false, true) => Box::new(self.open()),
            (false, false) => {
                Box::new(self.open.line.iter().rev().filter_map(|p| self.by_seq(p.2)))
            }
            (true, true) => Box::new(self.tickets.iter()),
            (true, false) => Box::new(self.tickets.iter().rev()),
        };
        ordered.filter(|t| keep(t)).take(limit).cloned().collect()
    }

    fn by_seq(&self, seq: u64) -> Option<&Ticket> {
        let at = self.tickets.binary_search_by_key(&seq, |t| t.seq).ok()?;
        self.tickets.get(at)
    }

    /// The newest `limit` tickets with their statuses, oldest first, to keep across a reload.
    pub fn snapshot(&self, limit: usize) -> Vec<StoredTicket> {
        let skip = self.tickets.len().saturating_sub(limit);
        self.tickets
            .iter()
            .skip(skip)
            .map(|t| StoredTicket {
                order: t.order.to_json(),
                received_at: t.received_at,
                status: t.status,
                status_at: t.status_at,
                previous: t.previous,
                ready_at: t.ready_at,
                started_at: t.started_at,
                level: Some(t.level),
                parts: Some(t.parts.iter().map(parts::PartWire::of).collect()),
            })
            .collect()
    }

    /// Puts stored tickets back, in their order; anything that no longer decodes is left out.
    pub fn restore(&mut self, stored: Vec<StoredTicket>) {
        for s in stored {
            if let Ok(order) = decode(s.order.as_bytes()) {
                let id = order.order_id.clone();
                if self.add(order, s.received_at) == Ingest::Added {
                    if let Some(t) = self
                        .tickets
                        .iter_mut()
                        .rev()
                        .find(|t| t.order.order_id == id)
                    {
                        t.status_at = s.status_at;
                        t.previous = s.previous;
                        t.ready_at = s.ready_at;
                        t.started_at = s.started_at;
                        t.level = s.level.unwrap_or(s.status);
                        // Kept by a release before parts: the parts as its status has them.
                        t.parts = match s.parts {
                            Some(kept) => {
                                kept.into_iter().filter_map(parts::PartWire::read).collect()
                            }
                            None => {
                                parts::merged(&t.parts, parts::whole(&t.parts, s.status, 0, ""))
                            }
                        };
                        t.status = parts::derive(t.level, &t.parts);
                        t.waiting &= t.status == Status::New;
                    }
                }
            }
        }
        // Statuses were set directly above: count open tickets and takings again.
        self.open = OpenTally::default();
        for ticket in self.tickets.iter().filter(|t| !t.status.is_done()) {
            self.open.add(ticket);
        }
        self.revenue = Cents(self.tickets.iter().map(counted).sum());
        self.tests = self.tickets.iter().filter(|t| t.order.is_test()).count();
    }

    /// How many tickets on the board are test traffic (generated orders).
    pub fn test_count(&self) -> usize {
        self.tests
    }

    /// "Clear test orders": takes every generated order off the board and returns their ids, so their
    /// retained statuses can be deleted too.
    pub fn clear_tests(&mut self) -> Vec<Gone> {
        let (gone, kept): (Vec<Ticket>, Vec<Ticket>) = std::mem::take(&mut self.tickets)
            .into_iter()
            .partition(|t| t.order.is_test());
        self.tickets = kept.into();
        self.forget(&gone);
        gone.iter().map(Gone::of).collect()
    }

    /// Takes one test order off the board (its retained status was deleted elsewhere).
    fn remove_test(&mut self, order_id: &str) {
        let at = self
            .position(order_id)
            .filter(|at| self.tickets[*at].order.is_test());
        if let Some(gone) = at.and_then(|at| self.tickets.remove(at)) {
            self.forget(&[gone]);
        }
    }

    /// After tickets left in bulk: their ids, the open tally and the revenue follow what is left.
    fn forget(&mut self, gone: &[Ticket]) {
        for ticket in gone {
            self.ids.remove(&ticket.order.order_id);
        }
        self.open = OpenTally::default();
        for ticket in self.tickets.iter().filter(|t| !t.status.is_done()) {
            self.open.add(ticket);
        }
        self.revenue = Cents(self.tickets.iter().map(counted).sum());
        self.tests = self.tickets.iter().filter(|t| t.order.is_test()).count();
    }

    /// End of day: takes the served and cancelled tickets off the board (or, with `everything`, every
    /// ticket) and returns their order ids, so their retained statuses can be deleted too. The counts, the
    /// revenue and the history notice start again from what is left.
    pub fn clear(&mut self, everything: bool) -> Vec<Gone> {
        let (gone, kept): (Vec<Ticket>, Vec<Ticket>) = std::mem::take(&mut self.tickets)
            .into_iter()
            .partition(|t| (everything && !t.waiting) || t.status.is_done());
        self.tickets = kept.into();
        self.forget(&gone);
        self.dropped = 0;
        self.dropped_open = 0;
        if everything {
            self.early_statuses.clear();
            self.early_parts.clear();
            self.duplicates = 0;
        }
        gone.iter().map(Gone::of).collect()
    }

    /// A day close from any board (this one too): the tickets it takes leave (see `DayClose::takes`); a close
    /// not newer than the last one heard changes nothing. The ids taken off.
    pub fn close_day(&mut self, close: &DayClose) -> Vec<Gone> {
        // Only the same close heard twice is skipped: one stamped earlier by a tablet whose clock is slow is
        // still applied (the broker keeps it as the latest), while "today" keeps starting at the latest.
        if self.last_close == Some(close.closed_at) {
            return Vec::new();
        }
        self.last_close = Some(
            self.last_close
                .map_or(close.closed_at, |l| l.max(close.closed_at)),
        );
        let (gone, kept): (Vec<Ticket>, Vec<Ticket>) = std::mem::take(&mut self.tickets)
            .into_iter()
            .partition(|t| close.takes(t));
        self.tickets = kept.into();
        self.forget(&gone);
        // Open tickets a close takes were cancelled by the closing board: the history says so even where
        // the cancels themselves were missed (a board offline during the close).
        if let Some(records) = self.records.as_mut() {
            for ticket in gone.iter().filter(|t| !t.status.is_done()) {
                if let Some(mut record) = Record::of(ticket) {
                    record.status = Status::Cancelled;
                    record.cancelled = Some(close.closed_at);
                    records.push(record);
                }
            }
        }
        gone.iter().map(Gone::of).collect()
    }

    /// When the day was last closed, if this board has heard of a close.
    pub fn last_close(&self) -> Option<UnixMillis> {
        self.last_close
    }

    /// Scheduled orders whose start has come: they leave the Later lane for the board, in line by their
    /// start. Returns how many moved (the page rings for them as for arrivals).
    pub fn fire_due(&mut self, now: UnixMillis) -> usize {
        let due: Vec<u64> = self
            .open
            .later
            .iter()
            .take_while(|(at, _)| *at <= now)
            .map(|(_, seq)| *seq)
            .collect();
        for seq in &due {
            if let Some(ticket) = self.tickets.iter_mut().find(|t| t.seq == *seq) {
                self.open.remove(ticket);
                ticket.waiting = false;
                self.open.add(ticket);
            }
        }
        due.len()
    }

    /// The Later lane: scheduled orders not started yet, the soonest first.
    pub fn later(&self) -> impl Iterator<Item = &Ticket> {
        self.open.later.iter().filter_map(|p| self.by_seq(p.1))
    }

    /// When the next scheduled order fires, if one waits.
    pub fn next_fire(&self) -> Option<UnixMillis> {
        self.open.later.first().map(|p| p.0)
    }

    /// Open tickets (not served or cancelled) in line: by when the order was placed (its own time, when it
    /// can be believed), then as they came — the same on every board, however it learnt of them.
    pub fn open(&self) -> impl Iterator<Item = &Ticket> {
        self.open.line.iter().filter_map(|p| self.by_seq(p.2))
    }

    /// The customers' screen: orders being made (new or preparing) and orders ready to collect, each list
    /// oldest first and at most `limit` long. A served or cancelled order is on neither.
    pub fn pickup(&self, limit: usize) -> Pickup {
        let mut pickup = Pickup::default();
        // Test orders are never on the customers' screen; dine-in food goes to its table, not the counter.
        let called_out = |t: &&Ticket| {
            !t.order.is_test() && OrderType::is_called_out(t.order.order_type.as_ref())
        };
        for ticket in self.open().filter(called_out) {
            let list = match ticket.status {
                Status::Ready => &mut pickup.ready,
                _ => &mut pickup.preparing,
            };
            if list.len() < limit {
                list.push(PickupEntry {
                    seq: ticket.seq,
                    // The first name only: a screen for the whole room shows nothing more of anyone.
                    name: first_name(&ticket.order.customer_name).to_owned(),
                    number: said_number(&ticket.order),
                });
            }
        }
        pickup
    }

    pub fn find(&self, order_id: &str) -> Option<&Ticket> {
        let at = self.position(order_id)?;
        self.tickets.get(at)
    }

    fn position(&self, order_id: &str) -> Option<usize> {
        let seq = *self.ids.get(order_id)?;
        self.tickets.binary_search_by_key(&seq, |t| t.seq).ok()
    }

    /// A status from any board or client. One that carries its order brings the ticket along when this
    /// board has not seen the order (a board opened mid-service); returns whether that added a ticket.
    pub fn ingest_status(&mut self, topic: &str, update: &StatusUpdate, now: UnixMillis) -> bool {
        let added = match &update.order {
            Some(order) if !update.status.is_done() && self.find(&update.order_id).is_none() => {
                self.ingest_order(topic, (**order).clone(), now) == Ingest::Added
            }
            _ => false,
        };
        self.apply_status(update);
        added
    }

    /// Applies a status from any board or client. The latest change (by its time) wins, so boards that
    /// hear the same changes in a different order still agree.
    pub fn apply_status(&mut self, update: &StatusUpdate) -> bool {
        let changed = self.change(&update.order_id, |ticket| apply(ticket, update));
        if changed.is_none() {
            if self.early_statuses.len() >= EARLY_STATUS_CAPACITY {
                self.early_statuses.clear();
            }
            let newer = self
                .early_statuses
                .get(&update.order_id)
                .is_none_or(|known| update.at_ms() >= known.at_ms());
            if newer {
                self.early_statuses
                    .insert(update.order_id.clone(), update.clone());
            }
        }
        changed.unwrap_or(false)
    }

    /// Applies a station's change to its part of an order, from any board: the latest version of each
    /// part wins (see `parts`). Returns whether the order's status changed.
    pub fn apply_part(&mut self, update: &PartUpdate) -> bool {
        let at = update.part.at;
        let changed = self.change(&update.order_id, |ticket| {
            parts::merge(&mut ticket.parts, update.part.clone());
            settle(ticket, at)
        });
        if changed.is_none() {
            if self.early_parts.len() >= EARLY_STATUS_CAPACITY {
                self.early_parts.clear();
            }
            let early = self.early_parts.entry(update.order_id.clone()).or_default();
            parts::merge(early, update.part.clone());
        }
        changed.unwrap_or(false)
    }

    /// Changes one ticket, keeping the open tally (its line and the lines still to make) and the revenue;
    /// `None` when the order is not on this board.
    fn change(&mut self, order_id: &str, f: impl FnOnce(&mut Ticket) -> bool) -> Option<bool> {
        let at = self.position(order_id)?;
        let ticket = self.tickets.get_mut(at)?;
        let was_open = !ticket.status.is_done();
        let was_counted = counted(ticket);
        if was_open {
            self.open.remove(ticket);
        }
        let changed = f(ticket);
        // Started (or cancelled) while it waited: it leaves the Later lane.
        ticket.waiting &= ticket.status == Status::New;
        self.revenue = Cents(self.revenue.0.wrapping_add(counted(ticket) - was_counted));
        if !ticket.status.is_done() {
            self.open.add(ticket);
        }
        if let Some(records) = self.records.as_mut() {
            records.extend(Record::times_of(ticket));
        }
        Some(changed)
    }

    /// Changes how many orders are kept; shrinking drops the oldest and counts them.
    pub fn set_capacity(&mut self, capacity: usize) {
        self.capacity = capacity.max(1);
        self.drop_beyond_capacity();
    }

    /// Keeps the history within its limit: the oldest finished (served or cancelled) tickets go first; an
    /// open ticket goes only when every ticket kept is open, and is counted in [`Board::dropped_open`] so the
    /// page says so — food nobody has made must not vanish without a word.
    fn drop_beyond_capacity(&mut self) {
        while self.tickets.len() > self.capacity {
            // The tally knows how many are open: with none finished there is nothing to look for.
            let finished = self.tickets.len() - self.open.tickets - self.open.later.len();
            let at = match finished {
                0 => Some(0),
                _ => self.tickets.iter().position(|t| t.status.is_done()),
            };
            let Some(old) = at.and_then(|at| self.tickets.remove(at)) else {
                return;
            };
            self.ids.remove(&old.order.order_id);
            if !old.status.is_done() {
                self.open.remove(&old);
                self.dropped_open += 1;
            }
            self.revenue = Cents(self.revenue.0.wrapping_sub(counted(&old)));
            self.tests -= usize::from(old.order.is_test());
            self.dropped += 1;
        }
    }

    /// The arrival number of the newest ticket (0: none yet).
    pub fn newest_seq(&self) -> u64 {
        self.tickets.back().map_or(0, |t| t.seq)
    }

    /// Tickets not yet served or cancelled.
    /// Open tickets with something for `station` to make (all of them for [`Station::All`]).
    pub fn open_at(&self, station: &Station) -> usize {
        match station {
            Station::All => self.open_count(),
            _ => self.open().filter(|t| self.in_view(t, station, "")).count(),
        }
    }

    /// Whether a ticket has something for `station` still to make (any open ticket for
    /// [`Station::All`]) and matches `query` (lowercase; empty: any).
    fn in_view(&self, ticket: &Ticket, station: &Station, query: &str) -> bool {
        station.to_make(ticket) && (query.is_empty() || ticket_matches(ticket, query))
    }

    pub fn open_count(&self) -> usize {
        self.open.tickets
    }

    /// Of `dish` still to make for `station`, how many carry each modifier, most first — leaving out a
    /// required group's first option (the dish's default: "Regular" says nothing).
    pub fn all_day_choices(&self, station: &Station, dish: &str) -> Vec<(String, u32)> {
        let groups = self.menu.modifier_groups(dish);
        let default = |m: &str| {
            groups
                .iter()
                .any(|g| g.required && g.options.first().is_some_and(|o| o.name == m))
        };
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for (name, choices) in &self.open.choices {
            if station.is(name) {
                for ((d, m), qty) in choices {
                    if d == dish && !default(m) {
                        *counts.entry(m).or_default() += qty;
                    }
                }
            }
        }
        most_first(counts.into_iter().map(|(m, q)| (m.to_owned(), q)).collect())
    }

    /// How many of each item the open tickets still need ("all day": lines not crossed off), for a
    /// station: most first.
    pub fn all_day(&self, station: &Station) -> Vec<(String, u32)> {
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for (name, dishes) in &self.open.items {
            if station.is(name) {
                for (dish, qty) in dishes {
                    *counts.entry(dish).or_default() += qty;
                }
            }
        }
        most_first(counts.into_iter().map(|(n, q)| (n.to_owned(), q)).collect())
    }

    pub fn len(&self) -> usize {
        self.tickets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tickets.is_empty()
    }

    /// What every kept ticket adds up to (cancelled ones included).
    /// Takings: every order on the board but the cancelled ones (the stats panel counts the same way).
    pub fn revenue(&self) -> Cents {
        self.revenue
    }

    fn bump_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }
}

/// A ticket taken off the board, for deleting what the broker keeps of it: its retained status, and the
/// parts some station published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    pub order_id: String,
    pub parts: Vec<String>,
}

impl Gone {
    fn of(ticket: &Ticket) -> Gone {
        Gone {
            order_id: ticket.order.order_id.clone(),
            parts: ticket
                .parts
                .iter()
                .filter(|p| p.at != 0)
                .map(|p| p.station.clone())
                .collect(),
        }
    }
}

/// A ticket as kept in browser storage between page loads.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredTicket {
    /// The order in its wire format, so restoring runs it through the same decoder as anything else.
    pub order: String,
    pub received_at: UnixMillis,
    pub status: Status,
    pub status_at: Option<UnixMillis>,
    pub previous: Option<Status>,
    #[serde(default)]
    pub ready_at: Option<UnixMillis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<UnixMillis>,
    /// The order-level status heard and the parts (absent in what a release before parts kept).
    #[serde(default)]
    pub level: Option<Status>,
    #[serde(default)]
    pub parts: Option<Vec<parts::PartWire>>,
}

/// What the board shows: open or done tickets, for a station, matching a search, in an order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub query: String,
    pub oldest_first: bool,
    pub station: Station,
    pub done: bool,
}

/// One page of the wall: its tickets with the lines each takes, which page of how many, and how many
/// open tickets are on the pages before and after it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WallPage {
    pub tickets: Vec<Ticket>,
    /// Where each ticket stands on the page (see `wall::layout`).
    pub places: Vec<Place>,
    pub page: usize,
    pub pages: usize,
    pub before: usize,
    pub after: usize,
}

/// In a flood, how often the cards follow the board (the counts follow every frame).
pub const FLOOD_INTERVAL_MS: i64 = 100;

/// When the cards follow a change of the board: at once, unless more orders arrived than a page of cards
/// shows and the cards changed less than [`FLOOD_INTERVAL_MS`] ago. Then nobody can read them anyway, and
/// re-making every card each frame would starve the page of frames; the last change always shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CardPacer {
    shown_newest: u64,
    shown_at: Option<UnixMillis>,
    trailing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Show the board now, then call [`CardPacer::shown`].
    Now,
    /// Show it after this many ms (then call [`CardPacer::shown`]).
    After(i64),
    /// A later showing is already arranged.
    Wait,
}

impl CardPacer {
    pub fn changed(&mut self, newest: u64, page: usize, now: UnixMillis) -> Pace {
        let arrived = newest.saturating_sub(self.shown_newest);
        let since = self.shown_at.map_or(FLOOD_INTERVAL_MS, |at| now - at);
        if arrived <= page as u64 || since >= FLOOD_INTERVAL_MS {
            Pace::Now
        } else if self.trailing {
            Pace::Wait
        } else {
            self.trailing = true;
            Pace::After(FLOOD_INTERVAL_MS - since)
        }
    }

    pub fn shown(&mut self, newest: u64, now: UnixMillis) {
        *self = CardPacer {
            shown_newest: newest,
            shown_at: Some(now),
            trailing: false,
        };
    }
}

/// Above which arrival number new cards flash, given the newest ticket already shown (`None`: nothing shown
/// yet, so this is a first render — a reload — not an arrival) and the tickets about to show. Only a few
/// arriving together flash; `u64::MAX` means none.
pub fn flash_after(seen: Option<u64>, shown: &[Ticket], at_most: usize) -> u64 {
    seen.filter(|&seen| shown.iter().filter(|t| t.seq > seen).count() <= at_most)
        .unwrap_or(u64::MAX)
}

/// Open tickets and the items they need, kept up to date as tickets open, change and close.
#[derive(Debug, Clone, Default, PartialEq)]
struct OpenTally {
    tickets: usize,
    /// Per station, how many of each dish its open parts still have to make (lines not crossed off).
    items: HashMap<String, HashMap<String, u32>>,
    /// The open tickets in line: by when the order was placed — the same on every board, whenever and in
    /// whatever order it heard of them — then (two orders of the same millisecond) as they came. The
    /// arrival number also finds the ticket.
    line: BTreeSet<(u8, UnixMillis, u64)>,
    /// Scheduled orders waiting for their start (the Later lane), by start time, then arrival.
    later: BTreeSet<(UnixMillis, u64)>,
    /// Per station, of each dish still to make, how many carry each modifier ("of which 2 No basil").
    choices: HashMap<String, HashMap<(String, String), u32>>,
}

/// A ticket's place in line: rush orders first; then by the order's own time when it can be believed (a
/// scheduled order's start), else when this board heard it.
fn place_in_line(ticket: &Ticket) -> (u8, UnixMillis, u64) {
    (
        u8::from(!ticket.order.rush),
        ticket.age_from().at(),
        ticket.seq,
    )
}

/// The lines of a ticket still to make, with their station.
fn lines_to_make(ticket: &Ticket) -> impl Iterator<Item = (&str, &super::order::OrderItem)> {
    ticket.parts.iter().flat_map(move |part| {
        part.lines
            .iter()
            .filter(move |l| !part.line_done(**l))
            .filter_map(move |l| ticket.order.items.get(*l as usize))
            .map(move |item| (part.station.as_str(), item))
    })
}

impl OpenTally {
    /// Counts (or takes back) a line's modifiers; most lines have none and cost nothing here.
    fn count_choices(&mut self, station: &str, item: &super::order::OrderItem, add: bool) {
        if item.modifiers.is_empty() {
            return;
        }
        let counts = self.choices.entry(station.to_owned()).or_default();
        for m in &item.modifiers {
            let key = (item.name.clone(), m.name.clone());
            let qty = counts.entry(key.clone()).or_default();
            *qty = match add {
                true => qty.wrapping_add(item.quantity),
                false => qty.wrapping_sub(item.quantity),
            };
            if *qty == 0 {
                counts.remove(&key);
            }
        }
    }

    fn add(&mut self, ticket: &Ticket) {
        if ticket.waiting {
            self.later
                .insert((ticket.fire_at.unwrap_or_default(), ticket.seq));
            return;
        }
        self.line.insert(place_in_line(ticket));
        self.tickets += 1;
        for (station, item) in lines_to_make(ticket) {
            self.count_choices(station, item, true);
            let dishes = match self.items.get_mut(station) {
                Some(dishes) => dishes,
                None => self.items.entry(station.to_owned()).or_default(),
            };
            match dishes.get_mut(&item.name) {
                Some(qty) => *qty = qty.wrapping_add(item.quantity),
                None => {
                    dishes.insert(item.name.clone(), item.quantity);
                }
            }
        }
    }

    fn remove(&mut self, ticket: &Ticket) {
        if ticket.waiting {
            self.later
                .remove(&(ticket.fire_at.unwrap_or_default(), ticket.seq));
            return;
        }
        self.line.remove(&place_in_line(ticket));
        self.tickets -= 1;
        for (station, item) in lines_to_make(ticket) {
            self.count_choices(station, item, false);
            let Some(dishes) = self.items.get_mut(station) else {
                continue;
            };
            if let Some(qty) = dishes.get_mut(&item.name) {
                *qty = qty.wrapping_sub(item.quantity);
                if *qty == 0 {
                    dishes.remove(&item.name);
                }
            }
        }
    }
}

/// Statuses remembered for orders this board has not seen.
const EARLY_STATUS_CAPACITY: usize = 5_000;

/// What a ticket adds to the revenue: its total, unless it was cancelled or is test traffic.
fn counted(ticket: &Ticket) -> i64 {
    match ticket.status {
        Status::Cancelled => 0,
        _ if ticket.order.is_test() => 0,
        _ => ticket.order.total_amount.0,
    }
}

fn apply(ticket: &mut Ticket, update: &StatusUpdate) -> bool {
    let at = update.at_ms();
    // The order-level status: the latest wins.
    if ticket.status_at.is_none_or(|known| at >= known) {
        ticket.level = update.status;
        ticket.status_at = Some(at);
    }
    // The parts: as the status carries them, or (a plain client's status) each made what it says.
    let versions = match &update.parts {
        Some(parts) => parts.clone(),
        None => parts::whole(&ticket.parts, update.status, at, &update.by),
    };
    for version in versions {
        parts::merge(&mut ticket.parts, version);
    }
    // A status after ready (or after a start) says when that was: the earliest heard stands.
    if let Some(ready) = update.ready_ms().filter(|&r| r > 0) {
        ticket.ready_at = Some(ticket.ready_at.map_or(ready, |known| known.min(ready)));
    }
    if let Some(started) = update.started_ms().filter(|&s| s > 0) {
        ticket.started_at = Some(
            ticket
                .started_at
                .map_or(started, |known| known.min(started)),
        );
    }
    settle(ticket, at)
}

/// The ticket's status follows its order-level status and its parts; returns whether it changed.
fn settle(ticket: &mut Ticket, at: UnixMillis) -> bool {
    let status = parts::derive(ticket.level, &ticket.parts);
    if status == ticket.status {
        return false;
    }
    ticket.previous = Some(ticket.status);
    ticket.status = status;
    if status == Status::Ready && ticket.ready_at.is_none() {
        ticket.ready_at = Some(at);
    }
    // A part heard before its order is settled at time 0: not a start time.
    if status == Status::Preparing && ticket.started_at.is_none() && at > 0 {
        ticket.started_at = Some(at);
    }
    true
}

/// What the pickup screen calls a customer: the first word of the name.
fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// `query` is already lower-case.
fn ticket_matches(ticket: &Ticket, query: &str) -> bool {
    let order = &ticket.order;
    order.customer_name.to_lowercase().contains(query)
        || order.order_id.to_lowercase().contains(query)
        || order
            .number
            .as_ref()
            .is_some_and(|n| n.to_lowercase() == query)
        || order
            .items
            .iter()
            .any(|i| i.name.to_lowercase().contains(query))
}

/// The start of a payload as text a person can read (control characters replaced), for "Rejected messages".
pub fn excerpt(payload: &[u8]) -> String {
    let head = &payload[..payload.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text
        .chars()
        .take(EXCERPT_CHARS)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if text.chars().count() > EXCERPT_CHARS || head.len() < payload.len() {
        out.push('…');
    }
    out
}

/// What the pickup screen lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pickup {
    pub preparing: Vec<PickupEntry>,
    pub ready: Vec<PickupEntry>,
}

/// How the pickup screen shows a list of `count` names: a density (0 large, 1 smaller in two columns, 2
/// smallest in three), how many a page holds, how many pages, and which page shows at `now_secs`: pages
/// turn by themselves every [`PICKUP_TURN_SECS`], so a long list is never silently cut.
pub fn pickup_layout(count: usize, now_secs: i64) -> PickupLayout {
    let (density, per_page) = match count {
        0..=10 => (0, 10),
        11..=24 => (1, 24),
        _ => (2, PICKUP_PAGE),
    };
    let pages = count.div_ceil(per_page).max(1);
    let page = (now_secs.max(0) / PICKUP_TURN_SECS) as usize % pages;
    PickupLayout {
        density,
        range: page * per_page..((page + 1) * per_page).min(count),
        page,
        pages,
    }
}

/// The most names a pickup page shows (three columns of fourteen on a TV).
pub const PICKUP_PAGE: usize = 42;
/// How long a pickup page stays before the next.
pub const PICKUP_TURN_SECS: i64 = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupLayout {
    pub density: u8,
    pub range: std::ops::Range<usize>,
    pub page: usize,
    pub pages: usize,
}

/// A customer's name and the short number on their receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickupEntry {
    pub seq: u64,
    pub name: String,
    pub number: String,
}

/// The first characters of an order id, as tickets and the pickup screen print it.
pub fn short_id(order_id: &str) -> String {
    order_id.chars().take(8).collect()
}

/// The number a customer is told: the counter's number ("A47") when the order has one, else `#` and a
/// short form of its id ("#8c131056").
pub fn said_number(order: &Order) -> String {
    match &order.number {
        Some(number) => number.clone(),
        None => format!("#{}", short_id(&order.order_id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::generator::{OrderGenerator, Style};
    use crate::domain::inbound::classify;

    /// The all-day counts the slow way: every line still to make of every open ticket.
    fn slow_all_day(board: &Board) -> Vec<(String, u32)> {
        let mut counts: std::collections::BTreeMap<String, u32> = Default::default();
        for ticket in board.open() {
            for (_, item) in lines_to_make(ticket) {
                *counts.entry(item.name.clone()).or_default() += item.quantity;
            }
        }
        most_first(counts.into_iter().collect())
    }

    const TOPIC: &str = "restaurant/orders";

    /// One message off the wire, the way production reads it: classified, then ingested; what became
    /// of it, as far as the board can tell.
    fn ingest_bytes(board: &mut Board, payload: &[u8], now: UnixMillis) -> Ingest {
        let (before, duplicates) = (board.len(), board.duplicates);
        let rejected = board.rejected().count();
        let ingested = board.ingest([classify(TOPIC, TOPIC, payload)], now);
        if ingested.added > 0 {
            assert_eq!(board.len(), before + 1);
            Ingest::Added
        } else if board.duplicates > duplicates {
            Ingest::Duplicate
        } else {
            assert!(board.rejected().count() > rejected || rejected == REJECTED_CAPACITY);
            Ingest::Rejected
        }
    }

    /// Customers' plain orders: the seed's fields only, so no test marker (test traffic is kept apart, see
    /// the test below) and no type, rush or due time to reorder the line or keep them off pickup.
    fn orders(n: usize) -> Vec<Order> {
        let mut generator = OrderGenerator::new(5).with_style(Style::SeedOnly);
        (0..n)
            .map(|i| generator.next_order(i as i64 * 1000))
            .collect()
    }

    /// A customer's order, as the seed's clients send it.
    fn customers_order(seed: u64, now: UnixMillis) -> Order {
        let order = OrderGenerator::new(seed)
            .with_style(Style::SeedOnly)
            .next_order(now);
        assert!(!order.is_test(), "the seed's format has no test marker");
        order
    }

    const T0: UnixMillis = 1_800_000_000_000;
    const MIN: UnixMillis = 60_000;

    /// An order for `dishes` placed at `T0 + minute`, due at `T0 + due` minutes if given, rush or not.
    fn placed(id: &str, minute: i64, due: Option<i64>, rush: bool) -> Order {
        let mut order = crate::domain::fixtures::order(id, &[("Margherita Pizza", 1)]);
        order.timestamp = Some(crate::domain::time::to_iso8601(T0 + minute * MIN));
        order.due_at = due.map(|d| crate::domain::time::to_iso8601(T0 + d * MIN));
        order.rush = rush;
        order
    }

    fn open_ids(board: &Board) -> Vec<String> {
        board.open().map(|t| t.order.order_id.clone()).collect()
    }

    #[test]
    fn the_all_day_counts_say_how_many_of_a_dish_carry_each_choice_but_not_the_default() {
        use crate::domain::details::Modifier;
        let mut board = Board::default();
        let pizza = |id: &str, qty: u32, mods: &[&str]| {
            let mut order = placed(id, 0, None, false);
            order.items[0].quantity = qty;
            order.items[0].modifiers = mods
                .iter()
                .map(|m| Modifier {
                    name: (*m).into(),
                    price: None,
                })
                .collect();
            order
        };
        board.add(pizza("A", 3, &["Regular", "No basil"]), T0);
        board.add(pizza("B", 2, &["Large"]), T0);
        board.add(pizza("C", 1, &[]), T0);
        assert_eq!(
            board.all_day(&Station::All),
            [("Margherita Pizza".to_owned(), 6)]
        );
        assert_eq!(
            board.all_day_choices(&Station::All, "Margherita Pizza"),
            [("No basil".to_owned(), 3), ("Large".to_owned(), 2)]
        );
        let pizza_station = Station::Only("Pizza".into());
        assert_eq!(
            board
                .all_day_choices(&pizza_station, "Margherita Pizza")
                .len(),
            2
        );
        board.apply_status(&StatusUpdate::new("A", Status::Ready, T0 + MIN, "t"));
        assert_eq!(
            board.all_day_choices(&Station::All, "Margherita Pizza"),
            [("Large".to_owned(), 2)]
        );
    }

    #[test]
    fn a_rush_order_stands_before_every_other_open_order_whenever_it_came() {
        let mut board = Board::default();
        board.add(placed("A", 0, None, false), T0);
        board.add(placed("B", 1, None, false), T0 + MIN);
        board.add(placed("R", 5, None, true), T0 + 5 * MIN);
        board.add(placed("R2", 6, None, true), T0 + 6 * MIN);
        assert_eq!(open_ids(&board), ["R", "R2", "A", "B"]);
        let (newest_first, _) = board.visible(&View::default(), 10);
        assert_eq!(
            newest_first[0].order.order_id, "B",
            "newest first puts rush last"
        );
        let wall = board.wall(
            &View::default(),
            Budget {
                columns: 4,
                lines: 40,
                chars: 30,
            },
            0,
            |_| 0,
        );
        assert_eq!(wall.tickets[0].order.order_id, "R");
    }

    #[test]
    fn a_scheduled_order_waits_in_the_later_lane_until_its_start_then_joins_the_line_by_it() {
        let mut board = Board::default();
        // Due at 60 minutes; pizza takes 12: it starts at 48.
        board.add(placed("S", 0, Some(60), false), T0);
        board.add(placed("A", 1, None, false), T0 + MIN);
        assert_eq!(open_ids(&board), ["A"]);
        assert_eq!(board.open_count(), 1);
        let done = View {
            done: true,
            ..View::default()
        };
        assert_eq!(board.visible(&done, 10).1, 0, "waiting is not done");
        let pizza = View {
            station: Station::Only("Pizza".into()),
            ..View::default()
        };
        assert_eq!(
            board.visible(&pizza, 10).1,
            1,
            "nor on the pizza station yet"
        );
        assert_eq!(
            board
                .later()
                .map(|t| t.order.order_id.as_str())
                .collect::<Vec<_>>(),
            ["S"]
        );
        assert_eq!(board.next_fire(), Some(T0 + 48 * MIN));
        assert!(board
            .all_day(&Station::All)
            .iter()
            .all(|(dish, qty)| *qty == 1 || dish != "Margherita Pizza"));
        assert_eq!(board.fire_due(T0 + 47 * MIN), 0);
        board.add(placed("B", 50, None, false), T0 + 50 * MIN);
        assert_eq!(board.fire_due(T0 + 50 * MIN), 1);
        assert_eq!(
            open_ids(&board),
            ["A", "S", "B"],
            "in line by its start, 48"
        );
        assert_eq!(board.later().count(), 0);
        let s = board.find("S").unwrap();
        assert_eq!(
            s.age_from(),
            crate::domain::ageing::AgeFrom::Scheduled(T0 + 48 * MIN)
        );
        assert_eq!(board.all_day(&Station::All), slow_all_day(&board));
    }

    #[test]
    fn a_scheduled_order_someone_started_early_leaves_the_later_lane_at_once() {
        let mut board = Board::default();
        board.add(placed("S", 0, Some(60), false), T0);
        let update = StatusUpdate {
            order_id: "S".into(),
            status: Status::Preparing,
            at: crate::domain::time::to_iso8601(T0 + MIN),
            by: "b2".into(),
            ready_at: None,
            started_at: None,
            parts: None,
            order: None,
        };
        board.apply_status(&update);
        assert_eq!(board.later().count(), 0);
        assert_eq!(open_ids(&board), ["S"]);
    }

    #[test]
    fn closing_the_day_never_removes_an_order_still_due_and_its_status_is_never_stale() {
        let mut board = Board::default();
        board.add(placed("S", 0, Some(3 * 24 * 60), false), T0);
        board.add(placed("A", 0, None, false), T0);
        let gone = board.clear(true);
        assert_eq!(gone.len(), 1);
        assert!(board.find("S").is_some());
        let claim = StatusUpdate {
            order_id: "S".into(),
            status: Status::New,
            at: crate::domain::time::to_iso8601(T0),
            by: "b".into(),
            ready_at: None,
            started_at: None,
            parts: None,
            order: Some(Box::new(placed("S", 0, Some(3 * 24 * 60), false))),
        };
        assert!(!claim.is_stale(T0 + 2 * 24 * 60 * MIN));
        assert!(claim.is_stale(T0 + 4 * 24 * 60 * MIN));
    }

    #[test]
    fn an_order_due_more_than_a_week_ahead_is_cooked_now_with_a_warning() {
        let mut board = Board::default();
        board.add(placed("F", 0, Some(8 * 24 * 60), false), T0);
        let ticket = board.find("F").unwrap();
        assert!(!ticket.waiting && ticket.order.due_at.is_none());
        assert!(matches!(ticket.order.warnings[..], [Warning::DueTooFar(_)]));
        assert_eq!(open_ids(&board), ["F"]);
    }

    #[test]
    fn a_restored_board_keeps_a_scheduled_order_waiting_and_a_started_one_on_the_line() {
        let mut board = Board::default();
        board.add(placed("S", 0, Some(60), false), T0);
        board.add(placed("P", 0, Some(60), false), T0);
        board.apply_status(&StatusUpdate {
            order_id: "P".into(),
            status: Status::Preparing,
            at: crate::domain::time::to_iso8601(T0 + MIN),
            by: "b2".into(),
            ready_at: None,
            started_at: None,
            parts: None,
            order: None,
        });
        let mut again = Board::default();
        again.restore(board.snapshot(10));
        assert_eq!(again.later().count(), 1);
        assert_eq!(open_ids(&again), ["P"]);
    }

    #[test]
    fn open_tickets_stand_in_line_by_when_they_were_placed_on_every_board_whatever_order_it_heard_them(
    ) {
        const MINUTE: i64 = 60_000;
        let t0 = 1_800_000_000_000;
        let placed = |id: &str, minute: i64| {
            let mut order = crate::domain::fixtures::order(id, &[("Fries", 1)]);
            order.timestamp = Some(crate::domain::time::to_iso8601(t0 + minute * MINUTE));
            order
        };
        let mut no_time = crate::domain::fixtures::order("no-time", &[("Fries", 1)]);
        no_time.timestamp = None;
        // (Ids out of line on purpose: the line is by time, not by id.)
        let heard = [
            placed("B", 4),
            placed("D", 1),
            placed("A", 3),
            placed("C", 2),
        ];
        let mut early = Board::default();
        let mut late = Board::default();
        for order in &heard {
            early.add(order.clone(), t0 + 5 * MINUTE);
        }
        // Without a time of its own, an order stands in line by when this board heard it.
        early.add(no_time.clone(), t0 + 6 * MINUTE);
        for order in heard.iter().rev() {
            late.add(order.clone(), t0 + 60 * MINUTE);
        }
        let ids = |board: &Board| {
            board
                .open()
                .map(|t| t.order.order_id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&early), ["D", "C", "A", "B", "no-time"]);
        assert_eq!(ids(&late), ["D", "C", "A", "B"]);
        let view = |oldest_first| View {
            query: String::new(),
            oldest_first,
            station: Station::All,
            done: false,
        };
        let shown = |board: &Board, view: &View, limit| {
            let (tickets, total) = board.visible(view, limit);
            (
                tickets
                    .into_iter()
                    .map(|t| t.order.order_id)
                    .collect::<Vec<_>>(),
                total,
            )
        };
        assert_eq!(
            shown(&late, &view(true), 2),
            (vec!["D".into(), "C".into()], 4)
        );
        assert_eq!(
            shown(&late, &view(false), 2),
            (vec!["B".into(), "A".into()], 4)
        );
        // Finished, a ticket leaves the line; recalled, it stands where it stood.
        late.apply_status(&StatusUpdate::new(
            "D",
            Status::Served,
            t0 + 61 * MINUTE,
            "x",
        ));
        assert_eq!(ids(&late), ["C", "A", "B"]);
        late.apply_status(&StatusUpdate::new(
            "D",
            Status::Ready,
            t0 + 62 * MINUTE,
            "x",
        ));
        assert_eq!(ids(&late), ["D", "C", "A", "B"]);
        let pickup: Vec<String> = late
            .pickup(10)
            .preparing
            .into_iter()
            .map(|e| e.number)
            .collect();
        assert_eq!(pickup.len(), 3, "a is ready, the rest are cooking");
    }

    #[test]
    fn a_station_counts_only_the_open_tickets_it_has_something_to_make_for() {
        let mut board = Board::default();
        board.add(crate::domain::fixtures::order("A", &[("Iced Tea", 1)]), 0);
        board.add(
            crate::domain::fixtures::order("B", &[("Margherita Pizza", 1)]),
            1,
        );
        board.add(
            crate::domain::fixtures::order("C", &[("Coca-Cola", 2), ("Caesar Salad", 1)]),
            2,
        );
        board.apply_status(&StatusUpdate::new("C", Status::Served, 3, "x"));
        let drinks = Station::Only("Drinks".into());
        assert_eq!(board.open_at(&drinks), 1);
        assert_eq!(board.open_at(&Station::All), 2);
    }

    #[test]
    fn test_orders_are_counted_apart_kept_off_pickup_and_revenue_and_cleared_in_one_step() {
        let mut board = Board::default();
        let test = OrderGenerator::new(12).next_order(0);
        assert!(test.is_test());
        // One pickup would call out, were it a customer's: kept off for being a test, not for its type.
        assert!(OrderType::is_called_out(test.order_type.as_ref()) && test.due_at.is_none());
        let real = customers_order(80, 1000);
        board.add(test.clone(), 0);
        board.add(real.clone(), 1);
        assert_eq!((board.len(), board.test_count()), (2, 1));
        assert_eq!(board.revenue(), real.total_amount);
        let pickup = board.pickup(10);
        assert_eq!(pickup.preparing.len(), 1);
        assert_eq!(pickup.preparing[0].name, first_name(&real.customer_name));
        let gone: Vec<String> = board
            .clear_tests()
            .into_iter()
            .map(|g| g.order_id)
            .collect();
        assert_eq!(gone, vec![test.order_id.clone()]);
        assert_eq!(
            (board.len(), board.test_count(), board.open_count()),
            (1, 0, 1)
        );
        assert!(board.find(&test.order_id).is_none());
        assert_eq!(board.revenue(), real.total_amount);
    }

    #[test]
    fn a_test_order_cleared_on_another_board_leaves_this_one_and_a_customers_order_stays() {
        let mut board = Board::default();
        let test = OrderGenerator::new(2).next_order(0);
        let real = customers_order(20, 1000);
        board.add(test.clone(), 0);
        board.add(real.clone(), 1);
        let cleared = |id: &str| Inbound::Cleared {
            topic: crate::domain::topics::status_topic(TOPIC, id),
        };
        board.ingest([cleared(&test.order_id), cleared(&real.order_id)], 2);
        assert!(board.find(&test.order_id).is_none());
        assert!(board.find(&real.order_id).is_some());
        assert_eq!((board.len(), board.open_count()), (1, 1));
    }

    #[test]
    fn the_wall_shows_one_page_of_the_oldest_tickets_and_counts_the_rest() {
        let mut board = Board::default();
        for order in orders(20) {
            board.add(order, 0);
        }
        let view = View {
            query: String::new(),
            oldest_first: true,
            station: Station::All,
            done: false,
        };
        // Two columns of 30 lines: a few tickets to a page, so 20 make several pages.
        let budget = Budget {
            columns: 2,
            lines: 30,
            chars: 30,
        };
        let first = board.wall(&view, budget, 0, |_| 0);
        let oldest: Vec<String> = board.open().map(|t| t.order.order_id.clone()).collect();
        let ids = |page: &WallPage| {
            page.tickets
                .iter()
                .map(|t| t.order.order_id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&first), oldest[..first.tickets.len()]);
        assert_eq!((first.page, first.before), (0, 0));
        assert_eq!(first.after, 20 - first.tickets.len());
        assert!(first.pages > 1);
        assert_eq!(first.places.len(), first.tickets.len());
        // Every ticket is on exactly one page; a page past the end is the last one.
        let mut seen = Vec::new();
        for page in 0..first.pages {
            seen.extend(ids(&board.wall(&view, budget, page, |_| 0)));
        }
        assert_eq!(seen, oldest);
        let last = board.wall(&view, budget, 99, |_| 0);
        assert_eq!((last.page, last.after), (first.pages - 1, 0));
    }

    #[test]
    fn a_long_pickup_list_gets_smaller_then_turns_pages_and_shows_every_name_in_turn() {
        assert_eq!(pickup_layout(4, 0).density, 0);
        assert_eq!(pickup_layout(20, 0).density, 1);
        let long = |now| pickup_layout(100, now);
        assert_eq!(
            (long(0).density, long(0).pages, long(0).range.clone()),
            (2, 3, 0..42)
        );
        assert_eq!(long(PICKUP_TURN_SECS).range, 42..84);
        assert_eq!(long(2 * PICKUP_TURN_SECS).range, 84..100);
        assert_eq!(long(3 * PICKUP_TURN_SECS).page, 0, "and round again");
        assert_eq!(pickup_layout(0, 5).range, 0..0);
    }

    #[test]
    fn the_pickup_screen_lists_what_is_cooking_and_what_is_ready_oldest_first_and_never_served_ones(
    ) {
        let mut board = Board::default();
        let orders = orders(4);
        for (i, order) in orders.iter().enumerate() {
            board.add(order.clone(), i as i64);
        }
        let id = |i: usize| orders[i].order_id.clone();
        for (i, status) in [
            (1, Status::Ready),
            (2, Status::Served),
            (3, Status::Preparing),
        ] {
            board.apply_status(&StatusUpdate::new(&id(i), status, 10, "test"));
        }
        let pickup = board.pickup(10);
        let names = |list: &[PickupEntry]| list.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
        let name = |i: usize| first_name(&orders[i].customer_name).to_owned();
        assert_eq!(names(&pickup.preparing), vec![name(0), name(3)]);
        assert_eq!(names(&pickup.ready), vec![name(1)]);
        assert_eq!(pickup.ready[0].number, format!("#{}", short_id(&id(1))));
        assert_eq!(board.pickup(1).preparing.len(), 1);
    }

    #[test]
    fn the_pickup_screen_calls_takeout_and_delivery_by_first_name_and_leaves_dine_in_to_its_table()
    {
        let mut board = Board::default();
        for (id, name, kind) in [
            ("T", "Ada Lovelace", Some(OrderType::Takeout)),
            ("D", "Bo  Deliver, 12 Main St", Some(OrderType::Delivery)),
            ("I", "Cy Table", Some(OrderType::DineIn)),
            ("N", "Di", None),
        ] {
            let mut order = crate::domain::fixtures::order(id, &[("Fries", 1)]);
            order.customer_name = name.into();
            order.order_type = kind;
            board.add(order, 0);
        }
        let names: Vec<String> = board
            .pickup(10)
            .preparing
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["Ada", "Bo", "Di"]);
    }

    #[test]
    fn a_status_carrying_its_order_brings_an_open_ticket_to_a_board_that_never_saw_it() {
        let mut late = Board::default();
        let orders = orders(2);
        let open = StatusUpdate::new(&orders[0].order_id, Status::Preparing, 5, "a")
            .with_order(&orders[0]);
        assert!(late.ingest_status("t/x/status", &open, 10));
        assert_eq!(
            late.find(&orders[0].order_id).unwrap().status,
            Status::Preparing
        );
        // A finished status leaves the order out, so a served ticket does not come back.
        let served =
            StatusUpdate::new(&orders[1].order_id, Status::Served, 5, "a").with_order(&orders[1]);
        assert!(served.order.is_none());
        assert!(!late.ingest_status("t/y/status", &served, 10));
        assert_eq!(late.len(), 1);
        // Heard again (a retained status after a reconnect): still one ticket.
        assert!(!late.ingest_status("t/x/status", &open, 11));
        assert_eq!(late.len(), 1);
    }

    #[test]
    fn clearing_finished_tickets_keeps_the_open_ones_and_their_counts() {
        let mut board = Board::default();
        let orders = orders(4);
        for (i, order) in orders.iter().enumerate() {
            board.add(order.clone(), i as i64);
        }
        let id = |i: usize| orders[i].order_id.clone();
        board.apply_status(&StatusUpdate::new(&id(0), Status::Served, 10, "t"));
        board.apply_status(&StatusUpdate::new(&id(1), Status::Cancelled, 10, "t"));
        let open_day = board.all_day(&Station::All);
        let gone: Vec<String> = board.clear(false).into_iter().map(|g| g.order_id).collect();
        assert_eq!(gone, vec![id(0), id(1)]);
        assert_eq!((board.len(), board.open_count()), (2, 2));
        assert_eq!(board.all_day(&Station::All), open_day);
        let revenue: i64 = orders[2..].iter().map(|o| o.total_amount.0).sum();
        assert_eq!(board.revenue(), Cents(revenue));
        // A cleared order heard again (a redelivery) is a new ticket, not a duplicate of nothing.
        assert_eq!(board.add(orders[0].clone(), 20), Ingest::Added);
        let gone = board.clear(true);
        assert_eq!(gone.len(), 3);
        assert!(board.is_empty());
        assert_eq!((board.open_count(), board.revenue()), (0, Cents(0)));
        assert!(board.all_day(&Station::All).is_empty());
    }

    #[test]
    fn the_echo_of_ready_does_not_undo_served_made_within_the_same_second() {
        let mut board = Board::default();
        let order = orders(1).remove(0);
        let id = order.order_id.clone();
        board.add(order, 0);
        let ready = StatusUpdate::new(&id, Status::Ready, 10_100, "me");
        let served = StatusUpdate::new(&id, Status::Served, 10_600, "me");
        board.apply_status(&ready);
        board.apply_status(&served);
        // The broker sends our own retained "ready" back after we served it.
        board.apply_status(&StatusUpdate::decode(ready.to_json().as_bytes()).unwrap());
        assert_eq!(board.find(&id).unwrap().status, Status::Served);
    }

    #[test]
    fn orders_show_newest_first() {
        let mut board = Board::default();
        for (i, order) in orders(3).into_iter().enumerate() {
            assert_eq!(board.add(order, i as i64), Ingest::Added);
        }
        let times: Vec<_> = board.tickets().map(|t| t.received_at).collect();
        assert_eq!(times, vec![2, 1, 0]);
    }

    #[test]
    fn another_order_under_an_id_already_on_the_board_is_rejected_with_a_reason_not_dropped() {
        let mut board = Board::default();
        let first = r#"{"order_id":"ORD-001","customer_name":"Ada","items":[{"name":"Tea","quantity":1,"price":2.5}],"total_amount":2.5}"#;
        let other = r#"{"order_id":"ORD-001","customer_name":"Grace","items":[{"name":"Soup","quantity":2,"price":4}],"total_amount":8}"#;
        assert_eq!(ingest_bytes(&mut board, first.as_bytes(), 0), Ingest::Added);
        assert_eq!(
            ingest_bytes(&mut board, other.as_bytes(), 1),
            Ingest::Rejected
        );
        assert_eq!(board.len(), 1);
        assert_eq!(board.find("ORD-001").unwrap().order.customer_name, "Ada");
        let reason = &board.rejected().next().unwrap().reason;
        assert_eq!(
            reason,
            &RejectReason::ReusedId {
                order_id: "ORD-001".into(),
                kept_for: "Ada".into(),
                this_for: "Grace".into()
            }
        );
        let words = reason.to_string();
        assert!(
            words.starts_with("order id ORD-001 already used by a different order"),
            "{words}"
        );
        // The same order again is still a redelivery, shown once and not a rejection.
        assert_eq!(
            ingest_bytes(&mut board, first.as_bytes(), 2),
            Ingest::Duplicate
        );
        assert_eq!(board.rejected().count(), 1);
    }

    #[test]
    fn an_order_delivered_twice_is_shown_once() {
        let mut board = Board::default();
        let payload = orders(1)[0].to_json();
        assert_eq!(
            ingest_bytes(&mut board, payload.as_bytes(), 0),
            Ingest::Added
        );
        assert_eq!(
            ingest_bytes(&mut board, payload.as_bytes(), 1),
            Ingest::Duplicate
        );
        assert_eq!(board.len(), 1);
        assert_eq!(board.duplicates, 1);
    }

    #[test]
    fn history_is_bounded_and_counts_what_it_dropped() {
        let mut board = Board::with_capacity(10);
        for order in orders(25) {
            board.add(order, 0);
        }
        assert_eq!(board.len(), 10);
        assert_eq!(board.dropped, 15);
    }

    #[test]
    fn malformed_messages_are_kept_with_their_reason_and_an_excerpt() {
        let mut board = Board::default();
        assert_eq!(ingest_bytes(&mut board, b"{oops\x07", 9), Ingest::Rejected);
        let rejection = board.rejected().next().unwrap();
        assert!(
            matches!(
                rejection.reason,
                RejectReason::Order(crate::domain::order::OrderError::NotJson(_))
            ),
            "{:?}",
            rejection.reason
        );
        assert!(rejection
            .reason
            .to_string()
            .starts_with("payload is not JSON"));
        assert_eq!(rejection.excerpt, "{oops\u{FFFD}");
        assert_eq!(rejection.topic, TOPIC);
        assert!(board.is_empty());
    }

    #[test]
    fn long_payload_excerpts_are_cut_and_marked() {
        let mut board = Board::default();
        ingest_bytes(&mut board, "é".repeat(1_000).as_bytes(), 0);
        let excerpt = &board.rejected().next().unwrap().excerpt;
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));
    }

    #[test]
    fn search_finds_orders_by_customer_item_or_id_in_either_order() {
        let mut board = Board::default();
        let batch = orders(30);
        let customer = batch[3].customer_name.to_uppercase();
        let id_part = batch[7].order_id[..8].to_owned();
        for (i, order) in batch.iter().cloned().enumerate() {
            board.add(order, i as i64);
        }
        let view = |query: &str, oldest_first: bool| View {
            query: query.into(),
            oldest_first,
            ..View::default()
        };
        let (found, total) = board.visible(&view(&customer, false), 100);
        assert!(
            total >= 1
                && found
                    .iter()
                    .all(|t| t.order.customer_name.to_uppercase() == customer)
        );
        let (found, total) = board.visible(&view(&id_part, false), 100);
        assert_eq!((found.len(), total), (1, 1));
        let (newest, _) = board.visible(&view("", false), 2);
        let (oldest, all) = board.visible(&view("", true), 2);
        assert_eq!(all, 30);
        assert_eq!(
            newest.iter().map(|t| t.received_at).collect::<Vec<_>>(),
            vec![29, 28]
        );
        assert_eq!(
            oldest.iter().map(|t| t.received_at).collect::<Vec<_>>(),
            vec![0, 1]
        );
        let item = batch[0].items[0].name.to_lowercase();
        let (found, _) = board.visible(&view(&item, false), 100);
        assert!(found
            .iter()
            .all(|t| t.order.items.iter().any(|i| i.name.to_lowercase() == item)));
        assert!(board
            .visible(&view("no such thing", false), 100)
            .0
            .is_empty());
    }

    #[test]
    fn statuses_move_tickets_between_open_and_done_and_the_latest_change_wins() {
        let mut board = Board::default();
        let batch = orders(3);
        let id = batch[1].order_id.clone();
        for (i, order) in batch.into_iter().enumerate() {
            board.add(order, i as i64);
        }
        let at = |status, ms| StatusUpdate::new(&id, status, ms, "test");
        assert!(board.apply_status(&at(Status::Ready, 2_000)));
        assert!(
            !board.apply_status(&at(Status::Preparing, 1_000)),
            "an older change loses"
        );
        assert!(board.apply_status(&at(Status::Served, 3_000)));
        let done = View {
            done: true,
            ..View::default()
        };
        assert_eq!(board.visible(&done, 10).1, 1);
        assert_eq!(board.visible(&View::default(), 10).1, 2);
        assert_eq!(board.find(&id).unwrap().previous, Some(Status::Ready));
        // Recall: back to ready, and back in line where it was.
        assert!(board.apply_status(&at(Status::Ready, 4_000)));
        let (open, _) = board.visible(
            &View {
                oldest_first: true,
                ..View::default()
            },
            10,
        );
        assert_eq!(
            open.iter().map(|t| t.received_at).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
    }

    #[test]
    fn a_status_that_arrives_before_its_order_is_applied_when_the_order_comes() {
        let mut board = Board::default();
        let order = orders(1).remove(0);
        assert!(!board.apply_status(&StatusUpdate::new(
            &order.order_id,
            Status::Preparing,
            5,
            "x"
        )));
        let id = order.order_id.clone();
        board.add(order, 9);
        assert_eq!(board.find(&id).unwrap().status, Status::Preparing);
    }

    #[test]
    fn a_snapshot_restores_the_same_tickets_with_their_statuses() {
        let mut board = Board::default();
        for (i, order) in orders(5).into_iter().enumerate() {
            board.add(order, i as i64 * 1000);
        }
        let id = board.tickets().next().unwrap().order.order_id.clone();
        board.apply_status(&StatusUpdate::new(&id, Status::Ready, 9_000, "x"));
        let stored = board.snapshot(3);
        let text = serde_json::to_string(&stored).unwrap();
        let mut again = Board::default();
        again.restore(serde_json::from_str(&text).unwrap());
        assert_eq!(again.len(), 3);
        assert_eq!(again.find(&id).unwrap().status, Status::Ready);
        let times: Vec<_> = again.tickets().map(|t| t.received_at).collect();
        assert_eq!(times, vec![4000, 3000, 2000]);
    }

    #[test]
    fn lowering_the_limit_drops_finished_tickets_first_and_counts_any_open_one_it_must_drop() {
        let mut board = Board::default();
        let batch = orders(5);
        let ids: Vec<String> = batch.iter().map(|o| o.order_id.clone()).collect();
        for (i, order) in batch.into_iter().enumerate() {
            board.add(order, i as i64);
        }
        // The second and fourth are finished; the others are still being made.
        for (id, status) in [(&ids[1], Status::Served), (&ids[3], Status::Cancelled)] {
            board.apply_status(&StatusUpdate::new(id, status, 10, "board-2"));
        }
        board.set_capacity(3);
        let kept: Vec<&str> = board.tickets().map(|t| t.order.order_id.as_str()).collect();
        assert_eq!(
            kept,
            [&ids[4], &ids[2], &ids[0]],
            "only the finished ones went"
        );
        assert_eq!((board.dropped, board.dropped_open), (2, 0));
        assert_eq!(board.open_count(), 3);
        // Every ticket left is open: one more must go, and is counted as open.
        board.set_capacity(2);
        assert_eq!((board.dropped, board.dropped_open), (3, 1));
        assert!(board.find(&ids[0]).is_none(), "the oldest open one");
        assert_eq!(board.open_count(), 2);
    }

    #[test]
    fn shrinking_the_history_drops_the_oldest_orders() {
        let mut board = Board::default();
        for (i, order) in orders(10).into_iter().enumerate() {
            board.add(order, i as i64);
        }
        board.set_capacity(4);
        assert_eq!(board.len(), 4);
        assert_eq!(board.dropped, 6);
        assert_eq!(board.tickets().last().unwrap().received_at, 6);
    }

    #[test]
    fn revenue_sums_the_orders_on_the_board() {
        let mut board = Board::default();
        let batch = orders(4);
        let expected: i64 = batch.iter().map(|o| o.total_amount.0).sum();
        for order in batch {
            board.add(order, 0);
        }
        assert_eq!(board.revenue().0, expected);
    }

    #[test]
    fn only_a_few_new_tickets_flash_and_a_first_render_never_does() {
        let mut board = Board::default();
        for (i, order) in orders(10).into_iter().enumerate() {
            board.add(order, i as i64);
        }
        let (shown, _) = board.visible(&View::default(), 24); // seq 10 down to 1
        assert_eq!(flash_after(None, &shown, 3), u64::MAX);
        assert_eq!(flash_after(Some(7), &shown, 3), 7); // 8, 9 and 10 flash
        assert_eq!(flash_after(Some(6), &shown, 3), u64::MAX); // four at once: none
        assert_eq!(flash_after(Some(10), &shown, 3), 10); // nothing new
    }

    #[test]
    fn cards_follow_every_small_change_at_once_and_a_flood_ten_times_a_second() {
        let mut pacer = CardPacer::default();
        // Quiet: a few orders per frame show at once.
        assert_eq!(pacer.changed(3, 24, 0), Pace::Now);
        pacer.shown(3, 0);
        assert_eq!(pacer.changed(20, 24, 16), Pace::Now);
        pacer.shown(20, 16);
        // A flood right after: it waits out the interval once, and further changes join that showing.
        assert_eq!(pacer.changed(120, 24, 32), Pace::After(84));
        assert_eq!(pacer.changed(400, 24, 48), Pace::Wait);
        pacer.shown(400, 116);
        // A status change (no new order) never waits; nor does a flood once the interval has passed.
        assert_eq!(pacer.changed(400, 24, 120), Pace::Now);
        assert_eq!(pacer.changed(900, 24, 216), Pace::Now);
    }

    /// The same board counted the slow way: every ticket visited, the stats panel's revenue.
    fn recounted(board: &Board) -> (usize, Cents) {
        (
            board.open().count(),
            crate::domain::stats::stats(
                board
                    .tickets()
                    .filter_map(crate::domain::stats::Brief::of_ticket),
                0,
            )
            .revenue,
        )
    }

    #[test]
    fn a_cancelled_order_leaves_the_revenue_and_a_recall_brings_it_back() {
        let mut board = Board::default();
        let batch = orders(2);
        let (first, second) = (batch[0].clone(), batch[1].clone());
        for order in batch {
            board.add(order, 0);
        }
        let both = first.total_amount.0 + second.total_amount.0;
        assert_eq!(board.revenue().0, both);
        board.apply_status(&StatusUpdate::new(
            &first.order_id,
            Status::Cancelled,
            1,
            "t",
        ));
        assert_eq!(board.revenue().0, second.total_amount.0);
        assert_eq!(
            board.revenue(),
            crate::domain::stats::stats(
                board
                    .tickets()
                    .filter_map(crate::domain::stats::Brief::of_ticket),
                0
            )
            .revenue
        );
        board.apply_status(&StatusUpdate::new(&first.order_id, Status::New, 2, "t"));
        assert_eq!(board.revenue().0, both);
    }

    #[test]
    fn the_test_count_is_kept_as_tickets_come_and_go_not_counted_each_frame() {
        let mut board = Board::with_capacity(5);
        for (i, mut order) in orders(12).into_iter().enumerate() {
            if i % 2 == 0 {
                order.source = Some(crate::domain::order::GENERATOR_SOURCE.into());
            }
            board.add(order, i as i64);
            let slow = board.tickets().filter(|t| t.order.is_test()).count();
            assert_eq!(board.test_count(), slow, "after order {i}");
        }
        board.clear_tests();
        assert_eq!(board.test_count(), 0);
    }

    #[test]
    fn open_count_revenue_and_all_day_stay_true_through_arrivals_status_changes_drops_and_restore()
    {
        let mut board = Board::with_capacity(40);
        let orders = orders(100);
        for (i, order) in orders.iter().enumerate() {
            // Some statuses arrive before their order, some after; some close the ticket.
            let status = [Status::Served, Status::Ready, Status::Cancelled][i % 3];
            if i % 4 == 0 {
                board.apply_status(&StatusUpdate::new(&order.order_id, status, i as i64, "t"));
            }
            board.add(order.clone(), i as i64);
            if i % 5 == 0 {
                board.apply_status(&StatusUpdate::new(
                    &order.order_id,
                    status,
                    1_000 + i as i64,
                    "t",
                ));
            }
            assert_eq!(
                (board.open_count(), board.revenue()),
                recounted(&board),
                "after order {i}"
            );
        }
        // A recall: a served ticket opens again. (The history limit let finished tickets go first, so the
        // newest is served here for it.)
        let served = board.tickets().next().unwrap().order.order_id.clone();
        board.apply_status(&StatusUpdate::new(&served, Status::Served, 4_000, "t"));
        assert_eq!((board.open_count(), board.revenue()), recounted(&board));
        board.apply_status(&StatusUpdate::new(&served, Status::Preparing, 5_000, "t"));
        assert_eq!((board.open_count(), board.revenue()), recounted(&board));
        assert_eq!(board.all_day(&Station::All), slow_all_day(&board));
        board.set_capacity(7);
        assert_eq!((board.open_count(), board.revenue()), recounted(&board));
        let mut restored = Board::default();
        restored.restore(board.snapshot(100));
        assert_eq!(
            (restored.open_count(), restored.revenue()),
            recounted(&board)
        );
    }

    #[test]
    fn the_unfiltered_view_shows_what_a_full_scan_would() {
        let mut board = Board::default();
        for (i, order) in orders(60).into_iter().enumerate() {
            let id = order.order_id.clone();
            board.add(order, i as i64);
            if i % 3 == 0 {
                board.apply_status(&StatusUpdate::new(&id, Status::Served, 10 + i as i64, "t"));
            }
        }
        for (done, oldest_first) in [(false, false), (false, true), (true, false), (true, true)] {
            let view = View {
                done,
                oldest_first,
                ..View::default()
            };
            let mut expected: Vec<u64> = board
                .tickets()
                .filter(|t| t.status.is_done() == done)
                .map(|t| t.seq)
                .collect();
            let total = expected.len();
            if oldest_first {
                expected.reverse();
            }
            expected.truncate(15);
            let (shown, counted) = board.visible(&view, 15);
            assert_eq!(shown.iter().map(|t| t.seq).collect::<Vec<_>>(), expected);
            assert_eq!(counted, total);
        }
    }

    #[test]
    fn a_batch_reports_the_orders_heard_for_the_first_time_in_arrival_order() {
        let mut board = Board::default();
        let batch: Vec<Inbound> = orders(3)
            .into_iter()
            .map(|order| Inbound::Order {
                topic: TOPIC.into(),
                order: Box::new(order),
            })
            .collect();
        let ids: Vec<String> = batch
            .iter()
            .map(|m| match m {
                Inbound::Order { order, .. } => order.order_id.clone(),
                _ => unreachable!(),
            })
            .collect();
        let again = batch.clone();
        let ingested = board.ingest(batch, 5);
        assert_eq!((ingested.added, ingested.heard), (3, ids));
        let twice = board.ingest(again, 6);
        assert_eq!(twice, Ingested::default(), "a redelivery is heard once");
    }

    #[test]
    fn a_day_old_retained_status_is_applied_and_reported_for_deletion() {
        let mut board = Board::default();
        let order = orders(1).remove(0);
        let id = order.order_id.clone();
        board.add(order, 0);
        let topic = crate::domain::topics::status_topic(TOPIC, &id);
        let old = StatusUpdate::new(&id, Status::Served, 0, "board-2");
        let now = crate::domain::ticket::RETAINED_STATUS_TTL_MS + 1;
        let ingested = board.ingest(
            [Inbound::Status {
                topic: topic.clone(),
                update: old,
            }],
            now,
        );
        assert_eq!(ingested.stale, [topic]);
        assert_eq!(board.find(&id).unwrap().status, Status::Served);
    }

    #[test]
    fn a_status_carrying_an_order_this_board_missed_brings_the_ticket_and_rings() {
        let mut board = Board::default();
        let order = orders(1).remove(0);
        let update =
            StatusUpdate::new(&order.order_id, Status::Preparing, 10, "board-2").with_order(&order);
        let ingested = board.ingest(
            [Inbound::Status {
                topic: "t".into(),
                update,
            }],
            20,
        );
        assert_eq!(ingested.added, 1);
        assert!(
            ingested.heard.is_empty(),
            "heard as a status, not claimed again"
        );
        assert_eq!(board.open_count(), 1);
    }

    #[test]
    fn menus_and_cleared_statuses_in_a_batch_change_no_ticket() {
        let mut board = Board::default();
        let ingested = board.ingest(
            [
                Inbound::Menu {
                    topic: "restaurant/menu".into(),
                    text: "{}".into(),
                },
                Inbound::Cleared {
                    topic: "restaurant/orders/x/status".into(),
                },
            ],
            0,
        );
        assert_eq!(
            ingested.menus,
            [("restaurant/menu".to_owned(), "{}".to_owned())]
        );
        assert!(board.is_empty() && board.rejected().count() == 0);
    }

    #[test]
    fn tickets_kept_by_the_release_before_parts_come_back_with_their_status_and_parts_to_match() {
        let order =
            crate::domain::fixtures::order("K", &[("Margherita Pizza", 1), ("Iced Tea", 1)]);
        let kept = format!(
            r#"[{{"order":{},"received_at":5,"status":"ready","status_at":9,"previous":"preparing"}}]"#,
            serde_json::to_string(&order.to_json()).unwrap()
        );
        let stored: Vec<StoredTicket> = serde_json::from_str(&kept).unwrap();
        let mut board = Board::default();
        board.restore(stored);
        let ticket = board.find("K").unwrap();
        assert_eq!(ticket.status, Status::Ready);
        assert_eq!(ticket.parts.len(), 2);
        assert!(ticket.parts.iter().all(|p| p.is_done()));
        // And what this release keeps comes back as it was, parts included.
        let mut again = Board::default();
        again.restore(board.snapshot(10));
        assert_eq!(again.find("K").unwrap().parts, ticket.parts);
    }

    #[test]
    fn a_board_opened_later_gets_each_part_from_its_retained_message_in_any_order() {
        let order =
            crate::domain::fixtures::order("L", &[("Margherita Pizza", 1), ("Iced Tea", 1)]);
        let mut first = Board::default();
        first.add(order.clone(), 1);
        let drinks = Station::Only("Drinks".into());
        let part = drinks
            .part(first.find("L").unwrap())
            .unwrap()
            .bumped(10, "a")
            .unwrap();
        let part = PartUpdate {
            order_id: "L".into(),
            part: part.bumped(20, "a").unwrap(),
        };
        let claim = StatusUpdate::new("L", Status::Preparing, 20, "a")
            .with_parts(&parts::merged(
                &first.find("L").unwrap().parts,
                vec![part.part.clone()],
            ))
            .with_order(&order);
        let part_topic = "restaurant/orders/L/parts/Drinks";
        let status_topic = "restaurant/orders/L/status";
        let messages = [
            classify(TOPIC, part_topic, part.to_json().as_bytes()),
            classify(TOPIC, status_topic, claim.to_json().as_bytes()),
        ];
        for reversed in [false, true] {
            let mut late = Board::default();
            let mut list = messages.to_vec();
            if reversed {
                list.reverse();
            }
            late.ingest(list, 30);
            let ticket = late
                .find("L")
                .expect("the ticket, from the retained status");
            assert_eq!(ticket.status, Status::Preparing);
            assert!(
                drinks.part(ticket).unwrap().is_done(),
                "reversed: {reversed}"
            );
            assert!(!Station::Only("Pizza".into())
                .part(ticket)
                .unwrap()
                .is_done());
        }
    }
}
