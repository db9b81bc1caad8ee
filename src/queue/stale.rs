//! `iops queue stale`: messages whose WebSocket connection is gone (runbook `004_…`: "old messages
//! in queue may have stale connection IDs"). Each message is received once — hidden while the
//! scan reads on, then released at once — its connection id looked up (the management API's
//! GetConnection, 410 = gone, as `connections prune` does; or the connections table), and with
//! `--delete --yes` only the stale ones are deleted, by receipt handle. Live, unidentified and
//! unchecked messages are never deleted.

use std::collections::BTreeMap;

use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, Message};
use serde::Serialize;

use super::peek::{self, RECEIVE_MAX};
use super::resolve::QueueRef;
use crate::aws;
use crate::error::{Error, Result};
use crate::management::{self, Answer};
use crate::output::Record;
use crate::target::One;

/// Where each message's connection id is looked for, in order, unless `--id-path` says.
pub const DEFAULT_ID_PATHS: [&str; 2] = ["connectionId", "requestContext.connectionId"];

/// How a message's connection was judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Live,
    Stale,
    NoId,
    /// The lookup failed: kept, counted apart.
    Unchecked,
}

/// The connection id at a dotted path of a JSON body (`requestContext.connectionId`, `records.0.id`).
pub fn connection_id(body: &str, paths: &[String]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    paths.iter().find_map(|path| {
        let mut at = &value;
        for part in path.split('.') {
            at = match at {
                serde_json::Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
                other => other.get(part)?,
            };
        }
        at.as_str().filter(|s| !s.is_empty()).map(str::to_string)
    })
}

/// How a connection id is checked.
pub enum Lookup {
    /// GetConnection on the stage's management API.
    Api {
        client: aws_sdk_apigatewaymanagement::Client,
        endpoint: String,
        concurrency: usize,
    },
    /// A record keyed by the id in the connections table, not past its TTL.
    Table {
        client: aws_sdk_dynamodb::Client,
        schema: crate::connections::Schema,
    },
}

impl Lookup {
    /// One verdict per id, in order.
    async fn check(&self, ids: &[String]) -> Result<Vec<Verdict>> {
        match self {
            Lookup::Api {
                client,
                endpoint,
                concurrency,
            } => {
                let mut verdicts = vec![Verdict::Unchecked; ids.len()];
                management::for_each(
                    ids.iter().cloned(),
                    *concurrency,
                    "GetConnection",
                    endpoint,
                    |id| {
                        let request = client.get_connection().connection_id(id);
                        async move { request.send().await.map(|_| ()) }
                    },
                    |index, answer| {
                        verdicts[index] = match answer {
                            Answer::Done => Verdict::Live,
                            Answer::Gone => Verdict::Stale,
                            Answer::Failed(message) => {
                                tracing::warn!("{message}");
                                Verdict::Unchecked
                            }
                        }
                    },
                )
                .await?;
                Ok(verdicts)
            }
            Lookup::Table { client, schema } => table_verdicts(client, schema, ids).await,
        }
    }
}

/// One BatchGetItem per batch of ids (at most 10, well under its 100 keys); keys it leaves
/// unprocessed are asked again a few times, then counted as unchecked, never as stale. A record
/// past its TTL is a gone connection DynamoDB has not deleted yet: stale, as in every view.
async fn table_verdicts(
    client: &aws_sdk_dynamodb::Client,
    schema: &crate::connections::Schema,
    ids: &[String],
) -> Result<Vec<Verdict>> {
    use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
    let (table, id_attribute) = (schema.table(), schema.id_attribute());
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let key = |id: &String| {
        std::collections::HashMap::from([(id_attribute.to_string(), AttributeValue::S(id.clone()))])
    };
    let mut found = std::collections::HashSet::new();
    let mut pending: Vec<String> = ids.to_vec();
    pending.sort_unstable();
    pending.dedup();
    for attempt in 0..5u32 {
        if pending.is_empty() {
            break;
        }
        if attempt > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
        }
        let mut keys = KeysAndAttributes::builder()
            .set_keys(Some(pending.iter().map(key).collect()))
            .expression_attribute_names("#id", id_attribute);
        keys = match schema.ttl_attribute() {
            Some(ttl) => keys
                .projection_expression("#id, #ttl")
                .expression_attribute_names("#ttl", ttl),
            None => keys.projection_expression("#id"),
        };
        let keys = keys
            .build()
            .map_err(|e| Error::Failed(format!("BatchGetItem request: {e}")))?;
        let answer = client
            .batch_get_item()
            .request_items(table, keys)
            .send()
            .await
            .map_err(|e| aws::error(format!("read connections from {table}"), e))?;
        for item in answer
            .responses()
            .and_then(|r| r.get(table))
            .into_iter()
            .flatten()
        {
            if let Some(AttributeValue::S(id)) = item.get(id_attribute)
                && !crate::connections::expired(schema, item, now_ms)
            {
                found.insert(id.clone());
            }
        }
        pending = answer
            .unprocessed_keys()
            .and_then(|u| u.get(table))
            .map(|k| {
                k.keys()
                    .iter()
                    .filter_map(|key| key.get(id_attribute)?.as_s().ok().cloned())
                    .collect()
            })
            .unwrap_or_default();
    }
    Ok(ids
        .iter()
        .map(|id| {
            if found.contains(id) {
                Verdict::Live
            } else if pending.contains(id) {
                Verdict::Unchecked
            } else {
                Verdict::Stale
            }
        })
        .collect())
}

