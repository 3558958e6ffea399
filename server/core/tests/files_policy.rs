//! The one file policy (`aisrm_core::files`): a file that is aisrm's but
//! not UTF-8 is reported as unreadable, other undecodable files are
//! skipped. A Markdown file is aisrm's when it has an aisrm fence or a
//! component link into an inventory (the design-doc rule, issue 12 item 9).

use aisrm_core::files::{self, Disk};

fn read(name: &str, bytes: &[u8]) -> Disk {
    let dir = std::env::temp_dir().join(format!("aisrm-files-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let disk = files::read(&path);
    let _ = std::fs::remove_file(&path);
    disk
}

fn unreadable(disk: &Disk) -> bool {
    matches!(disk, Disk::Unreadable(_))
}

#[test]
fn undecodable_markdown_is_reported_only_when_it_is_a_design_doc() {
    let cases: [(&[u8], bool); 5] = [
        (
            b"# D\xff\n\n```aisrm\nx: {deployment: saas-ai}\n```\n",
            true,
        ),
        (
            b"# D\xff\n\n~~~aisrm\nx: {deployment: saas-ai}\n~~~\n",
            true,
        ),
        (
            b"# D\xff\n\nSee [the bot](../ai-inventory.yaml#bot).\n",
            true,
        ),
        (b"# D\xff\n\nSee [the bot](ops.aisrm.yml#bot).\n", true),
        (b"# D\xff\n\nSee [the setup](setup.md#install).\n", false),
    ];
    for (bytes, expected) in cases {
        let disk = read("doc.md", bytes);
        assert_eq!(
            unreadable(&disk),
            expected,
            "{}: {disk:?}",
            String::from_utf8_lossy(bytes)
        );
        if !expected {
            assert_eq!(disk, Disk::Skipped);
        }
    }
}

/// The editor's files arrive one by one: `IgnoreRules` must leave out
/// exactly what the walk leaves out (nested `.gitignore`, `.ignore`
/// before `.gitignore`, negations, ignored folders).
#[test]
fn ignore_rules_for_one_path_agree_with_the_walk() {
    let root = std::env::temp_dir().join(format!("aisrm-ignore-rules-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let files = [
        (".gitignore", "gen/\n*.log\n!keep.log\nsecret.json\n"),
        (".ignore", "!web/secret.json\n"),
        ("web/.gitignore", "local.json\n"),
        ("gen/package.json", "{}"),
        ("a.log", ""),
        ("keep.log", ""),
        ("secret.json", "{}"),
        ("web/secret.json", "{}"),
        ("web/local.json", "{}"),
        ("web/package.json", "{}"),
        ("web/deep/local.json", "{}"),
        ("api/requirements.txt", "openai\n"),
    ];
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let walked = std::sync::Mutex::new(Vec::new());
    files::walker(&root).run(|| {
        let walked = &walked;
        Box::new(move |entry| {
            if let Ok(e) = entry
                && e.file_type().is_some_and(|t| t.is_file())
            {
                walked.lock().unwrap().push(e.path().to_path_buf());
            }
            ignore::WalkState::Continue
        })
    });
    let walked = walked.into_inner().unwrap();
    let rules = files::IgnoreRules::new(root.clone());
    let mut left_out: Vec<&str> = files
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| rules.ignores(&root.join(rel)))
        .collect();
    left_out.sort();
    let mut not_walked: Vec<&str> = files
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| !walked.contains(&root.join(rel)))
        .collect();
    not_walked.sort();
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(
        left_out,
        [
            "a.log",
            "gen/package.json",
            "secret.json",
            "web/deep/local.json",
            "web/local.json"
        ]
    );
    assert_eq!(left_out, not_walked);
}
