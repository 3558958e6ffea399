//! Code lens data above each component: unowned customer duties and the
//! number of references.

use std::path::Path;

use crate::framework::LevelKind;
use crate::text::FileRange;
use crate::text::TextRange;
use crate::workspace::Workspace;

use super::render;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentLens {
    pub id: String,
    /// The component id's range.
    pub range: TextRange,
    /// `None` when the deployment model is unknown.
    pub unowned_customer: Option<Vec<String>>,
    /// Customer duties whose owner is inherited (component or system).
    pub inherited_customer: usize,
    pub references: Vec<FileRange>,
}

impl ComponentLens {
    pub fn duties_title(&self) -> Option<String> {
        let n = self.unowned_customer.as_ref()?.len();
        let title = match n {
            0 => "all customer duties owned".to_string(),
            1 => "1 unowned customer duty".to_string(),
            n => format!("{n} unowned customer duties"),
        };
        Some(match self.inherited_customer {
            0 => title,
            i => format!("{title} ({i} inherited)"),
        })
    }

    pub fn references_title(&self) -> String {
        match self.references.len() {
            1 => "1 reference".to_string(),
            n => format!("{n} references"),
        }
    }
}

pub fn code_lenses(ws: &Workspace, path: &Path) -> Vec<ComponentLens> {
    let Some(file) = ws.file(path) else {
        return Vec::new();
    };
    file.document
        .components
        .iter()
        .map(|c| {
            let (declared_in, merged) = super::analysed(ws, file, c);
            let duties = declared_in.duties(&merged);
            let inherited_customer = duties.iter().flatten().filter(|d| {
                d.effective == LevelKind::Customer
                    && d.owner.is_some_and(|o| o.source.is_inherited())
            });
            ComponentLens {
                id: c.id.value.clone(),
                range: c.id.range,
                unowned_customer: duties.as_ref().map(|d| {
                    render::unowned(d, LevelKind::Customer)
                        .into_iter()
                        .map(String::from)
                        .collect()
                }),
                inherited_customer: inherited_customer.count(),
                references: ws.references(&c.id.value).to_vec(),
            }
        })
        .collect()
}
