//! forewarn-bench (being built).
