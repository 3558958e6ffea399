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
