//! Scan, streamed: every page followed to its end, N segments in parallel (bounded), each page
//! retried with backoff when throttled past the SDK's own retries — from the same
//! ExclusiveStartKey, so nothing is lost or repeated. Memory holds a few pages, never the table.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::scan::builders::ScanFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnConsumedCapacity, Select};
use tokio::sync::mpsc;

use bytes::Bytes;

use super::condition::Filter;
use super::tap::ItemsTap;
use super::values::{Fields, Item};
use crate::aws::{self, Failure};
use crate::error::{Error, Result};
use crate::interrupt;
use crate::retry::{Backoff, Persist, Stop};

#[derive(Debug, Clone, Default)]
pub struct ScanSpec {
    pub table: String,
    pub index: Option<String>,
    pub consistent_read: bool,
    pub filter: Option<Filter>,
    /// Attributes to return (ProjectionExpression).
    pub fields: Option<Vec<String>>,
    /// Stop after this many items.
    pub limit: Option<u64>,
    /// `(segment, total)` pairs to scan; one `(0, 1)` for a plain scan.
    pub segments: Vec<(i32, i32)>,
    /// Segments scanned at once.
    pub concurrency: usize,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct ScanSummary {
    pub items: u64,
    pub scanned: u64,
    pub pages: u64,
    pub capacity_units: f64,
}

struct Page {
    items: Vec<Item>,
    /// The `Items` array's text when read with [`Read::Text`].
    text: Option<Bytes>,
    scanned: u64,
    capacity_units: f64,
    count: u64,
}

/// What a scan reads of each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// Select=COUNT: only the counts.
    Count,
    /// Items parsed by the SDK into attribute maps.
    Items,
    /// Items kept as the response's text (see `tap`), parsed by the reader.
    Text,
}

impl ScanSpec {
    fn request(&self, client: &Client, segment: (i32, i32), read: Read) -> ScanFluentBuilder {
        let mut names: HashMap<String, String> = HashMap::new();
        let mut request = client
            .scan()
            .table_name(&self.table)
            .set_index_name(self.index.clone())
            .consistent_read(self.consistent_read)
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        if segment.1 > 1 {
            request = request.segment(segment.0).total_segments(segment.1);
        }
        if let Some(filter) = &self.filter {
            names.extend(filter.names.clone());
            request = request
                .filter_expression(&filter.expression)
                .set_expression_attribute_values(
                    (!filter.values.is_empty()).then(|| filter.values.clone()),
                );
        }
        if read == Read::Count {
            request = request.select(Select::Count);
        } else if let Some(fields) = &self.fields {
            let projection: Vec<String> = fields
                .iter()
                .enumerate()
                .map(|(i, field)| {
                    let placeholder = format!("#p{i}");
                    names.insert(placeholder.clone(), field.clone());
                    placeholder
                })
                .collect();
            request = request.projection_expression(projection.join(", "));
        }
        request.set_expression_attribute_names((!names.is_empty()).then_some(names))
    }
}

/// Pages of one segment into `pages`, until the end or until the receiver is gone.
async fn scan_segment(
    client: Client,
    spec: std::sync::Arc<ScanSpec>,
    segment: (i32, i32),
    read: Read,
    pages: mpsc::Sender<Result<Page>>,
) {
    let mut start: Option<HashMap<String, AttributeValue>> = None;
    let what = if segment.1 > 1 {
        format!(
            "scan table {} (segment {} of {})",
            spec.table, segment.0, segment.1
        )
    } else {
        format!("scan table {}", spec.table)
    };
    let mut persist = Persist::new(
        what,
        Backoff::new(Duration::from_millis(100), Duration::from_secs(10)),
    );
    loop {
        let request = spec
            .request(&client, segment, read)
            .set_exclusive_start_key(start.clone());
        let tap = ItemsTap::default();
        let sent = match read {
            Read::Text => request.customize().interceptor(tap.clone()).send().await,
            _ => request.send().await,
        };
        let output = match sent {
            Ok(output) => output,
            Err(err) if aws::classify(&err) == Failure::Transient => {
                // The same page again, from the same ExclusiveStartKey: nothing lost or repeated.
                let err = scan_error(&spec.table, err);
                match persist.wait(&err.to_string()).await {
                    Ok(()) => continue,
                    Err(Stop::Interrupted) => return,
                    Err(stop) => {
                        let _ = pages.send(Err(stop.into_error(err))).await;
                        return;
                    }
                }
            }
            Err(err) => {
                let _ = pages.send(Err(scan_error(&spec.table, err))).await;
                return;
            }
        };
        persist.succeeded();
        let page = Page {
            scanned: output.scanned_count().max(0) as u64,
            count: output.count().max(0) as u64,
            capacity_units: output
                .consumed_capacity()
                .and_then(|c| c.capacity_units())
                .unwrap_or(0.0),
            items: output.items.unwrap_or_default(),
            text: tap.take(),
        };
        if pages.send(Ok(page)).await.is_err() {
            return;
        }
        match output.last_evaluated_key {
            Some(key) if !key.is_empty() => start = Some(key),
            _ => return,
        }
    }
}

