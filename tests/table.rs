//! `iops table`, `iops connections`, `iops metrics` against moto server, with the fault proxy for
//! throttling during parallel scans, boto3 as the reference reader, and a stand-in of the API
//! Gateway management API for prune (moto never answers 410).

mod support;

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};
use serde_json::Value;
use support::faults::{Faults, fault_proxy};
use support::management::management_stand_in;
use support::{create_table, exits, iops_at, moto, runtime, sdk_config};

type Item = HashMap<String, AttributeValue>;

fn client() -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&sdk_config(&moto().endpoint))
}

fn put_items(table: &str, items: Vec<Item>) {
    runtime().block_on(async {
        let client = client();
        for chunk in items.chunks(25) {
            let writes: Vec<WriteRequest> = chunk
                .iter()
                .map(|item| {
                    WriteRequest::builder()
                        .put_request(
                            PutRequest::builder()
                                .set_item(Some(item.clone()))
                                .build()
                                .unwrap(),
                        )
                        .build()
                })
                .collect();
            client
                .batch_write_item()
                .request_items(table, writes)
                .send()
                .await
                .expect("batch write");
        }
    });
}

fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn n(v: &str) -> AttributeValue {
    AttributeValue::N(v.into())
}

/// 1,200 items with every attribute type, 38-digit numbers and ~1 KB of padding (several pages).
fn every_type_items() -> Vec<Item> {
    (0..1200)
        .map(|i| {
            HashMap::from([
                ("pk".to_string(), s(&format!("item-{i:05}"))),
                (
                    "big".to_string(),
                    n(&format!("{}{:06}", "12345678901234567890123456789012", i)),
                ),
                ("tenth".to_string(), n("0.1")),
                ("neg".to_string(), n(&format!("-{i}.25"))),
                ("flag".to_string(), AttributeValue::Bool(i % 2 == 0)),
                ("nothing".to_string(), AttributeValue::Null(true)),
                (
                    "bin".to_string(),
                    AttributeValue::B(Blob::new(vec![i as u8, 0, 255])),
                ),
                (
                    "ss".to_string(),
                    AttributeValue::Ss(vec!["a".into(), format!("s{i}")]),
                ),
                (
                    "ns".to_string(),
                    AttributeValue::Ns(vec!["1".into(), format!("{i}.5")]),
                ),
                (
                    "bs".to_string(),
                    AttributeValue::Bs(vec![Blob::new(vec![1, 2]), Blob::new(vec![i as u8])]),
                ),
                (
                    "list".to_string(),
                    AttributeValue::L(vec![n("1"), s("two"), AttributeValue::Bool(true)]),
                ),
                (
                    "map".to_string(),
                    AttributeValue::M(HashMap::from([(
                        "inner".to_string(),
                        n("99999999999999999999999999999999999999"),
                    )])),
                ),
                (
                    "text".to_string(),
                    s(&format!("ünïcode \"quoted\" {}", "x".repeat(1000))),
                ),
            ])
        })
        .collect()
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("ndjson"))
        .collect()
}

/// Canonical text of each typed item, as a multiset.
fn canonical(items: &[Value]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        *counts
            .entry(serde_json::to_string(&sort(item)).unwrap())
            .or_default() += 1;
    }
    counts
}

fn sort(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), sort(v)))
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(sort).collect()),
        other => other.clone(),
    }
}

fn boto3_scan(table: &str) -> Vec<Value> {
    let output = std::process::Command::new(support::project_dir().join(".venv/bin/python"))
        .arg(support::project_dir().join("tests/support/scan_boto3.py"))
        .args([&moto().endpoint, table])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", support::REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("boto3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    lines(&output.stdout)
}

#[test]
fn scan_equals_boto3_item_for_item_and_keeps_every_digit() {
    let table = create_table("every-type", "pk", None);
    put_items(&table, every_type_items());
    let raw = exits(
        iops_at(&moto().endpoint)
            .args(["table", "scan", &table, "--raw", "--output", "ndjson", "-v"]),
        0,
    );
    let ours = lines(&raw.stdout);
    assert_eq!(ours.len(), 1200);
    assert!(
        raw.stderr.matches("scan page").count() >= 2,
        "several pages were read: {}",
        raw.stderr
    );
    assert_eq!(
        raw.stderr.matches("from_text=true").count(),
        raw.stderr.matches("scan page").count(),
        "every page's items were read from the response text, not parsed by the SDK: {}",
        raw.stderr
    );
    assert_eq!(canonical(&ours), canonical(&boto3_scan(&table)));

    let plain = exits(
        iops_at(&moto().endpoint).args(["table", "scan", &table, "--output", "ndjson"]),
        0,
    );
    let text = String::from_utf8(plain.stdout).unwrap();
    assert!(
        text.contains("\"big\":12345678901234567890123456789012000007,"),
        "38 digits, exact"
    );
    assert!(text.contains("\"tenth\":0.1,"));
    assert!(text.contains("\"map\":{\"inner\":99999999999999999999999999999999999999}"));
    assert!(text.contains("\"nothing\":null"));
    assert!(text.contains("\"bin\":\"BwD/\""), "binary as base64");

    // The other two paths: JSON items rendered in the segments' tasks and stopped at --limit,
    // and CSV, whose columns come from the first items.
    let limited = exits(
        iops_at(&moto().endpoint).args([
            "table",
            "scan",
            &table,
            "--limit",
            "3",
            "--segments",
            "2",
            "--output",
            "json",
        ]),
        0,
    );
    let limited: Vec<Value> = serde_json::from_slice(&limited.stdout).unwrap();
    assert_eq!(limited.len(), 3);
    assert!(
        limited
            .iter()
            .all(|item| item["tenth"] == serde_json::json!(0.1))
    );
    let csv = exits(
        iops_at(&moto().endpoint).args(["table", "scan", &table, "--output", "csv"]),
        0,
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    let rows: Vec<&str> = csv.split_terminator('\n').collect();
    assert_eq!(rows.len(), 1201, "a header and every item");
    assert_eq!(
        rows[0],
        "big,bin,bs,flag,list,map,neg,nothing,ns,pk,ss,tenth,text"
    );
    assert!(
        rows[1].starts_with("12345678901234567890123456789012"),
        "{}",
        rows[1]
    );
    assert!(csv.contains(",item-00007,"), "cells bare");
}

fn connection_items(count: usize) -> Vec<Item> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    (0..count)
        .map(|i| {
            let mut item = HashMap::from([
                ("connectionId".to_string(), s(&format!("conn{i:04}="))),
                ("connected".to_string(), s("true")),
                (
                    "connectedAt".to_string(),
                    n(&((now - 600 + i as i64) * 1000).to_string()),
                ),
                (
                    "sourceIp".to_string(),
                    s(if i % 3 == 0 {
                        "10.0.0.1"
                    } else {
                        "192.168.1.7"
                    }),
                ),
                (
                    "userAgent".to_string(),
                    s(if i % 2 == 0 {
                        "Mozilla/5.0"
                    } else {
                        "node-fetch"
                    }),
                ),
            ]);
            // One in five is past its TTL: DynamoDB has not deleted it yet.
            let ttl = if i % 5 == 0 { now - 3600 } else { now + 86_400 };
            item.insert("ttl".into(), n(&ttl.to_string()));
            if i % 7 == 0 {
                item.remove("ttl");
            }
            item
        })
        .collect()
}

#[test]
fn parallel_segments_return_each_item_exactly_once() {
    let table = create_table("segments", "connectionId", None);
    put_items(&table, connection_items(300));
    let ids = |args: &[&str]| -> Vec<String> {
        let output = exits(
            iops_at(&moto().endpoint)
                .args([
                    "table",
                    "scan",
                    &table,
                    "--fields",
                    "connectionId",
                    "--output",
                    "ndjson",
                ])
                .args(args),
            0,
        );
        lines(&output.stdout)
            .iter()
            .map(|i| i["connectionId"].as_str().unwrap().to_string())
            .collect()
    };
    let mut all = ids(&["--segments", "4"]);
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!((before, all.len()), (300, 300));
    let mut split: Vec<String> = (0..3)
        .flat_map(|i| ids(&["--segment", &i.to_string(), "--total-segments", "3"]))
        .collect();
    split.sort();
    assert_eq!(
        split, all,
        "three machines' segments cover the table exactly once"
    );
    let count = exits(
        iops_at(&moto().endpoint).args(["table", "scan", &table, "--count", "--output", "ndjson"]),
        0,
    );
    assert_eq!(lines(&count.stdout)[0]["count"], 300);
    let limited = ids(&["--limit", "7"]);
    assert_eq!(limited.len(), 7);
}

