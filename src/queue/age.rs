//! The age of each queue's oldest message: CloudWatch `AWS/SQS ApproximateAgeOfOldestMessage`,
//! every queue in one GetMetricData call (up to 500 queries), the newest datapoint of the last
//! ten minutes.

use std::collections::HashMap;

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};

use crate::aws;
use crate::error::Result;

/// GetMetricData accepts at most 500 queries per call.
const MAX_QUERIES: usize = 500;

/// Queue name → age in seconds, for the queues that have a datapoint.
pub async fn oldest(
    client: &aws_sdk_cloudwatch::Client,
    names: &[String],
) -> Result<HashMap<String, f64>> {
    let now = jiff::Timestamp::now().as_second();
    let mut ages = HashMap::new();
    for (chunk_index, chunk) in names.chunks(MAX_QUERIES).enumerate() {
        let queries: Vec<MetricDataQuery> = chunk
            .iter()
            .enumerate()
            .map(|(i, name)| query(&format!("q{}", chunk_index * MAX_QUERIES + i), name))
            .collect();
        let mut pages = client
            .get_metric_data()
            .start_time(DateTime::from_secs(now - 600))
            .end_time(DateTime::from_secs(now + 60))
            .set_metric_data_queries(Some(queries))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| aws::error("read queue ages (GetMetricData)", e))?;
            for result in page.metric_data_results() {
                let Some(index) = result
                    .id()
                    .and_then(|id| id.strip_prefix('q'))
                    .and_then(|n| n.parse::<usize>().ok())
                else {
                    continue;
                };
                if let Some(value) = newest(result.timestamps(), result.values()) {
                    ages.insert(names[index].clone(), value);
                }
            }
        }
    }
    Ok(ages)
}

fn query(id: &str, queue: &str) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace("AWS/SQS")
        .metric_name("ApproximateAgeOfOldestMessage")
        .dimensions(Dimension::builder().name("QueueName").value(queue).build())
        .build();
    MetricDataQuery::builder()
        .id(id)
        .metric_stat(
            MetricStat::builder()
                .metric(metric)
                .period(60)
                .stat("Maximum")
                .build(),
        )
        .return_data(true)
        .build()
}

/// The value at the latest timestamp (CloudWatch returns newest first, but does not promise it).
fn newest(timestamps: &[DateTime], values: &[f64]) -> Option<f64> {
    timestamps
        .iter()
        .zip(values)
        .max_by_key(|(t, _)| t.secs())
        .map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_datapoint_wins_in_any_order() {
        let times = [
            DateTime::from_secs(60),
            DateTime::from_secs(180),
            DateTime::from_secs(120),
        ];
        assert_eq!(newest(&times, &[1.0, 3.0, 2.0]), Some(3.0));
        assert_eq!(newest(&[], &[]), None);
    }
}
