//! Store errors.

use std::path::PathBuf;

/// What went wrong in the store. Messages name the data directory or the record involved.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data directory could not be created or opened.
    #[error("cannot use data directory {path}: {source}")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// The reason.
        source: std::io::Error,
    },
    /// The database file is not a forewarn database or is damaged.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// The reason.
        source: rusqlite::Error,
    },
    /// The database was written by a newer forewarn.
    #[error(
        "database {path} has schema version {found}, newer than this forewarn supports ({supported}); upgrade forewarn"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// A migration failed; the database is left at the previous version.
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        /// Version number.
        version: i64,
        /// Name.
        name: &'static str,
        /// The reason.
        source: rusqlite::Error,
    },
    /// A query or write failed.
    #[error("database error while {context}: {source}")]
    Sql {
        /// What the store was doing.
        context: String,
        /// The reason.
        source: rusqlite::Error,
    },
    /// A stored value could not be read back.
    #[error("corrupt value in {what}: {reason}")]
    Corrupt {
        /// Where.
        what: String,
        /// Why.
        reason: String,
    },
    /// A document id prefix matched several documents.
    #[error("document id prefix {prefix:?} is ambiguous: it matches {count} documents")]
    AmbiguousId {
        /// The prefix.
        prefix: String,
        /// How many matched.
        count: u64,
    },
    /// A record asked for by id does not exist.
    #[error("no {what} with id {id}")]
    NotFound {
        /// What kind of record.
        what: &'static str,
        /// The id given.
        id: String,
    },
    /// The search query is malformed.
    #[error(transparent)]
    Query(#[from] crate::QueryError),
}

/// Adds "while …" context to rusqlite errors.
pub(crate) trait SqlContext<T> {
    fn context(self, what: &str) -> Result<T, StoreError>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn context(self, what: &str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Sql {
            context: what.to_string(),
            source,
        })
    }
}
