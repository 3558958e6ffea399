//! Counts over a set of heatmap cells (one component's row, one domain's
//! column) and the sentences that say them.

use aisrm_core::framework::{Framework, LevelKind};

use super::model::CellView;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub customer: usize,
    pub shared: usize,
    pub provider: usize,
    pub model_dependent: usize,
    pub not_applicable: usize,
    pub critical: usize,
    pub uncovered_critical: usize,
    pub unowned_customer: usize,
    pub unowned_shared: usize,
    pub gaps: usize,
    /// Cells whose entry has an error or a warning.
    pub with_problems: usize,
    /// Cells someone has to act on.
    pub needs_action: usize,
}

impl Counts {
    pub fn of<'c, 'a: 'c>(cells: impl IntoIterator<Item = &'c CellView<'a>>) -> Counts {
        let mut c = Counts::default();
        for cell in cells {
            match cell.level() {
                LevelKind::Customer => c.customer += 1,
                LevelKind::Shared => c.shared += 1,
                LevelKind::Provider => c.provider += 1,
                LevelKind::ModelDependent => c.model_dependent += 1,
                LevelKind::NotApplicable => c.not_applicable += 1,
            }
            c.critical += usize::from(cell.duty.critical);
            c.uncovered_critical += usize::from(cell.uncovered_critical());
            c.unowned_customer += usize::from(cell.unowned_customer());
            c.unowned_shared += usize::from(cell.unowned_shared());
            c.gaps += usize::from(cell.gap());
            c.with_problems += usize::from(cell.has_problem_finding());
            c.needs_action += usize::from(cell.needs_action());
        }
        c
    }

    pub fn add(&mut self, o: Counts) {
        self.customer += o.customer;
        self.shared += o.shared;
        self.provider += o.provider;
        self.model_dependent += o.model_dependent;
        self.not_applicable += o.not_applicable;
        self.critical += o.critical;
        self.uncovered_critical += o.uncovered_critical;
        self.unowned_customer += o.unowned_customer;
        self.unowned_shared += o.unowned_shared;
        self.gaps += o.gaps;
        self.with_problems += o.with_problems;
        self.needs_action += o.needs_action;
    }

    /// The cells of `level`.
    pub fn at(&self, level: LevelKind) -> usize {
        match level {
            LevelKind::Customer => self.customer,
            LevelKind::Shared => self.shared,
            LevelKind::Provider => self.provider,
            LevelKind::ModelDependent => self.model_dependent,
            LevelKind::NotApplicable => self.not_applicable,
        }
    }

    /// "1 uncovered critical focus, 1 known gap, 4 unowned customer duties;
    /// 5 unowned shared": what needs doing, most urgent first, then the
    /// notes. Empty when nothing does.
    pub fn needs(&self) -> String {
        let mut action = Vec::new();
        if self.uncovered_critical > 0 {
            action.push(plural(
                self.uncovered_critical,
                "uncovered critical focus",
                "uncovered critical focuses",
            ));
        }
        if self.gaps > 0 {
            action.push(plural(self.gaps, "known gap", "known gaps"));
        }
        if self.unowned_customer > 0 {
            action.push(plural(
                self.unowned_customer,
                "unowned customer duty",
                "unowned customer duties",
            ));
        }
        if self.with_problems > 0 {
            action.push(plural(
                self.with_problems,
                "entry with a warning or error",
                "entries with warnings or errors",
            ));
        }
        let mut text = action.join(", ");
        if self.unowned_shared > 0 {
            if !text.is_empty() {
                text.push_str("; ");
            }
            text.push_str(&format!("{} unowned shared", self.unowned_shared));
        }
        text
    }

    /// The order "domains that need attention" are listed in: uncovered
    /// critical focuses and known gaps first (the most urgent next steps),
    /// then cells to act on, then unowned shared duties.
    pub fn need_rank(&self) -> (usize, usize, usize) {
        (
            self.uncovered_critical + self.gaps,
            self.needs_action,
            self.unowned_shared,
        )
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Levels in the order the legend lists them, limited to the framework's.
pub fn legend_levels(framework: &Framework) -> Vec<LevelKind> {
    [
        LevelKind::Customer,
        LevelKind::Shared,
        LevelKind::Provider,
        LevelKind::ModelDependent,
        LevelKind::NotApplicable,
    ]
    .into_iter()
    .filter(|l| framework.level(*l).is_some())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_names_what_to_do_first() {
        let c = Counts {
            gaps: 1,
            unowned_customer: 4,
            unowned_shared: 5,
            ..Counts::default()
        };
        assert_eq!(
            c.needs(),
            "1 known gap, 4 unowned customer duties; 5 unowned shared"
        );
        let c = Counts {
            unowned_shared: 1,
            ..Counts::default()
        };
        assert_eq!(c.needs(), "1 unowned shared");
        assert_eq!(Counts::default().needs(), "");
    }
}
