//! Which attributes of a connections table hold the id, the key and the TTL, found from the key
//! schema, the TTL setting and the names the seeds' handlers use; and the calls that need them.

use std::collections::HashMap;

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, ScalarAttributeType};

use crate::aws;
use crate::error::{Error, Result};
use crate::table::condition::Filter;
use crate::table::key::KeySchema;
use crate::table::number::Number;
use crate::table::values::Item;
use crate::table::{ScanSpec, describe, scan};
use crate::target::{self, Named, One};

/// Which attributes hold what, found from the key schema, the TTL setting and the items.
#[derive(Debug, Clone)]
pub struct Schema {
    pub(super) table: String,
    /// The key attributes, partition key first, exactly as the key schema names them.
    pub(super) key: Vec<String>,
    pub(super) id: String,
    /// The id's type in the key schema; None when the id is not a key attribute.
    pub(super) id_type: Option<ScalarAttributeType>,
    pub(super) ttl: Option<String>,
    /// The table's ARN, as DescribeTable gives it: its account and region.
    pub(super) arn: String,
}

const ID_NAMES: [&str; 3] = ["connectionId", "connection_id", "ConnectionId"];
pub(super) const CONNECTED_AT_NAMES: [&str; 4] =
    ["connectedAt", "connected_at", "createdAt", "timestamp"];
pub(super) const SOURCE_IP_NAMES: [&str; 3] = ["sourceIp", "source_ip", "ip"];
pub(super) const USER_AGENT_NAMES: [&str; 2] = ["userAgent", "user_agent"];

impl Schema {
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The table as the one resource a change (prune, ws send) acts on.
    pub fn target(&self) -> One<Named> {
        target::described_table(&self.arn)
    }

    /// Whether a record can be read by its connection id alone (GetItem).
    pub fn keyed_by_id(&self) -> bool {
        self.key == [self.id.clone()]
    }

    /// The attribute holding the connection id.
    pub fn id_attribute(&self) -> &str {
        &self.id
    }

    /// The attribute DynamoDB's TTL reads (or `ttl`, the seeds' name, when TTL is off).
    pub fn ttl_attribute(&self) -> Option<&str> {
        self.ttl.as_deref()
    }

    /// A record's connection id as `list` shows it and `show` takes it (empty when missing).
    pub fn id_of(&self, item: &Item) -> String {
        key_text(item.get(&self.id)).unwrap_or_default()
    }

    /// `#id = :id` for the id as typed by the user, in the type the key schema gives it: the
    /// id `42` of a number key is the number 42, of a string key the text "42". An id outside
    /// the key matches as text, or as a number when it reads as one.
    pub(super) fn id_filter(&self, id: &str) -> std::result::Result<Filter, String> {
        let number = || {
            Number::parse(id)
                .filter(Number::fits_dynamodb)
                .map(|_| AttributeValue::N(id.trim().to_string()))
        };
        let candidates = match &self.id_type {
            Some(ScalarAttributeType::N) => vec![number().ok_or_else(|| {
                format!(
                    "connection ids in table {} are numbers ({} is N in its key schema); got '{id}'",
                    self.table, self.id
                )
            })?],
            Some(ScalarAttributeType::B) => {
                let bytes = aws_smithy_types::base64::decode(id).map_err(|_| {
                    format!(
                        "connection ids in table {} are binary ({} is B in its key schema): give the id as base64, as `connections list` shows it; got '{id}'",
                        self.table, self.id
                    )
                })?;
                vec![AttributeValue::B(Blob::new(bytes))]
            }
            Some(_) => vec![AttributeValue::S(id.to_string())],
            None => [Some(AttributeValue::S(id.to_string())), number()]
                .into_iter()
                .flatten()
                .collect(),
        };
        let values: HashMap<String, AttributeValue> = candidates
            .into_iter()
            .enumerate()
            .map(|(i, value)| (format!(":id{i}"), value))
            .collect();
        let mut placeholders: Vec<&String> = values.keys().collect();
        placeholders.sort();
        let expression = placeholders
            .iter()
            .map(|p| format!("#id = {p}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        Ok(Filter {
            expression,
            names: HashMap::from([("#id".to_string(), self.id.clone())]),
            values,
        })
    }
}

/// A key attribute as text: a string as is, a number's digits, binary as base64.
pub(super) fn key_text(value: Option<&AttributeValue>) -> Option<String> {
    match value? {
        AttributeValue::S(text) | AttributeValue::N(text) => Some(text.clone()),
        AttributeValue::B(bytes) => Some(aws_smithy_types::base64::encode(bytes.as_ref())),
        _ => None,
    }
}

/// The key attributes by the names and types DescribeTable gives (a name may hold spaces or any
/// character), the TTL attribute DescribeTimeToLive gives.
pub async fn detect(client: &aws_sdk_dynamodb::Client, table: &str) -> Result<Schema> {
    let description = describe::table_description(client, table).await?;
    let key_schema = KeySchema::of(&description, table, None).map_err(Error::usage)?;
    let ttl = describe::time_to_live(client, table).await?;
    let attributes: Vec<_> = std::iter::once(&key_schema.partition)
        .chain(key_schema.sort.as_ref())
        .collect();
    let key: Vec<String> = attributes.iter().map(|a| a.name.clone()).collect();
    let id = id_attribute(&key);
    let id_type = attributes
        .iter()
        .find(|a| a.name == id)
        .map(|a| a.kind.clone());
    let ttl = ttl
        .filter(|t| {
            matches!(
                t.time_to_live_status().map(|s| s.as_str()),
                Some("ENABLED" | "ENABLING")
            )
        })
        .and_then(|t| t.attribute_name().map(str::to_string))
        .or_else(|| Some("ttl".to_string()));
    Ok(Schema {
        table: description.table_name().unwrap_or(table).to_string(),
        key,
        id,
        id_type,
        ttl,
        arn: description.table_arn().unwrap_or_default().to_string(),
    })
}

