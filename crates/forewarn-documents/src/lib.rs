//! Reading documents: turns the bytes of one input (a file, a fetched page, a line of
//! stdin) into clean text and metadata. Formats are recognised by content, not only by
//! name; legacy encodings are decoded; HTML loses its navigation and boilerplate; PDFs give
//! the text of every page. Also: language detection and the SimHash fingerprint used for
//! near-duplicate detection. No I/O happens here: callers pass bytes in.

mod input;

pub use input::RawInput;
