//! topics.toml attacked: thousands of nested topics, mistakes that must name their line,
//! and a FIFO in its place (which must not hang `fazhi topics`).

use super::attack_files::mkfifo;
use crate::common::run::fazhi_within;
use crate::common::temp::TempDir;
use fazhi::topic::Topics;
use std::path::Path;
use std::time::Duration;

/// `n` topics, each the parent of the next: a chain `n` deep.
fn chain(n: usize) -> String {
    let mut toml = String::from("replace = true\n");
    for i in 0..n {
        toml.push_str(&format!(
            "[[topic]]\nname = \"t{i}\"\nkeywords = [\"词{i}\"]\n"
        ));
        if i > 0 {
            toml.push_str(&format!("parent = \"t{}\"\n", i - 1));
        }
    }
    toml
}

#[test]
fn two_thousand_nested_topics_load_and_tag_with_every_ancestor() {
    let topics = Topics::from_toml(&chain(2000), Path::new("deep.toml")).expect("valid");
    assert_eq!(topics.len(), 2000);
    assert_eq!(topics.all()[1999].parent, Some(1998));
    let report = fazhi::report::parse(
        "x.txt",
        "某区人民政府关于2023年法治政府建设情况的报告\n\n一、工作\n词1999和词1999。\n",
    );
    let tags = topics.tag_report(&report);
    assert_eq!(
        tags[0].len(),
        2000,
        "the deepest topic and all its ancestors"
    );
}

#[test]
fn a_cycle_at_the_end_of_a_long_chain_is_found_and_named_with_its_line() {
    let toml = chain(1000).replacen("name = \"t0\"\n", "name = \"t0\"\nparent = \"t999\"\n", 1);
    let err = Topics::from_toml(&toml, Path::new("loop.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("parents form a cycle"), "{err}");
    assert!(err.starts_with("loop.toml:"), "{err}");
}

#[test]
fn semantic_errors_name_the_file_and_the_line_of_the_topic() {
    let cases = [
        ("replace = true\n\n[[topic]]\nname = \"甲\"\n\n[[topic]]\nname = \"乙\"\nparent = \"丙\"\n", 7, "parent 丙"),
        ("replace = true\n[[topic]]\nname = \"甲\"\nmin_hits = 0\n", 3, "min_hits"),
        ("replace = true\n[[topic]]\nname = \"甲\"\n[[topic]]\nname = \"甲\"\n", 5, "twice"),
        ("[[topic]]\nname = \"甲\"\nkeywords = [\" \"]\n", 2, "empty word"),
        ("[[topic]]\nname = \"甲\"\n[[topic]]\nname = \"甲\"\n", 4, "twice"),
    ];
    for (toml, line, problem) in cases {
        let err = Topics::from_toml(toml, Path::new("mine.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(&format!("mine.toml:{line}: ")), "{err}");
        assert!(err.contains(problem), "{err}");
    }
}

#[test]
fn a_fifo_as_topics_file_is_one_line_not_a_hang() {
    let dir = TempDir::new("attack-topics");
    std::fs::create_dir_all(dir.join("fazhi")).unwrap();
    mkfifo(&dir.join("fazhi/topics.toml"));
    let out = fazhi_within(
        &[("XDG_CONFIG_HOME", &dir)],
        &["topics"],
        Duration::from_secs(60),
    );
    let stderr = out.stderr;
    assert_eq!(out.code, 1);
    assert!(
        stderr.contains("topics.toml: cannot read topics file"),
        "{stderr}"
    );
    assert!(stderr.contains("a FIFO"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}
