//! The age of each queue's oldest message: CloudWatch `AWS/SQS ApproximateAgeOfOldestMessage`,
//! every queue in one GetMetricData call, the newest datapoint of the last ten minutes.

use std::collections::HashMap;

use crate::cloudwatch::{self, Series};
use crate::error::Result;

/// Queue name → age in seconds, for the queues that have a datapoint.
pub async fn oldest(
    client: &aws_sdk_cloudwatch::Client,
    names: &[String],
) -> Result<HashMap<String, f64>> {
    let now = jiff::Timestamp::now().as_second();
    let series: Vec<Series> = names.iter().map(|name| age_series(name)).collect();
    let points = cloudwatch::fetch(client, &series, now - 600, now + 60, 60).await?;
    Ok(names
        .iter()
        .zip(points)
        .filter_map(|(name, points)| Some((name.clone(), cloudwatch::newest(&points)?)))
        .collect())
}

pub fn age_series(queue: &str) -> Series {
    Series::new("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum").dimension("QueueName", queue)
}