#[test]
fn throttling_and_500s_during_a_parallel_scan_lose_and_duplicate_nothing() {
    let table = create_table("faulty", "pk", None);
    put_items(&table, every_type_items());
    let proxy = fault_proxy(
        &moto().endpoint,
        9,
        Faults {
            throttle: Some(("Scan", 3)),
            ..Faults::default()
        },
    );
    let output = exits(
        iops_at(&proxy.server.endpoint)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args([
                "table",
                "scan",
                &table,
                "--raw",
                "--segments",
                "4",
                "--output",
                "ndjson",
            ]),
        0,
    );
    assert!(
        proxy
            .stats
            .throttled_requests
            .load(std::sync::atomic::Ordering::Relaxed)
            >= 2
    );
    assert_eq!(
        canonical(&lines(&output.stdout)),
        canonical(&boto3_scan(&table))
    );
}

#[test]
fn where_conditions_filter_on_the_server() {
    let table = create_table("where", "connectionId", None);
    put_items(&table, connection_items(50));
    let count = |conditions: &[&str]| -> u64 {
        let mut cmd = iops_at(&moto().endpoint);
        cmd.args(["table", "scan", &table, "--count", "--output", "ndjson"]);
        for c in conditions {
            cmd.args(["--where", c]);
        }
        lines(&exits(&mut cmd, 0).stdout)[0]["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count(&["connected = true"]), 50);
    assert_eq!(count(&["begins_with(sourceIp, \"10.\")"]), 17);
    assert_eq!(count(&["attribute_not_exists(ttl)"]), 8);
    assert_eq!(
        count(&[
            "begins_with(sourceIp, \"10.\")",
            "userAgent = 'Mozilla/5.0'"
        ]),
        9
    );
    assert_eq!(count(&["contains(userAgent, \"fetch\")"]), 25);
    let filtered = exits(
        iops_at(&moto().endpoint).args([
            "table",
            "scan",
            &table,
            "--count",
            "--output",
            "ndjson",
            "--filter-expression",
            "#t > :v",
            "--names",
            r##"{"#t":"connectedAt"}"##,
            "--values",
            r#"{":v":{"N":"0"}}"#,
        ]),
        0,
    );
    assert_eq!(lines(&filtered.stdout)[0]["count"], 50);
    let bad = exits(
        iops_at(&moto().endpoint).args(["table", "scan", &table, "--where", "connectedAt >> 5"]),
        2,
    );
    assert!(
        bad.stderr.contains("column 14") && bad.stderr.contains('^'),
        "{}",
        bad.stderr
    );
}

#[test]
fn unknown_tables_exit_3_naming_them() {
    let output = exits(
        iops_at(&moto().endpoint).args(["table", "scan", "no-such-table"]),
        3,
    );
    assert!(
        output.stderr.contains("no-such-table")
            && output.stderr.contains("ResourceNotFoundException"),
        "{}",
        output.stderr
    );
    exits(
        iops_at(&moto().endpoint).args(["table", "describe", "no-such-table"]),
        3,
    );
}

#[test]
fn describe_shows_key_and_ttl() {
    let table = create_table("describe", "connectionId", Some("ttl"));
    let output = exits(
        iops_at(&moto().endpoint).args(["table", "describe", &table, "--output", "ndjson"]),
        0,
    );
    let description = &lines(&output.stdout)[0];
    assert_eq!(description["key"], "connectionId (HASH)");
    assert_eq!(description["ttl_attribute"], "ttl");
    assert_eq!(description["billing_mode"], "PAY_PER_REQUEST");
}

#[test]
fn connections_flag_expired_records_and_count_them_apart() {
    let table = create_table("connections", "connectionId", Some("ttl"));
    put_items(&table, connection_items(35));
    let list = exits(
        iops_at(&moto().endpoint).args([
            "connections",
            "--table",
            &table,
            "list",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let records = lines(&list.stdout);
    assert_eq!(records.len(), 35);
    let expired: Vec<&Value> = records
        .iter()
        .filter(|r| r["status"] == "expired")
        .collect();
    // i % 5 == 0 has a past TTL unless i % 7 == 0 removed it: 0..35 → 0 (no ttl), 5, 10, 15, 20, 25, 30.
    assert_eq!(expired.len(), 6);
    assert!(
        expired
            .iter()
            .all(|r| r["expires_in"].as_str().unwrap().starts_with("expired"))
    );
    assert!(
        records
            .iter()
            .all(|r| r["age"].is_string() && r["connected_at"].is_string())
    );

    let count = exits(
        iops_at(&moto().endpoint).args([
            "connections",
            "--table",
            &table,
            "count",
            "--output",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(
        lines(&count.stdout)[0],
        serde_json::json!({"group": "total", "live": 29, "expired": 6})
    );
    let by_agent = exits(
        iops_at(&moto().endpoint).args([
            "connections",
            "--table",
            &table,
            "count",
            "--by",
            "user-agent",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let by_agent = lines(&by_agent.stdout);
    let live: u64 = by_agent.iter().map(|g| g["live"].as_u64().unwrap()).sum();
    assert_eq!((by_agent.len(), live), (2, 29));
    let recent = exits(
        iops_at(&moto().endpoint).args([
            "connections",
            "--table",
            &table,
            "count",
            "--since",
            "595s",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let recent = &lines(&recent.stdout)[0];
    assert!(
        recent["live"].as_u64().unwrap() + recent["expired"].as_u64().unwrap() < 35,
        "{recent}"
    );

    let show = exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "show", "conn0005="]),
        0,
    );
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["connection"]["status"], "expired");
    assert_eq!(shown["item"]["userAgent"], "node-fetch");
    exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "show", "nope"]),
        1,
    );
}

#[test]
fn prune_deletes_exactly_the_gone_connections_and_nothing_in_a_dry_run() {
    let table = create_table("prune", "connectionId", Some("ttl"));
    put_items(&table, connection_items(12));
    let live = ["conn0001=", "conn0004=", "conn0009="];
    let stand_in = management_stand_in("prod", &live);
    let dry = exits(
        iops_at(&moto().endpoint).args([
            "connections",
            "--table",
            &table,
            "prune",
            "--endpoint",
            &stand_in.endpoint,
            "--output",
            "ndjson",
        ]),
        0,
    );
    let would = lines(&dry.stdout);
    assert_eq!(would.len(), 9);
    assert!(would.iter().all(|r| r["action"] == "would delete"));
    assert!(
        dry.stderr.contains("checked 12, gone 9, deleted 0") && dry.stderr.contains("--yes"),
        "{}",
        dry.stderr
    );
    assert_eq!(stand_in.checked.lock().unwrap().len(), 12);
    let count = exits(
        iops_at(&moto().endpoint).args(["table", "scan", &table, "--count", "--output", "ndjson"]),
        0,
    );
    assert_eq!(
        lines(&count.stdout)[0]["count"],
        12,
        "a dry run deletes nothing"
    );

    let real = exits(
        iops_at(&moto().endpoint).args([
            "connections",
            "--table",
            &table,
            "prune",
            "--endpoint",
            &stand_in.endpoint,
            "--yes",
            "--output",
            "ndjson",
        ]),
        0,
    );
    // Both runs name the one table they act on, in full, before acting.
    let arn = format!(
        "arn:aws:dynamodb:us-east-1:123456789012:table/{table} (account 123456789012, region us-east-1)"
    );
    assert!(
        dry.stderr.contains(&format!(
            "dry run: would delete the records of connections {} calls gone in {arn}",
            stand_in.endpoint
        )),
        "{}",
        dry.stderr
    );
    assert!(
        real.stderr.contains(&format!(
            "deleting the records of connections {} calls gone in {arn}",
            stand_in.endpoint
        )),
        "{}",
        real.stderr
    );
    assert!(
        real.stderr.contains("checked 12, gone 9, deleted 9"),
        "{}",
        real.stderr
    );
    let left = exits(
        iops_at(&moto().endpoint).args([
            "table",
            "scan",
            &table,
            "--fields",
            "connectionId",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let mut left: Vec<String> = lines(&left.stdout)
        .iter()
        .map(|i| i["connectionId"].as_str().unwrap().to_string())
        .collect();
    left.sort();
    assert_eq!(left, live);
}

#[test]
fn metrics_flag_null_and_missing_values() {
    let table = create_table("metrics", "entity_id", None);
    put_items(
        &table,
        vec![
            HashMap::from([
                ("entity_id".into(), s("stream-001")),
                ("entity_type".into(), s("stream")),
                ("sessions_30d".into(), n("12")),
                ("avg_rating".into(), n("4.33")),
                ("health_score".into(), n("87.5")),
            ]),
            HashMap::from([
                ("entity_id".into(), s("stream-002")),
                ("entity_type".into(), s("stream")),
                ("sessions_30d".into(), n("40")),
                ("avg_rating".into(), AttributeValue::Null(true)),
            ]),
            HashMap::from([
                ("entity_id".into(), s("tutor-001")),
                ("entity_type".into(), s("tutor")),
                ("sessions_30d".into(), n("3")),
                ("avg_rating".into(), n("5")),
                (
                    "health_score".into(),
                    n("12345678901234567890123456789012345678"),
                ),
            ]),
        ],
    );
    let all = exits(
        iops_at(&moto().endpoint).args([
            "metrics",
            "--table",
            &table,
            "--sort",
            "sessions_30d",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let records = lines(&all.stdout);
    assert_eq!(
        records
            .iter()
            .map(|r| r["entity_id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["stream-002", "stream-001", "tutor-001"]
    );
    assert_eq!(
        records[0]["missing"],
        serde_json::json!(["avg_rating", "health_score"])
    );
    assert!(
        String::from_utf8_lossy(&all.stdout)
            .contains("\"health_score\":12345678901234567890123456789012345678")
    );
    assert!(
        all.stderr
            .contains("3 items, 1 with null or missing metrics (avg_rating: 1, health_score: 1)"),
        "{}",
        all.stderr
    );

    let streams = exits(
        iops_at(&moto().endpoint).args([
            "metrics",
            "--table",
            &table,
            "--entity-type",
            "stream",
            "--top",
            "1",
            "--sort",
            "avg_rating",
            "--output",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(lines(&streams.stdout)[0]["entity_id"], "stream-001");
    let check = exits(
        iops_at(&moto().endpoint).args(["metrics", "--table", &table, "--check"]),
        1,
    );
    assert!(check.stderr.contains("null or missing"), "{}", check.stderr);
    assert_eq!(
        check.stderr.matches("null or missing").count(),
        1,
        "the summary once: {}",
        check.stderr
    );
    // CSV carries plain data: empty for null, the missing metrics `;`-joined, no marks.
    let csv = exits(
        iops_at(&moto().endpoint).args(["metrics", "--table", &table, "-o", "csv"]),
        0,
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(!csv.contains('⚠') && !csv.contains(",-,"), "{csv}");
    assert!(csv.contains(",avg_rating;health_score\n"), "{csv}");
    // An empty metrics table is the processor writing nothing: a failed check.
    let empty = create_table("metrics-empty", "entity_id", None);
    let check = exits(
        iops_at(&moto().endpoint).args(["metrics", "--table", &empty, "--check"]),
        1,
    );
    assert!(check.stderr.contains("no items"), "{}", check.stderr);
}

#[test]
fn bad_table_flags_exit_2_with_what_to_do() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "table",
                "scan",
                "t",
                "--segment",
                "3",
                "--total-segments",
                "3",
            ],
            "must be below --total-segments",
        ),
        (
            &["table", "scan", "t", "--segment", "1"],
            "--total-segments",
        ),
        (&["table", "scan", "t", "--segments", "0"], "--segments"),
        (
            &[
                "table",
                "scan",
                "t",
                "--filter-expression",
                "#a = :v",
                "--names",
                "not json",
            ],
            "--names is not a JSON object",
        ),
        (
            &[
                "table",
                "scan",
                "t",
                "--filter-expression",
                "#a = :v",
                "--values",
                r#"{":v":{"Q":"1"}}"#,
            ],
            "unknown type 'Q'",
        ),
        (
            &[
                "table",
                "scan",
                "t",
                "--where",
                "a = 1",
                "--filter-expression",
                "x",
            ],
            "cannot be used with",
        ),
        (
            &["table", "scan", "t", "--count", "--limit", "5"],
            "cannot be used with",
        ),
        (
            &["table", "scan", "t", "--where", "userAgent = Chrome"],
            "quote strings",
        ),
        (
            &["table", "query", "t", "--key", "pk <> \"a\""],
            "put it in --where",
        ),
        (&["table", "query", "t", "--key", "pk = a"], "quote strings"),
        (
            &["table", "query", "t", "--key", "pk = \"a\"", "--limit", "0"],
            "--limit",
        ),
        (&["table", "get", "t"], "NAME=VALUE"),
        (&["connections", "list"], "pass --table NAME"),
        (
            &[
                "connections",
                "--table",
                "t",
                "count",
                "--since",
                "yesterday",
            ],
            "ISO 8601",
        ),
        (
            &["connections", "--table", "t", "count", "--by", "planet"],
            "user-agent, source-ip, hour",
        ),
        (&["metrics"], "pass --table NAME"),
        (
            &["metrics", "--table", "t", "--sort", "vibes"],
            "sessions_30d, avg_rating, health_score",
        ),
        (&["metrics", "--table", "t", "--top", "0"], "--top"),
    ];
    for (args, expected) in cases {
        let output = exits(iops_at(&moto().endpoint).args(*args), 2);
        assert!(
            output.stderr.contains(expected),
            "{args:?}: {}",
            output.stderr
        );
    }
    let table = create_table("noendpoint", "connectionId", None);
    let output = exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "prune"]),
        2,
    );
    assert!(
        output.stderr.contains("--endpoint https://"),
        "{}",
        output.stderr
    );
}

#[test]
fn ws_send_posts_to_every_connection_and_prunes_the_gone() {
    let table = create_table("send", "connectionId", Some("ttl"));
    put_items(&table, connection_items(6));
    let live = ["conn0000=", "conn0002=", "conn0005="];
    let stand_in = management_stand_in("prod", &live);
    let message = r#"{"type":"METRICS_UPDATE","updates":[]}"#;
    let output = exits(
        iops_at(&moto().endpoint).args([
            "ws",
            "send",
            "--all",
            "--table",
            &table,
            "--endpoint",
            &stand_in.endpoint,
            "--data",
            message,
            "--prune",
            "--output",
            "ndjson",
        ]),
        0,
    );
    let summary = &lines(&output.stdout)[0];
    assert_eq!(
        summary,
        &serde_json::json!({"connections": 6, "delivered": 3, "gone": 3, "pruned": 3, "failed": 0, "first_failure": null})
    );
    assert!(
        stand_in
            .posted
            .lock()
            .unwrap()
            .iter()
            .all(|(_, body)| body == message)
    );
    let left = exits(
        iops_at(&moto().endpoint).args(["table", "scan", &table, "--count", "--output", "ndjson"]),
        0,
    );
    assert_eq!(lines(&left.stdout)[0]["count"], 3);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hello.json");
    std::fs::write(&file, r#"{"hello":"one"}"#).unwrap();
    let one = exits(
        iops_at(&moto().endpoint).args([
            "ws",
            "send",
            "--connection-id",
            "conn0002=",
            "--endpoint",
            &stand_in.endpoint,
            "--data",
            &format!("@{}", file.display()),
            "--output",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(lines(&one.stdout)[0]["delivered"], 1);
    assert_eq!(
        stand_in.posted.lock().unwrap().last().unwrap(),
        &("conn0002=".to_string(), r#"{"hello":"one"}"#.to_string())
    );
    exits(
        iops_at(&moto().endpoint).args([
            "ws",
            "send",
            "--endpoint",
            &stand_in.endpoint,
            "--data",
            "x",
        ]),
        2,
    );
    exits(
        iops_at(&moto().endpoint).args([
            "ws",
            "send",
            "--all",
            "--connection-id",
            "a",
            "--data",
            "x",
        ]),
        2,
    );
}

#[test]
fn where_follows_nested_document_paths() {
    let table = create_table("iops-nested", "connectionId", None);
    let item = |id: &str, os: &str| {
        Item::from([
            ("connectionId".to_string(), s(id)),
            (
                "device".to_string(),
                AttributeValue::M(std::collections::HashMap::from([("os".to_string(), s(os))])),
            ),
            ("tags".to_string(), AttributeValue::L(vec![s(os)])),
        ])
    };
    put_items(&table, vec![item("a", "ios"), item("b", "android")]);
    for condition in ["device.os = 'ios'", "tags[0] = 'ios'"] {
        let out = exits(
            iops_at(&moto().endpoint).args(["table", "scan", &table, "--where", condition]),
            0,
        );
        let items = lines(&out.stdout);
        assert_eq!(items.len(), 1, "{condition}: {items:?}");
        assert_eq!(items[0]["connectionId"], "a", "{condition}");
    }
}

/// Real stacks key the connections table by other names and store times as ISO text.
#[test]
fn a_table_keyed_id_with_iso_times_reads_as_connections() {
    let table = create_table("ids", "id", Some("ttl"));
    let now = jiff::Timestamp::now();
    let iso = |ago_s: i64| {
        now.checked_sub(jiff::SignedDuration::from_secs(ago_s))
            .unwrap()
            .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    };
    put_items(
        &table,
        vec![
            HashMap::from([
                ("id".to_string(), s("recent=")),
                ("connectedAt".to_string(), s(&iso(60))),
            ]),
            HashMap::from([
                ("id".to_string(), s("old=")),
                ("connectedAt".to_string(), s(&iso(7200))),
            ]),
        ],
    );
    let list = exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "list", "-o", "ndjson"]),
        0,
    );
    let records = lines(&list.stdout);
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r["connection_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["recent=", "old="], "newest first: {records:?}");
    assert!(records.iter().all(|r| r["age"].is_string()), "{records:?}");
    let recent = exits(
        iops_at(&moto().endpoint).args([
            "connections",
            "--table",
            &table,
            "count",
            "--since",
            "10m",
            "-o",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(lines(&recent.stdout)[0]["live"], 1);
    let show = exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "show", "old="]),
        0,
    );
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["connection"]["connection_id"], "old=");
}

/// One connection stored under two entities: one JSON document, and every format honoured.
#[test]
fn show_with_two_matching_records_is_one_document_in_every_format() {
    use aws_sdk_dynamodb::types::ScalarAttributeType;
    let table = keyed_table(
        "entities",
        &[
            ("entityId", ScalarAttributeType::S),
            ("connectionId", ScalarAttributeType::S),
        ],
    );
    put_items(
        &table,
        ["stream-001", "stream-002"]
            .iter()
            .map(|entity| {
                HashMap::from([
                    ("entityId".to_string(), s(entity)),
                    ("connectionId".to_string(), s("twice=")),
                ])
            })
            .collect(),
    );
    let show = |format: &str| {
        exits(
            iops_at(&moto().endpoint).args([
                "connections",
                "--table",
                &table,
                "show",
                "twice=",
                "-o",
                format,
            ]),
            0,
        )
    };
    let json = show("json");
    let document: Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    assert_eq!(document.as_array().map(Vec::len), Some(2), "{document}");
    assert!(json.stderr.contains("2 records"), "{}", json.stderr);
    assert_eq!(lines(&show("ndjson").stdout).len(), 2);
    let csv = String::from_utf8(show("csv").stdout).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.starts_with("connection_id,"), "{csv}");
}

/// One attribute definition of a table to create.
fn definition(
    name: &str,
    kind: aws_sdk_dynamodb::types::ScalarAttributeType,
) -> aws_sdk_dynamodb::types::AttributeDefinition {
    aws_sdk_dynamodb::types::AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(kind)
        .build()
        .unwrap()
}

/// One element of a key schema (of a table or an index).
fn key_element(
    name: &str,
    role: aws_sdk_dynamodb::types::KeyType,
) -> aws_sdk_dynamodb::types::KeySchemaElement {
    aws_sdk_dynamodb::types::KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(role)
        .build()
        .unwrap()
}

/// A table keyed `pk` (S) and `sk` (N) with a global index `byStatus` (`status` S, `sk` N):
/// `user#1` holds 1,200 items of ~1 KB (two pages of Query), `user#2` three.
fn composite_table() -> String {
    use aws_sdk_dynamodb::types::{
        BillingMode, GlobalSecondaryIndex, KeyType, Projection, ProjectionType, ScalarAttributeType,
    };
    let name = support::unique("keyed");
    runtime().block_on(async {
        client()
            .create_table()
            .table_name(&name)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(definition("pk", ScalarAttributeType::S))
            .attribute_definitions(definition("sk", ScalarAttributeType::N))
            .attribute_definitions(definition("status", ScalarAttributeType::S))
            .key_schema(key_element("pk", KeyType::Hash))
            .key_schema(key_element("sk", KeyType::Range))
            .global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name("byStatus")
                    .key_schema(key_element("status", KeyType::Hash))
                    .key_schema(key_element("sk", KeyType::Range))
                    .projection(
                        Projection::builder()
                            .projection_type(ProjectionType::All)
                            .build(),
                    )
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .expect("create table");
    });
    let mut items: Vec<Item> = (0..1200)
        .map(|i| {
            HashMap::from([
                ("pk".to_string(), s("user#1")),
                ("sk".to_string(), n(&i.to_string())),
                (
                    "status".to_string(),
                    s(if i % 2 == 0 { "open" } else { "closed" }),
                ),
                // 38 digits: an exact number, never a float.
                (
                    "big".to_string(),
                    n("12345678901234567890123456789012345678"),
                ),
                ("pad".to_string(), s(&"x".repeat(1000))),
            ])
        })
        .collect();
    items.extend((0..3).map(|i| {
        HashMap::from([
            ("pk".to_string(), s("user#2")),
            ("sk".to_string(), n(&i.to_string())),
            ("status".to_string(), s("open")),
        ])
    }));
    put_items(&name, items);
    name
}

fn sks(stdout: &[u8]) -> Vec<i64> {
    lines(stdout)
        .iter()
        .map(|item| item["sk"].as_i64().expect("sk"))
        .collect()
}

/// `table get` reads one item by its whole key, typed from the key schema; a missing item exits
/// 1 and says so; a wrong type, a missing part or a non-key attribute exits 2.
#[test]
fn get_reads_one_item_by_its_typed_key() {
    let table = composite_table();
    let endpoint = &moto().endpoint;
    for given in ["sk=7", "sk=\"7\""] {
        let out = exits(
            iops_at(endpoint).args(["table", "get", &table, "pk=user#1", given, "-o", "ndjson"]),
            0,
        );
        let items = lines(&out.stdout);
        assert_eq!(items.len(), 1, "{given}");
        assert_eq!(items[0]["sk"], 7);
        assert!(
            String::from_utf8_lossy(&out.stdout)
                .contains(r#""big":12345678901234567890123456789012345678"#),
            "every digit, a JSON number"
        );
        assert!(out.stderr.contains("GetItem on table"), "{}", out.stderr);
    }
    let out = exits(
        iops_at(endpoint).args(["table", "get", &table, "pk=user#1", "sk=5000"]),
        1,
    );
    assert!(out.stderr.contains("no item in table"), "{}", out.stderr);
    for (args, expected) in [
        (vec!["pk=user#1", "sk=seven"], "sk is a number (N)"),
        (vec!["pk=user#1"], "sk missing"),
        (
            vec!["pk=user#1", "sk=1", "status=open"],
            "status is not a key",
        ),
    ] {
        let mut command = iops_at(endpoint);
        command.args(["table", "get", &table]).args(&args);
        let out = exits(&mut command, 2);
        assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    }
}

/// `table query`: one partition in sort-key order over every page, sort-key conditions,
/// `--desc`/`--limit`, `--where` as the filter, an index by its own key, `--explain` without
/// reading, and a condition that is not a key read refused unless `--scan`.
#[test]
fn query_reads_a_partition_by_its_key_condition() {
    let table = composite_table();
    let endpoint = &moto().endpoint;
    let query = |args: &[&str], code: i32| {
        let mut command = iops_at(endpoint);
        command
            .args(["table", "query", &table, "-o", "ndjson"])
            .args(args);
        exits(&mut command, code)
    };
    let all = query(&["--key", "pk = \"user#1\""], 0);
    assert_eq!(
        sks(&all.stdout),
        (0..1200).collect::<Vec<_>>(),
        "every item once, in order"
    );
    assert!(all.stderr.contains("1200 items, 2 pages"), "{}", all.stderr);
    let range = query(&["--key", "pk = \"user#1\" and sk between 10 and 19"], 0);
    assert_eq!(sks(&range.stdout), (10..20).collect::<Vec<_>>());
    let last = query(
        &[
            "--key",
            "pk = 'user#1' and sk >= 100",
            "--desc",
            "--limit",
            "3",
        ],
        0,
    );
    assert_eq!(sks(&last.stdout), vec![1199, 1198, 1197]);
    let open = query(
        &[
            "--key",
            "pk = \"user#1\" and sk < 10",
            "--where",
            "status = \"open\"",
            "--fields",
            "sk,status",
        ],
        0,
    );
    assert_eq!(sks(&open.stdout), vec![0, 2, 4, 6, 8]);
    assert_eq!(
        lines(&open.stdout)[0].as_object().unwrap().len(),
        2,
        "--fields"
    );
    let indexed = query(
        &[
            "--index",
            "byStatus",
            "--key",
            "status = \"open\" and sk < 3",
        ],
        0,
    );
    let mut found = sks(&indexed.stdout);
    found.sort();
    assert_eq!(
        found,
        vec![0, 0, 1, 2, 2],
        "user#1's 0 and 2, user#2's 0, 1, 2"
    );
    let whole = query(&["--key", "pk = \"user#2\" and sk = 1"], 0);
    assert_eq!(sks(&whole.stdout), vec![1]);
    assert!(
        whole.stderr.contains("GetItem"),
        "a whole key is one GetItem: {}",
        whole.stderr
    );

    let explained = query(
        &[
            "--key",
            "pk = \"user#1\" and begins_with(sk, 1)",
            "--explain",
        ],
        2,
    );
    assert!(
        explained.stderr.contains("sk is"),
        "begins_with on a number: {}",
        explained.stderr
    );
    let explained = query(&["--key", "pk = \"user#1\" and sk > 5", "--explain"], 0);
    let text = String::from_utf8_lossy(&explained.stdout);
    assert!(text.contains("operation: Query on table"), "{text}");
    assert!(
        text.contains("KeyConditionExpression: #k0 = :k0 AND #k1 > :k1"),
        "{text}"
    );
    assert!(text.contains(r#"":k1":{"N":"5"}"#), "{text}");
    assert!(!text.contains("\"pad\""), "explain reads nothing: {text}");

    let refused = query(&["--key", "status = \"closed\""], 2);
    assert!(
        refused.stderr.contains("status is not a key")
            && refused
                .stderr
                .contains("--key 'status = \"closed\"' --scan"),
        "{}",
        refused.stderr
    );
    let scanned = query(&["--key", "status = \"closed\" and sk < 6", "--scan"], 0);
    assert_eq!(sks(&scanned.stdout).len(), 3, "1, 3, 5 of user#1");
    let unknown = query(&["--index", "nope", "--key", "pk = \"a\""], 2);
    assert!(
        unknown.stderr.contains("its indexes: byStatus"),
        "{}",
        unknown.stderr
    );
    let wrong = query(&["--key", "pk = \"user#1\" and sk = \"x\""], 2);
    assert!(
        wrong.stderr.contains("sk is a number (N)"),
        "{}",
        wrong.stderr
    );
}

// issue 29: CSV

/// Python's `csv` module, a reader written by others, as the judge of what a CSV holds.
fn python_csv_rows(text: &[u8]) -> Vec<Vec<String>> {
    use std::io::Write;
    let mut python = std::process::Command::new(support::project_dir().join(".venv/bin/python"))
        .args([
            "-c",
            "import csv, io, json, sys\n\
             rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline='')))\n\
             print(json.dumps(rows))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    python.stdin.take().unwrap().write_all(text).unwrap();
    let output = python.wait_with_output().unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Every DynamoDB type through `-o csv` and back: each cell, read by the `csv` crate (and by
/// Python's reader, which must agree), is the plain value; sets are JSON arrays whose elements
/// keep their `;`, `,` and `"`; no line ends with `\r`.
#[test]
fn csv_scan_round_trips_every_cell_of_every_type() {
    let big = "12345678901234567890123456789012345678";
    let table = create_table("csv-round-trip", "pk", None);
    let text = "line one\nline two, \"quoted\"; end";
    let strings = ["e;f", "a,b", "q\"r", "x;y,\"z\"", "plain"];
    put_items(
        &table,
        vec![
            HashMap::from([
                ("pk".to_string(), s("r1")),
                ("s".to_string(), s(text)),
                ("n".to_string(), n(big)),
                (
                    "b".to_string(),
                    AttributeValue::B(Blob::new(vec![0, 255, 10])),
                ),
                ("bool".to_string(), AttributeValue::Bool(true)),
                ("nul".to_string(), AttributeValue::Null(true)),
                (
                    "ss".to_string(),
                    AttributeValue::Ss(strings.iter().map(|s| s.to_string()).collect()),
                ),
                (
                    "ns".to_string(),
                    AttributeValue::Ns(vec![big.into(), "0.5".into()]),
                ),
                (
                    "bs".to_string(),
                    AttributeValue::Bs(vec![Blob::new(vec![1, 2]), Blob::new(vec![255])]),
                ),
                (
                    "l".to_string(),
                    AttributeValue::L(vec![n("1"), s("two;three")]),
                ),
                (
                    "m".to_string(),
                    AttributeValue::M(HashMap::from([
                        ("inner".to_string(), n(big)),
                        ("s".to_string(), s("x,y")),
                    ])),
                ),
            ]),
            HashMap::from([("pk".to_string(), s("r2")), ("s".to_string(), s("second"))]),
        ],
    );
    let scanned = exits(
        iops_at(&moto().endpoint).args(["table", "scan", &table, "-o", "csv"]),
        0,
    );
    assert!(
        !scanned.stdout.contains(&b'\r'),
        "no \\r anywhere (none in the data): {}",
        String::from_utf8_lossy(&scanned.stdout)
    );
    assert!(scanned.stdout.ends_with(b"\n"));

    let mut reader = csv::Reader::from_reader(scanned.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "b", "bool", "bs", "l", "m", "n", "ns", "nul", "pk", "s", "ss"
        ]
    );
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let mut judged = python_csv_rows(&scanned.stdout);
    assert_eq!(judged.remove(0), header);
    assert_eq!(judged, records, "Python's csv reader reads the same cells");

    let rows: HashMap<&str, HashMap<&str, &str>> = records
        .iter()
        .map(|row| {
            let cells: HashMap<&str, &str> = header
                .iter()
                .map(String::as_str)
                .zip(row.iter().map(String::as_str))
                .collect();
            (cells["pk"], cells)
        })
        .collect();
    assert_eq!(rows.len(), 2);
    let r1 = &rows["r1"];
    assert_eq!(r1["s"], text, "a line break and quotes inside a cell");
    assert_eq!(r1["n"], big, "38 digits, exact");
    assert_eq!(r1["b"], "AP8K", "binary as base64");
    assert_eq!(r1["bool"], "true");
    assert_eq!(r1["nul"], "", "NULL is an empty cell");
    assert_eq!(r1["l"], r#"[1,"two;three"]"#);
    assert_eq!(r1["m"], format!(r#"{{"inner":{big},"s":"x,y"}}"#));
    // Sets come back in DynamoDB's order: compared as sets.
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let ss: Vec<String> = serde_json::from_str(r1["ss"]).expect("SS cell is a JSON array");
    assert_eq!(
        sorted(ss),
        sorted(strings.iter().map(|s| s.to_string()).collect())
    );
    let ns: Vec<&serde_json::value::RawValue> =
        serde_json::from_str(r1["ns"]).expect("NS cell is a JSON array");
    assert_eq!(
        sorted(ns.iter().map(|n| n.get().to_string()).collect()),
        sorted(vec![big.to_string(), "0.5".to_string()]),
        "numbers, every digit: {}",
        r1["ns"]
    );
    let bs: Vec<String> = serde_json::from_str(r1["bs"]).expect("BS cell is a JSON array");
    assert_eq!(sorted(bs), sorted(vec!["AQI=".into(), "/w==".into()]));
    let r2 = &rows["r2"];
    assert_eq!(r2["s"], "second");
    assert!(
        ["b", "bool", "bs", "l", "m", "n", "ns", "nul", "ss"]
            .iter()
            .all(|c| r2[c].is_empty()),
        "a missing attribute is an empty cell: {r2:?}"
    );
}

/// `iops table scan T -o csv | head -c 4096`: the rows still stream through the csv writer to a
/// pipe that closes, and a closed pipe is a normal end.
#[test]
fn csv_scan_into_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let table = create_table("csv-pipe", "pk", None);
    put_items(
        &table,
        (0..400)
            .map(|i| {
                HashMap::from([
                    ("pk".to_string(), s(&format!("row-{i:04}"))),
                    ("pad".to_string(), s(&"p,\"q\"\n".repeat(200))),
                ])
            })
            .collect(),
    );
    let mut child = support::iops_process()
        .env("AWS_ENDPOINT_URL", &moto().endpoint)
        .args(["table", "scan", &table, "-o", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 4096];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    assert!(first.starts_with(b"pad,pk\n\""), "{:?}", &first[..20]);
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("error") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

// issue 29: connections and metrics

fn metrics_items(types: &[(&str, &str)]) -> Vec<Item> {
    types
        .iter()
        .map(|(id, kind)| {
            HashMap::from([
                ("entity_id".to_string(), s(id)),
                ("entity_type".to_string(), s(kind)),
                ("sessions_30d".to_string(), n("1")),
                ("avg_rating".to_string(), n("4.5")),
                ("health_score".to_string(), n("90")),
            ])
        })
        .collect()
}

/// The type is compared exactly: a value, not text spliced into the expression.
#[test]
fn metrics_entity_type_is_compared_exactly() {
    let table = create_table("metrics-types", "entity_id", None);
    put_items(
        &table,
        metrics_items(&[
            ("odd-1", "we\"ird"),
            ("plain-1", "weird"),
            ("stream-1", "stream"),
        ]),
    );
    let odd = exits(
        iops_at(&moto().endpoint).args([
            "metrics",
            "--table",
            &table,
            "--entity-type",
            "we\"ird",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let found = lines(&odd.stdout);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["entity_id"], "odd-1");
}

/// A type that matches nothing in a table with items is named as the filter's doing, not blamed
/// on the processor.
#[test]
fn metrics_entity_type_matching_nothing_says_so() {
    let table = create_table("metrics-typo", "entity_id", None);
    put_items(
        &table,
        metrics_items(&[
            ("plain-1", "weird"),
            ("stream-1", "stream"),
            ("tutor-1", "tutor"),
        ]),
    );
    let typo = exits(
        iops_at(&moto().endpoint).args([
            "metrics",
            "--table",
            &table,
            "--entity-type",
            "TYPO",
            "--check",
        ]),
        1,
    );
    assert!(
        typo.stderr
            .contains("--entity-type \"TYPO\" matched none of the 3 items in table"),
        "{}",
        typo.stderr
    );
    assert!(!typo.stderr.contains("processor"), "{}", typo.stderr);
    let unchecked = exits(
        iops_at(&moto().endpoint).args(["metrics", "--table", &table, "--entity-type", "TYPO"]),
        0,
    );
    assert!(
        unchecked.stderr.contains("matched none of the 3 items"),
        "{}",
        unchecked.stderr
    );
}

/// 200 DynamoDB numbers (38 digits, exponents −130…+125, both signs, `1E+30`, `-0.000`,
/// `00012.50`, ties written differently), seeded, not random.
fn dynamodb_numbers() -> Vec<String> {
    let mut numbers: Vec<String> = [
        "1E+30",
        "1E-130",
        "-1E-130",
        "-0.000",
        "0",
        "00012.50",
        "12.5",
        "1.25E+1",
        "99999999999999999999999999999999999999",
        "12345678901234567890123456789012345678",
        "12345678901234567890123456789012345677",
        "9.9999999999999999999999999999999999999E+125",
        "-9.9999999999999999999999999999999999999E+125",
        "0.10000000000000000000000000000000000001",
        "0.1",
        "1E+29",
        "10",
        "1e1",
        "0010.000",
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |below: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % below
    };
    while numbers.len() < 200 {
        let sign = if next(2) == 0 { "-" } else { "" };
        let length = 1 + next(38) as usize;
        // Significant digits: the first non-zero.
        let digits: String = (0..length)
            .map(|i| char::from(b'0' + if i == 0 { 1 + next(9) } else { next(10) } as u8))
            .collect();
        // The first digit at 10^scientific: −130…+125, or near 0 for ties and plain forms.
        let scientific = if next(3) == 0 {
            next(7) as i64 - 3
        } else {
            next(256) as i64 - 130
        };
        let e = scientific - length as i64 + 1;
        let text = match next(3) {
            0 => format!("{sign}{digits}E{e:+}"),
            1 if (0..=40).contains(&e) => format!("{sign}00{digits}{}", "0".repeat(e as usize)),
            1 if (-40..0).contains(&e) => {
                let point = length as i64 + e;
                if point > 0 {
                    let (whole, fraction) = digits.split_at(point as usize);
                    format!("{sign}{whole}.{fraction}00")
                } else {
                    format!("{sign}0.{}{digits}", "0".repeat((-point) as usize))
                }
            }
            _ => format!("{sign}{}.{}e{scientific}", &digits[..1], &digits[1..]),
        };
        numbers.push(text);
    }
    numbers
}

/// `--sort` orders exactly as Python's `decimal.Decimal` does, on numbers rust_decimal cannot
/// hold; items without the metric last, ties by entity id.
#[test]
fn metrics_sort_orders_every_dynamodb_number_as_python_decimal_does() {
    let table = create_table("metrics-sort", "entity_id", None);
    let numbers = dynamodb_numbers();
    let mut rows: Vec<(String, Option<String>)> = numbers
        .iter()
        .enumerate()
        .map(|(i, text)| (format!("e{i:03}"), Some(text.clone())))
        .collect();
    rows.extend((0..3).map(|i| (format!("m{i}"), None)));
    put_items(
        &table,
        rows.iter()
            .map(|(id, score)| {
                let mut item = HashMap::from([("entity_id".to_string(), s(id))]);
                if let Some(score) = score {
                    item.insert("health_score".to_string(), n(score));
                }
                item
            })
            .collect(),
    );
    let sorted = exits(
        iops_at(&moto().endpoint).args([
            "metrics",
            "--table",
            &table,
            "--sort",
            "health_score",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let ours: Vec<String> = lines(&sorted.stdout)
        .iter()
        .map(|r| r["entity_id"].as_str().unwrap().to_string())
        .collect();

    let script = r#"
import decimal, json, sys
rows = sorted(json.load(sys.stdin), key=lambda r: r[0])
present = [r for r in rows if r[1] is not None]
# Comparisons between Decimals are exact whatever the context's precision; the sort is stable,
# so ties keep the entity id order.
present.sort(key=lambda r: decimal.Decimal(r[1]), reverse=True)
print(json.dumps([r[0] for r in present + [r for r in rows if r[1] is None]]))
"#;
    let mut python = std::process::Command::new(support::project_dir().join(".venv/bin/python"))
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    std::io::Write::write_all(
        &mut python.stdin.take().unwrap(),
        serde_json::to_string(&rows).unwrap().as_bytes(),
    )
    .unwrap();
    let output = python.wait_with_output().unwrap();
    assert!(output.status.success());
    let reference: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(reference.len(), 203);
    let text = |id: &str| {
        rows.iter()
            .find(|(i, _)| i == id)
            .and_then(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    for (at, (mine, theirs)) in ours.iter().zip(&reference).enumerate() {
        assert_eq!(
            mine,
            theirs,
            "position {at}: iops has {mine} ({}), Decimal has {theirs} ({})",
            text(mine),
            text(theirs)
        );
    }
    assert_eq!(ours.len(), reference.len());
}

/// A pay-per-request table keyed by `key` (partition, then sort if given), with any names and
/// types.
fn keyed_table(
    prefix: &str,
    key: &[(&str, aws_sdk_dynamodb::types::ScalarAttributeType)],
) -> String {
    use aws_sdk_dynamodb::types::{BillingMode, KeyType};
    let table = support::unique(prefix);
    runtime().block_on(async {
        let mut create = client()
            .create_table()
            .table_name(&table)
            .billing_mode(BillingMode::PayPerRequest);
        for (i, (name, kind)) in key.iter().enumerate() {
            let role = if i == 0 {
                KeyType::Hash
            } else {
                KeyType::Range
            };
            create = create
                .attribute_definitions(definition(name, kind.clone()))
                .key_schema(key_element(name, role));
        }
        create.send().await.expect("create table");
    });
    table
}

fn connection_ids(stdout: &[u8]) -> Vec<String> {
    let mut ids: Vec<String> = lines(stdout)
        .iter()
        .map(|r| r["connection_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

/// `show` types the id from the key schema: 42 on a number key is the number 42, and a binary
/// id is the base64 `list` shows.
#[test]
fn show_finds_number_and_binary_ids_as_list_shows_them() {
    use aws_sdk_dynamodb::types::ScalarAttributeType;
    let numbers = keyed_table("number-ids", &[("connectionId", ScalarAttributeType::N)]);
    put_items(
        &numbers,
        ["42", "7"]
            .iter()
            .map(|id| HashMap::from([("connectionId".to_string(), n(id))]))
            .collect(),
    );
    let connections = |table: &str, args: &[&str], code: i32| {
        exits(
            iops_at(&moto().endpoint)
                .args(["connections", "--table", table])
                .args(args),
            code,
        )
    };
    let list = connections(&numbers, &["list", "-o", "ndjson"], 0);
    assert_eq!(connection_ids(&list.stdout), ["42", "7"]);
    let show = connections(&numbers, &["show", "42", "-o", "json"], 0);
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["connection"]["connection_id"], "42");
    let refused = connections(&numbers, &["show", "abc"], 2);
    assert!(
        refused
            .stderr
            .contains("are numbers (connectionId is N in its key schema)"),
        "{}",
        refused.stderr
    );

    let binary = keyed_table("binary-ids", &[("connectionId", ScalarAttributeType::B)]);
    put_items(
        &binary,
        vec![HashMap::from([(
            "connectionId".to_string(),
            AttributeValue::B(Blob::new(b"\x01\x02hi".to_vec())),
        )])],
    );
    let list = connections(&binary, &["list", "-o", "ndjson"], 0);
    assert_eq!(connection_ids(&list.stdout), ["AQJoaQ=="]);
    let show = connections(&binary, &["show", "AQJoaQ==", "-o", "json"], 0);
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["connection"]["connection_id"], "AQJoaQ==");
    let refused = connections(&binary, &["show", "not base64!"], 2);
    assert!(
        refused.stderr.contains("give the id as base64"),
        "{}",
        refused.stderr
    );
}

/// Key names come from the key schema, whatever characters they hold.
#[test]
fn a_key_named_with_a_space_reads_as_the_connection_id() {
    use aws_sdk_dynamodb::types::ScalarAttributeType;
    let table = keyed_table("spaced", &[("conn id", ScalarAttributeType::S)]);
    put_items(
        &table,
        ["a=", "b="]
            .iter()
            .map(|id| HashMap::from([("conn id".to_string(), s(id))]))
            .collect(),
    );
    let list = exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "list", "-o", "ndjson"]),
        0,
    );
    assert_eq!(connection_ids(&list.stdout), ["a=", "b="]);
    let show = exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "show", "b="]),
        0,
    );
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["item"]["conn id"], "b=");
}

/// A per-entity table (entity partition key, connection id sort key): csv and the table show
/// the entity, so one connection's records are told apart.
#[test]
fn list_as_csv_and_table_shows_the_entity_of_per_entity_tables() {
    use aws_sdk_dynamodb::types::ScalarAttributeType;
    let table = keyed_table(
        "per-entity",
        &[
            ("entityId", ScalarAttributeType::S),
            ("connectionId", ScalarAttributeType::S),
        ],
    );
    put_items(
        &table,
        ["stream-001", "stream-002"]
            .iter()
            .map(|entity| {
                HashMap::from([
                    ("entityId".to_string(), s(entity)),
                    ("connectionId".to_string(), s("twice=")),
                ])
            })
            .collect(),
    );
    let list = |format: &str| {
        let out = exits(
            iops_at(&moto().endpoint).args([
                "connections",
                "--table",
                &table,
                "list",
                "-o",
                format,
            ]),
            0,
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = list("csv");
    let mut rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("connection_id,entity,"), "{csv}");
    rows[1..].sort();
    assert!(
        rows[1].starts_with("twice=,stream-001,") && rows[2].starts_with("twice=,stream-002,"),
        "{csv}"
    );
    let shown = list("table");
    assert!(
        shown.contains("entity") && shown.contains("stream-001") && shown.contains("stream-002"),
        "{shown}"
    );
    // A table keyed by the connection id alone keeps the column, empty.
    let single = create_table("single", "connectionId", None);
    put_items(
        &single,
        vec![HashMap::from([("connectionId".to_string(), s("one="))])],
    );
    let csv = exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &single, "list", "-o", "csv"]),
        0,
    );
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.lines().nth(1).unwrap().starts_with("one=,,"), "{csv}");
}

// issue 29: keys

/// A pay-per-request table keyed by two strings (`hash`, `range`), or a string and a number
/// (`range_number`), with a local index `byNote` (hash, `note`) and a global one `global`
/// (`note`), so consistent reads can be tried on both kinds.
fn keys_table(hash: &str, range: &str, range_number: bool) -> String {
    use aws_sdk_dynamodb::types::{
        BillingMode, GlobalSecondaryIndex, KeyType, LocalSecondaryIndex, Projection,
        ProjectionType, ScalarAttributeType,
    };
    let name = support::unique("keys");
    let all = || {
        Projection::builder()
            .projection_type(ProjectionType::All)
            .build()
    };
    let range_kind = if range_number {
        ScalarAttributeType::N
    } else {
        ScalarAttributeType::S
    };
    runtime().block_on(async {
        client()
            .create_table()
            .table_name(&name)
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(definition(hash, ScalarAttributeType::S))
            .attribute_definitions(definition(range, range_kind))
            .attribute_definitions(definition("note", ScalarAttributeType::S))
            .key_schema(key_element(hash, KeyType::Hash))
            .key_schema(key_element(range, KeyType::Range))
            .local_secondary_indexes(
                LocalSecondaryIndex::builder()
                    .index_name("byNote")
                    .key_schema(key_element(hash, KeyType::Hash))
                    .key_schema(key_element("note", KeyType::Range))
                    .projection(all())
                    .build()
                    .unwrap(),
            )
            .global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name("global")
                    .key_schema(key_element("note", KeyType::Hash))
                    .projection(all())
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .expect("create table");
    });
    name
}

/// The operation and JSON body of each request a [`recording_proxy`] forwarded.
type Requests = std::sync::Arc<std::sync::Mutex<Vec<(String, Value)>>>;

/// A proxy in front of moto that keeps the JSON body of every DynamoDB request, by operation.
fn recording_proxy() -> (support::http::Server, Requests) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = seen.clone();
    let upstream = moto().endpoint.clone();
    let server = support::http::serve(move |request| {
        let operation = request
            .header("x-amz-target")
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or_default()
            .to_string();
        let body = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        kept.lock().unwrap().push((operation, body));
        support::http::forward(&upstream, &request)
    });
    (server, seen)
}

/// Defect 6: `table get T pk=p#1 'sk= lead'` reads the item whose sort key is " lead" (leading
/// space), not "lead": everything after the first `=` is the value.
#[test]
fn get_takes_the_value_after_the_first_equals_exactly() {
    let table = keys_table("pk", "sk", false);
    let item = |sk: &str, which: &str| {
        HashMap::from([
            ("pk".to_string(), s("p#1")),
            ("sk".to_string(), s(sk)),
            ("which".to_string(), s(which)),
        ])
    };
    put_items(
        &table,
        vec![
            item(" lead", "leading space"),
            item("lead", "no space"),
            item("a=b ", "equals and trailing space"),
        ],
    );
    let endpoint = &moto().endpoint;
    for (given, which) in [
        ("sk= lead", "leading space"),
        ("sk=\" lead\"", "leading space"),
        ("sk=lead", "no space"),
        ("sk=a=b ", "equals and trailing space"),
    ] {
        let out = exits(
            iops_at(endpoint).args(["table", "get", &table, "pk=p#1", given, "-o", "ndjson"]),
            0,
        );
        let items = lines(&out.stdout);
        assert_eq!(items.len(), 1, "{given}");
        assert_eq!(items[0]["which"], which, "{given}");
    }
    let out = exits(
        iops_at(endpoint).args(["table", "get", &table, "pk=p#1", "sk=lead "]),
        1,
    );
    assert!(out.stderr.contains("no item in table"), "{}", out.stderr);
}

/// Defect 9: key attributes named `user id` and `#pk`, and a value holding both quotes, read by
/// `table get` and `table query`; every name reaches DynamoDB through ExpressionAttributeNames.
#[test]
fn keys_with_any_name_and_value_are_read_by_get_and_query() {
    let table = keys_table("user id", "#pk", true);
    let user = r#"u "1" it's"#;
    put_items(
        &table,
        (1..=5)
            .map(|i| {
                HashMap::from([
                    ("user id".to_string(), s(user)),
                    ("#pk".to_string(), n(&i.to_string())),
                    ("note".to_string(), s(&format!("n{i}"))),
                ])
            })
            .collect(),
    );
    let (proxy, seen) = recording_proxy();
    let pk_of = |stdout: &[u8]| -> Vec<i64> {
        lines(stdout)
            .iter()
            .map(|item| {
                assert_eq!(item["user id"], user, "{item}");
                item["#pk"].as_i64().expect("#pk")
            })
            .collect()
    };
    for given in [
        format!("user id={user}"),
        r#"user id="u \"1\" it's""#.to_string(),
        r#"`user id`='u "1" it\'s'"#.to_string(),
    ] {
        let out = exits(
            iops_at(&proxy.endpoint)
                .args(["table", "get", &table, &given, "#pk=3", "-o", "ndjson"]),
            0,
        );
        assert_eq!(pk_of(&out.stdout), vec![3], "{given}");
    }
    let out = exits(
        iops_at(&proxy.endpoint).args([
            "table",
            "query",
            &table,
            "--key",
            r#"`user id` = "u \"1\" it's" and `#pk` between 2 and 4"#,
            "-o",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(pk_of(&out.stdout), vec![2, 3, 4]);
    let out = exits(
        iops_at(&proxy.endpoint).args([
            "table",
            "query",
            &table,
            "--key",
            r#"`user id` = 'u "1" it\'s'"#,
            "--desc",
            "--fields",
            "user id,#pk",
            "-o",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(pk_of(&out.stdout), vec![5, 4, 3, 2, 1]);

    let seen = seen.lock().unwrap();
    let queries: Vec<&Value> = seen
        .iter()
        .filter(|(operation, _)| operation == "Query")
        .map(|(_, body)| body)
        .collect();
    assert_eq!(queries.len(), 2, "{seen:?}");
    for body in queries {
        let expression = body["KeyConditionExpression"].as_str().unwrap();
        assert!(
            !expression.contains("user id") && !expression.contains("#pk"),
            "names only as placeholders: {body}"
        );
        let names: Vec<&str> = body["ExpressionAttributeNames"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"user id") && names.contains(&"#pk"),
            "{body}"
        );
        assert_eq!(
            body["ExpressionAttributeValues"][":k0"]["S"], user,
            "the value with both quotes, unescaped: {body}"
        );
    }
    let gets = seen.iter().filter(|(op, _)| op == "GetItem").count();
    assert_eq!(gets, 3, "each table get is one GetItem");
}

/// Defect 10: an empty key value exits 2 before any read (moto, like DynamoDB, answers it with a
/// ValidationException, which was exit 3).
#[test]
fn empty_key_values_exit_2_before_any_read() {
    let table = keys_table("pk", "sk", false);
    let (proxy, seen) = recording_proxy();
    let cases: &[&[&str]] = &[
        &["get", &table, "pk=", "sk=x"],
        &["get", &table, "pk=a", "sk=\"\""],
        &["query", &table, "--key", "pk = \"\""],
        &["query", &table, "--key", "pk = 'a' and sk = ''"],
        &[
            "query",
            &table,
            "--key",
            "pk = 'a' and begins_with(sk, \"\")",
        ],
    ];
    for args in cases {
        let out = exits(iops_at(&proxy.endpoint).arg("table").args(*args), 2);
        assert!(
            out.stderr.contains("has an empty value"),
            "{args:?}: {}",
            out.stderr
        );
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "refused before any AWS call: {:?}",
        seen.lock().unwrap()
    );
}

/// Extras: `--consistent-read` on a global index is refused (exit 2) before the read, and allowed
/// on a local index; `between` with reversed bounds is refused rather than answered with nothing.
#[test]
fn consistent_reads_of_a_global_index_and_reversed_bounds_exit_2() {
    let table = keys_table("pk", "sk", true);
    put_items(
        &table,
        (0..3)
            .map(|i| {
                HashMap::from([
                    ("pk".to_string(), s("a")),
                    ("sk".to_string(), n(&i.to_string())),
                    ("note".to_string(), s(&format!("n{i}"))),
                ])
            })
            .collect(),
    );
    let (proxy, seen) = recording_proxy();
    let query = |args: &[&str], code: i32| {
        let mut command = iops_at(&proxy.endpoint);
        command
            .args(["table", "query", &table, "-o", "ndjson"])
            .args(args);
        exits(&mut command, code)
    };
    let refused = query(
        &[
            "--index",
            "global",
            "--key",
            "note = 'n1'",
            "--consistent-read",
        ],
        2,
    );
    assert!(
        refused
            .stderr
            .contains("global is a global secondary index"),
        "{}",
        refused.stderr
    );
    let local = query(
        &[
            "--index",
            "byNote",
            "--key",
            "pk = 'a' and note >= 'n1'",
            "--consistent-read",
        ],
        0,
    );
    assert_eq!(sks(&local.stdout), vec![1, 2]);
    // The scan refuses the same pair itself, before reading.
    let scan = exits(
        iops_at(&proxy.endpoint).args([
            "table",
            "scan",
            &table,
            "--index",
            "global",
            "--consistent-read",
        ]),
        2,
    );
    assert!(
        scan.stderr.contains("global is a global secondary index"),
        "{}",
        scan.stderr
    );
    let reversed = query(&["--key", "pk = 'a' and sk between 2 and 1"], 2);
    assert!(
        reversed.stderr.contains("lower bound is above")
            && reversed.stderr.contains("sk between 1 and 2"),
        "{}",
        reversed.stderr
    );
    let reads: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|(operation, _)| operation.clone())
        .filter(|operation| operation != "DescribeTable")
        .collect();
    assert_eq!(reads, vec!["Query"], "only the local index was read");
}

// issue 29: found by a new user's try

/// `connections show` printed the item's numbers through an f64 (`1.2345678901234568e+37`); the
/// item is printed with every digit DynamoDB holds, as `table get` prints it. An empty id is a
/// usage error before any read.
#[test]
fn connections_show_prints_the_item_exactly() {
    use aws_sdk_dynamodb::types::ScalarAttributeType;
    let table = keyed_table("exact-show", &[("connectionId", ScalarAttributeType::N)]);
    let id = "12345678901234567890123456789012345678";
    put_items(
        &table,
        vec![HashMap::from([
            ("connectionId".to_string(), n(id)),
            ("tiny".to_string(), n("1E-130")),
            (
                "big".to_string(),
                n("98765432109876543210987654321098765432"),
            ),
        ])],
    );
    for format in ["json", "ndjson"] {
        let out = exits(
            iops_at(&moto().endpoint).args([
                "connections",
                "--table",
                &table,
                "show",
                id,
                "-o",
                format,
            ]),
            0,
        );
        let text = String::from_utf8_lossy(&out.stdout);
        for exact in [
            format!("\"connectionId\":{id}"),
            "\"tiny\":1E-130".to_string(),
            "\"big\":98765432109876543210987654321098765432".to_string(),
        ] {
            assert!(text.contains(&exact), "{format}: {exact} in {text}");
        }
    }
    exits(
        iops_at(&moto().endpoint).args(["connections", "--table", &table, "show", ""]),
        2,
    );
}

/// `--where` takes the backtick names `--key` takes (`user id`, `#g`, `1st`), so the scan the
/// refusal of a non-key condition points at can be written; a number key value is exact too
/// (`' 1'` is not a number).
#[test]
fn where_conditions_name_any_attribute_in_backticks() {
    let table = keys_table("user id", "#pk", true);
    put_items(
        &table,
        (1..=4)
            .map(|i| {
                HashMap::from([
                    (
                        "user id".to_string(),
                        s(if i % 2 == 0 { " lead" } else { "x" }),
                    ),
                    ("#pk".to_string(), n(&i.to_string())),
                    ("1st".to_string(), n(&(i * 10).to_string())),
                ])
            })
            .collect(),
    );
    let out = exits(
        iops_at(&moto().endpoint).args([
            "table",
            "scan",
            &table,
            "--where",
            "`user id` = \" lead\"",
            "--where",
            "`1st` > 20",
            "-o",
            "ndjson",
        ]),
        0,
    );
    let found = lines(&out.stdout);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["#pk"], 4);
    let functions = exits(
        iops_at(&moto().endpoint).args([
            "table",
            "scan",
            &table,
            "--where",
            "begins_with(`user id`, \" l\")",
            "--count",
            "--output",
            "ndjson",
        ]),
        0,
    );
    assert_eq!(lines(&functions.stdout)[0]["count"], 2);
    // A non-key condition is refused with a command that reads it anyway: run as printed.
    let refused = exits(
        iops_at(&moto().endpoint).args(["table", "query", &table, "--key", "`1st` >= 30"]),
        2,
    );
    let hint = refused
        .stderr
        .lines()
        .find_map(|l| {
            l.split_once(": iops ")
                .map(|(_, command)| command.to_string())
        })
        .unwrap_or_else(|| panic!("a command in {}", refused.stderr));
    let base = support::iops_process();
    let mut shell = std::process::Command::new("sh");
    for (key, value) in base.get_envs() {
        match value {
            Some(value) => shell.env(key, value),
            None => shell.env_remove(key),
        };
    }
    let ran = shell
        .env("AWS_ENDPOINT_URL", &moto().endpoint)
        .env("IOPS", base.get_program())
        .arg("-c")
        .arg(format!("\"$IOPS\" {hint} -o ndjson"))
        .output()
        .unwrap();
    assert_eq!(
        ran.status.code(),
        Some(0),
        "{hint}: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert_eq!(lines(&ran.stdout).len(), 2, "{hint}");
    let spaced = exits(
        iops_at(&moto().endpoint).args(["table", "get", &table, "user id=x", "#pk= 1"]),
        2,
    );
    assert!(spaced.stderr.contains("no spaces"), "{}", spaced.stderr);
}
