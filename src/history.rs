//! The page's handle on the history: records of tickets that came or changed are merged in memory and
//! handed to the engine (`Command::KeepHistory`) at most every half second, one batch in flight at a time;
//! the engine's runner writes them to the browser's database (`history_db`) off the page's thread and
//! answers `HistoryKept`. A batch that was not kept goes back into memory, is said on the page
//! (`storage::say_history`) and is tried again; nothing is dropped while the page is open. The report reads
//! the database directly.

use crate::domain::history::{Record, MAX_RECORDS};
use crate::domain::stats::Today;
use crate::mqtt::boundary::Command;
use leptos::prelude::*;
use std::collections::HashMap;
use std::rc::Rc;

/// What the history holds, for the tools screen and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kept {
    /// Records waiting to be written (kept in memory meanwhile); 0 once the database has everything.
    pub waiting: usize,
    /// Whether the last write failed.
    pub failing: bool,
}

type Sender = Rc<dyn Fn(Command)>;
/// A batch not answered within this long is taken as lost and sent again.
const UNANSWERED_MS: i64 = 15_000;
/// Records in one batch at most: what a batch costs in copies (JSON, the message to the worker, the
/// journal's value) stays small in a flood, whatever the backlog.
const MAX_BATCH: usize = 2_000;
/// Records by order id.
type Batch = HashMap<String, Record>;

/// The page's handle on the history: records in, periods out.
#[derive(Clone, Copy)]
pub struct History {
    pending: StoredValue<HashMap<String, Record>, LocalStorage>,
    /// The batch the engine is writing: its number, when it was sent, and its records (given back if it
    /// fails, or if no answer comes: an engine restarted in the page never answers the worker's batch).
    in_flight: StoredValue<Option<(u64, i64, Batch)>, LocalStorage>,
    next_batch: StoredValue<u64>,
    timer_set: StoredValue<bool>,
    bound: StoredValue<u32>,
    send: StoredValue<Option<Sender>, LocalStorage>,
    kept: RwSignal<Kept>,
    /// Today's orders as the history knows them: the header's takings and the stats panel.
    today: RwSignal<Today>,
    /// Off only for the benchmark (`?history=off`): the board's own tickets stand in for today.
    on: StoredValue<bool>,
}

impl History {
    pub fn new() -> History {
        History {
            pending: StoredValue::new_local(HashMap::new()),
            in_flight: StoredValue::new_local(None),
            next_batch: StoredValue::new(1),
            timer_set: StoredValue::new(false),
            bound: StoredValue::new(MAX_RECORDS),
            send: StoredValue::new_local(None),
            kept: RwSignal::new(Kept::default()),
            today: RwSignal::new(Today::since(i64::MAX)),
            on: StoredValue::new(true),
        }
    }

    pub fn turn_off(&self) {
        self.on.set_value(false);
    }

    /// Whether tickets are recorded (see `turn_off`).
    pub fn is_on(&self) -> bool {
        self.on.get_value()
    }

    /// Today's orders (see [`Today`]), for the views.
    pub fn today(&self) -> ReadSignal<Today> {
        self.today.read_only()
    }

    /// Today starts at `from` (the page started, the day was closed, or midnight passed): what this board
    /// saw since is counted at once, and what the database kept is added when it has been read.
    pub fn start_today(&self, from: i64) {
        if self.today.with_untracked(|t| t.from() == from) {
            return;
        }
        let mut today = Today::since(from);
        // The batch being written is older than what is pending: noted first, so the newest stays.
        self.in_flight.with_value(|f| {
            for r in f.iter().flat_map(|(_, _, batch)| batch.values()) {
                today.note(r);
            }
        });
        self.pending
            .with_value(|p| p.values().for_each(|r| today.note(r)));
        self.today.set(today);
        let history = *self;
        leptos::task::spawn_local(async move {
            // A failed read leaves today as this board saw it; the failure is the report's to say.
            let Ok(kept) = crate::history_db::read(from, i64::MAX).await else {
                return;
            };
            history.today.update(|today| {
                if today.from() == from {
                    kept.iter().for_each(|r| today.fill(r));
                }
            });
        });
    }
    /// Where batches go: the engine (its worker, or the page when it runs there).
    pub fn attach(&self, send: impl Fn(Command) + 'static) {
        self.send.set_value(Some(Rc::new(send)));
        self.schedule(500);
    }

    /// How many orders it keeps at most (config.json's `history_max`, or a test's).
    pub fn set_bound(&self, bound: u32) {
        self.bound.set_value(bound.max(1));
    }

    pub fn kept(&self) -> ReadSignal<Kept> {
        self.kept.read_only()
    }

