//! xAPI statements for a learning record store, written with serde (the xAPI
//! crates on crates.io are GPL).
