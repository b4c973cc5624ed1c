//! Files, directories and standard input.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use forewarn_documents::RawInput;

use crate::error::SourceError;

/// Reads at most `max_bytes` from `reader`; an input with more is refused as
/// [`SourceError::TooLarge`] after reading one byte past the limit, never the rest.
pub fn read_capped<R: Read>(reader: R, max_bytes: u64, name: &str) -> Result<Vec<u8>, SourceError> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(name, &e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(SourceError::TooLarge {
            name: name.to_owned(),
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Reads standard input, named `stdin`, refusing more than `max_bytes`.
pub fn read_stdin(max_bytes: u64) -> Result<RawInput, SourceError> {
    let bytes = read_capped(io::stdin().lock(), max_bytes, "stdin")?;
    Ok(RawInput {
        name: "stdin".to_owned(),
        bytes,
        content_type: None,
        url: None,
    })
}

/// Reads one regular file, named by the path as given.
///
/// The size is checked from the metadata before any byte is read, so an oversized file is
/// refused at once. Directories, FIFOs, sockets and devices are refused: reading them would
/// block, never end, or mean nothing. The file is opened without blocking and checked again
/// through the open handle, so swapping in a FIFO between the two checks does not hang the
/// read either.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<RawInput, SourceError> {
    let name = path.display().to_string();
    // A first look by path: clear errors, and devices are never opened.
    let meta = std::fs::metadata(path).map_err(|e| io_error(&name, &e))?;
    check_regular(&name, &meta, max_bytes)?;

    let file = open_nonblocking(path).map_err(|e| io_error(&name, &e))?;
    let meta = file.metadata().map_err(|e| io_error(&name, &e))?;
    check_regular(&name, &meta, max_bytes)?;

    // The file may still grow after the check: the cap holds regardless.
    let bytes = read_capped(file, max_bytes, &name)?;
    Ok(RawInput {
        name,
        bytes,
        content_type: None,
        url: None,
    })
}

fn check_regular(name: &str, meta: &Metadata, max_bytes: u64) -> Result<(), SourceError> {
    if !meta.is_file() {
        return Err(SourceError::NotRegularFile {
            name: name.to_owned(),
            kind: file_kind(meta),
        });
    }
    if meta.len() > max_bytes {
        return Err(SourceError::TooLarge {
            name: name.to_owned(),
            limit: max_bytes,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK makes opening a FIFO return at once; on a regular file it changes nothing.
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// What a non-regular file is, for the error message.
fn file_kind(meta: &Metadata) -> &'static str {
    let ft = meta.file_type();
    if ft.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
    }
    "not a file"
}

/// The one-line reason for an I/O failure on `name`.
pub(crate) fn io_error(name: &str, e: &io::Error) -> SourceError {
    match e.kind() {
        io::ErrorKind::NotFound => SourceError::NoSuchFile {
            name: name.to_owned(),
        },
        io::ErrorKind::PermissionDenied => SourceError::Io {
            name: name.to_owned(),
            reason: "permission denied".to_owned(),
        },
        _ => SourceError::Io {
            name: name.to_owned(),
            reason: e.to_string(),
        },
    }
}

/// Every regular file under `dir`, recursively, in a deterministic order (entries sorted by
/// name, depth first).
///
/// Hidden entries (names starting with `.`, such as `.git`) are skipped with everything under
/// them, except `dir` itself. Symbolic links are followed, and a link that points back to one
/// of its own ancestors is reported as an `Err` item instead of being walked again. Unreadable
/// entries are `Err` items too and the walk goes on. Only the kind of file is checked here:
/// which files are worth reading is decided later from their content.
pub fn walk(dir: &Path) -> impl Iterator<Item = Result<PathBuf, SourceError>> + use<> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() => Some(Ok(e.into_path())),
            Ok(_) => None,
            Err(e) => Some(Err(walk_error(e))),
        })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

fn walk_error(e: walkdir::Error) -> SourceError {
    let name = e
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "(directory walk)".to_owned());
    if let Some(ancestor) = e.loop_ancestor() {
        return SourceError::Io {
            name,
            reason: format!("symbolic link loop (points back to {})", ancestor.display()),
        };
    }
    match e.io_error() {
        Some(io) => io_error(&name, io),
        None => SourceError::Io {
            name,
            reason: e.to_string(),
        },
    }
}
