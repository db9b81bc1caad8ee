//! What a simulation did: generated, delivered, retried, failed, how fast.

use serde::Serialize;

use super::Run;
use super::schedule::Schedule;
use crate::error::{Error, Result};
use crate::output::Record;

#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub destination: String,
    /// What `delivered` / `failed` count: events, or metric items for DynamoDB.
    pub unit: &'static str,
    pub seed: u64,
    pub start_time: String,
    /// Units (see `unit`) to deliver: delivered + failed = generated, always.
    pub generated: u64,
    /// Events the generator made (for DynamoDB, aggregated into `generated` items).
    pub events: u64,
    pub delivered: u64,
    pub retried: u64,
    pub failed: u64,
    pub elapsed_ms: f64,
    pub events_per_s: f64,
    pub interrupted: bool,
}

impl RunReport {
    pub fn finished(
        run: &Run,
        destination: &str,
        schedule: &Schedule,
        delivered: u64,
        retried: u64,
        failed: u64,
    ) -> RunReport {
        let generated = schedule.generated();
        let elapsed = schedule.elapsed().as_secs_f64();
        RunReport {
            destination: destination.to_string(),
            unit: "events",
            seed: run.plan.seed,
            start_time: run.start_time(),
            generated,
            events: generated,
            delivered,
            retried,
            failed,
            elapsed_ms: (elapsed * 1e6).round() / 1e3,
            events_per_s: if elapsed > 0.0 {
                (delivered as f64 / elapsed).round()
            } else {
                0.0
            },
            interrupted: schedule.interrupted(),
        }
    }

    /// What was delivered is items made from the events (one per entity), not the events:
    /// `generated` counts those items so that delivered + failed = generated.
    pub fn in_items(mut self, items: u64) -> RunReport {
        self.unit = "items";
        self.generated = items;
        // The rate stays one of events: those the delivered items were made from.
        let elapsed_s = self.elapsed_ms / 1000.0;
        self.events_per_s = if elapsed_s > 0.0 {
            (self.events as f64 / elapsed_s).round()
        } else {
            0.0
        };
        self
    }

    /// One human line for stderr.
    pub fn summary_line(&self, run: &Run) -> String {
        let (verb, place) = match self.destination.as_str() {
            "local" => ("aggregated", "locally".to_string()),
            "stdout" => ("wrote", "to stdout".to_string()),
            other => ("delivered", format!("to {other}")),
        };
        let from_events = if self.unit == "events" {
            String::new()
        } else {
            format!(
                " of {}, from {} events",
                group_thousands(self.generated),
                group_thousands(self.events)
            )
        };
        let mut line = format!(
            "{}{verb} {} {}{from_events} {place} in {} ({} events/s)",
            if self.interrupted {
                "interrupted: "
            } else {
                ""
            },
            group_thousands(self.delivered),
            self.unit,
            human_elapsed(self.elapsed_ms),
            group_thousands(self.events_per_s as u64),
        );
        if self.retried > 0 || self.failed > 0 {
            line.push_str(&format!(
                "; {} retried, {} failed",
                self.retried, self.failed
            ));
        }
        line.push_str(&format!("\nrepeat with: {}", run.repeat_hint()));
        line
    }

    /// Exit status for a finished run: 130 when it was interrupted (undelivered events are
    /// reported by the sinks themselves).
    pub fn outcome(&self, schedule: &Schedule) -> Result<()> {
        if schedule.interrupted() {
            return Err(Error::Interrupted);
        }
        Ok(())
    }
}

fn human_elapsed(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.2} s", ms / 1000.0)
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Record for RunReport {
    fn headers() -> &'static [&'static str] {
        &[
            "destination",
            "unit",
            "seed",
            "start_time",
            "generated",
            "events",
            "delivered",
            "retried",
            "failed",
            "elapsed_ms",
            "events_per_s",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.destination.clone(),
            self.unit.to_string(),
            self.seed.to_string(),
            self.start_time.clone(),
            self.generated.to_string(),
            self.events.to_string(),
            self.delivered.to_string(),
            self.retried.to_string(),
            self.failed.to_string(),
            format!("{:.1}", self.elapsed_ms),
            format!("{:.0}", self.events_per_s),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(20_123_456), "20,123,456");
    }
}
