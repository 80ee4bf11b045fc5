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

#[test]
fn seek_answers_in_json_as_format_says() {
    let o = kaohe(&["seek", "--unit", "U10", "--target", "award:二等奖", "--format", "json"], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!((v["unit"].as_str(), v["target"].as_str()), (Some("U10"), Some("award:二等奖")));
    // 柳河镇 now: 77.57, 9th, 2nd in 第三考核单元, 三等奖.
    assert_eq!(v["now"]["total"].to_string(), "77.57");
    assert_eq!((v["now"]["rank"].as_u64(), v["now"]["group_rank"].as_u64()), (Some(9), Some(2)));
    assert_eq!(v["now"]["award"], "三等奖");
    // E2 实际完成 43680 → 53471.88: 10 × (53471.88 / 46200) / 1.2 = 9.645 → 9.65, +1.77 → 79.34, 8th.
    let e2 = v["single"].as_array().unwrap().iter().find(|x| x["indicator"] == "E2").expect("E2");
    assert_eq!((e2["field"].as_str(), e2["from"].to_string(), e2["to"].to_string()), (Some("actual"), "43680".into(), "53471.88".into()));
    assert_eq!((e2["total"].to_string(), e2["rank"].as_u64(), e2["award"].as_str()), ("79.34".into(), Some(8), Some("二等奖")));
    assert!(v["unreachable"].as_array().unwrap().iter().any(|x| x["indicator"] == "E8" && x["best_rank"] == 9));
    assert!(v["plan"].is_null());
}

#[test]
fn seek_report_and_bad_arguments() {
    let o = kaohe(&["seek", "--unit", "U10", "--target", "award:二等奖"], None);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("规模以上工业总产值完成情况 · 实际完成：43680 → 53471.88（+22.4%）"), "{out}");
    assert!(out.contains("外贸进出口额 · 数值：最多 78.72 分，第 9 名"), "{out}");
    let en = stdout(&kaohe(&["seek", "--unit", "U10", "--target", "rank:8", "--lang", "en"], None));
    assert!(en.contains("One field alone reaches it"), "{en}");
    for (args, msg) in [
        (vec!["seek", "--unit", "U99", "--target", "rank:1"], "没有编号为“U99”的单位"),
        (vec!["seek", "--unit", "U08", "--target", "top:3"], "无法识别的目标“top:3”"),
        (vec!["seek", "--unit", "U08", "--target", "award:特等奖"], "没有“特等奖”这一奖项等次"),
    ] {
        let o = kaohe(&args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty());
        assert!(String::from_utf8_lossy(&o.stderr).contains(msg), "{}", String::from_utf8_lossy(&o.stderr));
    }
}
