use std::path::Path;

use aisrm_core::framework::{self, Framework};

#[test]
fn builtin_frameworks_load_without_findings() {
    for id in framework::BUILTIN_IDS {
        let text = framework::builtin_source(id).unwrap();
        let (fw, diagnostics) = Framework::parse(text, Path::new(id));
        assert!(diagnostics.is_empty(), "{id}: {diagnostics:#?}");
        assert_eq!(fw.unwrap().id, id);
    }
    assert_eq!(framework::builtins().len(), 2);
}
