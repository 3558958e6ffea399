//! Writing Markdown within a character limit: parts are added in reading
//! order until one does not fit; from then on everything is left out and
//! counted, and a note at the end says what is missing and where to find
//! it. The cut is never inside a part (a table row, a folded block).

use crate::report::counts::plural;

/// Room kept for the truncation note.
const NOTE_RESERVE: usize = 600;

/// What a left-out part was, for the truncation note.
#[derive(Clone, Copy)]
pub enum Part {
    Finding,
    ComponentRow,
    ComponentDetails,
    Other,
}

pub struct Budget {
    out: String,
    chars: usize,
    limit: usize,
    full: bool,
    omitted: [usize; 4],
}

impl Budget {
    pub fn new(limit: usize) -> Budget {
        Budget {
            out: String::new(),
            chars: 0,
            limit,
            full: false,
            omitted: [0; 4],
        }
    }

    /// Adds `text` if it fits; else counts it as `part` and stops.
    pub fn add(&mut self, text: &str, part: Part) -> bool {
        let n = text.chars().count();
        if !self.full && self.chars + n + NOTE_RESERVE <= self.limit {
            self.out.push_str(text);
            self.chars += n;
            return true;
        }
        self.full = true;
        self.omitted[part as usize] += 1;
        false
    }

    pub fn push(&mut self, text: &str) -> bool {
        self.add(text, Part::Other)
    }

    pub fn item(&mut self, text: &str) -> bool {
        self.add(text, Part::Other)
    }

    pub fn finding(&mut self, text: &str) -> bool {
        self.add(text, Part::Finding)
    }

    /// A `<details>` block of `lines` (each a `part`), cut between lines.
    pub fn folded(&mut self, summary: &str, lines: &[String], part: Part) {
        let open = format!("\n<details><summary>{summary}</summary>\n\n");
        let close = "\n</details>\n";
        let first = lines.first().map_or(0, |l| l.chars().count());
        let needed = open.chars().count() + first + close.len();
        if self.full || self.chars + needed + NOTE_RESERVE > self.limit {
            self.full = true;
            self.omitted[part as usize] += lines.len();
            return;
        }
        self.out.push_str(&open);
        self.chars += open.chars().count();
        // The closing tag's room is kept while the lines go in.
        self.limit -= close.len();
        for line in lines {
            self.add(line, part);
        }
        self.limit += close.len();
        self.out.push_str(close);
        self.chars += close.len();
    }

    /// The text, with the truncation note when something was left out.
    pub fn finish(mut self) -> String {
        let [findings, rows, details, other] = self.omitted;
        if findings + rows + details + other == 0 {
            return self.out;
        }
        let mut missing = Vec::new();
        if findings > 0 {
            missing.push(plural(findings, "finding", "findings"));
        }
        if rows > 0 {
            missing.push(plural(
                rows,
                "component summary row",
                "component summary rows",
            ));
        }
        if details > 0 {
            missing.push(plural(details, "component table", "component tables"));
        }
        if other > 0 {
            missing.push(plural(other, "other part", "other parts"));
        }
        self.out.push_str(&format!(
            "\n> **Truncated** to stay under GitHub's {} character comment limit: {} not shown. \
             `aisrm check` lists every finding; `aisrm report --format html` writes the whole report.\n",
            group_thousands(self.limit),
            missing.join(", ")
        ));
        self.out
    }
}

fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_first_part_that_does_not_fit_and_says_so() {
        let mut b = Budget::new(NOTE_RESERVE + 10);
        assert!(b.push("12345"));
        assert!(!b.finding("123456"));
        assert!(!b.push("1"), "nothing after the cut");
        b.folded("x", &["a".into(), "b".into()], Part::ComponentDetails);
        let text = b.finish();
        assert!(text.starts_with("12345\n> **Truncated**"), "{text}");
        assert!(text.contains(": 1 finding, 2 component tables, 1 other part not shown"));
        assert!(text.chars().count() <= NOTE_RESERVE + 10);
        assert_eq!(group_thousands(65_536), "65,536");
    }

    #[test]
    fn a_folded_block_is_closed_even_when_cut() {
        let mut b = Budget::new(NOTE_RESERVE + 60);
        let lines: Vec<String> = (0..10).map(|i| format!("- line {i}\n")).collect();
        b.folded("s", &lines, Part::Finding);
        let text = b.finish();
        assert_eq!(text.matches("<details>").count(), 1);
        assert_eq!(text.matches("</details>").count(), 1);
        assert!(text.contains("- line 0"));
        assert!(text.contains("Truncated"));
    }
}
