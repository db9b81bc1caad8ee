//! The metrics the pipeline keeps per entity, computed with exact arithmetic.
//!
//! The seed's processing Lambda kept a running average in binary floating point
//! (`(avg * (n - 1) + rating) / n`), which drifts (2.9, 3.8, 4.1 → 3.5999999999999996) and then
//! crashed on float × Decimal. Here ratings are summed as integer tenths and divided once, in
//! decimal, when the metrics are read.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};

use super::events::{Event, EventType, Generator};
use crate::output::{Record, cell};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityTotals {
    pub events: u64,
    pub sessions_started: u64,
    pub sessions_completed: u64,
    pub rating_tenths_sum: u64,
    /// The latest health score: (event index, tenths). The latest event wins.
    pub health: Option<(u64, u16)>,
    pub alerts: u64,
    pub last_event_ms: Option<i64>,
}

impl EntityTotals {
    fn add(&mut self, event: &Event) {
        self.events += 1;
        self.last_event_ms = self.last_event_ms.max(Some(event.timestamp_ms));
        match event.kind {
            EventType::SessionStarted => self.sessions_started += 1,
            EventType::SessionCompleted => {
                self.sessions_completed += 1;
                self.rating_tenths_sum += u64::from(event.value_tenths);
            }
            EventType::CustomerHealthUpdate => {
                if self.health.is_none_or(|(index, _)| index < event.index) {
                    self.health = Some((event.index, event.value_tenths));
                }
            }
            EventType::AlertRaised => self.alerts += 1,
        }
    }

    fn merge(&mut self, other: &EntityTotals) {
        self.events += other.events;
        self.sessions_started += other.sessions_started;
        self.sessions_completed += other.sessions_completed;
        self.rating_tenths_sum += other.rating_tenths_sum;
        self.alerts += other.alerts;
        self.last_event_ms = self.last_event_ms.max(other.last_event_ms);
        self.health = match (self.health, other.health) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
    }

    /// Mean rating, rounded half away from zero to two decimal places from the exact sum.
    pub fn avg_rating(&self) -> Option<Decimal> {
        (self.sessions_completed > 0).then(|| {
            let sum = Decimal::new(self.rating_tenths_sum as i64, 1);
            (sum / Decimal::from(self.sessions_completed))
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        })
    }

    pub fn health_score(&self) -> Option<Decimal> {
        self.health
            .map(|(_, tenths)| Decimal::new(i64::from(tenths), 1).normalize())
    }
}

/// Totals for every entity of a run; adding events and merging partial totals commute, so
/// threads can aggregate disjoint ranges and merge in any order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub entities: Vec<EntityTotals>,
}

impl Totals {
    pub fn new(entity_count: usize) -> Totals {
        Totals {
            entities: vec![EntityTotals::default(); entity_count],
        }
    }

    pub fn add(&mut self, event: &Event) {
        self.entities[event.stream as usize].add(event);
    }

    pub fn merge(&mut self, other: &Totals) {
        for (mine, theirs) in self.entities.iter_mut().zip(&other.entities) {
            mine.merge(theirs);
        }
    }

    pub fn add_range(&mut self, generator: &Generator, range: std::ops::Range<u64>) {
        for index in range {
            self.add(&generator.event(index));
        }
    }

    /// One metrics record per entity that received at least one event.
    pub fn metrics(&self, generator: &Generator) -> Vec<EntityMetrics> {
        (0..self.entities.len() as u32)
            .filter(|stream| self.entities[*stream as usize].events > 0)
            .map(|stream| self.entity_metrics(generator, stream))
            .collect()
    }

    pub fn entity_metrics(&self, generator: &Generator, stream: u32) -> EntityMetrics {
        let totals = &self.entities[stream as usize];
        EntityMetrics {
            entity_id: generator.entity_id(stream).to_string(),
            entity_type: "stream",
            events: totals.events,
            sessions_started: totals.sessions_started,
            sessions_30d: totals.sessions_completed,
            avg_rating: totals.avg_rating(),
            health_score: totals.health_score(),
            alert_count: totals.alerts,
            last_event_at: totals.last_event_ms.map(format_ms),
        }
    }
}

fn format_ms(ms: i64) -> String {
    let mut out = Vec::new();
    super::events::Clock::default().push_iso(&mut out, ms);
    String::from_utf8(out).expect("ASCII timestamp")
}

/// The metrics item the pipeline keeps per entity (the seed's metrics table schema, plus counts).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityMetrics {
    pub entity_id: String,
    pub entity_type: &'static str,
    pub events: u64,
    pub sessions_started: u64,
    pub sessions_30d: u64,
    #[serde(serialize_with = "exact_number")]
    pub avg_rating: Option<Decimal>,
    #[serde(serialize_with = "exact_number")]
    pub health_score: Option<Decimal>,
    pub alert_count: u64,
    pub last_event_at: Option<String>,
}

