//! Times and durations as users type them: `90s`, `10m`, `1h30m`, `2d` (ago, for a point in
//! time), ISO 8601 with or without a zone (none means UTC), a date, epoch seconds or
//! milliseconds, or `now`. Parsing is jiff's; this module only decides which form a text is.

use std::time::{Duration, SystemTime};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Span, SpanRelativeTo, Timestamp};

pub const TIME_FORMS: &str = "a duration ago (90s, 10m, 1h30m, 2d), ISO 8601 (2026-01-01T12:00:00Z; no zone = UTC), a date, epoch seconds or milliseconds, or 'now'";

/// The slowest and fastest rates any `--rate` accepts: one event every ~17 minutes, and more
/// than any single process can send. Outside them a rate is a typo, and its period would not
/// fit a `Duration`.
pub const MIN_RATE: f64 = 0.001;
pub const MAX_RATE: f64 = 10_000_000.0;

/// A rate per second (`100`, `0.5`, `1e3`) between [`MIN_RATE`] and [`MAX_RATE`].
pub fn parse_rate(text: &str, unit: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if (MIN_RATE..=MAX_RATE).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "'{text}' is not a number of {unit} per second between {MIN_RATE} and 10000000 (e.g. 100 or 0.5)"
        )),
    }
}

/// The time `index` events take at `rate` per second, saturating at a century instead of
/// panicking (an `Instant` plus it must still fit).
pub fn period(index: u64, rate: f64) -> Duration {
    Duration::try_from_secs_f64(index as f64 / rate).map_or(MAX_DURATION, |d| d.min(MAX_DURATION))
}

/// A positive duration: `90s`, `10m`, `1h30m`, `2d`, `1 hour`, ISO 8601 `PT1H`, or a bare number
/// of seconds (`5`, `0.5`) as in curl and timeout(1).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    parse_any_duration(text).and_then(|d| {
        if d > MAX_DURATION {
            Err(format!("'{text}' is longer than 100 years"))
        } else {
            Ok(d)
        }
    })
}

/// Longer than any window, hold or timeout makes sense for, and short enough that its
/// milliseconds fit an i64 and an `Instant` plus it never overflows.
const MAX_DURATION: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

fn parse_any_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return match trimmed.parse::<f64>().ok().map(Duration::try_from_secs_f64) {
            Some(Ok(d)) if !d.is_zero() => Ok(d),
            _ => Err(format!("'{text}' must be a positive duration")),
        };
    }
    let span: Span = trimmed
        .parse()
        .map_err(|_| format!("'{text}' is not a duration; use e.g. 90s, 10m, 1h30m, 2d"))?;
    let duration = span
        .to_duration(SpanRelativeTo::days_are_24_hours())
        .map_err(|_| format!("'{text}' uses months or years; use days (e.g. 30d)"))?;
    match Duration::try_from(duration) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => Err(format!("'{text}' must be a positive duration")),
    }
}

/// A point in time; durations count back from `now`.
pub fn parse_time(text: &str, now: Timestamp) -> Result<Timestamp, String> {
    let text = text.trim();
    let bad = || format!("'{text}' is not a time; use {TIME_FORMS}");
    if text == "now" {
        return Ok(now);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let value: i64 = text.parse().map_err(|_| bad())?;
        // Eleven digits of seconds reach the year 5138: anything longer is milliseconds.
        let parsed = if text.len() > 11 {
            Timestamp::from_millisecond(value)
        } else {
            Timestamp::from_second(value)
        };
        return parsed.map_err(|_| bad());
    }
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Ok(timestamp);
    }
    if let Ok(datetime) = text.parse::<DateTime>() {
        return datetime
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| bad());
    }
    if let Ok(date) = text.parse::<Date>() {
        return date
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|_| bad());
    }
    let ago = parse_duration(text).map_err(|_| bad())?;
    let ago = jiff::SignedDuration::try_from(ago).map_err(|_| bad())?;
    now.checked_sub(ago).map_err(|_| bad())
}

