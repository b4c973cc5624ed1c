//! forewarn-ingest (being built).
