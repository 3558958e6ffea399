//! Declared vs discovered: which inventory component declares a
//! discovered one. The one rule that the export (occurrences on the
//! declaring component) and the drift findings share.

use super::Component as Found;
use crate::document::Component;

/// True when the inventory `component` declares the discovered `found`:
/// it has the discovered component's id.
pub fn declares(component: &Component, found: &Found) -> bool {
    component.id.value == found.def.id
}