/// The attribute holding the connection id. The seed keys on connectionId; the per-entity
/// variant keys on an entity with the connection id as sort key. A table keyed by one hash key
/// of any other name (`id`, `pk`) is keyed by the connection id: nothing else identifies a
/// connection record.
fn id_attribute(key: &[String]) -> String {
    if let Some(known) = ID_NAMES.iter().find(|n| key.iter().any(|k| k == *n)) {
        return known.to_string();
    }
    match key {
        [only] => only.clone(),
        _ => ID_NAMES[0].to_string(),
    }
}

/// Every record's connection id and primary key (for DeleteItem).
pub async fn ids_and_keys(
    client: &aws_sdk_dynamodb::Client,
    schema: &Schema,
) -> Result<Vec<(String, Item)>> {
    let spec = ScanSpec {
        table: schema.table.clone(),
        segments: vec![(0, 1)],
        concurrency: 1,
        ..ScanSpec::default()
    };
    let mut found = Vec::new();
    scan::scan(client, spec, |item| {
        found.push((schema.id_of(item), key_of(schema, item)));
        Ok(true)
    })
    .await?;
    Ok(found)
}

pub fn key_of(schema: &Schema, item: &Item) -> Item {
    schema
        .key
        .iter()
        .filter_map(|k| item.get(k).map(|v| (k.clone(), v.clone())))
        .collect()
}

/// Deletes one connection record by its key.
pub async fn delete_record(
    client: &aws_sdk_dynamodb::Client,
    schema: &Schema,
    id: &str,
    key: Item,
) -> Result<()> {
    client
        .delete_item()
        .table_name(&schema.table)
        .set_key(Some(key))
        .send()
        .await
        .map_err(|e| aws::error(format!("delete connection {id} from {}", schema.table), e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_connection_id_is_the_hash_key_whatever_its_name() {
        assert_eq!(id_attribute(&key(&["connectionId"])), "connectionId");
        assert_eq!(id_attribute(&key(&["id"])), "id");
        assert_eq!(id_attribute(&key(&["pk"])), "pk");
        assert_eq!(
            id_attribute(&key(&["entityId", "connection_id"])),
            "connection_id"
        );
        assert_eq!(id_attribute(&key(&["pk", "sk"])), "connectionId");
    }

    fn schema(id_type: Option<ScalarAttributeType>) -> Schema {
        Schema {
            table: "t".into(),
            key: key(&["conn id"]),
            id: "conn id".into(),
            id_type,
            ttl: None,
            arn: String::new(),
        }
    }

    #[test]
    fn show_types_the_id_from_the_key_schema() {
        let filter = schema(Some(ScalarAttributeType::N))
            .id_filter("42")
            .unwrap();
        assert_eq!(filter.expression, "#id = :id0");
        assert_eq!(
            filter.names["#id"], "conn id",
            "the name as the schema gives it"
        );
        assert_eq!(filter.values[":id0"], AttributeValue::N("42".into()));
        let err = schema(Some(ScalarAttributeType::N))
            .id_filter("abc")
            .unwrap_err();
        assert!(err.contains("numbers") && err.contains("'abc'"), "{err}");
        assert!(
            schema(Some(ScalarAttributeType::N))
                .id_filter("1E+200")
                .is_err(),
            "beyond what DynamoDB stores"
        );
        let filter = schema(Some(ScalarAttributeType::S))
            .id_filter("4\"2")
            .unwrap();
        assert_eq!(filter.values[":id0"], AttributeValue::S("4\"2".into()));
        let filter = schema(Some(ScalarAttributeType::B))
            .id_filter("AQJoaQ==")
            .unwrap();
        assert_eq!(
            filter.values[":id0"],
            AttributeValue::B(Blob::new(b"\x01\x02hi".to_vec()))
        );
        assert!(
            schema(Some(ScalarAttributeType::B))
                .id_filter("not base64!")
                .unwrap_err()
                .contains("base64")
        );
        let outside_the_key = schema(None).id_filter("42").unwrap();
        assert_eq!(outside_the_key.expression, "#id = :id0 OR #id = :id1");
        assert_eq!(
            outside_the_key.values[":id1"],
            AttributeValue::N("42".into())
        );
        assert_eq!(schema(None).id_filter("x").unwrap().values.len(), 1);
    }

    #[test]
    fn ids_read_as_text_whatever_their_type() {
        let item = |value: AttributeValue| Item::from([("conn id".to_string(), value)]);
        let schema = schema(None);
        assert_eq!(schema.id_of(&item(AttributeValue::N("42".into()))), "42");
        assert_eq!(
            schema.id_of(&item(AttributeValue::B(Blob::new(b"\x01\x02hi".to_vec())))),
            "AQJoaQ=="
        );
        assert_eq!(schema.id_of(&item(AttributeValue::Bool(true))), "");
    }
}
