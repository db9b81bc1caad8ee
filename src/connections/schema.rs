//! Which attributes of a connections table hold the id, the key and the TTL, found from the key
//! schema, the TTL setting and the names the seeds' handlers use; and the calls that need them.

use crate::aws;
use crate::error::Result;
use crate::table::values::{self, Item};
use crate::table::{ScanSpec, describe, scan};

/// Which attributes hold what, found from the key schema, the TTL setting and the items.
#[derive(Debug, Clone)]
pub struct Schema {
    pub(super) table: String,
    pub(super) key: Vec<String>,
    pub(super) id: String,
    pub(super) ttl: Option<String>,
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
}

pub async fn detect(client: &aws_sdk_dynamodb::Client, table: &str) -> Result<Schema> {
    let description = describe::describe(client, table).await?;
    let key: Vec<String> = description
        .key
        .split(", ")
        .filter_map(|k| k.split(' ').next())
        .map(str::to_string)
        .collect();
    let id = id_attribute(&key);
    let ttl = description
        .ttl_attribute
        .filter(|_| {
            matches!(
                description.ttl_status.as_deref(),
                Some("ENABLED" | "ENABLING")
            )
        })
        .or_else(|| Some("ttl".to_string()));
    Ok(Schema {
        table: description.table,
        key,
        id,
        ttl,
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
        found.push((
            values::string(item, &schema.id).unwrap_or_default(),
            key_of(schema, item),
        ));
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
}
