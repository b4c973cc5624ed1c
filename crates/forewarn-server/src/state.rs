//! The server's shared state: the data directory's store, opened once for writing and a few
//! times for reading (SQLite in WAL mode lets readers proceed while a write commits), and the
//! access policy. Database calls run on tokio's blocking pool, never on the async workers.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use forewarn_store::{SqliteStore, StoreError};

use crate::error::ApiError;

/// How requests without a token are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Loopback only: a request without a token acts as the local analyst.
    LocalOpen,
    /// Every request needs a token (the server listens beyond loopback, or was told to).
    TokenRequired,
}

/// Cheap to clone; every handler gets one.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    data: PathBuf,
    access: Access,
    writer: Mutex<SqliteStore>,
    readers: Vec<Mutex<SqliteStore>>,
    next_reader: AtomicUsize,
}

/// Readers kept open; two cores rarely need more.
const READERS: usize = 4;

impl AppState {
    /// Opens the store in `data` (creating it if needed) and brings its incidents up to date.
    pub fn open(data: &Path, access: Access) -> Result<AppState, StoreError> {
        let mut writer = SqliteStore::open(data)?;
        forewarn_kb::integrate(&mut writer).map_err(|e| match e {
            forewarn_kb::KbError::Store(s) => s,
        })?;
        let readers = (0..READERS)
            .map(|_| SqliteStore::open(data).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AppState(Arc::new(Inner {
            data: data.to_path_buf(),
            access,
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
        })))
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.0.data
    }

    /// The access policy.
    pub fn access(&self) -> Access {
        self.0.access
    }

    /// Runs `f` on a reader, off the async workers.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let n = state.0.next_reader.fetch_add(1, Ordering::Relaxed) % state.0.readers.len();
            // A panic inside an earlier call poisons the lock, but the connection is still
            // sound (SQLite rolled back whatever that call had open).
            let guard = state.0.readers[n].lock().unwrap_or_else(|p| p.into_inner());
            f(&guard)
        })
        .await
        .map_err(|e| ApiError::internal(format!("a read task failed: {e}")))?
    }

    /// Runs `f` on the one writer, off the async workers; writes are serialised.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = state.0.writer.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| ApiError::internal(format!("a write task failed: {e}")))?
    }
}
