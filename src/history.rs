//! The edge that keeps the history in the browser's database (IndexedDB, through the `idb` crate): one
//! record per order (`domain::history::Record`), written in one transaction at most every half second,
//! off the input path, merged with what was kept (the first time each step was seen stays); read back for
//! the report; pruned to 90 days and a bound, a little at a time. A write that fails keeps its records in
//! memory, says so on the page (`storage::say_history`) and is tried again.
//!
//! The database (`order-board`, version 1): object store `history`, key `id`, index `placed` on `p` (when
//! the order was placed, ms). Each value is `{id, p, j}` — `j` the record's compact JSON — so the index
//! needs no JSON tree in JavaScript and the record's shape can grow without an upgrade step.

use crate::domain::history::{Record, KEEP_MS, MAX_RECORDS};
use leptos::prelude::*;
use std::collections::HashMap;

pub const DB_NAME: &str = "order-board";
pub const DB_VERSION: u32 = 1;

/// What the history holds, for the tools screen and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kept {
    /// Records waiting to be written (kept in memory meanwhile).
    pub waiting: usize,
    /// Whether the last write failed.
    pub failing: bool,
}

/// The page's handle on the history: records in, periods out.
#[derive(Clone, Copy)]
pub struct History {
    pending: StoredValue<HashMap<String, Record>, LocalStorage>,
    busy: StoredValue<bool>,
    bound: StoredValue<u32>,
    kept: RwSignal<Kept>,
}

impl History {
    pub fn new() -> History {
        let history = History {
            pending: StoredValue::new_local(HashMap::new()),
            busy: StoredValue::new(false),
            bound: StoredValue::new(MAX_RECORDS),
            kept: RwSignal::new(Kept::default()),
        };
        history.prune_later(std::time::Duration::from_secs(5));
        history
    }

    /// How many orders it keeps at most (config.json's `history_max`, or a test's).
    pub fn set_bound(&self, bound: u32) {
        self.bound.set_value(bound.max(1));
        self.prune_step();
    }

    /// One step of pruning now (after each write, and when the bound changes).
    fn prune_step(&self) {
        let bound = self.bound.get_value();
        leptos::task::spawn_local(async move {
            // A failure here is the writes' too, and said by them; the hourly prune tries again.
            db::prune(crate::state::now_ms() - KEEP_MS, bound)
                .await
                .ok();
        });
    }

    pub fn kept(&self) -> ReadSignal<Kept> {
        self.kept.read_only()
    }

    /// Records of tickets that came or changed: merged in memory, written soon.
    pub fn note(&self, records: Vec<Record>) {
        if records.is_empty() {
            return;
        }
        self.pending.update_value(|pending| {
            for record in records {
                match pending.get_mut(&record.id) {
                    Some(kept) => kept.merge(record),
                    None => {
                        pending.insert(record.id.clone(), record);
                    }
                }
            }
        });
        self.schedule(std::time::Duration::from_millis(500));
    }

    fn schedule(&self, after: std::time::Duration) {
        if self.busy.get_value() {
            return;
        }
        self.busy.set_value(true);
        let history = *self;
        set_timeout(move || leptos::task::spawn_local(history.flush()), after);
    }

    async fn flush(self) {
        let batch = self
            .pending
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        let result = match batch.is_empty() {
            true => Ok(()),
            false => db::write(batch.values()).await,
        };
        let failed = result.is_err();
        if failed {
            // Nothing is lost while the page is open: the batch goes back under what came since.
            self.pending.update_value(|pending| {
                for (id, mut record) in batch {
                    if let Some(newer) = pending.remove(&id) {
                        record.merge(newer);
                    }
                    pending.insert(id, record);
                }
            });
        }
        let waiting = self.pending.with_value(HashMap::len);
        crate::storage::say_history(failed.then_some(waiting));
        self.kept.set(Kept {
            waiting,
            failing: failed,
        });
        self.busy.set_value(false);
        if waiting > 0 {
            // A failing database is tried again less often.
            let after = if failed { 10_000 } else { 500 };
            self.schedule(std::time::Duration::from_millis(after));
        }
    }

    /// Every record of orders placed in `[from, to)`, with what is still waiting to be written.
    pub async fn records(&self, from: i64, to: i64) -> Result<Vec<Record>, String> {
        let mut records = db::read(from, to).await?;
        let pending = self.pending.with_value(|p| {
            p.values()
                .filter(|r| (from..to).contains(&r.placed))
                .cloned()
                .collect::<Vec<_>>()
        });
        for newer in pending {
            match records.iter_mut().find(|r| r.id == newer.id) {
                Some(kept) => kept.merge(newer),
                None => records.push(newer),
            }
        }
        Ok(records)
    }

    /// Prunes now and then: older than 90 days, then beyond the bound (oldest first), a step at a time.
    fn prune_later(&self, after: std::time::Duration) {
        let history = *self;
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    let now = crate::state::now_ms();
                    let more = db::prune(now - KEEP_MS, history.bound.get_value()).await;
                    let next = match more {
                        Ok(true) => 200,
                        _ => 60 * 60 * 1000,
                    };
                    history.prune_later(std::time::Duration::from_millis(next));
                });
            },
            after,
        );
    }
}

impl Default for History {
    fn default() -> Self {
        History::new()
    }
}

#[cfg(target_arch = "wasm32")]
mod db {
    //! The database itself: opened once per page, upgraded step by step.
    use super::*;
    use idb::{
        Database, DatabaseEvent, Factory, KeyPath, KeyRange, ObjectStoreParams, Query,
        TransactionMode,
    };
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsValue;

