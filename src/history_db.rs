//! The browser's database (IndexedDB `order-board`, through the `idb` crate) — the one code that touches it.
//! It runs wherever it is called: the engine's worker writes the history (`keep`, from `Command::KeepHistory`)
//! so a flood's writes cost the page's frames nothing; the page reads it for the report (`read`). Uses only
//! what a window and a worker both have.
//!
//! A flood writes almost nothing per order: each batch of records (one per half second at most) is one value
//! in the `journal` (a JSON array, one put), and the worker folds the journal into the per-order `history`
//! when the orders calm down (two seconds without a batch, or a long journal) — one journal batch per step,
//! each record merged with what was kept (the first time each step was seen stays). Readers merge both.
//!
//! Version 1: object store `history`, key `id`, index `placed` on `p` (when the order was placed, ms), each
//! value `{id, p, j}` — `j` the record's compact JSON — so the index needs no JSON tree in JavaScript and the
//! record's shape can grow without an upgrade step; object store `journal`, keys counting up, each value
//! `{j}` — a JSON array of records.
//! Version 2: object store `board`, one value under the key `tickets`: `{j}`, the board's ticket snapshot
//! (the newest tickets with their statuses, the JSON localStorage kept before).
//! Version 3: object store `outbox`, each page's unsent orders and status changes under the page's outbox
//! name (`order-board.outbox:<page>`, `order-board.status-outbox:<page>`): `{j}`, the versioned JSON list
//! (see `storage::save_list`, which writes it ahead to localStorage first).
//!
//! A page gives the database up when a newer build asks to upgrade it (`versionchange`), so its own next
//! release never waits on it; a page of a build before that does not, and is said to hold it (`on_blocked`).

use crate::domain::history::{Record, KEEP_MS};

pub const DB_NAME: &str = "order-board";
pub const DB_VERSION: u32 = 3;

/// Keeps the board's ticket snapshot (its JSON): one put, replacing the one before.
pub async fn save_board(snapshot_json: String) -> Result<(), String> {
    db::save_board(snapshot_json).await
}

/// The ticket snapshot kept last, if any.
pub async fn load_board() -> Result<Option<String>, String> {
    db::load_board().await
}

/// Keeps an outbox (its versioned JSON) under its page's name, replacing the one before.
pub async fn save_outbox(name: &str, text: &str) -> Result<(), String> {
    db::save_outbox(name, text).await
}

/// Forgets an outbox (emptied, or taken up by another page).
pub async fn delete_outbox(name: String) -> Result<(), String> {
    db::delete_outbox(&name).await
}

/// The outbox kept under `name`, if any.
pub async fn load_outbox(name: String) -> Result<Option<String>, String> {
    db::load_outbox(&name).await
}

/// The name of every outbox kept.
pub async fn outbox_names() -> Result<Vec<String>, String> {
    db::outbox_names().await
}

type Reporter = Box<dyn Fn(bool)>;

