//! PDF: the text of every page, and the Info dictionary's title, author and date.
//!
//! pdf-extract panics on PDFs it does not understand and can run for a very long time on
//! odd ones, so it runs on a worker thread, under `catch_unwind`, with a deadline.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use forewarn_model::DocumentMeta;
use lopdf::{Document, Object};

use crate::ReadError;
use crate::dates::parse_date;
use crate::decode::{normalise_newlines, tidy_paragraphs};

/// pdf-extract recurses through content streams and XObjects; give it room.
const WORKER_STACK: usize = 16 << 20;

/// Reads a PDF's text and metadata, giving up after `timeout`. On a timeout the worker
/// thread is left to finish on its own (a thread cannot be killed); its result is dropped.
pub(crate) fn read(bytes: &[u8], timeout: Duration) -> Result<(String, DocumentMeta), ReadError> {
    let bytes = bytes.to_vec();
    with_deadline(move || extract(&bytes), timeout)
}

/// Runs `work` on a worker thread under `catch_unwind` and waits at most `timeout` for it.
fn with_deadline<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ReadError> + Send + 'static,
    timeout: Duration,
) -> Result<T, ReadError> {
    let (sender, receiver) = mpsc::sync_channel(1);
    let worker = thread::Builder::new()
        .name("forewarn-pdf".to_string())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
                Err(ReadError::PdfExtraction(format!(
                    "the PDF reader crashed: {}",
                    panic_message(&*payload)
                )))
            });
            // The receiver is gone after a timeout; nothing is left to tell.
            let _ = sender.send(result);
        })
        .map_err(|e| ReadError::PdfExtraction(format!("could not start the PDF reader: {e}")))?;
    match receiver.recv_timeout(timeout) {
        Ok(result) => {
            let _ = worker.join();
            result
        }
        Err(RecvTimeoutError::Timeout) => Err(ReadError::PdfTimeout(timeout)),
        Err(RecvTimeoutError::Disconnected) => Err(ReadError::PdfExtraction(
            "the PDF reader stopped without an answer".to_string(),
        )),
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unsupported PDF construct".to_string())
}

fn extract(bytes: &[u8]) -> Result<(String, DocumentMeta), ReadError> {
    let document = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => ReadError::PdfEncrypted,
        other => ReadError::PdfExtraction(format!("corrupt or truncated PDF ({other})")),
    })?;
    // lopdf decrypts on load when the empty user password opens the file (owner-password
    // PDFs, which anyone may read); an /Encrypt entry left in the trailer means it could not.
    if document.is_encrypted() {
        return Err(ReadError::PdfEncrypted);
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(ReadError::PdfExtraction(
            "no pages found (corrupt or truncated PDF?)".to_string(),
        ));
    }
    let mut text = String::new();
    for &number in pages.keys() {
        let mut page = String::new();
        let mut output = pdf_extract::PlainTextOutput::new(&mut page);
        pdf_extract::output_doc_page(&document, &mut output, number)
            .map_err(|e| ReadError::PdfExtraction(format!("page {number}: {e}")))?;
        // A page break is a paragraph break.
        text.push_str(page.trim());
        text.push_str("\n\n");
    }
    let text = tidy_paragraphs(&normalise_newlines(&text));
    if text.is_empty() {
        return Err(ReadError::PdfNoText);
    }
    Ok((text, info(&document)))
}

/// Title, author and creation date from the Info dictionary.
fn info(document: &Document) -> DocumentMeta {
    let mut meta = DocumentMeta::default();
    let dictionary = match document.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => document.get_dictionary(*id).ok(),
        Ok(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let Some(dictionary) = dictionary else {
        return meta;
    };
    let field = |key: &[u8]| match dictionary.get(key) {
        Ok(Object::String(bytes, _)) => Some(text_string(bytes)).filter(|s| !s.is_empty()),
        _ => None,
    };
    meta.title = field(b"Title");
    meta.author = field(b"Author");
    meta.published = field(b"CreationDate").as_deref().and_then(parse_date);
    meta
}

/// A PDF text string: UTF-16BE or UTF-8 with a byte-order mark, else PDFDocEncoding (Latin-1
/// in the printable range; windows-1252 is its closest match for the rest).
fn text_string(bytes: &[u8]) -> String {
    let decoded = if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        encoding_rs::UTF_16BE
            .decode_without_bom_handling(utf16)
            .0
            .into_owned()
    } else if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    };
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"\xFE\xFF\x00K\x00a\x00b\x00u\x00l"), "Kabul");
        assert_eq!(text_string(b"Caf\xE9  report"), "Café report");
    }

    #[test]
    fn slow_work_times_out_and_panics_become_errors() {
        let slow = with_deadline(
            || {
                thread::sleep(Duration::from_secs(2));
                Ok(())
            },
            Duration::from_millis(50),
        );
        assert_eq!(slow, Err(ReadError::PdfTimeout(Duration::from_millis(50))));
        let crash = with_deadline::<()>(
            || panic!("unexpected entry in unicode map"),
            Duration::from_secs(5),
        );
        assert_eq!(
            crash,
            Err(ReadError::PdfExtraction(
                "the PDF reader crashed: unexpected entry in unicode map".to_string()
            ))
        );
    }

    #[test]
    fn garbage_is_a_clear_error_not_a_panic() {
        let err = read(
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
            Duration::from_secs(10),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("PDF text extraction failed: "),
            "{err}"
        );
    }
}
