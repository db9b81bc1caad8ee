//! `iops ws probe`: open a probe WebSocket, time every phase, and explain how it ended.

pub mod close;
mod handshake;
mod load;
pub mod probe;
mod send;

use std::time::Duration;

use clap::{Args, Subcommand};
use regex::Regex;

use crate::context::Context;
use crate::error::{Error, Result};
use crate::redact;
use crate::secret::Secret;
use crate::timespec;
use probe::{Outcome, ProbePlan};

#[derive(Debug, Args)]
pub struct WsArgs {
    #[command(subcommand)]
    pub command: WsCommand,
}

#[derive(Debug, Subcommand)]
pub enum WsCommand {
    /// Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close
    #[command(after_help = PROBE_HELP)]
    Probe(Box<ProbeArgs>),
    /// Post a message to one connection or all of them through the management API (@connections)
    Send(send::SendArgs),
}

const PROBE_HELP: &str = "\
Exit codes: 0 connected and every expectation met (with --until-close: closed 1000 or 1001);
1 an expectation failed or the close was anything else (1005, 1006, 1002-1015, 3000-4999);
2 bad input; 4 DNS, TCP, TLS or the HTTP upgrade failed (the report says why).

Examples:
  iops ws probe wss://abc123.execute-api.us-east-1.amazonaws.com/prod --token $JWT
  iops ws probe ws://127.0.0.1:8080 --expect METRICS_UPDATE --timeout 60s
  iops ws probe URL --send '{\"action\":\"ping\"}' --expect pong --ping-interval 5s --hold 2m";

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// ws:// or wss:// URL [default: websocket_url, or api_id + stage, from iops.toml]
    #[arg(value_name = "URL")]
    pub url: Option<String>,

    /// Stage of the configured API (wss://{api_id}.execute-api.{region}.amazonaws.com/{stage})
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,

    /// Token to pass as a query parameter (redacted in every output)
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<Secret>,

    /// Query parameter that carries --token
    #[arg(long, value_name = "NAME", default_value = "token", value_parser = crate::config::parse_name)]
    pub token_param: String,

    /// Extra request header 'Name: value' (repeatable; credentials redacted)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Sec-WebSocket-Protocol to request
    #[arg(long, value_name = "PROTOCOL")]
    pub subprotocol: Option<String>,

    /// Message to send after connecting, or @file (repeatable, in order)
    #[arg(long, value_name = "TEXT|@FILE")]
    pub send: Vec<String>,

    /// Regex a received message must match, in order (repeatable)
    #[arg(long, value_name = "REGEX")]
    pub expect: Vec<String>,

    /// How long the expectations may take
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = timespec::parse_duration)]
    pub timeout: Duration,

    /// Send protocol pings this often and measure the pong latency
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub ping_interval: Option<Duration>,

    /// Application-level ping to send every --ping-interval (or 30 s), e.g. '{"action":"ping"}'
    #[arg(long, value_name = "JSON")]
    pub app_ping: Option<String>,

    /// Stay connected this long
    #[arg(long, value_name = "DURATION", value_parser = timespec::parse_duration)]
    pub hold: Option<Duration>,

    /// Stay connected until the server closes
    #[arg(long, conflicts_with = "hold")]
    pub until_close: bool,

    /// Print the first N messages received
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub show: usize,

    /// Accept any TLS certificate (explicit only)
    #[arg(long)]
    pub insecure: bool,

    /// Load mode: open this many connections (at --rate per second), hold them, report
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub connections: u64,

    /// Load mode: new connections per second
    #[arg(long, value_name = "PER_S", default_value_t = 100.0, value_parser = parse_rate, allow_negative_numbers = true)]
    pub rate: f64,

    /// Load mode: at most N connections open (or opening) at once, like a pool of N clients
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub concurrency: Option<u32>,

    /// Function (or config role) whose logs a failed $connect points to
    #[arg(long, value_name = "NAME", default_value = "connect")]
    pub connect_function: String,
}

