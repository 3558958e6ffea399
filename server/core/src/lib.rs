//! aisrm-core: the frameworks as data, span-aware parsing of inventories and
//! design documents, and the analysis. Plain Rust returning plain data; it
//! knows nothing of LSP. See ARCHITECTURE.md.

pub mod analysis;
pub mod diagnostics;
pub mod discovery;
pub mod document;
pub(crate) mod edit;
pub mod explain;
pub mod export;
pub mod files;
pub mod fixes;
pub mod format;
pub mod framework;
pub mod ide;
pub mod lower;
pub mod markdown;
pub mod project;
pub mod reader;
pub mod reference;
pub mod refs;
pub mod schema;
pub(crate) mod suggest;
pub mod text;
pub mod workspace;
pub mod yaml;
