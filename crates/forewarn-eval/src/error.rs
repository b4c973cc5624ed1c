//! The crate's error type: every variant names the input and the reason.

use std::path::PathBuf;

/// Why a gold file, a predictions file or a floors file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line (or row) of the input is malformed.
    #[error("{name}:{line}: {reason}")]
    Line {
        /// The input's name (usually its path).
        name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The input as a whole is unusable (e.g. a required column is missing).
    #[error("{name}: {reason}")]
    Input {
        /// The input's name (usually its path).
        name: String,
        /// What is wrong.
        reason: String,
    },
}

impl EvalError {
    pub(crate) fn line(name: &str, line: usize, reason: impl Into<String>) -> Self {
        EvalError::Line {
            name: name.to_string(),
            line,
            reason: reason.into(),
        }
    }

    pub(crate) fn input(name: &str, reason: impl Into<String>) -> Self {
        EvalError::Input {
            name: name.to_string(),
            reason: reason.into(),
        }
    }
}

/// Reads a whole file as UTF-8 (invalid bytes replaced, so odd encodings never abort a run).
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// Writes a whole file.
pub(crate) fn write_bytes(path: &std::path::Path, bytes: &[u8]) -> Result<(), EvalError> {
    std::fs::write(path, bytes).map_err(|source| EvalError::Write {
        path: path.to_path_buf(),
        source,
    })
}
