//! `fazhi add` puts reports (files, folders, web addresses) into the user's library, which
//! `fazhi` with no arguments opens with the samples; `fazhi remove` takes one out.

use crate::common::temp::TempDir;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

const HEPING: &str = "沈阳市和平区人民政府关于2023年法治政府建设情况的报告\n\
    2023年，和平区坚持依法行政，法治政府建设取得新成效。现将有关情况报告如下：\n\
    一、主要举措\n\
    （一）深化改革。全年办理政务服务事项1200件，网办率98%。\n\
    二、存在的不足\n\
    基层执法力量仍显薄弱。\n\
    沈阳市和平区人民政府\n\
    2024年2月1日\n";

/// A fresh home for one test, removed when dropped.
fn home(tag: &str) -> TempDir {
    TempDir::new(&format!("add-{tag}"))
}

fn fazhi(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_STATE_HOME", home.join("state"))
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn an_added_file_is_kept_with_its_original_and_opens_with_the_samples() {
    let h = home("file");
    let src = h.join("heping.txt");
    std::fs::write(&src, HEPING).unwrap();
    let out = fazhi(&h, &["add", src.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("210102-2023"), "{stdout}");
    assert!(stdout.contains("和平区"), "{stdout}");
    let lib = h.join("data/fazhi/library");
    assert!(lib.join("heping.txt").is_file());
    assert!(lib.join("originals/heping.txt").is_file());

    let list = text(&fazhi(&h, &["list"]).stdout);
    assert!(list.contains("和平区"), "the user's report: {list}");
    assert!(list.contains("千山区"), "and the samples: {list}");

    let out = fazhi(&h, &["remove", "210102-2023"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!lib.join("heping.txt").exists());
    assert!(!lib.join("originals/heping.txt").exists());
    let list = text(&fazhi(&h, &["list"]).stdout);
    assert!(!list.contains("和平区"), "{list}");
    assert!(list.contains("千山区"), "{list}");
}

#[test]
fn a_word_file_is_added_as_its_text_beside_the_original() {
    let h = home("docx");
    let docx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fushun-numbered.docx");
    let out = fazhi(&h, &["add", docx.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lib = h.join("data/fazhi/library");
    let kept = std::fs::read_to_string(lib.join("fushun-numbered.txt")).unwrap();
    assert!(
        kept.contains("(一)加强党的领导"),
        "numbering rendered into the text"
    );
    assert!(lib.join("originals/fushun-numbered.docx").is_file());
    assert!(
        text(&out.stdout).contains("210411-2024"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_web_address_is_downloaded_and_added() {
    let page =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wendeng.html"))
            .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        let mut req = [0u8; 4096];
        let n = conn.read(&mut req).unwrap();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            page.len()
        );
        conn.write_all(head.as_bytes()).unwrap();
        conn.write_all(&page).unwrap();
        String::from_utf8_lossy(&req[..n]).into_owned()
    });
    let h = home("url");
    let url = format!("http://127.0.0.1:{port}/art/2024/2/28/report.html");
    let out = fazhi(&h, &["add", &url]);
    let request = server.join().unwrap();
    assert!(
        request.starts_with("GET /art/2024/2/28/report.html"),
        "{request}"
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("文登区"), "{stdout}");
    let lib = h.join("data/fazhi/library");
    assert!(lib.join("report.txt").is_file());
    assert!(lib.join("originals/report.html").is_file());
}

#[test]
fn an_unreadable_file_or_address_is_one_line_and_nothing_is_added() {
    let h = home("bad");
    let doc = h.join("old.doc");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 512]);
    std::fs::write(&doc, ole).unwrap();
    // A port nothing listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/r.html");
    let out = fazhi(&h, &["add", doc.to_str().unwrap(), &url]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains("old.doc") && lines[0].contains("damaged old Word document"));
    assert!(lines[1].contains(&url) && lines[1].contains("cannot download"));
    let lib = h.join("data/fazhi/library");
    assert!(
        std::fs::read_dir(&lib).map_or(true, |d| d.flatten().all(|e| e.file_name() == "originals"))
    );
}
