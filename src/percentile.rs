//! Percentiles by nearest rank — the value at rank ⌈p·n⌉ of the sorted samples, one that was
//! really observed — exact up to ten million samples (40 MB of them); beyond that from an HDR
//! histogram (within 0.1 %, never above the exact maximum). Reports say which.

use hdrhistogram::Histogram;
use serde::Serialize;

/// Samples kept for exact percentiles: 4 bytes each.
pub const EXACT_LIMIT: usize = 10_000_000;

/// How the percentiles were computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    #[default]
    Exact,
    /// More samples than [`EXACT_LIMIT`]: an HDR histogram with 3 significant digits.
    Hdr,
    /// Computed by CloudWatch Logs Insights (`pct()`), an estimate of its own.
    Insights,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Exact => "exact",
            Method::Hdr => "hdr",
            Method::Insights => "insights",
        }
    }
}

/// Non-negative integer samples (microseconds, say) up to `highest`.
#[derive(Debug, Clone)]
pub struct Samples {
    exact: Vec<u32>,
    sorted: bool,
    hdr: Option<Histogram<u64>>,
    count: u64,
    max: u64,
    highest: u64,
    limit: usize,
}

impl Samples {
    pub fn new(highest: u64) -> Samples {
        Samples::with_limit(highest, EXACT_LIMIT)
    }

    fn with_limit(highest: u64, limit: usize) -> Samples {
        Samples {
            exact: Vec::new(),
            sorted: true,
            hdr: None,
            count: 0,
            max: 0,
            highest: highest.min(u64::from(u32::MAX)),
            limit,
        }
    }

    pub fn record(&mut self, value: u64) {
        let value = value.min(self.highest);
        self.count += 1;
        self.max = self.max.max(value);
        match &mut self.hdr {
            Some(hdr) => hdr.saturating_record(value.max(1)),
            None if self.exact.len() < self.limit => {
                self.exact.push(value as u32);
                self.sorted = false;
            }
            None => self.overflow(value),
        }
    }

    /// Past the limit: every sample so far into a histogram, and the list freed.
    fn overflow(&mut self, value: u64) {
        let mut hdr =
            Histogram::new_with_bounds(1, self.highest.max(2), 3).expect("valid histogram bounds");
        for sample in self.exact.drain(..) {
            hdr.saturating_record(u64::from(sample).max(1));
        }
        hdr.saturating_record(value.max(1));
        self.exact = Vec::new();
        self.hdr = Some(hdr);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn max(&self) -> Option<u64> {
        (self.count > 0).then_some(self.max)
    }

    pub fn method(&self) -> Method {
        if self.hdr.is_some() {
            Method::Hdr
        } else {
            Method::Exact
        }
    }

    /// Every sample, sorted, while they are kept exactly (None past [`EXACT_LIMIT`]).
    pub fn exact_values(&mut self) -> Option<&[u32]> {
        if self.hdr.is_some() {
            return None;
        }
        if !self.sorted {
            self.exact.sort_unstable();
            self.sorted = true;
        }
        Some(&self.exact)
    }

    /// The value at each quantile (0.5, 0.95, …); none without samples.
    pub fn quantiles<const N: usize>(&mut self, quantiles: [f64; N]) -> [Option<u64>; N] {
        if self.count == 0 {
            return [None; N];
        }
        if let Some(hdr) = &self.hdr {
            return quantiles.map(|q| Some(hdr.value_at_quantile(q).min(self.max)));
        }
        if !self.sorted {
            self.exact.sort_unstable();
            self.sorted = true;
        }
        let n = self.exact.len() as u64;
        quantiles.map(|q| Some(u64::from(self.exact[(rank(q, n) - 1) as usize])))
    }
}

/// ⌈q·n⌉ in whole numbers (q to a hundredth of a percent), so 0.95 × 100 is 95, not 96 as
/// floating point would have it; at least 1, at most n.
fn rank(quantile: f64, n: u64) -> u64 {
    let basis_points = (quantile.clamp(0.0, 1.0) * 10_000.0).round() as u128;
    let rank = (u128::from(n) * basis_points).div_ceil(10_000);
    (rank as u64).clamp(1, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_is_a_sample_at_rank_ceil_p_n() {
        let mut samples = Samples::new(1_000_000);
        for value in 1..=100 {
            samples.record(value);
        }
        assert_eq!(
            samples.quantiles([0.5, 0.95, 0.99, 1.0]),
            [Some(50), Some(95), Some(99), Some(100)]
        );
        // 63 samples: p95 is rank ⌈59.85⌉ = 60.
        let mut samples = Samples::new(1_000_000);
        for value in (1..=63).rev() {
            samples.record(value * 10);
        }
        assert_eq!(samples.quantiles([0.95]), [Some(600)]);
        assert_eq!(samples.method(), Method::Exact);
        assert_eq!(Samples::new(10).quantiles([0.5]), [None]);
    }

    #[test]
    fn past_the_limit_a_histogram_takes_over_and_says_so() {
        let mut samples = Samples::with_limit(10_000_000, 1_000);
        for value in 1..=2_000u64 {
            samples.record(value * 1000);
        }
        assert_eq!(samples.method(), Method::Hdr);
        assert_eq!(samples.count, 2_000);
        let p50 = samples.quantiles([0.5])[0].unwrap() as f64;
        assert!((p50 - 1_000_000.0).abs() <= 1_000_000.0 * 0.001, "{p50}");
        assert_eq!(samples.quantiles([1.0]), [Some(2_000_000)]);
    }

    #[test]
    fn ranks_do_not_suffer_float_error() {
        assert_eq!(rank(0.95, 100), 95);
        assert_eq!(rank(0.99, 100), 99);
        assert_eq!(rank(0.5, 1), 1);
        assert_eq!(rank(0.0, 10), 1);
        assert_eq!(rank(0.999, 10_000_000), 9_990_000);
    }
}
