//! `--to dynamodb:TABLE`: the aggregated metric items (the seed's metrics table schema), written
//! with BatchWriteItem in 25s, UnprocessedItems retried.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{AttributeValue, PutRequest, WriteRequest};

use super::aggregate::EntityMetrics;
use super::deliver::{BatchSender, CallError, Pipeline, settle};
use super::report::RunReport;
use super::{Run, SimulateArgs};
use crate::aws;
use crate::context::Context;
use crate::error::Result;

/// BatchWriteItem takes at most 25 put or delete requests (DynamoDB API reference).
const MAX_ITEMS: usize = 25;

#[derive(Clone)]
struct Item {
    entity_id: String,
    request: WriteRequest,
}

struct Sender {
    client: Client,
    table: String,
}

impl BatchSender for Sender {
    type Item = Item;

    async fn send(&self, items: &[Item]) -> Result<Vec<(usize, String)>, CallError> {
        let requests = items.iter().map(|i| i.request.clone()).collect();
        let result = self
            .client
            .batch_write_item()
            .request_items(&self.table, requests)
            .send()
            .await;
        match result {
            Ok(output) => {
                let unprocessed = output
                    .unprocessed_items()
                    .and_then(|u| u.get(&self.table))
                    .map_or(&[][..], Vec::as_slice);
                Ok(unprocessed
                    .iter()
                    .filter_map(|request| {
                        let id = entity_id(request)?;
                        let position = items.iter().position(|i| i.entity_id == id)?;
                        Some((
                            position,
                            "UnprocessedItems: the table's write capacity was exceeded".to_string(),
                        ))
                    })
                    .collect())
            }
            Err(err) => Err(CallError::from_sdk(self.describe(), err)),
        }
    }

    fn id(item: &Item) -> String {
        item.entity_id.clone()
    }

    fn describe(&self) -> String {
        format!("BatchWriteItem to table {}", self.table)
    }
}

fn entity_id(request: &WriteRequest) -> Option<&str> {
    request
        .put_request()?
        .item()
        .get("entity_id")?
        .as_s()
        .ok()
        .map(String::as_str)
}

pub async fn run(ctx: &Context, run: &Run, table: &str, args: &SimulateArgs) -> Result<()> {
    let client = aws::dynamodb(ctx.sdk_for_change().await?);
    let (metrics, schedule) = super::aggregated_metrics(ctx, run).await;
    let sender = Sender {
        client,
        table: table.to_string(),
    };
    let mut pipeline = Pipeline::new(sender, args.concurrency.get(), args.max_attempts);
    // Once a batch failed for good, submit only counts the rest as not sent.
    for chunk in metrics.chunks(MAX_ITEMS) {
        pipeline.submit(chunk.iter().map(item).collect()).await;
    }
    let tally = pipeline.tally.clone();
    let delivery = pipeline.finish().await;
    let report = RunReport::finished(
        run,
        &format!("dynamodb:{table}"),
        &schedule,
        tally.delivered.load(Ordering::Relaxed),
        tally.retried.load(Ordering::Relaxed),
        delivery.undelivered.len() as u64,
    )
    .in_items(metrics.len() as u64);
    settle(
        ctx,
        &report,
        &schedule,
        delivery,
        &format!("table {table}"),
        metrics.len() as u64,
        args.undelivered.as_deref(),
    )
}

fn item(metrics: &EntityMetrics) -> Item {
    let number = |n: u64| AttributeValue::N(n.to_string());
    let mut attributes = HashMap::from([
        (
            "entity_id".to_string(),
            AttributeValue::S(metrics.entity_id.clone()),
        ),
        (
            "entity_type".to_string(),
            AttributeValue::S(metrics.entity_type.to_string()),
        ),
        ("sessions_30d".to_string(), number(metrics.sessions_30d)),
        (
            "sessions_started".to_string(),
            number(metrics.sessions_started),
        ),
        ("alert_count".to_string(), number(metrics.alert_count)),
        ("events".to_string(), number(metrics.events)),
    ]);
    // Decimal strings go to DynamoDB's N verbatim: exact, never through a float.
    if let Some(avg) = metrics.avg_rating {
        attributes.insert("avg_rating".into(), AttributeValue::N(avg.to_string()));
    }
    if let Some(health) = metrics.health_score {
        attributes.insert("health_score".into(), AttributeValue::N(health.to_string()));
    }
    if let Some(at) = &metrics.last_event_at {
        attributes.insert("last_event_at".into(), AttributeValue::S(at.clone()));
    }
    let put = PutRequest::builder()
        .set_item(Some(attributes))
        .build()
        .expect("item is set");
    Item {
        entity_id: metrics.entity_id.clone(),
        request: WriteRequest::builder().put_request(put).build(),
    }
}
