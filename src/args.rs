//! Flags several commands share. Each is declared once here, flattened into the commands that
//! take it, and resolved against the settings (flag > environment > iops.toml) in one place.

use std::marker::PhantomData;

use clap::Args;
use jiff::Timestamp;

use crate::config::{Settings, parse_name};
use crate::error::{Error, Result};

/// `--stage NAME`, defaulting to `stage` from iops.toml.
#[derive(Debug, Clone, Default, Args)]
pub struct StageArg {
    /// Stage [default: stage from iops.toml]
    #[arg(long, value_name = "STAGE", value_parser = parse_name)]
    pub stage: Option<String>,
}

impl StageArg {
    /// The stage given on the command line, without falling back to the config.
    pub fn given(&self) -> Option<&str> {
        self.stage.as_deref()
    }

    /// The given or configured stage, when there is one.
    pub fn or_configured<'a>(&'a self, settings: &'a Settings) -> Option<&'a str> {
        self.given().or_else(|| settings.get("stage"))
    }

    pub fn resolve(&self, settings: &Settings) -> Result<String> {
        self.or_configured(settings)
            .map(str::to_string)
            .ok_or_else(|| Error::usage("no stage: pass --stage NAME or set stage in iops.toml"))
    }
}

/// Which configured table a `--table` flag stands for.
pub trait TableRole {
    /// The key under `[env.X.tables]`.
    const KEY: &'static str;
    const HELP: &'static str;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Connections;
impl TableRole for Connections {
    const KEY: &'static str = "tables.connections";
    const HELP: &'static str = "Connections table [default: tables.connections from iops.toml]";
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Metrics;
impl TableRole for Metrics {
    const KEY: &'static str = "tables.metrics";
    const HELP: &'static str = "Metrics table [default: tables.metrics from iops.toml]";
}

/// `--table NAME` for one role, defaulting to that role's table in iops.toml.
#[derive(Debug, Clone, Default, Args)]
pub struct TableArg<R: TableRole + Clone + Default + Send + Sync + 'static> {
    #[arg(long, global = true, value_name = "TABLE", value_parser = parse_name, help = R::HELP)]
    pub table: Option<String>,
    #[arg(skip)]
    role: PhantomData<R>,
}

impl<R: TableRole + Clone + Default + Send + Sync + 'static> TableArg<R> {
    pub fn resolve(&self, settings: &Settings) -> Result<String> {
        self.table
            .clone()
            .or_else(|| settings.get(R::KEY).map(str::to_string))
            .ok_or_else(|| {
                let role = R::KEY.trim_start_matches("tables.");
                Error::usage(format!(
                    "no {role} table: pass --table NAME or set {} in iops.toml",
                    R::KEY
                ))
            })
    }
}

pub type ConnectionsTable = TableArg<Connections>;
pub type MetricsTable = TableArg<Metrics>;

/// `--api-id ID` or `--api NAME`, defaulting to `api_id` from iops.toml.
#[derive(Debug, Clone, Default, Args)]
pub struct ApiArg {
    /// WebSocket API id [default: api_id from iops.toml]
    #[arg(long, global = true, value_name = "ID", conflicts_with = "api", value_parser = parse_name)]
    pub api_id: Option<String>,

    /// WebSocket API name, resolved with GetApis
    #[arg(long, global = true, value_name = "NAME", value_parser = parse_name)]
    pub api: Option<String>,
}

/// How the API was named: an id to use as is, or a name to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiRef {
    Id(String),
    Name(String),
}

impl ApiArg {
    pub fn resolve(&self, settings: &Settings) -> Result<ApiRef> {
        match (&self.api_id, &self.api, settings.get("api_id")) {
            (Some(id), _, _) => Ok(ApiRef::Id(id.clone())),
            (None, Some(name), _) => Ok(ApiRef::Name(name.clone())),
            (None, None, Some(id)) => Ok(ApiRef::Id(id.to_string())),
            (None, None, None) => Err(Error::usage(
                "no API: pass --api-id ID or --api NAME, or set api_id in iops.toml",
            )),
        }
    }
}

/// `--concurrency N`: AWS requests in flight at once, within what every API iops calls allows.
#[derive(Debug, Clone, Copy, Args)]
pub struct ConcurrencyArg {
    /// AWS requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,
}

