//! The `kaohe` binary as a user runs it (issue: engine v1, item 4).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kaohe(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kaohe runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("kaohe finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8")
}

const DEMO: &str = include_str!("../../../presets/demo-2023.json");

#[test]
fn no_file_scores_the_demo_as_a_table() {
    let o = kaohe(&["score"], None);
    assert!(o.status.success());
    let out = stdout(&o);
    // 金禾镇: 8th with 79.33 and 二等奖, first in its group (the county report's figures).
    let line = out.lines().find(|l| l.contains("金禾镇")).expect("a row for 金禾镇");
    let cells: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cells[0], "8");
    assert!(cells.contains(&"79.33") && cells.contains(&"二等奖"), "{line}");
    // Rows are in rank order: 城东街道 first with 90.19.
    let first = out.lines().nth(2).expect("first row");
    assert!(first.trim_start().starts_with("1 ") && first.contains("城东街道") && first.contains("90.19"), "{first}");
}

#[test]
fn json_results_carry_every_figure_of_the_report() {
    let o = kaohe(&["score", "--format", "json"], None);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let u = v["units"].as_array().unwrap().iter().find(|u| u["id"] == "U08").expect("U08");
    assert_eq!(u["total"].to_string(), "79.33");
    assert_eq!((u["rank"].as_u64(), u["group_rank"].as_u64()), (Some(8), Some(1)));
    assert_eq!(u["award"], "二等奖");
    assert_eq!((u["categories"]["econ"]["score"].to_string(), u["categories"]["econ"]["rank"].as_u64()), ("41.24".into(), Some(4)));
    assert_eq!(u["categories"]["econ"]["group_rank"].as_u64(), Some(1));
    for (id, score) in [("E2", "10"), ("E3", "10"), ("E4", "6")] {
        assert_eq!(u["indicators"][id]["score"].to_string(), score, "{id}");
        assert_eq!(u["indicators"][id]["rank"].as_u64(), Some(1), "{id}");
    }
    assert_eq!(u["recognitions"], serde_json::json!(["R1", "R2", "R3", "R4", "R5"]));
    // Explanations show the formula with the unit's numbers and the pool figure used.
    let e2 = u["indicators"]["E2"]["explain"].as_str().unwrap();
    assert!(e2.contains("107200 / 78100") && e2.contains("全县最高 1.2") && e2.ends_with("10 × 1.2 / 1.2 = 10.00"), "{e2}");
    assert_eq!(u["indicators"]["E2"]["metric"].to_string(), "1.2");
}

#[test]
fn csv_has_a_row_per_unit_in_document_order() {
    let o = kaohe(&["score", "-f", "csv"], None);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 13);
    assert!(lines[0].starts_with("id,name,group,rank,group_rank,category.econ,"), "{}", lines[0]);
    assert!(lines[8].starts_with("U08,金禾镇,G3,8,1,41.24,"), "{}", lines[8]);
    assert!(lines[8].contains(",79.33,二等奖,false,R1;R2;R3;R4;R5"), "{}", lines[8]);
}

#[test]
fn a_file_or_stdin_is_scored_the_same() {
    let dir = std::env::temp_dir().join(format!("kaohe-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("demo.kaohe.json");
    // 金禾镇 meets its investment target: E5 6 × min(25000/25000, 1) = 6 instead of 2.41 → +3.59.
    let edited = DEMO.replacen("\"actual\": 10040", "\"actual\": 25000", 1);
    assert_ne!(edited, DEMO);
    std::fs::write(&path, &edited).unwrap();
    let from_file = kaohe(&["score", path.to_str().unwrap(), "--format", "json"], None);
    let from_stdin = kaohe(&["score", "-", "--format", "json"], Some(&edited));
    assert!(from_file.status.success() && from_stdin.status.success());
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let v: serde_json::Value = serde_json::from_slice(&from_file.stdout).unwrap();
    let u = &v["units"][7];
    // 79.33 + 3.59 = 82.92: now 6th, behind 汇川镇 (84.14) and ahead of 青石镇 (81.59).
    assert_eq!(u["total"].to_string(), "82.92");
    assert_eq!(u["rank"].as_u64(), Some(6));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn invalid_input_exits_2_with_a_message_and_no_output() {
    let cases: [(&str, &str); 4] = [
        ("{ not json", "不是有效的 JSON"),
        (&DEMO.replacen("\"schema_version\": 1", "\"schema_version\": 2", 1), "第 1 版"),
        (&DEMO.replacen("\"floor_rate\": 0.6", "\"floor_rat\": 0.6", 1), "scheme.indicators[0].method.floor_rat"),
        (&DEMO.replacen("\"actual\": 4916", "\"actual\": \"4916\"", 1), "inputs.U08.E1.actual"),
    ];
    for (text, needle) in cases {
        let o = kaohe(&["score", "-", "--format", "json"], Some(text));
        assert_eq!(o.status.code(), Some(2), "{needle}");
        assert!(o.stdout.is_empty(), "{needle}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "expected {needle:?} in {err}");
    }
    let o = kaohe(&["score", "/no/such/file.json"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("无法读取文件"));
    // English messages on request.
    let o = kaohe(&["score", "-", "--lang", "en"], Some("{ not json"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not valid JSON"));
}

#[test]
fn validate_reports_errors_with_paths() {
    let bad = DEMO.replacen("\"category\": \"econ\"", "\"category\": \"ecno\"", 1);
    let o = kaohe(&["validate", "-"], Some(&bad));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("scheme.indicators[0].category：找不到编号为“ecno”的类别"));
    let o = kaohe(&["validate"], None);
    assert!(o.status.success());
    assert!(stdout(&o).contains("12 个单位，23 项指标"));
}

#[test]
fn help_documents_the_command() {
    let o = kaohe(&["score", "--help"], None);
    assert!(o.status.success());
    let h = stdout(&o);
    for needle in ["--format", "json", "table", "csv", "standard input", "Exit status"] {
        assert!(h.contains(needle), "--help lacks {needle}");
    }
}