/// One line of the report: the messages of one verdict.
#[derive(Debug, Clone, Serialize)]
pub struct StaleRecord {
    pub status: Verdict,
    pub messages: u64,
    pub oldest_age_s: Option<f64>,
    pub newest_age_s: Option<f64>,
    pub action: &'static str,
}

impl Record for StaleRecord {
    fn headers() -> &'static [&'static str] {
        &[
            "status",
            "messages",
            "oldest_age_s",
            "newest_age_s",
            "action",
        ]
    }

    fn cells(&self) -> Vec<String> {
        let age = |a: Option<f64>| a.map_or_else(String::new, |a| format!("{a:.0}"));
        vec![
            crate::output::json_name(&self.status),
            self.messages.to_string(),
            age(self.oldest_age_s),
            age(self.newest_age_s),
            self.action.to_string(),
        ]
    }
}

/// What `--delete` and `--yes` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    Report,
    DryRun,
    Delete,
}

/// Counts and ages per verdict; memory is one batch plus the receipt handles to release.
#[derive(Default)]
struct Tally {
    groups: BTreeMap<Verdict, (u64, Option<f64>, Option<f64>)>,
    deleted: u64,
    /// Each kept message's ApproximateReceiveCount after this scan's receive.
    receive_counts: Vec<u32>,
}

impl Tally {
    fn add(&mut self, verdict: Verdict, age_s: Option<f64>) {
        let entry = self.groups.entry(verdict).or_default();
        entry.0 += 1;
        if let Some(age) = age_s {
            entry.1 = Some(entry.1.map_or(age, |a: f64| a.max(age)));
            entry.2 = Some(entry.2.map_or(age, |a: f64| a.min(age)));
        }
    }

    fn records(&self, deletion: Deletion) -> Vec<StaleRecord> {
        [
            Verdict::Live,
            Verdict::Stale,
            Verdict::NoId,
            Verdict::Unchecked,
        ]
        .into_iter()
        .filter(|v| *v != Verdict::Unchecked || self.groups.contains_key(v))
        .map(|verdict| {
            let (messages, oldest, newest) = self.groups.get(&verdict).copied().unwrap_or_default();
            let action = match (verdict, deletion) {
                (Verdict::Stale, Deletion::Delete) => "deleted",
                (Verdict::Stale, Deletion::DryRun) => "would delete",
                _ => "kept",
            };
            StaleRecord {
                status: verdict,
                messages,
                oldest_age_s: oldest,
                newest_age_s: newest,
                action,
            }
        })
        .collect()
    }
}

/// How long the scan hides what it has read, so that no message is read twice; everything not
/// deleted is released at the end (or reappears after this long if iops is killed).
pub const HIDE_WHILE_SCANNING_S: i32 = 300;

/// What a scan found and did.
pub struct Scanned {
    pub records: Vec<StaleRecord>,
    pub deleted: u64,
    /// Messages read, then deleted by someone else before they were released (a purge).
    pub gone: u64,
    /// ApproximateReceiveCount of each message left in the queue, after this scan's receive.
    pub receive_counts: Vec<u32>,
}

