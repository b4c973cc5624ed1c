//! forewarn-store (being built).
