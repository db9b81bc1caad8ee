//! One connections-table item read as a connection: its age, expiry and whether it is live.

use aws_sdk_dynamodb::types::AttributeValue;
use jiff::Timestamp;
use serde::Serialize;

use super::schema::{CONNECTED_AT_NAMES, SOURCE_IP_NAMES, Schema, USER_AGENT_NAMES, key_text};
use crate::output::{Record, cell};
use crate::table::values::{self, Item};
use crate::timespec;

#[derive(Debug, Clone, Serialize)]
pub struct ConnectionRecord {
    pub connection_id: String,
    /// The other key attribute of a per-entity table (keyed by an entity, with the connection
    /// id as sort key): one connection has a record per entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub connected_at: Option<String>,
    pub age: Option<String>,
    pub source_ip: Option<String>,
    pub user_agent: Option<String>,
    pub expires_at: Option<String>,
    pub expires_in: Option<String>,
    pub status: &'static str,
}

impl Record for ConnectionRecord {
    fn headers() -> &'static [&'static str] {
        // The entity column is there for every table, empty when the table keys on the connection
        // id alone: csv keeps one set of columns whichever table it reads, and on a per-entity
        // table the records of one connection are told apart.
        &[
            "connection_id",
            "entity",
            "connected_at",
            "age",
            "source_ip",
            "user_agent",
            "expires_in",
            "status",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.connection_id.clone(),
            cell(&self.entity),
            cell(&self.connected_at),
            cell(&self.age),
            cell(&self.source_ip),
            cell(&self.user_agent),
            cell(&self.expires_in),
            self.status.to_string(),
        ]
    }
}

fn first<'a>(item: &'a Item, names: &[&str]) -> Option<&'a AttributeValue> {
    names.iter().find_map(|n| item.get(*n))
}

fn number(value: Option<&AttributeValue>) -> Option<f64> {
    match value {
        Some(AttributeValue::N(n)) | Some(AttributeValue::S(n)) => n.parse().ok(),
        _ => None,
    }
}

/// Epoch seconds or milliseconds, whichever the table stores (TTL must be seconds; handlers often
/// write `Date.now()` milliseconds for connectedAt).
fn epoch_ms(value: f64) -> i64 {
    if value > 1e11 {
        value as i64
    } else {
        (value * 1000.0) as i64
    }
}

/// `3d 4h`, `5m 2s`: the two largest units.
fn human(ms: i64) -> String {
    let secs = ms.unsigned_abs() / 1000;
    let parts = [
        (secs / 86_400, "d"),
        (secs / 3600 % 24, "h"),
        (secs / 60 % 60, "m"),
        (secs % 60, "s"),
    ];
    let shown: Vec<String> = parts
        .iter()
        .skip_while(|(n, _)| *n == 0)
        .take(2)
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if shown.is_empty() {
        "0s".into()
    } else {
        shown.join(" ")
    }
}

pub(super) struct Parsed {
    pub record: ConnectionRecord,
    pub connected_at_ms: Option<i64>,
    pub expired: bool,
}