/// A time as applications store it in a table: epoch seconds or milliseconds (by magnitude,
/// fractions allowed, as a number or a numeric string), or ISO 8601 — with a zone or offset,
/// without one (UTC), or a bare date. Never a duration: a stored "10m" is not a time.
pub fn parse_stored_time(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(value) = text.parse::<f64>() {
        if !value.is_finite() {
            return None;
        }
        // Eleven digits of seconds reach the year 5138: anything larger is milliseconds.
        let ms = if value.abs() > 1e11 {
            value
        } else {
            value * 1000.0
        };
        return Timestamp::from_millisecond(ms as i64).ok();
    }
    if let Ok(timestamp) = text.parse::<Timestamp>() {
        return Some(timestamp);
    }
    if let Ok(datetime) = text.parse::<DateTime>() {
        return datetime.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp());
    }
    let date = text.parse::<Date>().ok()?;
    date.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// `2026-01-01T00:00:00.000Z`: fixed width, UTC, milliseconds.
pub fn format_millis(timestamp: Timestamp) -> String {
    timestamp.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// `15m`, `1h 30m`, `5s`: the form `parse_duration` reads back.
pub fn format_duration(duration: Duration) -> String {
    jiff::SignedDuration::try_from(duration)
        .map_or_else(|_| format!("{}s", duration.as_secs()), |d| format!("{d:#}"))
        .replace(' ', "")
}

pub fn to_system_time(timestamp: Timestamp) -> SystemTime {
    SystemTime::from(timestamp)
}

pub fn from_system_time(time: SystemTime) -> Timestamp {
    Timestamp::try_from(time).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-25T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn durations_format_as_they_parse() {
        for text in ["15m", "5s", "1h30m", "2d"] {
            let parsed = parse_duration(text).unwrap();
            assert_eq!(
                parse_duration(&format_duration(parsed)).unwrap(),
                parsed,
                "{text}"
            );
        }
        assert_eq!(format_duration(Duration::from_secs(900)), "15m");
    }

    fn at(text: &str) -> String {
        format_millis(parse_time(text, now()).unwrap())
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("2d"), Ok(Duration::from_secs(172_800)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("PT1H"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("0.5"), Ok(Duration::from_millis(500)));
        for bad in [
            "",
            "soon",
            "0s",
            "-5m",
            "1mo",
            "0",
            "1e400",
            "1.2.3",
            ".",
            "99999999999999999999",
            "36600d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_time_form() {
        assert_eq!(at("10m"), "2026-11-25T11:50:00.000Z");
        assert_eq!(at("1h30m"), "2026-11-25T10:30:00.000Z");
        assert_eq!(at("2d"), "2026-11-23T12:00:00.000Z");
        assert_eq!(at("now"), "2026-11-25T12:00:00.000Z");
        assert_eq!(at("2026-11-01T08:00:00Z"), "2026-11-01T08:00:00.000Z");
        assert_eq!(at("2026-11-01T08:00:00+02:00"), "2026-11-01T06:00:00.000Z");
        assert_eq!(
            at("2026-11-01T08:00:00"),
            "2026-11-01T08:00:00.000Z",
            "no zone means UTC"
        );
        assert_eq!(at("2026-11-01 08:00:00.250"), "2026-11-01T08:00:00.250Z");
        assert_eq!(at("2026-11-01"), "2026-11-01T00:00:00.000Z");
        assert_eq!(at("1764000000"), "2025-11-24T16:00:00.000Z");
        assert_eq!(at("1764000000123"), "2025-11-24T16:00:00.123Z");
    }

    #[test]
    fn bad_times_say_what_is_accepted() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-11-01T25:00:00",
            "12:00",
            "-5",
        ] {
            let err = parse_time(bad, now()).unwrap_err();
            assert!(err.contains("ISO 8601"), "{bad}: {err}");
        }
    }
}