thread_local! {
    static ON_BLOCKED: std::cell::RefCell<Option<Reporter>> = const { std::cell::RefCell::new(None) };
    static BLOCKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether an older page holds the database now (this page's open waits for it).
pub fn is_blocked() -> bool {
    BLOCKED.get()
}

/// Who hears that an older page of the board holds the database at an older version (`true`), so this
/// one cannot open it until that page reloads or closes, and that it is open again (`false`).
pub fn on_blocked(report: impl Fn(bool) + 'static) {
    ON_BLOCKED.with(|r| *r.borrow_mut() = Some(Box::new(report)));
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn say_blocked(blocked: bool) {
    BLOCKED.set(blocked);
    ON_BLOCKED.with(|r| {
        if let Some(report) = r.borrow().as_ref() {
            report(blocked);
        }
    });
}

/// Keeps a batch of records (a JSON array) in the journal: one write, whatever the batch's size. The
/// journal is folded into the history later (`fold_soon`). The database's words when it refuses.
pub async fn keep(records_json: &str, bound: u32) -> Result<(), String> {
    db::journal(records_json).await?;
    fold_soon(bound);
    Ok(())
}

/// Every record of orders placed in `[from, to)`: the history's, with the journal's folded in.
pub async fn read(from: i64, to: i64) -> Result<Vec<Record>, String> {
    let (mut records, journal) = db::read(from, to).await?;
    let mut by_id: std::collections::HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for batch in journal {
        let Ok(newer) = serde_json::from_str::<Vec<Record>>(&batch) else {
            continue;
        };
        for record in newer.into_iter().filter(|r| (from..to).contains(&r.placed)) {
            match by_id.get(&record.id) {
                Some(&i) => records[i].merge(record),
                None => {
                    by_id.insert(record.id.clone(), records.len());
                    records.push(record);
                }
            }
        }
    }
    Ok(records)
}

/// Folding waits until no batch came for this long, unless the journal is this long.
const CALM_MS: f64 = 2_000.0;
const LONG_JOURNAL: u32 = 40;

thread_local! {
    static LAST_BATCH: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    static FOLDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static BOUND: std::cell::Cell<u32> = const { std::cell::Cell::new(crate::domain::history::MAX_RECORDS) };
}

/// Makes sure a folder runs: once the orders calm down, it folds the journal into the history a batch at a
/// time, then prunes (90 days, then beyond `bound`, oldest first), then stops.
fn fold_soon(bound: u32) {
    LAST_BATCH.set(js_sys::Date::now());
    BOUND.set(bound);
    if FOLDING.replace(true) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        loop {
            gloo_timers::future::TimeoutFuture::new(250).await;
            let calm = js_sys::Date::now() - LAST_BATCH.get() >= CALM_MS;
            if !calm && db::journal_len().await.unwrap_or(0) < LONG_JOURNAL {
                continue;
            }
            // A refusal here is the next batch's too, and said by it; the journal waits meanwhile.
            match db::fold_one().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(_) => break,
            }
            let now = js_sys::Date::now() as i64;
            while let Ok(true) = db::prune(now - KEEP_MS, BOUND.get()).await {}
            if db::journal_len().await.unwrap_or(0) == 0 {
                break;
            }
        }
        FOLDING.set(false);
    });
}

#[cfg(target_arch = "wasm32")]
mod db {
    //! The database itself: opened once per page, upgraded step by step.
    use super::{Record, DB_NAME, DB_VERSION};
    use idb::{
        Database, DatabaseEvent, Factory, KeyPath, KeyRange, ObjectStoreParams, Query,
        TransactionMode,
    };
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsValue;

    const STORE: &str = "history";
    const JOURNAL: &str = "journal";
    const BOARD: &str = "board";
    const TICKETS: &str = "tickets";
    const OUTBOX: &str = "outbox";
    const BY_PLACED: &str = "placed";
    /// At most this many records are deleted per transaction while pruning, so no frame waits on it.
    const PRUNE_STEP: u32 = 500;

    thread_local! {
        static OPEN: RefCell<Option<Rc<Database>>> = const { RefCell::new(None) };
    }

    fn said(error: impl std::fmt::Display) -> String {
        error.to_string()
    }

    /// Waits for a transaction's end: only a commit is a success — the browser reports a full disk at
    /// commit as an abort, which must not pass for "kept". A failure forgets the open connection (a browser
    /// may have closed it, as iOS does in the background), so the next use opens it again.
    async fn committed(tx: idb::Transaction) -> Result<(), String> {
        let result = match tx.await {
            Ok(done) if done.is_committed() => Ok(()),
            Ok(_) => Err("the browser aborted the write (storage full?)".to_owned()),
            Err(error) => Err(said(error)),
        };
        if result.is_err() {
            forget_open();
        }
        result
    }

    /// Closes and forgets the open connection, so the next use opens a new one; a connection is never
    /// dropped unclosed (it would keep the database from a newer build's upgrade).
    fn forget_open() {
        if let Some(db) = OPEN.with(|o| o.borrow_mut().take()) {
            db.close();
        }
    }

