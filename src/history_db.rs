//! The browser's database (IndexedDB `order-board`, through the `idb` crate) — the one code that touches it.
//! It runs wherever it is called: the engine's worker writes the history (`keep`, from `Command::KeepHistory`)
//! so a flood's writes cost the page's frames nothing; the page reads it for the report (`read`). Uses only
//! what a window and a worker both have.
//!
//! Version 1: object store `history`, key `id`, index `placed` on `p` (when the order was placed, ms). Each
//! value is `{id, p, j}` — `j` the record's compact JSON — so the index needs no JSON tree in JavaScript and
//! the record's shape can grow without an upgrade step.

use crate::domain::history::{Record, KEEP_MS};

pub const DB_NAME: &str = "order-board";
pub const DB_VERSION: u32 = 1;

/// Keeps a batch of records (a JSON array) merged with what the database holds, then prunes one step (90
/// days, then beyond `bound`, oldest first). The database's words when it refuses.
pub async fn keep(records_json: &str, bound: u32) -> Result<(), String> {
    let records: Vec<Record> = serde_json::from_str(records_json).map_err(|e| e.to_string())?;
    db::write(records.iter()).await?;
    let now = js_sys::Date::now() as i64;
    db::prune(now - KEEP_MS, bound).await.map(|_| ())
}

/// Every record of orders placed in `[from, to)`.
pub async fn read(from: i64, to: i64) -> Result<Vec<Record>, String> {
    db::read(from, to).await
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