pub async fn scan(
    queue: &One<QueueRef>,
    lookup: &Lookup,
    paths: &[String],
    deletion: Deletion,
) -> Result<Scanned> {
    let mut tally = Tally::default();
    let mut kept: Vec<String> = Vec::new();
    let scanned = async {
        loop {
            if crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            let batch = peek::receive_batch(queue, RECEIVE_MAX, HIDE_WHILE_SCANNING_S, 1).await?;
            if batch.is_empty() {
                return Ok(());
            }
            // Kept until judged: a failed lookup still releases this batch.
            let before = kept.len();
            kept.extend(
                batch
                    .iter()
                    .map(|m| m.receipt_handle().unwrap_or_default().to_string()),
            );
            let stale = judge_batch(lookup, &batch, paths, &mut tally).await?;
            let remains = |is_stale: &bool| !(*is_stale && deletion == Deletion::Delete);
            tally.receive_counts.extend(
                batch
                    .iter()
                    .zip(&stale)
                    .filter(|(_, is_stale)| remains(is_stale))
                    .filter_map(|(m, _)| peek::describe(m, 0).receive_count),
            );
            if deletion == Deletion::Delete {
                let judged: Vec<String> = kept.drain(before..).collect();
                let (doomed, spared): (Vec<_>, Vec<_>) = judged
                    .into_iter()
                    .zip(stale)
                    .partition(|(_, is_stale)| *is_stale);
                kept.extend(spared.into_iter().map(|(handle, _)| handle));
                let doomed: Vec<String> = doomed.into_iter().map(|(handle, _)| handle).collect();
                tally.deleted += delete(queue, &doomed).await?;
            }
        }
    }
    .await;
    // Released even when the scan failed: nothing stays hidden because iops stopped.
    let released = peek::release(queue, &kept).await;
    scanned?;
    let gone = released?;
    Ok(Scanned {
        records: tally.records(deletion),
        deleted: tally.deleted,
        gone,
        receive_counts: std::mem::take(&mut tally.receive_counts),
    })
}

/// The verdict of each message of one batch, added to the tally; true for the stale ones.
async fn judge_batch(
    lookup: &Lookup,
    batch: &[Message],
    paths: &[String],
    tally: &mut Tally,
) -> Result<Vec<bool>> {
    let now_ms = jiff::Timestamp::now().as_millisecond();
    let ids: Vec<Option<String>> = batch
        .iter()
        .map(|m| connection_id(m.body().unwrap_or_default(), paths))
        .collect();
    let known: Vec<String> = ids.iter().flatten().cloned().collect();
    let mut answers = lookup.check(&known).await?.into_iter();
    let mut stale = Vec::with_capacity(batch.len());
    for (message, id) in batch.iter().zip(&ids) {
        let verdict = match id {
            Some(_) => answers.next().unwrap_or(Verdict::Unchecked),
            None => Verdict::NoId,
        };
        tally.add(verdict, peek::age_s(message, now_ms));
        stale.push(verdict == Verdict::Stale);
    }
    Ok(stale)
}

/// Deletes stale messages: only from the one queue the user named.
async fn delete(queue: &One<QueueRef>, handles: &[String]) -> Result<u64> {
    if handles.is_empty() {
        return Ok(0);
    }
    let entries: Vec<DeleteMessageBatchRequestEntry> = handles
        .iter()
        .enumerate()
        .filter_map(|(i, handle)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .receipt_handle(handle)
                .build()
                .ok()
        })
        .collect();
    let answer = queue
        .sqs
        .delete_message_batch()
        .queue_url(&queue.url)
        .set_entries(Some(entries))
        .send()
        .await
        .map_err(|e| aws::error(format!("delete stale messages from {}", queue.name), e))?;
    if let Some(failed) = answer.failed().first() {
        return Err(Error::Failed(format!(
            "{} stale message(s) of {} could not be deleted: {}",
            answer.failed().len(),
            queue.name,
            failed.message().unwrap_or("DeleteMessageBatch failed")
        )));
    }
    Ok(answer.successful().len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Vec<String> {
        DEFAULT_ID_PATHS.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn connection_ids_are_found_where_the_handlers_put_them() {
        assert_eq!(
            connection_id(r#"{"connectionId":"abc="}"#, &defaults()).as_deref(),
            Some("abc=")
        );
        assert_eq!(
            connection_id(r#"{"requestContext":{"connectionId":"xyz="}}"#, &defaults()).as_deref(),
            Some("xyz=")
        );
        let custom = vec!["detail.clients.1".to_string()];
        assert_eq!(
            connection_id(r#"{"detail":{"clients":["a","b"]}}"#, &custom).as_deref(),
            Some("b")
        );
        assert_eq!(connection_id("not json", &defaults()), None);
        assert_eq!(connection_id(r#"{"connectionId":""}"#, &defaults()), None);
        assert_eq!(connection_id(r#"{"connectionId":7}"#, &defaults()), None);
    }

    #[test]
    fn the_tally_keeps_counts_ages_and_the_action() {
        let mut tally = Tally::default();
        tally.add(Verdict::Stale, Some(30.0));
        tally.add(Verdict::Stale, Some(90.0));
        tally.add(Verdict::Live, Some(5.0));
        let records = tally.records(Deletion::DryRun);
        assert_eq!(
            records.len(),
            3,
            "live, stale, no id; unchecked only when seen"
        );
        let stale = &records[1];
        assert_eq!(
            (stale.messages, stale.oldest_age_s, stale.newest_age_s),
            (2, Some(90.0), Some(30.0))
        );
        assert_eq!(stale.action, "would delete");
        assert_eq!(records[0].action, "kept");
        assert_eq!(records[2].messages, 0);
    }
}
