//! CloudWatch metric series, many at once: GetMetricData takes up to 500 queries per call, so
//! every series a command needs comes back in one call (one per 500), never one call per metric.

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};

use crate::aws;
use crate::error::Result;

/// GetMetricData accepts at most 500 queries per call.
pub const MAX_QUERIES: usize = 500;

/// One metric statistic to read, e.g. `AWS/Lambda Errors Sum` for one function.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub namespace: &'static str,
    pub metric: &'static str,
    pub dimensions: Vec<(&'static str, String)>,
    /// `Sum`, `Maximum`, `p99`, …
    pub stat: &'static str,
}

impl Series {
    pub fn new(namespace: &'static str, metric: &'static str, stat: &'static str) -> Series {
        Series {
            namespace,
            metric,
            dimensions: Vec::new(),
            stat,
        }
    }

    pub fn dimension(mut self, name: &'static str, value: impl Into<String>) -> Series {
        self.dimensions.push((name, value.into()));
        self
    }

    fn query(&self, id: String, period_s: i32) -> MetricDataQuery {
        let metric = Metric::builder()
            .namespace(self.namespace)
            .metric_name(self.metric)
            .set_dimensions(Some(
                self.dimensions
                    .iter()
                    .map(|(name, value)| Dimension::builder().name(*name).value(value).build())
                    .collect(),
            ))
            .build();
        MetricDataQuery::builder()
            .id(id)
            .metric_stat(
                MetricStat::builder()
                    .metric(metric)
                    .period(period_s)
                    .stat(self.stat)
                    .build(),
            )
            .return_data(true)
            .build()
    }
}

/// The datapoints of each series, `(epoch seconds, value)` in any order, in the order asked.
pub async fn fetch(
    client: &aws_sdk_cloudwatch::Client,
    series: &[Series],
    start_s: i64,
    end_s: i64,
    period_s: i32,
) -> Result<Vec<Vec<(i64, f64)>>> {
    let mut points = vec![Vec::new(); series.len()];
    for (chunk_index, chunk) in series.chunks(MAX_QUERIES).enumerate() {
        let queries: Vec<MetricDataQuery> = chunk
            .iter()
            .enumerate()
            .map(|(i, s)| s.query(format!("q{}", chunk_index * MAX_QUERIES + i), period_s))
            .collect();
        let mut pages = client
            .get_metric_data()
            .start_time(DateTime::from_secs(start_s))
            .end_time(DateTime::from_secs(end_s))
            .set_metric_data_queries(Some(queries))
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page =
                page.map_err(|e| aws::error("read CloudWatch metrics (GetMetricData)", e))?;
            for result in page.metric_data_results() {
                let index = result
                    .id()
                    .and_then(|id| id.strip_prefix('q'))
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|i| *i < points.len());
                if let Some(index) = index {
                    points[index].extend(
                        result
                            .timestamps()
                            .iter()
                            .map(DateTime::secs)
                            .zip(result.values().iter().copied()),
                    );
                }
            }
        }
    }
    Ok(points)
}

/// The value at the latest timestamp (CloudWatch returns newest first, but does not promise it).
pub fn newest(points: &[(i64, f64)]) -> Option<f64> {
    points.iter().max_by_key(|(t, _)| *t).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_datapoint_wins_in_any_order() {
        assert_eq!(newest(&[(60, 1.0), (180, 3.0), (120, 2.0)]), Some(3.0));
        assert_eq!(newest(&[]), None);
    }

    #[test]
    fn a_query_carries_its_dimensions_stat_and_period() {
        let query = Series::new("AWS/Lambda", "Duration", "p99")
            .dimension("FunctionName", "connect")
            .query("q7".into(), 60);
        let stat = query.metric_stat().unwrap();
        assert_eq!(
            (query.id(), stat.stat(), stat.period()),
            (Some("q7"), Some("p99"), Some(60))
        );
        let metric = stat.metric().unwrap();
        assert_eq!(metric.metric_name(), Some("Duration"));
        assert_eq!(metric.dimensions()[0].value(), Some("connect"));
    }
}
