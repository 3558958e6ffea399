use super::*;
use std::fmt::Write as _;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn inventory(n: usize) -> String {
    let models = ["saas-ai", "agentic-ai", "mcp-systems", "paas-ai"];
    let mut out = String::from("aisrm: 1\n# header\ncomponents:\n");
    for i in 0..n {
        let _ = writeln!(out, "  c{i}:\n    name: Component {i}");
        let _ = writeln!(out, "    deployment: {}", models[i % models.len()]);
        if i % 3 == 1 {
            let _ = writeln!(out, "    depends-on: [c{}, gone{i}]", i - 1);
        }
        if i % 2 == 0 {
            let _ = writeln!(
                out,
                "    responsibilities:\n      data-privacy:\n        owner: team\n        status: {}\n        ownership: customer",
                if i % 4 == 0 { "gap" } else { "planned" }
            );
        }
        if i % 5 == 4 {
            out.push_str("  # a comment between components\n\n");
        }
    }
    out.push_str("system:\n  name: After the components\n");
    out
}

fn snapshot(ws: &Workspace, path: &Path) -> String {
    let file = ws.file(path).expect("analysed");
    let mut ids: Vec<&str> = ws.component_ids();
    ids.sort_unstable();
    let index: Vec<String> = ids
        .iter()
        .map(|id| format!("{id} {:?} {:?}", ws.declarations(id), ws.references(id)))
        .collect();
    let mut refs: Vec<String> = ws
        .index
        .references
        .keys()
        .map(|id| format!("{id} {:?}", ws.references(id)))
        .collect();
    refs.sort();
    format!(
        "{:#?}\n{:#?}\n{index:#?}\n{refs:#?}\n{:?}",
        file.document,
        ws.diagnostics(path),
        file.line_index
    )
}

/// Random single-character edits (also line breaks, colons, quotes,
/// anchors, dedents): the spliced workspace always equals one that
/// analysed the whole text from scratch.
#[test]
fn spliced_analysis_equals_whole_file_analysis() {
    let path = PathBuf::from("/ws/ai-inventory.yaml");
    let mut text = inventory(40);
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(path.clone(), text.as_str());
    let mut rng = Rng(0x1234_5678);
    let before = SPLICES.with(|n| n.get());
    let alphabet = [
        "a", "b", " ", "\n", ":", "-", "\"", "#", "&", "*", "[", "]", "é", "x", "  ",
    ];
    for step in 0..1500 {
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if rng.below(3) == 0 && at < text.len() {
            let ch_len = text[at..].chars().next().map_or(0, char::len_utf8);
            text.replace_range(at..at + ch_len, "");
        } else {
            text.insert_str(at, alphabet[rng.below(alphabet.len())]);
        }
        // Now and then, heal the file so that splicing has valid text.
        if step % 10 == 0 {
            text = inventory(40 + step / 100);
        }
        let affected = ws.set_file(path.clone(), text.as_str());
        assert!(affected.contains(&path));
        let mut fresh = Workspace::new(vec![PathBuf::from("/ws")]);
        fresh.set_file(path.clone(), text.as_str());
        assert_eq!(
            snapshot(&ws, &path),
            snapshot(&fresh, &path),
            "step {step}, edit at {at}"
        );
    }
    let spliced = SPLICES.with(|n| n.get()) - before;
    assert!(spliced > 200, "only {spliced} edits were spliced");
}

#[test]
fn typing_in_a_name_is_spliced() {
    let path = PathBuf::from("/ws/ai-inventory.yaml");
    let text = inventory(10);
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(path.clone(), text.as_str());
    let at = text.find("Component 5").unwrap() + 11;
    let mut edited = text.clone();
    edited.insert(at, 'x');
    let before = SPLICES.with(|n| n.get());
    assert_eq!(
        ws.set_file(path.clone(), edited.as_str()),
        vec![path.clone()]
    );
    assert_eq!(SPLICES.with(|n| n.get()), before + 1);
    let c = &ws.file(&path).unwrap().document.components[5];
    assert_eq!(c.name.as_ref().unwrap().value, "Component 5x");
}

/// A paste inside a component that also changes its `depends-on`: the
/// new reference lies past where the old component ended, and must not
/// be moved with the later components' sites.
#[test]
fn a_paste_that_adds_a_reference_is_spliced_exactly() {
    let path = PathBuf::from("/ws/ai-inventory.yaml");
    let text = inventory(10);
    let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
    ws.set_file(path.clone(), text.as_str());
    let at = text.find("    deployment: mcp-systems\n").unwrap();
    let pasted = format!(
        "    description: {}\n    depends-on: [c0, c9, nowhere]\n",
        "pasted ".repeat(50)
    );
    let mut edited = text.clone();
    edited.insert_str(at, &pasted);
    let before = SPLICES.with(|n| n.get());
    ws.set_file(path.clone(), edited.as_str());
    assert_eq!(SPLICES.with(|n| n.get()), before + 1);
    let mut fresh = Workspace::new(vec![PathBuf::from("/ws")]);
    fresh.set_file(path.clone(), edited.as_str());
    assert_eq!(snapshot(&ws, &path), snapshot(&fresh, &path));
}