    /// A transaction on the open connection; one that cannot be begun (the browser closed the
    /// connection, as iOS does in the background) forgets it too.
    fn begin(
        db: &Database,
        stores: &[&str],
        mode: TransactionMode,
    ) -> Result<idb::Transaction, String> {
        db.transaction(stores, mode).map_err(|error| {
            forget_open();
            said(error)
        })
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
        request.on_blocked(|_| super::say_blocked(true));
        let opened = request.await;
        super::say_blocked(false);
        let mut db = opened.map_err(said)?;
        // A newer build upgrading the database: let go of it, and open it again on next use (that fails
        // at our older version, and is said by whoever asked).
        // Two first uses at once open two: the first kept wins, the other is closed, not dropped open.
        if let Some(kept) = OPEN.with(|o| o.borrow().clone()) {
            db.close();
            return Ok(kept);
        }
        db.on_version_change(|_| forget_open());
        let db = Rc::new(db);
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
            let mut journal = ObjectStoreParams::new();
            journal.auto_increment(true);
            db.create_object_store(JOURNAL, journal).ok();
        }
        if old < 2 {
            db.create_object_store(BOARD, ObjectStoreParams::new()).ok();
        }
        if old < 3 {
            db.create_object_store(OUTBOX, ObjectStoreParams::new())
                .ok();
        }
    }

    /// The ticket snapshot: one put under one key.
    pub async fn save_board(snapshot_json: String) -> Result<(), String> {
        put_text(BOARD, Some(TICKETS), &snapshot_json).await
    }

    /// One write of `{j: text}` into `store` (under `key`, or the store's next number).
    async fn put_text(store: &str, key: Option<&str>, text: &str) -> Result<(), String> {
        let db = database().await?;
        let tx = begin(&db, &[store], TransactionMode::ReadWrite)?;
        let value = js_sys::Object::new();
        js_sys::Reflect::set(&value, &"j".into(), &text.into()).map_err(|_| "put")?;
        tx.object_store(store)
            .map_err(said)?
            .put(&value, key.map(JsValue::from_str).as_ref())
            .map_err(said)?;
        committed(tx).await
    }

    pub async fn load_board() -> Result<Option<String>, String> {
        get_text(BOARD, TICKETS).await
    }

    /// The `j` of the value under `key` in `store`.
    async fn get_text(store: &str, key: &str) -> Result<Option<String>, String> {
        let db = database().await?;
        let tx = begin(&db, &[store], TransactionMode::ReadOnly)?;
        let value = tx
            .object_store(store)
            .map_err(said)?
            .get(Query::Key(JsValue::from_str(key)))
            .map_err(said)?
            .await
            .map_err(said)?;
        Ok(value.and_then(|v| js_sys::Reflect::get(&v, &"j".into()).ok()?.as_string()))
    }

    pub async fn save_outbox(name: &str, text: &str) -> Result<(), String> {
        put_text(OUTBOX, Some(name), text).await
    }

    pub async fn load_outbox(name: &str) -> Result<Option<String>, String> {
        get_text(OUTBOX, name).await
    }

    pub async fn delete_outbox(name: &str) -> Result<(), String> {
        let db = database().await?;
        let tx = begin(&db, &[OUTBOX], TransactionMode::ReadWrite)?;
        tx.object_store(OUTBOX)
            .map_err(said)?
            .delete(Query::Key(JsValue::from_str(name)))
            .map_err(said)?;
        committed(tx).await
    }

    pub async fn outbox_names() -> Result<Vec<String>, String> {
        let db = database().await?;
        let tx = begin(&db, &[OUTBOX], TransactionMode::ReadOnly)?;
        let keys = tx
            .object_store(OUTBOX)
            .map_err(said)?
            .get_all_keys(None, None)
            .map_err(said)?
            .await
            .map_err(said)?;
        Ok(keys.iter().filter_map(JsValue::as_string).collect())
    }

    /// One batch into the journal: a single put.
    pub async fn journal(records_json: &str) -> Result<(), String> {
        put_text(JOURNAL, None, records_json).await
    }

    pub async fn journal_len() -> Result<u32, String> {
        let db = database().await?;
        let tx = begin(&db, &[JOURNAL], TransactionMode::ReadOnly)?;
        let store = tx.object_store(JOURNAL).map_err(said)?;
        store.count(None).map_err(said)?.await.map_err(said)
    }

    /// Folds the oldest journal batch into the history (in one transaction, so a batch is never half
    /// folded); whether there was one.
    pub async fn fold_one() -> Result<bool, String> {
        let db = database().await?;
        let tx = begin(&db, &[JOURNAL, STORE], TransactionMode::ReadWrite)?;
        let journal = tx.object_store(JOURNAL).map_err(said)?;
        let oldest = journal
            .get_all_keys(None, Some(1))
            .map_err(said)?
            .await
            .map_err(said)?;
        let Some(key) = oldest.into_iter().next() else {
            return Ok(false);
        };
        let value = journal
            .get(Query::Key(key.clone()))
            .map_err(said)?
            .await
            .map_err(said)?;
        let text = value
            .and_then(|v| js_sys::Reflect::get(&v, &"j".into()).ok()?.as_string())
            .unwrap_or_default();
        // A batch that cannot be read (written by a newer build?) is dropped rather than blocking the rest.
        let records: Vec<Record> = serde_json::from_str(&text).unwrap_or_default();
        let store = tx.object_store(STORE).map_err(said)?;
        merge_into(&store, &records).await?;
        journal.delete(Query::Key(key)).map_err(said)?;
        committed(tx).await?;
        Ok(true)
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

    /// Each record merged with what was kept of its order, then put (within the caller's transaction).
    async fn merge_into(store: &idb::ObjectStore, records: &[Record]) -> Result<(), String> {
        let mut reads = Vec::with_capacity(records.len());
        for record in records {
            reads.push(store.get(JsValue::from(record.id.as_str())).map_err(said)?);
        }
        // Every read is awaited before any failure is returned: a request dropped mid-flight would fire its
        // event into a callback already gone.
        let mut kept = Vec::with_capacity(reads.len());
        for read in reads {
            kept.push(read.await);
        }
        for (record, read) in records.iter().zip(kept) {
            let merged = match read.map_err(said)?.as_ref().and_then(record_of) {
                Some(mut kept) => {
                    kept.merge(record.clone());
                    kept
                }
                None => record.clone(),
            };
            store.put(&value_of(&merged), None).map_err(said)?;
        }
        Ok(())
    }

    /// The history's records placed in `[from, to)` and every journal batch, in one transaction: a batch
    /// folded meanwhile is in exactly one of them.
    pub async fn read(from: i64, to: i64) -> Result<(Vec<Record>, Vec<String>), String> {
        let db = database().await?;
        let tx = begin(&db, &[STORE, JOURNAL], TransactionMode::ReadOnly)?;
        let index = tx
            .object_store(STORE)
            .and_then(|s| s.index(BY_PLACED))
            .map_err(said)?;
        let journal = tx.object_store(JOURNAL).map_err(said)?;
        let range = KeyRange::bound(
            &(from as f64).into(),
            &(to as f64).into(),
            Some(false),
            Some(true),
        )
        .map_err(said)?;
        let values = index
            .get_all(Some(Query::KeyRange(range)), None)
            .map_err(said)?;
        let batches = journal.get_all(None, None).map_err(said)?;
        let (values, batches) = (values.await, batches.await);
        let records = values.map_err(said)?.iter().filter_map(record_of).collect();
        let batches = batches
            .map_err(said)?
            .iter()
            .filter_map(|v| js_sys::Reflect::get(v, &"j".into()).ok()?.as_string())
            .collect();
        Ok((records, batches))
    }

    /// One step of pruning: records placed before `before`, else the oldest beyond `bound`. Whether there
    /// is more to do.
    pub async fn prune(before: i64, bound: u32) -> Result<bool, String> {
        let db = database().await?;
        let tx = begin(&db, &[STORE], TransactionMode::ReadWrite)?;
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
        committed(tx).await?;
        Ok(more)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod db {
    //! Natively there is no browser database (tests of the pure parts need none).
    pub async fn journal(_: &str) -> Result<(), String> {
        Err("no database".into())
    }
    pub async fn journal_len() -> Result<u32, String> {
        Ok(0)
    }
    pub async fn fold_one() -> Result<bool, String> {
        Ok(false)
    }
    pub async fn read(_: i64, _: i64) -> Result<(Vec<super::Record>, Vec<String>), String> {
        Err("no database".into())
    }
    pub async fn prune(_: i64, _: u32) -> Result<bool, String> {
        Ok(false)
    }
    pub async fn save_board(_: String) -> Result<(), String> {
        Err("no database".into())
    }
    pub async fn load_board() -> Result<Option<String>, String> {
        Ok(None)
    }
    pub async fn save_outbox(_: &str, _: &str) -> Result<(), String> {
        Err("no database".into())
    }
    pub async fn delete_outbox(_: &str) -> Result<(), String> {
        Err("no database".into())
    }
    pub async fn load_outbox(_: &str) -> Result<Option<String>, String> {
        Ok(None)
    }
    pub async fn outbox_names() -> Result<Vec<String>, String> {
        Ok(Vec::new())
    }
}