/// Writes a decimal as a JSON number with exactly its digits (never through f64).
fn exact_number<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(decimal) => serde_json::value::RawValue::from_string(decimal.to_string())
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer),
        None => serializer.serialize_none(),
    }
}

impl Record for EntityMetrics {
    fn headers() -> &'static [&'static str] {
        &[
            "entity_id",
            "entity_type",
            "events",
            "sessions_started",
            "sessions_30d",
            "avg_rating",
            "health_score",
            "alert_count",
            "last_event_at",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.entity_id.clone(),
            self.entity_type.to_string(),
            self.events.to_string(),
            self.sessions_started.to_string(),
            self.sessions_30d.to_string(),
            cell(&self.avg_rating),
            cell(&self.health_score),
            self.alert_count.to_string(),
            cell(&self.last_event_at),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn completed(index: u64, tenths: u16) -> Event {
        event(index, EventType::SessionCompleted, tenths)
    }

    fn event(index: u64, kind: EventType, value_tenths: u16) -> Event {
        // Events are built through the generator's public shape; `key` is irrelevant here.
        let mut e = Generator::new(&super::super::events::Plan {
            seed: 0,
            streams: 1,
            types: vec![kind],
            start: std::time::UNIX_EPOCH,
            spacing: std::time::Duration::from_millis(1),
        })
        .event(index);
        e.value_tenths = value_tenths;
        e
    }

    /// The seed's float running average, reproduced to show what exact arithmetic fixes.
    fn float_running_average(ratings: &[f64]) -> f64 {
        let mut avg = 0.0;
        for (n, rating) in ratings.iter().enumerate() {
            let n = (n + 1) as f64;
            avg = (avg * (n - 1.0) + rating) / n;
        }
        avg
    }

    #[test]
    fn average_is_exact_where_the_seeds_float_code_drifts() {
        let mut totals = EntityTotals::default();
        for (i, tenths) in [29, 38, 41].into_iter().enumerate() {
            totals.add(&completed(i as u64, tenths));
        }
        assert_eq!(totals.avg_rating().unwrap().to_string(), "3.6");
        assert_eq!(
            float_running_average(&[2.9, 3.8, 4.1]).to_string(),
            "3.5999999999999996"
        );
    }

    #[test]
    fn average_rounds_half_away_from_zero_to_two_places() {
        let mut totals = EntityTotals::default();
        // (5.0 + 4.0 + 4.0) / 3 = 4.333… → 4.33; (4.5 + 4.0 + 4.0 + 4.0) / 4... = 4.125 → 4.13
        for (i, tenths) in [50, 40, 40].into_iter().enumerate() {
            totals.add(&completed(i as u64, tenths));
        }
        assert_eq!(totals.avg_rating().unwrap().to_string(), "4.33");
        let mut half = EntityTotals::default();
        for (i, tenths) in [45, 40, 40, 40].into_iter().enumerate() {
            half.add(&completed(i as u64, tenths));
        }
        assert_eq!(half.avg_rating().unwrap().to_string(), "4.13");
    }

    #[test]
    fn latest_health_score_wins_in_any_merge_order() {
        let early = event(1, EventType::CustomerHealthUpdate, 905);
        let late = event(9, EventType::CustomerHealthUpdate, 425);
        let mut a = EntityTotals::default();
        a.add(&late);
        let mut b = EntityTotals::default();
        b.add(&early);
        let mut ab = a;
        ab.merge(&b);
        let mut ba = b;
        ba.merge(&a);
        assert_eq!(ab.health_score().unwrap().to_string(), "42.5");
        assert_eq!(ab, ba);
    }

    #[test]
    fn no_ratings_means_no_average() {
        let mut totals = EntityTotals::default();
        totals.add(&event(0, EventType::SessionStarted, 0));
        assert_eq!(totals.avg_rating(), None);
        assert_eq!(totals.sessions_started, 1);
    }

    #[test]
    fn json_numbers_keep_their_exact_digits() {
        let metrics = EntityMetrics {
            entity_id: "stream-001".into(),
            entity_type: "stream",
            events: 3,
            sessions_started: 0,
            sessions_30d: 3,
            avg_rating: Some(Decimal::new(420, 2).normalize()),
            health_score: None,
            alert_count: 0,
            last_event_at: None,
        };
        let text = serde_json::to_string(&metrics).unwrap();
        assert!(text.contains("\"avg_rating\":4.2,"), "{text}");
        assert!(text.contains("\"health_score\":null"), "{text}");
    }
}
