//! forewarn-sources (being built).