    const STORE: &str = "history";
    const BY_PLACED: &str = "placed";
    /// At most this many records are deleted per transaction while pruning, so no frame waits on it.
    const PRUNE_STEP: u32 = 500;

    thread_local! {
        static OPEN: RefCell<Option<Rc<Database>>> = const { RefCell::new(None) };
    }

    fn said(error: impl std::fmt::Display) -> String {
        error.to_string()
    }

    /// The database, opened (and upgraded) on first use.
    async fn database() -> Result<Rc<Database>, String> {
        if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
            return Ok(db);
        }
        let factory = Factory::new().map_err(said)?;
        let mut request = factory.open(DB_NAME, Some(DB_VERSION)).map_err(said)?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let old = event.old_version().unwrap_or(0);
            upgrade(&db, old);
        });
        let db = Rc::new(request.await.map_err(said)?);
        OPEN.with(|o| *o.borrow_mut() = Some(Rc::clone(&db)));
        Ok(db)
    }

    /// One step per version: each creates what its version added. A failed step aborts the upgrade, and
    /// opening the database fails with the browser's reason.
    fn upgrade(db: &Database, old: u32) {
        if old < 1 {
            let mut params = ObjectStoreParams::new();
            params.key_path(Some(KeyPath::new_single("id")));
            if let Ok(store) = db.create_object_store(STORE, params) {
                store
                    .create_index(BY_PLACED, KeyPath::new_single("p"), None)
                    .ok();
            }
        }
    }

    fn value_of(record: &Record) -> JsValue {
        let object = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&object, &k.into(), &v).ok();
        set("id", record.id.as_str().into());
        set("p", (record.placed as f64).into());
        set("j", record.to_json().into());
        object.into()
    }

    fn record_of(value: &JsValue) -> Option<Record> {
        let json = js_sys::Reflect::get(value, &"j".into()).ok()?.as_string()?;
        Record::from_json(&json)
    }

    /// One transaction: each record merged with what was kept of its order, then put.
    pub async fn write<'a>(records: impl Iterator<Item = &'a Record>) -> Result<(), String> {
        let db = database().await?;
        let tx = db
            .transaction(&[STORE], TransactionMode::ReadWrite)
            .map_err(said)?;
        let store = tx.object_store(STORE).map_err(said)?;
        let records: Vec<&Record> = records.collect();
        let mut reads = Vec::with_capacity(records.len());
        for record in &records {
            reads.push(store.get(JsValue::from(record.id.as_str())).map_err(said)?);
        }
        for (record, read) in records.into_iter().zip(reads) {
            let merged = match read.await.map_err(said)?.as_ref().and_then(record_of) {
                Some(mut kept) => {
                    kept.merge(record.clone());
                    kept
                }
                None => record.clone(),
            };
            store.put(&value_of(&merged), None).map_err(said)?;
        }
        tx.await.map_err(said)?;
        Ok(())
    }

    pub async fn read(from: i64, to: i64) -> Result<Vec<Record>, String> {
        let db = database().await?;
        let tx = db
            .transaction(&[STORE], TransactionMode::ReadOnly)
            .map_err(said)?;
        let index = tx
            .object_store(STORE)
            .and_then(|s| s.index(BY_PLACED))
            .map_err(said)?;
        let range = KeyRange::bound(
            &(from as f64).into(),
            &(to as f64).into(),
            Some(false),
            Some(true),
        )
        .map_err(said)?;
        let values = index
            .get_all(Some(Query::KeyRange(range)), None)
            .map_err(said)?
            .await
            .map_err(said)?;
        Ok(values.iter().filter_map(record_of).collect())
    }

    /// One step of pruning: records placed before `before`, else the oldest beyond `bound`. Whether there
    /// is more to do.
    pub async fn prune(before: i64, bound: u32) -> Result<bool, String> {
        let db = database().await?;
        let tx = db
            .transaction(&[STORE], TransactionMode::ReadWrite)
            .map_err(said)?;
        let store = tx.object_store(STORE).map_err(said)?;
        let index = store.index(BY_PLACED).map_err(said)?;
        let old = KeyRange::upper_bound(&(before as f64).into(), Some(true)).map_err(said)?;
        let mut keys = index
            .get_all_keys(Some(Query::KeyRange(old)), Some(PRUNE_STEP))
            .map_err(said)?
            .await
            .map_err(said)?;
        let mut more = keys.len() as u32 == PRUNE_STEP;
        if keys.is_empty() {
            let count = store.count(None).map_err(said)?.await.map_err(said)?;
            let excess = count.saturating_sub(bound);
            more = excess > PRUNE_STEP;
            if excess > 0 {
                keys = index
                    .get_all_keys(None, Some(excess.min(PRUNE_STEP)))
                    .map_err(said)?
                    .await
                    .map_err(said)?;
            }
        }
        for key in keys {
            store.delete(Query::Key(key)).map_err(said)?;
        }
        tx.await.map_err(said)?;
        Ok(more)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod db {
    //! Natively there is no browser database (tests of the pure parts need none).
    use super::Record;
    pub async fn write<'a>(_: impl Iterator<Item = &'a Record>) -> Result<(), String> {
        Err("no database".into())
    }
    pub async fn read(_: i64, _: i64) -> Result<Vec<Record>, String> {
        Err("no database".into())
    }
    pub async fn prune(_: i64, _: u32) -> Result<bool, String> {
        Ok(false)
    }
}
