//! MUC-3/4: the processed role-filler form (CEAF-REE) and the raw texts with answer keys.

pub(crate) mod keys;
pub(crate) mod processed;
pub(crate) mod raw;
