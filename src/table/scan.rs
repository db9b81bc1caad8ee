//! Scan, streamed: every page followed to its end, N segments in parallel (bounded), each page
//! retried with backoff when throttled past the SDK's own retries — from the same
//! ExclusiveStartKey, so nothing is lost or repeated. Memory holds a few pages, never the table.
//!
//! Items come three ways: as the SDK's attribute maps ([`scan`], for the commands that read
//! them), straight from the response's text ([`scan_fields`], see `tap`), or rendered to output
//! by each segment's own task ([`scan_rendered`], so a parallel scan also prints in parallel).

use std::collections::HashMap;
use std::sync::Arc;
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

impl ScanSummary {
    fn add(&mut self, page: &Page) {
        self.pages += 1;
        self.scanned += page.scanned;
        self.capacity_units += page.capacity_units;
    }

    /// Hands items to `sink` one by one, counting them; false once the sink asks to stop.
    fn feed<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut sink: impl FnMut(T) -> Result<bool>,
    ) -> Result<bool> {
        for item in items {
            self.items += 1;
            if !sink(item)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

struct Page {
    items: Vec<Item>,
    /// The `Items` array's text when read with [`Read::Text`].
    text: Option<Bytes>,
    /// The items as output, with [`Read::Render`].
    rendered: Rendered,
    /// Whether the tap took the items out of the response (for `-v`).
    from_text: bool,
    scanned: u64,
    capacity_units: f64,
    count: u64,
}

impl Page {
    /// Every item of the page: from the response's text, or as the SDK parsed them when the tap
    /// left the body whole.
    fn fields(&self, table: &str) -> Result<Vec<Fields<'_>>> {
        let mut fields: Vec<Fields> = match &self.text {
            // One UTF-8 check of the whole page: parsing a `str` then checks no string on its own.
            Some(text) => std::str::from_utf8(text)
                .map_err(|e| unreadable(table, e))
                .and_then(|text| serde_json::from_str(text).map_err(|e| unreadable(table, e)))?,
            None => Vec::new(),
        };
        fields.extend(self.items.iter().map(Fields::from));
        Ok(fields)
    }

    fn render(mut self, render: &Render, table: &str) -> Result<Page> {
        let mut rendered = Rendered::default();
        for item in self.fields(table)? {
            render(&item, &mut rendered.text);
            rendered.ends.push(rendered.text.len());
        }
        self.rendered = rendered;
        self.text = None;
        self.items = Vec::new();
        Ok(self)
    }
}

/// Writes one item as output; called in the segment's own task, so segments render in parallel.
pub type Render = Arc<dyn Fn(&Fields, &mut Vec<u8>) + Send + Sync>;

/// A page of items as output: item i is `text[ends[i - 1]..ends[i]]`.
#[derive(Debug, Default)]
struct Rendered {
    text: Vec<u8>,
    ends: Vec<usize>,
}

impl Rendered {
    fn items(&self) -> impl Iterator<Item = &[u8]> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let item = &self.text[start..end];
            start = end;
            item
        })
    }
}

/// A page as a segment sends it: read, or still being rendered.
enum Soon {
    Ready(Result<Page>),
    Rendering(tokio::task::JoinHandle<Result<Page>>),
}

impl Soon {
    async fn ready(self) -> Result<Page> {
        match self {
            Soon::Ready(page) => page,
            Soon::Rendering(task) => match task.await {
                Ok(page) => page,
                Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
                Err(_) => Err(Error::Interrupted),
            },
        }
    }
}

/// What a scan reads of each page.
#[derive(Clone)]
enum Read {
    /// Select=COUNT: only the counts.
    Count,
    /// Items parsed by the SDK into attribute maps.
    Items,
    /// Items kept as the response's text (see `tap`), parsed by the reader.
    Text,
    /// Items from the response's text, rendered in the segment's task.
    Render(Render),
}

impl Read {
    fn is_text(&self) -> bool {
        matches!(self, Read::Text | Read::Render(_))
    }
}

impl ScanSpec {
    fn request(&self, client: &Client, segment: (i32, i32), read: &Read) -> ScanFluentBuilder {
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
        // Without a filter, every item read is an item shown: a page of `--limit` items is all
        // that is needed (a filter may drop items, so then pages stay full-size).
        if let (Some(limit), None, false) = (self.limit, &self.filter, matches!(read, Read::Count))
        {
            request = request.limit(i32::try_from(limit).unwrap_or(i32::MAX).max(1));
        }
        if matches!(read, Read::Count) {
            request = request.select(Select::Count);
        } else if let Some(fields) = &self.fields {
            request = request.set_projection_expression(projection(fields, &mut names));
        }
        request.set_expression_attribute_names((!names.is_empty()).then_some(names))
    }
}

/// `#p0, #p1` for `--fields`, their names added to `names` (None without fields).
pub(super) fn projection(fields: &[String], names: &mut HashMap<String, String>) -> Option<String> {
    if fields.is_empty() {
        return None;
    }
    let placeholders: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let placeholder = format!("#p{i}");
            names.insert(placeholder.clone(), field.clone());
            placeholder
        })
        .collect();
    Some(placeholders.join(", "))
}

