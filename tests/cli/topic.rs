//! `fazhi topic` and `fazhi topics` from the command line.

use crate::common::run::fazhi_env;
use crate::common::temp::TempDir;

/// `fazhi ARGS` with no user configuration.
fn fazhi(args: &[&str]) -> (String, String, bool) {
    let config = std::env::temp_dir().join("fazhi-no-config");
    fazhi_env(&[("XDG_CONFIG_HOME", config)], args).parts()
}

#[test]
fn topic_by_pinyin_lists_all_five_districts_with_their_figures() {
    for query in ["行政复议", "xzfy", "复议"] {
        let (out, err, ok) = fazhi(&["topic", query]);
        assert!(ok, "{query}: {err}");
        assert!(
            out.starts_with("行政复议: 5 of 5 reports"),
            "{query}: {out}"
        );
        for d in ["千山区", "顺城区", "文登区", "铁西区", "周村区"] {
            assert!(out.contains(d), "{query}: {d}");
        }
        assert!(out.contains("受理行政复议申请 82件"));
        assert!(out.contains("收到行政复议案件申请 97件"));
    }
}

#[test]
fn topic_json_and_csv_carry_ids_sections_and_figures() {
    let (out, _, ok) = fazhi(&["topic", "xzfy", "--json"]);
    assert!(ok);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let wendeng = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "371003-2023")
        .expect("文登区 row");
    assert_eq!(wendeng["sections"][0]["path"], "一/（五）");
    assert!(wendeng["sections"][0]["figures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["text"] == "82件"));
    let (csv, _, _) = fazhi(&["topic", "xzfy", "--csv"]);
    assert_eq!(
        csv.lines().next(),
        Some("id,district,year,section,title,figures")
    );
    assert!(csv
        .lines()
        .any(|l| l.starts_with("371003-2023,文登区,2023,一/（五）")));
}

#[test]
fn unknown_topic_names_the_topics() {
    let (_, err, ok) = fazhi(&["topic", "不存在的主题"]);
    assert!(!ok);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("矛盾纠纷化解"), "{err}");
}

#[test]
fn topics_lists_every_topic_with_tagged_sections() {
    let (out, _, ok) = fazhi(&["topics", "--json"]);
    assert!(ok);
    let all: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for t in ["党的领导与第一责任人", "行政执法", "存在的不足", "行政复议"] {
        assert!(names.contains(&t), "{t} in {names:?}");
    }
    let fuyi = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "行政复议")
        .unwrap();
    assert_eq!(fuyi["parent"], "矛盾纠纷化解");
    assert_eq!(fuyi["reports"].as_array().unwrap().len(), 5);
}

#[test]
fn a_user_topics_file_extends_the_bundled_list() {
    let home = TempDir::new("cli-topics");
    std::fs::create_dir_all(home.join("fazhi")).unwrap();
    std::fs::write(
        home.join("fazhi/topics.toml"),
        "[[topic]]\nname = \"营商投诉\"\nheadings = [\"营商\"]\nkeywords = [\"投诉举报\"]\nmin_hits = 1\n",
    )
    .unwrap();
    let (text, err, ok) = fazhi_env(&[("XDG_CONFIG_HOME", &home)], &["topic", "营商投诉"]).parts();
    assert!(ok, "{err}");
    assert!(text.contains("铁西区 2024"), "{text}");
}