impl ConcurrencyArg {
    pub fn get(self) -> usize {
        self.concurrency as usize
    }
}

impl Default for ConcurrencyArg {
    fn default() -> Self {
        ConcurrencyArg { concurrency: 16 }
    }
}

/// A `--since`/`--until` value, parsed by clap into a time against the clock at start-up; keeps
/// the words the user typed for messages and hints (`--since 15m`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Time {
    pub at: Timestamp,
    text: String,
}

impl Time {
    pub fn parse(text: &str) -> std::result::Result<Time, String> {
        Ok(Time {
            at: crate::timespec::parse_time(text, Timestamp::now())?,
            text: text.trim().to_string(),
        })
    }

    pub fn as_millis(&self) -> i64 {
        self.at.as_millisecond()
    }

    /// As typed, to put back into a suggested command.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// `the last 15m` for a duration ago, `since 2026-01-01T00:00:00.000Z` for a point in time.
    pub fn describe(&self) -> String {
        match crate::timespec::parse_duration(&self.text) {
            Ok(ago) => format!("the last {}", crate::timespec::format_duration(ago)),
            Err(_) => format!("since {}", crate::timespec::format_millis(self.at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Probe {
        #[command(flatten)]
        stage: StageArg,
        #[command(flatten)]
        table: ConnectionsTable,
        #[command(flatten)]
        api: ApiArg,
        #[command(flatten)]
        concurrency: ConcurrencyArg,
    }

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::from_pairs(pairs)
    }

    #[test]
    fn flags_win_over_the_config_and_the_config_fills_in() {
        let set = settings(&[
            ("stage", "prod"),
            ("tables.connections", "Conns"),
            ("api_id", "abc"),
        ]);
        let given = Probe::parse_from([
            "p",
            "--stage",
            "dev",
            "--table",
            "T",
            "--api",
            "chat",
            "--concurrency",
            "3",
        ]);
        assert_eq!(given.stage.resolve(&set).unwrap(), "dev");
        assert_eq!(given.table.resolve(&set).unwrap(), "T");
        assert_eq!(
            given.api.resolve(&set).unwrap(),
            ApiRef::Name("chat".into())
        );
        assert_eq!(given.concurrency.get(), 3);
        let bare = Probe::parse_from(["p"]);
        assert_eq!(bare.stage.resolve(&set).unwrap(), "prod");
        assert_eq!(bare.table.resolve(&set).unwrap(), "Conns");
        assert_eq!(bare.api.resolve(&set).unwrap(), ApiRef::Id("abc".into()));
        assert_eq!(bare.concurrency.get(), 16);
    }

    #[test]
    fn missing_values_name_the_flag_and_the_key() {
        let bare = Probe::parse_from(["p"]);
        let empty = settings(&[]);
        let message = |e: Error| e.to_string();
        assert!(message(bare.stage.resolve(&empty).unwrap_err()).contains("--stage NAME"));
        assert!(
            message(bare.table.resolve(&empty).unwrap_err())
                .contains("no connections table: pass --table NAME or set tables.connections")
        );
        assert!(message(bare.api.resolve(&empty).unwrap_err()).contains("--api-id ID"));
        assert_eq!(
            MetricsTable::default()
                .resolve(&empty)
                .unwrap_err()
                .to_string(),
            "no metrics table: pass --table NAME or set tables.metrics in iops.toml"
        );
    }

    #[test]
    fn times_keep_what_was_typed() {
        let ago = Time::parse(" 15m").unwrap();
        assert_eq!(ago.text(), "15m");
        assert_eq!(ago.describe(), "the last 15m");
        let age = Timestamp::now().as_millisecond() - ago.as_millis();
        assert!((15 * 60_000..15 * 60_000 + 5_000).contains(&age), "{age}");
        let fixed = Time::parse("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(fixed.describe(), "since 2026-01-01T00:00:00.000Z");
        assert!(Time::parse("yesterday-ish").is_err());
    }

    #[test]
    fn bad_values_are_usage_errors() {
        assert!(Probe::try_parse_from(["p", "--concurrency", "0"]).is_err());
        assert!(Probe::try_parse_from(["p", "--concurrency", "257"]).is_err());
        assert!(Probe::try_parse_from(["p", "--stage", " "]).is_err());
        assert!(Probe::try_parse_from(["p", "--api-id", "a", "--api", "b"]).is_err());
    }
}
