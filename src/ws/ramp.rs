//! `--ramp 30s:100,60s:500`: the rate of new connections reached linearly over each phase (from
//! the previous phase's rate, the first from 0), as thor and artillery ramp arrivals.

use std::time::Duration;

/// How connections are paced in load mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Pace {
    /// A steady rate per second.
    Rate(f64),
    /// Phases of (duration, rate reached at its end).
    Ramp(Vec<(Duration, f64)>),
}

pub fn parse_ramp(text: &str) -> Result<Pace, String> {
    let bad = |why: &str| {
        format!(
            "--ramp '{text}': {why}; use e.g. 30s:100,60s:500 (each phase's length and the connections per second it reaches)"
        )
    };
    let mut phases = Vec::new();
    for phase in text.split(',') {
        let (length, rate) = phase
            .split_once(':')
            .ok_or_else(|| bad("a phase is LENGTH:RATE"))?;
        let length = crate::timespec::parse_duration(length.trim()).map_err(|e| bad(&e))?;
        let rate: f64 = rate.trim().parse().map_err(|_| bad("a rate is a number"))?;
        if !rate.is_finite() || !(0.0..=100_000.0).contains(&rate) {
            return Err(bad("a rate is between 0 and 100000 per second"));
        }
        phases.push((length, rate));
    }
    if phases.iter().all(|(_, rate)| *rate == 0.0) {
        return Err(bad("no phase opens any connection"));
    }
    Ok(Pace::Ramp(phases))
}

impl Pace {
    /// When connection `index` (0-based) is due, from the start; None once a ramp is over.
    pub fn due(&self, index: u64) -> Option<Duration> {
        match self {
            Pace::Rate(rate) => Some(crate::timespec::period(index, *rate)),
            Pace::Ramp(phases) => {
                let (mut before, mut from_rate, mut elapsed) = (0.0f64, 0.0f64, 0.0f64);
                let wanted = index as f64;
                for (length, to_rate) in phases {
                    let length = length.as_secs_f64();
                    // Connections opened over this phase: the area under the rate.
                    let during = (from_rate + to_rate) / 2.0 * length;
                    if before + during > wanted {
                        let k = wanted - before;
                        let slope = (to_rate - from_rate) / length;
                        let t = if slope.abs() < 1e-12 {
                            k / from_rate
                        } else {
                            (-from_rate + (from_rate * from_rate + 2.0 * slope * k).max(0.0).sqrt())
                                / slope
                        };
                        return Duration::try_from_secs_f64(elapsed + t.clamp(0.0, length)).ok();
                    }
                    before += during;
                    elapsed += length;
                    from_rate = *to_rate;
                }
                None
            }
        }
    }

    /// Connections over the whole ramp (None for a steady rate: unbounded).
    pub fn total(&self) -> Option<u64> {
        match self {
            Pace::Rate(_) => None,
            Pace::Ramp(phases) => {
                let (mut total, mut from_rate) = (0.0, 0.0);
                for (length, to_rate) in phases {
                    total += (from_rate + to_rate) / 2.0 * length.as_secs_f64();
                    from_rate = *to_rate;
                }
                Some(total.ceil() as u64)
            }
        }
    }

    /// How long a ramp lasts (zero for a steady rate: it has no end).
    pub fn length(&self) -> Duration {
        match self {
            Pace::Rate(_) => Duration::ZERO,
            Pace::Ramp(phases) => phases.iter().map(|(length, _)| *length).sum(),
        }
    }

    /// The highest rate asked for.
    pub fn peak(&self) -> f64 {
        match self {
            Pace::Rate(rate) => *rate,
            Pace::Ramp(phases) => phases.iter().map(|(_, r)| *r).fold(0.0, f64::max),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ramp_reaches_each_rate_linearly() {
        let pace = parse_ramp("10s:100,10s:100").unwrap();
        // 0 → 100/s over 10 s opens 500, then 1000 more at a steady 100/s.
        assert_eq!(pace.total(), Some(1500));
        assert_eq!(pace.due(0), Some(Duration::ZERO));
        // Half of the first phase's connections open in its last 30 %: 125 by 5 s.
        let at_125 = pace.due(125).unwrap().as_secs_f64();
        assert!((at_125 - 5.0).abs() < 1e-6, "{at_125}");
        let at_1000 = pace.due(1000).unwrap().as_secs_f64();
        assert!((at_1000 - 15.0).abs() < 1e-6, "{at_1000}");
        assert_eq!(pace.due(1500), None);
        assert_eq!(pace.peak(), 100.0);
        let times: Vec<Duration> = (0..1500).map(|i| pace.due(i).unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "in order");
    }

    #[test]
    fn bad_ramps_say_what_a_phase_is() {
        for bad in ["", "30s", "30s:x", "soon:5", "10s:-1", "10s:0"] {
            assert!(
                parse_ramp(bad).unwrap_err().contains("30s:100,60s:500"),
                "{bad}"
            );
        }
        assert_eq!(Pace::Rate(10.0).due(20), Some(Duration::from_secs(2)));
    }
}
