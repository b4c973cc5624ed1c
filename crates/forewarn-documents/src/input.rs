//! The raw input handed to the readers.

/// The bytes of one input and what its source knows about them.
#[derive(Debug, Clone, Default)]
pub struct RawInput {
    /// The name the input is ingested under: the file path for files, the URL for web
    /// pages, `stdin` for standard input. Errors name the input by it.
    pub name: String,
    /// The bytes, as read or fetched.
    pub bytes: Vec<u8>,
    /// The `Content-Type` an HTTP server declared, if fetched.
    pub content_type: Option<String>,
    /// The final URL after redirects, if fetched.
    pub url: Option<String>,
}