fn parse_rate(text: &str) -> std::result::Result<f64, String> {
    timespec::parse_rate(text, "connections")
}

/// The URL to probe: the one given, or `websocket_url` / `api_id` + `stage` from iops.toml,
/// with a path so a query can follow (`ws://host:port/?token=…`).
pub fn base_url(ctx: &Context, url: Option<&str>, stage: Option<&str>) -> Result<String> {
    let base = match (url, stage) {
        (Some(url), _) => url.to_string(),
        (None, stage) => match (
            ctx.settings.get("websocket_url"),
            ctx.settings.get("api_id"),
            ctx.settings.get("region"),
        ) {
            (Some(url), _, _) if stage.is_none() => url.to_string(),
            (_, Some(api), Some(region)) => {
                let stage = stage.or_else(|| ctx.settings.get("stage")).ok_or_else(|| {
                    Error::usage("no stage: pass --stage or set stage in iops.toml")
                })?;
                format!("wss://{api}.execute-api.{region}.amazonaws.com/{stage}")
            }
            _ => {
                return Err(Error::usage(
                    "no URL: pass ws://… or wss://…, or set websocket_url (or api_id and region) in iops.toml",
                ));
            }
        },
    };
    Ok(parse_ws_url(&base).map_err(Error::usage)?.to_string())
}

/// A ws:// or wss:// URL with a host and a port that can be connected to (1–65535).
pub fn parse_ws_url(text: &str) -> std::result::Result<url::Url, String> {
    let shown = redact::url(text, "");
    let url = url::Url::parse(text).map_err(|e| format!("'{shown}' is not a URL: {e}"))?;
    if !matches!(url.scheme(), "ws" | "wss") {
        return Err(format!("'{shown}' is not a ws:// or wss:// URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("'{shown}' has no host"));
    }
    if url.port() == Some(0) {
        return Err(format!(
            "'{shown}': port 0 cannot be connected to (use 1-65535)"
        ));
    }
    Ok(url)
}

/// Sets one query parameter, replacing any it already had (`?token=A` + `--token B` sends only
/// `token=B`), percent-encoded.
pub fn set_query(url: &mut url::Url, name: &str, value: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != name)
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
}

/// Moves `user:password@` out of the URL into the `Authorization: Basic` value curl would send:
/// a WebSocket client never sends userinfo itself, and it must not be shown.
pub fn take_userinfo(url: &mut url::Url) -> Option<Secret> {
    use base64::Engine;
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials = format!(
        "{}:{}",
        decode(url.username()),
        decode(url.password().unwrap_or_default())
    );
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(Secret::new(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(credentials)
    )))
}

/// `-H 'Name: value'`: a valid HTTP header name and a value without line breaks.
fn parse_header(text: &str) -> Result<(String, String)> {
    use tokio_tungstenite::tungstenite::http::{HeaderName, HeaderValue};
    let (name, value) = text.split_once(':').ok_or_else(|| {
        // Only the first word is echoed: the rest may be a credential typed without its colon.
        let first = text.split_whitespace().next().unwrap_or_default();
        Error::usage(format!("-H '{first} …' is not 'Name: value'"))
    })?;
    let (name, value) = (name.trim(), value.trim());
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::usage(format!("-H: '{name}' is not a valid header name")))?;
    HeaderValue::from_str(value).map_err(|_| {
        Error::usage(format!(
            "-H {name}: the value has a line break or another control character"
        ))
    })?;
    Ok((name.to_string(), value.to_string()))
}

