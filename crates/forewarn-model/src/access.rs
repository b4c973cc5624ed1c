//! Roles of the people and scripts that use a forewarn server.

crate::macros::string_enum! {
    /// What a token may do; each role may also do what the ones before it may.
    Role, "role" {
        /// Reads the record.
        Viewer = "viewer",
        /// Also reviews proposals and ingests reports.
        Analyst = "analyst",
        /// Also manages tokens.
        Admin = "admin",
    }
}
