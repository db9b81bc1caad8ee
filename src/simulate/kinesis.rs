//! `--to kinesis:STREAM`: PutRecords in batches of at most 500 records / 5 MiB, partition key
//! entity_id, several batches in flight, every failed record retried.

use std::sync::atomic::Ordering;

use aws_sdk_kinesis::Client;
use aws_sdk_kinesis::primitives::Blob;
use aws_sdk_kinesis::types::{PutRecordsRequestEntry, StreamStatus};

use super::deliver::{BatchSender, CallError, Pipeline, settle};
use super::events::Clock;
use super::report::RunReport;
use super::{Run, SimulateArgs};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};

/// PutRecords limits (Kinesis API reference): 500 records and 5 MiB per request.
const MAX_RECORDS: usize = 500;
const MAX_REQUEST_BYTES: usize = 5 * 1024 * 1024;

#[derive(Clone)]
struct Record {
    event_id: String,
    entry: PutRecordsRequestEntry,
}

struct Sender {
    client: Client,
    stream: String,
}

impl Sender {
    fn put_records(
        &self,
    ) -> aws_sdk_kinesis::operation::put_records::builders::PutRecordsFluentBuilder {
        let request = self.client.put_records();
        if self.stream.starts_with("arn:") {
            request.stream_arn(&self.stream)
        } else {
            request.stream_name(&self.stream)
        }
    }
}

impl BatchSender for Sender {
    type Item = Record;

    async fn send(&self, items: &[Record]) -> Result<Vec<(usize, String)>, CallError> {
        let entries = items.iter().map(|r| r.entry.clone()).collect();
        match self.put_records().set_records(Some(entries)).send().await {
            Ok(output) => {
                let results = output.records();
                let mut rejected: Vec<(usize, String)> = results
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| {
                        r.error_code().map(|code| {
                            (
                                i,
                                format!("{code}: {}", r.error_message().unwrap_or_default()),
                            )
                        })
                    })
                    .collect();
                // A short answer would hide records: count the missing ones as rejected.
                rejected.extend(
                    (results.len()..items.len())
                        .map(|i| (i, "no result returned for record".into())),
                );
                Ok(rejected)
            }
            Err(err) => Err(CallError::from_sdk(self.describe(), err)),
        }
    }

    fn id(item: &Record) -> String {
        item.event_id.clone()
    }

    fn describe(&self) -> String {
        format!("PutRecords to kinesis stream {}", self.stream)
    }
}

pub async fn run(ctx: &Context, run: &Run, stream: &str, args: &SimulateArgs) -> Result<()> {
    let client = aws::kinesis(ctx.sdk_for_change().await?);
    check_stream(&client, stream).await?;
    let sender = Sender {
        client,
        stream: stream.to_string(),
    };
    let mut pipeline = Pipeline::new(sender, args.concurrency.get(), args.max_attempts);
    let progress = ctx.out.progress(run.total, "records");
    let mut schedule = run.schedule(MAX_RECORDS as u64);
    let mut clock = Clock::default();
    let mut batch = Vec::with_capacity(MAX_RECORDS);
    let mut batch_bytes = 0;
    // False once a batch failed for good: what is generated from then on is counted, not sent.
    let mut open = true;
    while let Some(range) = schedule.next().await {
        for index in range {
            let record = record(run, index, &mut clock);
            let size = record.entry.data().as_ref().len()
                + record.entry.partition_key().map_or(0, str::len);
            if batch.len() == MAX_RECORDS || batch_bytes + size > MAX_REQUEST_BYTES {
                open &= pipeline.submit(std::mem::take(&mut batch)).await;
                batch_bytes = 0;
            }
            batch_bytes += size;
            batch.push(record);
        }
        if batch.len() == MAX_RECORDS || run.rate.is_some() || !open {
            open &= pipeline.submit(std::mem::take(&mut batch)).await;
            batch_bytes = 0;
        }
        progress.set_position(pipeline.tally.delivered.load(Ordering::Relaxed));
        if !open {
            break;
        }
    }
    if !batch.is_empty() {
        pipeline.submit(batch).await;
    }
    let tally = pipeline.tally.clone();
    let delivery = pipeline.finish().await;
    progress.finish_and_clear();
    let report = RunReport::finished(
        run,
        &format!("kinesis:{stream}"),
        &schedule,
        tally.delivered.load(Ordering::Relaxed),
        tally.retried.load(Ordering::Relaxed),
        delivery.undelivered.len() as u64,
    );
    settle(
        ctx,
        &report,
        &schedule,
        delivery,
        &format!("kinesis stream {stream}"),
        report.generated,
        args.undelivered.as_deref(),
    )
}

fn record(run: &Run, index: u64, clock: &mut Clock) -> Record {
    let generator = &run.generator;
    let event = generator.event(index);
    let mut data = Vec::with_capacity(256);
    generator.write_json(&event, clock, &mut data);
    let entry = PutRecordsRequestEntry::builder()
        .data(Blob::new(data))
        .partition_key(generator.entity_id(event.stream))
        .build()
        .expect("data and partition key are set");
    Record {
        event_id: generator.event_id(index),
        entry,
    }
}

/// Fails early, with the stream's name, when it does not exist or cannot take writes yet.
async fn check_stream(client: &Client, stream: &str) -> Result<()> {
    let request = client.describe_stream_summary();
    let request = if stream.starts_with("arn:") {
        request.stream_arn(stream)
    } else {
        request.stream_name(stream)
    };
    let summary = request
        .send()
        .await
        .map_err(|e| aws::error(format!("describe kinesis stream {stream}"), e))?;
    let status = summary
        .stream_description_summary()
        .map(|s| s.stream_status().clone());
    match status {
        Some(StreamStatus::Active | StreamStatus::Updating) | None => Ok(()),
        Some(other) => Err(Error::Failed(format!(
            "kinesis stream {stream} is {other}, not ACTIVE: wait until it is active and run again"
        ))),
    }
}