fn plan(ctx: &Context, args: ProbeArgs) -> Result<ProbePlan> {
    if args.token_param.trim().is_empty() {
        return Err(Error::usage("--token-param must name a query parameter"));
    }
    let mut headers = args
        .headers
        .iter()
        .map(|h| parse_header(h))
        .collect::<Result<Vec<_>>>()?;
    let base = base_url(ctx, args.url.as_deref(), args.stage.as_deref())?;
    let mut url = parse_ws_url(&base).map_err(Error::usage)?;
    let mut secrets = Vec::new();
    // Credentials found in the URL's own query are secrets too.
    secrets.extend(
        url.query_pairs()
            .filter(|(key, _)| redact::is_secret_param(key, &args.token_param))
            .map(|(_, value)| Secret::new(value)),
    );
    if let Some(basic) = take_userinfo(&mut url) {
        secrets.push(basic.clone());
        headers.push(("Authorization".into(), basic.expose().to_string()));
    }
    if let Some(token) = &args.token {
        secrets.push(token.clone());
        set_query(&mut url, &args.token_param, token.expose());
    }
    for (name, value) in &headers {
        if redact::header(name, "x").ends_with("****") {
            secrets.push(Secret::new(value.clone()));
        }
    }
    let url = url.to_string();
    let send = args
        .send
        .iter()
        .map(|s| match s.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| Error::usage(format!("--send @{path}: {e}"))),
            None => Ok(s.clone()),
        })
        .collect::<Result<Vec<_>>>()?;
    let expect = args
        .expect
        .iter()
        .map(|e| {
            Regex::new(e)
                .map_err(|err| Error::usage(format!("--expect '{e}' is not a regex: {err}")))
        })
        .collect::<Result<Vec<_>>>()?;
    if let Some(ping) = &args.app_ping {
        serde_json::from_str::<serde_json::Value>(ping)
            .map_err(|e| Error::usage(format!("--app-ping is not JSON: {e}")))?;
    }
    Ok(ProbePlan {
        url,
        token_param: args.token_param,
        secrets,
        headers,
        subprotocol: args.subprotocol,
        send,
        expect,
        timeout: args.timeout,
        ping_interval: args.ping_interval,
        app_ping: args.app_ping,
        hold: args.hold,
        until_close: args.until_close,
        show: args.show,
        insecure: args.insecure,
        connect_function: args.connect_function,
        read_buffer: if args.connections > 1 {
            probe::SMALL_READ_BUFFER
        } else {
            probe::READ_BUFFER
        },
    })
}

pub async fn run(ctx: &Context, args: WsArgs) -> Result<()> {
    match args.command {
        WsCommand::Send(args) => send::run(ctx, args).await,
        WsCommand::Probe(args) if args.connections > 1 => {
            let (connections, rate, concurrency) = (
                args.connections,
                args.rate,
                args.concurrency.map(|c| c as usize),
            );
            let hold = args.hold.unwrap_or(Duration::from_secs(1));
            let plan = plan(ctx, *args)?;
            let progress = ctx.out.progress(Some(connections), "connections");
            let report = load::run(&plan, connections, rate, hold, concurrency, &progress).await;
            progress.finish_and_clear();
            ctx.out
                .report(&report, |out| load::render_text(&report, out))?;
            match (report.interrupted, report.connected, report.failed) {
                (true, _, _) => Err(Error::Interrupted),
                (_, 0, _) => Err(Error::Network(
                    "no connection could be opened (see the report)".into(),
                )),
                (_, _, 0) => Ok(()),
                _ => Err(Error::NothingMatched),
            }
        }
        WsCommand::Probe(args) => {
            let plan = plan(ctx, *args)?;
            tracing::info!(url = %redact::url(&plan.url, &plan.token_param), "probing");
            let report = probe::run(&plan).await;
            ctx.out
                .report(&report, |out| probe::render_text(&report, out))?;
            if report.interrupted || crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            match report.outcome {
                Outcome::Ok => Ok(()),
                Outcome::Failed => Err(Error::NothingMatched),
                // The report above already says why.
                Outcome::NotConnected => Err(Error::Network(
                    "the probe could not connect (see the report)".into(),
                )),
            }
        }
    }
}