pub(super) fn parse(schema: &Schema, item: &Item, now_ms: i64) -> Parsed {
    let connected_at_ms = match first(item, &CONNECTED_AT_NAMES) {
        Some(AttributeValue::N(text) | AttributeValue::S(text)) => {
            timespec::parse_stored_time(text).map(|t| t.as_millisecond())
        }
        _ => None,
    };
    let expires_ms = schema
        .ttl
        .as_ref()
        .and_then(|t| number(item.get(t)))
        .map(epoch_ms);
    let expired = expires_ms.is_some_and(|e| e <= now_ms);
    let iso = |ms: i64| {
        Timestamp::from_millisecond(ms)
            .ok()
            .map(timespec::format_millis)
    };
    let entity = schema
        .key
        .iter()
        .find(|k| **k != schema.id)
        .and_then(|k| key_text(item.get(k)));
    let record = ConnectionRecord {
        connection_id: schema.id_of(item),
        entity,
        connected_at: connected_at_ms.and_then(iso),
        age: connected_at_ms.map(|at| human(now_ms - at)),
        source_ip: first(item, &SOURCE_IP_NAMES).map(|v| values::cell(Some(&v.into()))),
        user_agent: first(item, &USER_AGENT_NAMES).map(|v| values::cell(Some(&v.into()))),
        expires_at: expires_ms.and_then(iso),
        expires_in: expires_ms.map(|e| {
            if e > now_ms {
                human(e - now_ms)
            } else {
                format!("expired {} ago", human(now_ms - e))
            }
        }),
        status: if expired { "expired" } else { "live" },
    };
    Parsed {
        record,
        connected_at_ms,
        expired,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn schema() -> Schema {
        Schema {
            table: "t".into(),
            key: vec!["connectionId".into()],
            id: "connectionId".into(),
            id_type: Some(aws_sdk_dynamodb::types::ScalarAttributeType::S),
            ttl: Some("ttl".into()),
            arn: String::new(),
        }
    }

    fn item(fields: &[(&str, AttributeValue)]) -> Item {
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<HashMap<_, _>>()
    }

    #[test]
    fn seed_schema_with_milliseconds_and_ttl_seconds() {
        let now_ms = 1_764_000_000_000;
        let record = parse(
            &schema(),
            &item(&[
                ("connectionId", AttributeValue::S("TiaT7dgNiYcCIog=".into())),
                ("connected", AttributeValue::S("true".into())),
                (
                    "connectedAt",
                    AttributeValue::N((now_ms - 90_000).to_string()),
                ),
                ("sourceIp", AttributeValue::S("10.0.0.1".into())),
                ("userAgent", AttributeValue::S("Mozilla/5.0".into())),
                (
                    "ttl",
                    AttributeValue::N((now_ms / 1000 + 86_400).to_string()),
                ),
            ]),
            now_ms,
        );
        assert!(!record.expired);
        assert_eq!(record.record.age.as_deref(), Some("1m 30s"));
        assert_eq!(record.record.expires_in.as_deref(), Some("1d"));
        assert_eq!(record.record.status, "live");
    }

    #[test]
    fn connected_at_as_iso_text_or_epoch_seconds_or_milliseconds() {
        let now_ms = 1_764_000_000_000;
        let at = |value: AttributeValue| {
            parse(
                &schema(),
                &item(&[
                    ("connectionId", AttributeValue::S("a".into())),
                    ("connectedAt", value),
                ]),
                now_ms,
            )
            .connected_at_ms
        };
        let expected = Some(now_ms - 90_000);
        assert_eq!(
            at(AttributeValue::S("2025-11-24T15:58:30Z".into())),
            expected
        );
        assert_eq!(
            at(AttributeValue::S("2025-11-24T16:58:30.000+01:00".into())),
            expected
        );
        assert_eq!(
            at(AttributeValue::S("2025-11-24T15:58:30".into())),
            expected
        );
        assert_eq!(at(AttributeValue::N("1763999910".into())), expected);
        assert_eq!(at(AttributeValue::N("1763999910000".into())), expected);
        assert_eq!(at(AttributeValue::S("1763999910000".into())), expected);
        assert_eq!(at(AttributeValue::S("yesterday".into())), None);
        assert_eq!(at(AttributeValue::S("10m".into())), None);
    }

    #[test]
    fn past_ttl_is_expired_not_live() {
        let now_ms = 1_764_000_000_000;
        let record = parse(
            &schema(),
            &item(&[
                ("connectionId", AttributeValue::S("a".into())),
                ("ttl", AttributeValue::N((now_ms / 1000 - 7200).to_string())),
            ]),
            now_ms,
        );
        assert!(record.expired);
        assert_eq!(record.record.expires_in.as_deref(), Some("expired 2h ago"));
    }
}