/// Pages of one segment into `pages`, until the end or until the receiver is gone.
async fn scan_segment(
    client: Client,
    spec: std::sync::Arc<ScanSpec>,
    segment: (i32, i32),
    read: Read,
    pages: mpsc::Sender<Soon>,
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
            .request(&client, segment, &read)
            .set_exclusive_start_key(start.clone());
        let tap = ItemsTap::default();
        let sent_at = tokio::time::Instant::now();
        let sent = if read.is_text() {
            request.customize().interceptor(tap.clone()).send().await
        } else {
            request.send().await
        };
        let output = match sent {
            Ok(output) => output,
            Err(err) if aws::classify(&err) == Failure::Transient => {
                // The same page again, from the same ExclusiveStartKey: nothing lost or repeated.
                let err = scan_error(&spec.table, err);
                match persist.wait_for(&err.to_string(), sent_at.elapsed()).await {
                    Ok(()) => continue,
                    Err(Stop::Interrupted) => return,
                    Err(stop) => {
                        let _ = pages.send(Soon::Ready(Err(stop.into_error(err)))).await;
                        return;
                    }
                }
            }
            Err(err) => {
                let _ = pages
                    .send(Soon::Ready(Err(scan_error(&spec.table, err))))
                    .await;
                return;
            }
        };
        persist.succeeded();
        let text = tap.take();
        let page = Page {
            from_text: text.is_some(),
            scanned: output.scanned_count().max(0) as u64,
            count: output.count().max(0) as u64,
            capacity_units: output
                .consumed_capacity()
                .and_then(|c| c.capacity_units())
                .unwrap_or(0.0),
            items: output.items.unwrap_or_default(),
            text,
            rendered: Rendered::default(),
        };
        let page = match &read {
            // Rendered in a task of its own while this one asks for the next page; the receiver
            // awaits pages in the order they were sent.
            Read::Render(render) => {
                let (render, table) = (render.clone(), spec.table.clone());
                Soon::Rendering(tokio::spawn(async move { page.render(&render, &table) }))
            }
            _ => Soon::Ready(Ok(page)),
        };
        if pages.send(page).await.is_err() {
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
        summary.add(&page);
        summary.feed(&page.items, &mut sink)
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
        summary.add(&page);
        summary.feed(page.fields(&table)?, |item| sink(&item))
    })
    .await?;
    Ok(summary)
}

/// Like [`scan_fields`], with each item rendered by `render` in its segment's task (segments
/// render in parallel): `sink` gets each item's output bytes.
pub async fn scan_rendered(
    client: &Client,
    spec: ScanSpec,
    render: Render,
    mut sink: impl FnMut(&[u8]) -> Result<bool>,
) -> Result<ScanSummary> {
    let mut summary = ScanSummary::default();
    run(client, spec, Read::Render(render), async |page: Page| {
        summary.add(&page);
        summary.feed(page.rendered.items(), &mut sink)
    })
    .await?;
    Ok(summary)
}

fn unreadable(table: &str, err: impl std::fmt::Display) -> Error {
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
        summary.add(&page);
        summary.items += page.count;
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
    let (sender, mut receiver) = mpsc::channel::<Soon>(concurrency * 2);
    // Our sender is dropped once every segment has started, so `recv` ends exactly when the last
    // segment task has sent its last page and finished: no page can be left behind.
    let mut sender = Some(sender);
    let mut waiting = spec.segments.clone().into_iter();
    let mut running = tokio::task::JoinSet::new();
    let mut start_next = |running: &mut tokio::task::JoinSet<()>,
                          sender: &mut Option<mpsc::Sender<Soon>>| {
        match (waiting.next(), sender.as_ref()) {
            (Some(segment), Some(tx)) => {
                running.spawn(scan_segment(
                    client.clone(),
                    spec.clone(),
                    segment,
                    read.clone(),
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
                let page = page.ready().await?;
                tracing::info!(items = page.count, scanned = page.scanned, capacity_units = page.capacity_units, from_text = page.from_text, "scan page");
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

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::from_conf(
            aws_sdk_dynamodb::Config::builder()
                .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
                .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
                .build(),
        )
    }

    #[test]
    fn a_limit_without_a_filter_is_the_page_size() {
        let spec = ScanSpec {
            table: "t".into(),
            limit: Some(5),
            ..ScanSpec::default()
        };
        let request = spec.request(&client(), (0, 1), &Read::Text);
        assert_eq!(request.get_limit(), &Some(5));
        assert_eq!(
            spec.request(&client(), (0, 1), &Read::Count).get_limit(),
            &None
        );
        let filtered = ScanSpec {
            filter: Some(Filter {
                expression: "#a = :v".into(),
                names: HashMap::from([("#a".into(), "a".into())]),
                values: HashMap::new(),
            }),
            ..spec
        };
        assert_eq!(
            filtered.request(&client(), (0, 1), &Read::Text).get_limit(),
            &None,
            "a filter may drop items: pages stay full-size"
        );
    }
}