    /// Records of tickets that came or changed: merged in memory, written soon.
    pub fn note(&self, records: Vec<Record>) {
        if records.is_empty() {
            return;
        }
        self.today
            .update(|today| records.iter().for_each(|r| today.note(r)));
        self.pending
            .update_value(|pending| merge_into(pending, records));
        if self.kept.with_untracked(|k| k.waiting == 0) {
            // Something is not written yet (the tools screen says so until the database has it).
            let waiting = self.pending.with_value(HashMap::len);
            self.kept.update(|k| k.waiting = waiting);
        }
        self.schedule(500);
    }

    fn schedule(&self, after_ms: u64) {
        if self.timer_set.get_value() {
            return;
        }
        self.timer_set.set_value(true);
        let history = *self;
        set_timeout(
            move || {
                history.timer_set.set_value(false);
                history.send_batch();
            },
            std::time::Duration::from_millis(after_ms),
        );
    }

    /// Hands what is pending to the engine, unless a batch is still being written.
    fn send_batch(&self) {
        let now = crate::state::now_ms();
        let lost = self.in_flight.with_value(|f| {
            f.as_ref()
                .is_some_and(|(_, sent, _)| now - sent > UNANSWERED_MS)
        });
        if lost {
            // Written twice at worst: merging a record with itself changes nothing.
            if let Some((_, _, records)) = self.in_flight.try_update_value(Option::take).flatten() {
                self.pending.update_value(|pending| {
                    let newer = std::mem::replace(pending, records);
                    merge_into(pending, newer.into_values().collect());
                });
            }
        }
        let busy = self.in_flight.with_value(Option::is_some);
        let Some(send) = self.send.get_value() else {
            return;
        };
        if busy {
            // Looked at again: the answer may never come (see `UNANSWERED_MS`).
            self.schedule(2_000);
            return;
        }
        if self.pending.with_value(HashMap::is_empty) {
            return;
        }
        let batch = self
            .pending
            .try_update_value(|pending| match pending.len() <= MAX_BATCH {
                true => std::mem::take(pending),
                false => {
                    let ids: Vec<String> = pending.keys().take(MAX_BATCH).cloned().collect();
                    ids.into_iter()
                        .filter_map(|id| pending.remove_entry(&id))
                        .collect()
                }
            })
            .unwrap_or_default();
        let number = self.next_batch.get_value();
        self.next_batch.set_value(number + 1);
        let records =
            serde_json::to_string(&batch.values().collect::<Vec<_>>()).unwrap_or_default();
        self.in_flight.set_value(Some((number, now, batch)));
        send(Command::KeepHistory {
            batch: number,
            records,
            bound: self.bound.get_value(),
        });
    }

    /// The engine's answer for a batch: kept, or refused with the database's words.
    pub fn kept_batch(&self, batch: u64, problem: Option<String>) {
        let Some((number, sent, records)) = self.in_flight.try_update_value(Option::take).flatten()
        else {
            return;
        };
        if number != batch {
            self.in_flight.set_value(Some((number, sent, records)));
            return;
        }
        let failed = problem.is_some();
        if failed {
            // Nothing is lost while the page is open: the batch goes back under what came since.
            self.pending.update_value(|pending| {
                let newer = std::mem::replace(pending, records);
                merge_into(pending, newer.into_values().collect());
            });
        }
        let waiting = self.pending.with_value(HashMap::len);
        crate::storage::say_history(failed.then_some(waiting));
        self.kept.set(Kept {
            waiting,
            failing: failed,
        });
        if waiting > 0 {
            // A failing database is tried again less often.
            // A backlog (a flood) goes on at once; a few records wait for more to come.
            self.schedule(match (failed, waiting >= MAX_BATCH) {
                (true, _) => 10_000,
                (false, true) => 0,
                (false, false) => 500,
            });
        }
    }

    /// Every record of orders placed in `[from, to)`, with what is still waiting to be written.
    pub async fn records(&self, from: i64, to: i64) -> Result<Vec<Record>, String> {
        let mut records = crate::history_db::read(from, to).await?;
        let waiting = |p: &HashMap<String, Record>| {
            p.values()
                .filter(|r| (from..to).contains(&r.placed))
                .cloned()
                .collect::<Vec<_>>()
        };
        // The batch being written is older than what is pending: it is merged first.
        let mut newer = self
            .in_flight
            .with_value(|f| f.as_ref().map(|(_, _, b)| waiting(b)))
            .unwrap_or_default();
        newer.extend(self.pending.with_value(waiting));
        let mut by_id: HashMap<String, usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        for record in newer {
            match by_id.get(&record.id) {
                Some(&i) => records[i].merge(record),
                None => {
                    by_id.insert(record.id.clone(), records.len());
                    records.push(record);
                }
            }
        }
        Ok(records)
    }
}

fn merge_into(pending: &mut HashMap<String, Record>, records: Vec<Record>) {
    for record in records {
        match pending.get_mut(&record.id) {
            Some(kept) => kept.merge(record),
            None => {
                pending.insert(record.id.clone(), record);
            }
        }
    }
}

impl Default for History {
    fn default() -> Self {
        History::new()
    }
}