fn scan_error(
    table: &str,
    err: aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::scan::ScanError,
        aws_smithy_runtime_api::client::orchestrator::HttpResponse,
    >,
) -> Error {
    let mut error = aws::error(format!("scan table {table}"), err);
    if let Error::Aws(failure) = &mut error
        && failure
            .code
            .as_deref()
            .is_some_and(|c| c.contains("AccessDenied"))
    {
        failure.hint =
            Some("the credentials need dynamodb:Scan on this table (and its index, if any)".into());
    }
    error
}

/// Streams items to `sink` (false stops early); returns what was read.
pub async fn scan(
    client: &Client,
    spec: ScanSpec,
    mut sink: impl FnMut(&Item) -> Result<bool>,
) -> Result<ScanSummary> {
    let mut summary = ScanSummary::default();
    run(client, spec, Read::Items, async |page: Page| {
        summary.pages += 1;
        summary.scanned += page.scanned;
        summary.capacity_units += page.capacity_units;
        for item in &page.items {
            summary.items += 1;
            if !sink(item)? {
                return Ok(false);
            }
        }
        Ok(true)
    })
    .await?;
    Ok(summary)
}

/// Like [`scan`], with each item read straight from the response's text (see `tap`): the fast
/// path for printing items.
pub async fn scan_fields(
    client: &Client,
    spec: ScanSpec,
    mut sink: impl FnMut(&Fields) -> Result<bool>,
) -> Result<ScanSummary> {
    let table = spec.table.clone();
    let mut summary = ScanSummary::default();
    run(client, spec, Read::Text, async |page: Page| {
        summary.pages += 1;
        summary.scanned += page.scanned;
        summary.capacity_units += page.capacity_units;
        let parsed: Vec<Fields> = match &page.text {
            Some(text) => serde_json::from_slice(text).map_err(|e| unreadable(&table, &e))?,
            None => Vec::new(),
        };
        let converted = page.items.iter().map(Fields::from);
        for item in parsed.into_iter().chain(converted) {
            summary.items += 1;
            if !sink(&item)? {
                return Ok(false);
            }
        }
        Ok(true)
    })
    .await?;
    Ok(summary)
}

fn unreadable(table: &str, err: &serde_json::Error) -> Error {
    Error::Aws(crate::error::AwsFailure {
        action: format!("scan table {table}"),
        code: None,
        message: format!("the response holds an item that is not DynamoDB JSON ({err})"),
        request_id: None,
        hint: None,
    })
}

/// Hands each page's items to `sink`, which may take its time (the scan waits: memory holds a
/// few pages); false stops early.
pub async fn scan_pages(
    client: &Client,
    spec: ScanSpec,
    mut sink: impl AsyncFnMut(Vec<Item>) -> Result<bool>,
) -> Result<()> {
    run(client, spec, Read::Items, async |page: Page| {
        sink(page.items).await
    })
    .await
}

/// Select=COUNT, summed over every page of every segment.
pub async fn count(client: &Client, spec: ScanSpec) -> Result<ScanSummary> {
    let mut summary = ScanSummary::default();
    run(client, spec, Read::Count, async |page: Page| {
        summary.pages += 1;
        summary.items += page.count;
        summary.scanned += page.scanned;
        summary.capacity_units += page.capacity_units;
        Ok(true)
    })
    .await?;
    Ok(summary)
}

async fn run(
    client: &Client,
    spec: ScanSpec,
    read: Read,
    mut on_page: impl AsyncFnMut(Page) -> Result<bool>,
) -> Result<()> {
    let spec = std::sync::Arc::new(spec);
    let concurrency = spec.concurrency.clamp(1, spec.segments.len().max(1));
    let (sender, mut receiver) = mpsc::channel::<Result<Page>>(concurrency * 2);
    // Our sender is dropped once every segment has started, so `recv` ends exactly when the last
    // segment task has sent its last page and finished: no page can be left behind.
    let mut sender = Some(sender);
    let mut waiting = spec.segments.clone().into_iter();
    let mut running = tokio::task::JoinSet::new();
    let mut start_next =
        |running: &mut tokio::task::JoinSet<()>,
         sender: &mut Option<mpsc::Sender<Result<Page>>>| {
            match (waiting.next(), sender.as_ref()) {
                (Some(segment), Some(tx)) => {
                    running.spawn(scan_segment(
                        client.clone(),
                        spec.clone(),
                        segment,
                        read,
                        tx.clone(),
                    ));
                }
                _ => *sender = None,
            }
        };
    for _ in 0..concurrency {
        start_next(&mut running, &mut sender);
    }
    if spec.segments.len() <= concurrency {
        sender = None;
    }
    loop {
        tokio::select! {
            page = receiver.recv() => {
                let Some(page) = page else { break };
                let page = page?;
                tracing::info!(items = page.count, scanned = page.scanned, capacity_units = page.capacity_units, from_text = page.text.is_some(), "scan page");
                if !on_page(page).await? {
                    return Ok(());
                }
            }
            Some(_) = running.join_next(), if sender.is_some() => start_next(&mut running, &mut sender),
            () = interrupt::wait() => return Err(Error::Interrupted),
        }
    }
    Ok(())
}
