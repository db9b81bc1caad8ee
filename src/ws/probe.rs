//! `iops ws probe`: one WebSocket connection, every phase timed by doing each step itself (DNS,
//! TCP, TLS, HTTP upgrade, first message), then the session until it ends — and a report that
//! says what happened and why.

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use regex::Regex;
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{self, ClientRequestBuilder, Message};

use super::close::{self, CloseDiagnosis, ClosedBy};
use super::handshake::{self, HandshakeDiagnosis};
use crate::redact;

/// Everything the probe does, resolved from the arguments.
#[derive(Debug, Clone)]
pub struct ProbePlan {
    pub url: String,
    pub token_param: String,
    pub secrets: Vec<crate::secret::Secret>,
    pub headers: Vec<(String, String)>,
    pub subprotocol: Option<String>,
    pub send: Vec<String>,
    pub expect: Vec<Regex>,
    pub timeout: Duration,
    pub ping_interval: Option<Duration>,
    pub app_ping: Option<String>,
    pub hold: Option<Duration>,
    pub until_close: bool,
    pub show: usize,
    pub insecure: bool,
    pub connect_function: String,
    pub read_buffer: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Phases {
    pub dns_ms: Option<f64>,
    pub tcp_ms: Option<f64>,
    pub tls_ms: Option<f64>,
    pub upgrade_ms: Option<f64>,
    pub first_message_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Expectation {
    pub pattern: String,
    pub matched: bool,
    pub after_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CloseReport {
    pub code: u16,
    pub reason: String,
    pub closed_by: ClosedBy,
    pub after_ms: f64,
    pub diagnosis: CloseDiagnosis,
}

/// The stable, documented report (`--output json`).
#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    pub url: String,
    pub connected: bool,
    /// Ended early by Ctrl-C / SIGTERM / SIGHUP.
    pub interrupted: bool,
    pub phases: Phases,
    pub handshake: Option<HandshakeDiagnosis>,
    pub error: Option<String>,
    pub messages_sent: u64,
    pub bytes_sent: u64,
    pub messages_received: u64,
    pub bytes_received: u64,
    pub largest_message_bytes: u64,
    pub shown: Vec<String>,
    pub pong_latencies_ms: Vec<f64>,
    pub longest_silence_ms: f64,
    pub expectations: Vec<Expectation>,
    pub close: Option<CloseReport>,
    pub idle_warning: Option<String>,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Connected and met every expectation: exit 0.
    Ok,
    /// An expectation failed or the close was not normal: exit 1.
    Failed,
    /// DNS, TCP, TLS or the upgrade failed: exit 4.
    NotConnected,
}

pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 100_000.0).round() / 100.0
}

/// Read buffer for a single probe; load mode and the local backend use `SMALL_READ_BUFFER` to hold
/// thousands of connections (tungstenite's default is 128 KiB per connection).
pub const READ_BUFFER: usize = 16 * 1024;
pub const SMALL_READ_BUFFER: usize = 4 * 1024;

pub fn config(read_buffer: usize) -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(read_buffer)
        .write_buffer_size(0)
        .max_message_size(Some(16 << 20))
}

impl ProbeReport {
    pub fn new(plan: &ProbePlan) -> ProbeReport {
        ProbeReport {
            url: redact::url(&plan.url, &plan.token_param),
            connected: false,
            interrupted: false,
            phases: Phases::default(),
            handshake: None,
            error: None,
            messages_sent: 0,
            bytes_sent: 0,
            messages_received: 0,
            bytes_received: 0,
            largest_message_bytes: 0,
            shown: Vec::new(),
            pong_latencies_ms: Vec::new(),
            longest_silence_ms: 0.0,
            expectations: plan
                .expect
                .iter()
                .map(|r| Expectation {
                    pattern: r.to_string(),
                    matched: false,
                    after_ms: None,
                })
                .collect(),
            close: None,
            idle_warning: None,
            outcome: Outcome::NotConnected,
        }
    }

    fn fail_to_connect<T>(&mut self, plan: &ProbePlan, message: String) -> Option<T> {
        self.error = Some(redact::text(&message, &plan.secrets));
        self.outcome = Outcome::NotConnected;
        None
    }
}

struct Target {
    host: String,
    port: u16,
    tls: bool,
}

fn target(url: &str) -> Result<Target, String> {
    let uri: tungstenite::http::Uri = url
        .parse()
        .map_err(|e| format!("'{url}' is not a URL: {e}"))?;
    let tls = match uri.scheme_str() {
        Some("wss") => true,
        Some("ws") => false,
        _ => return Err(format!("'{url}' is not a ws:// or wss:// URL")),
    };
    let host = uri
        .host()
        .ok_or_else(|| format!("'{url}' has no host"))?
        .trim_matches(['[', ']'])
        .to_string();
    Ok(Target {
        port: uri.port_u16().unwrap_or(if tls { 443 } else { 80 }),
        host,
        tls,
    })
}

async fn connect(plan: &ProbePlan, report: &mut ProbeReport) -> Result<Box<dyn Io>, String> {
    let target = target(&plan.url)?;
    let step = Duration::from_secs(10).min(plan.timeout);
    let started = Instant::now();
    let address = tokio::time::timeout(
        step,
        tokio::net::lookup_host((target.host.as_str(), target.port)),
    )
    .await
    .map_err(|_| format!("DNS lookup of {} timed out", target.host))?
    .map_err(|e| format!("DNS lookup of {} failed: {e}", target.host))?
    .next()
    .ok_or_else(|| format!("DNS lookup of {} returned no address", target.host))?;
    report.phases.dns_ms = Some(ms(started));
    let started = Instant::now();
    let tcp = tokio::time::timeout(step, TcpStream::connect(address))
        .await
        .map_err(|_| format!("TCP connect to {address} timed out"))?
        .map_err(|e| format!("TCP connect to {address} failed: {e}"))?;
    let _ = tcp.set_nodelay(true);
    report.phases.tcp_ms = Some(ms(started));
    if !target.tls {
        return Ok(Box::new(tcp));
    }
    let started = Instant::now();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(tls_config(plan.insecure)?));
    let name = rustls::pki_types::ServerName::try_from(target.host.clone())
        .map_err(|e| format!("bad TLS server name: {e}"))?;
    let tls = tokio::time::timeout(step, connector.connect(name, tcp))
        .await
        .map_err(|_| "TLS handshake timed out".to_string())?
        .map_err(|e| format!("TLS handshake failed: {e}"))?;
    report.phases.tls_ms = Some(ms(started));
    Ok(Box::new(tls))
}

fn tls_config(insecure: bool) -> Result<rustls::ClientConfig, String> {
    // An explicit provider: other crates in the tree enable ring too, and then no default is chosen.
    let builder = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| format!("TLS set-up failed: {e}"))?;
    if insecure {
        return Ok(builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate))
            .with_no_client_auth());
    }
    let mut roots = rustls::RootCertStore::empty();
    for certificate in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(certificate);
    }
    Ok(builder.with_root_certificates(roots).with_no_client_auth())
}

/// `--insecure` only: accepts any certificate, still does the TLS handshake.
#[derive(Debug)]
struct AcceptAnyCertificate;

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::aws_lc_rs::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

fn is_abnormal(err: &tungstenite::Error) -> bool {
    matches!(
        err,
        tungstenite::Error::Protocol(
            tungstenite::error::ProtocolError::ResetWithoutClosingHandshake
        ) | tungstenite::Error::Io(_)
            | tungstenite::Error::ConnectionClosed
    )
}

/// DNS, TCP, TLS and the upgrade, each timed into the report; on failure the report says why.
pub async fn open(plan: &ProbePlan, report: &mut ProbeReport) -> Option<Socket> {
    let stream = match connect(plan, report).await {
        Ok(stream) => stream,
        Err(message) => return report.fail_to_connect(plan, message),
    };
    let uri: tungstenite::http::Uri = match plan.url.parse() {
        Ok(uri) => uri,
        Err(e) => return report.fail_to_connect(plan, e.to_string()),
    };
    let mut request = ClientRequestBuilder::new(uri);
    for (name, value) in &plan.headers {
        request = request.with_header(name.clone(), value.clone());
    }
    if let Some(protocol) = &plan.subprotocol {
        request = request.with_sub_protocol(protocol.clone());
    }
    let started = Instant::now();
    let upgraded = tokio::time::timeout(
        plan.timeout,
        tokio_tungstenite::client_async_with_config(
            request,
            stream,
            Some(config(plan.read_buffer)),
        ),
    )
    .await;
    let socket = match upgraded {
        Err(_) => return report.fail_to_connect(plan, "the HTTP upgrade timed out".into()),
        Ok(Err(tungstenite::Error::Http(response))) => {
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok());
            let diagnosis = handshake::diagnose(
                status,
                location
                    .map(|l| redact::url(l, &plan.token_param))
                    .as_deref(),
                &plan.connect_function,
            );
            report.handshake = Some(diagnosis);
            return report.fail_to_connect(
                plan,
                format!("the server refused the WebSocket upgrade with HTTP {status}"),
            );
        }
        Ok(Err(e)) => {
            return report.fail_to_connect(plan, format!("the WebSocket upgrade failed: {e}"));
        }
        Ok(Ok((socket, _response))) => socket,
    };
    report.phases.upgrade_ms = Some(ms(started));
    report.connected = true;
    Some(socket)
}

pub async fn run(plan: &ProbePlan) -> ProbeReport {
    let mut report = ProbeReport::new(plan);
    let Some(socket) = open(plan, &mut report).await else {
        return report;
    };
    session(plan, socket, &mut report).await;
    report.outcome = outcome(plan, &report);
    if report.messages_received == 0 {
        report.idle_warning = Some(
            "no message arrived: an idle socket is closed by API Gateway after 10 minutes and by browsers sooner (the runbooks' \"Insufficient resources\"); generate traffic with `iops simulate --to kinesis` (runbook 000)".into(),
        );
    }
    report
}

fn outcome(plan: &ProbePlan, report: &ProbeReport) -> Outcome {
    if report.expectations.iter().any(|e| !e.matched) {
        return Outcome::Failed;
    }
    match &report.close {
        // We closed it ourselves after meeting every expectation.
        Some(close) if close.closed_by == ClosedBy::Client => Outcome::Ok,
        Some(close) if close.diagnosis.normal => Outcome::Ok,
        Some(_) => Outcome::Failed,
        None if plan.until_close => Outcome::Failed,
        None => Outcome::Ok,
    }
}

pub type Socket = tokio_tungstenite::WebSocketStream<Box<dyn Io>>;

async fn session(plan: &ProbePlan, socket: Socket, report: &mut ProbeReport) {
    let connected = Instant::now();
    let (mut sink, mut stream) = socket.split();
    let mut last_activity = Instant::now();
    let mut pings: Vec<(u64, Instant)> = Vec::new();
    let mut next_expectation = 0;
    for text in &plan.send {
        report.bytes_sent += text.len() as u64;
        report.messages_sent += 1;
        if sink.send(Message::text(text.clone())).await.is_err() {
            break;
        }
    }
    let deadline = tokio::time::Instant::now() + plan.timeout;
    let hold_until = plan.hold.map(|h| tokio::time::Instant::now() + h);
    let never = Duration::from_secs(86_400 * 365);
    let mut ping_tick = tokio::time::interval(plan.ping_interval.unwrap_or(never));
    ping_tick.tick().await;
    let mut app_tick = tokio::time::interval(plan.ping_interval.unwrap_or(Duration::from_secs(30)));
    app_tick.tick().await;
    let mut ping_id = 0u64;
    loop {
        let expectations_met = next_expectation >= plan.expect.len();
        let holding = hold_until.is_some_and(|h| tokio::time::Instant::now() < h);
        if expectations_met && !holding && !plan.until_close {
            break;
        }
        let wait_until = if plan.until_close || holding {
            hold_until
                .filter(|_| !plan.until_close)
                .unwrap_or(tokio::time::Instant::now() + never)
        } else {
            deadline
        };
        let wait_until = if !expectations_met {
            deadline.min(wait_until)
        } else {
            wait_until
        };
        tokio::select! {
            message = stream.next() => {
                let silence = last_activity.elapsed().as_secs_f64() * 1000.0;
                report.longest_silence_ms = report.longest_silence_ms.max((silence * 100.0).round() / 100.0);
                last_activity = Instant::now();
                match message {
                    Some(Ok(Message::Close(frame))) => {
                        let (code, reason) = frame.map_or((1005, String::new()), |f| (u16::from(f.code), f.reason.to_string()));
                        record_close(report, code, reason, ClosedBy::Server, connected);
                        let _ = sink.close().await;
                        return;
                    }
                    Some(Ok(Message::Pong(payload))) => {
                        let id = payload.as_ref().try_into().map(u64::from_be_bytes).ok();
                        if let Some(at) = pings.iter().position(|(p, _)| Some(*p) == id) {
                            let (_, sent) = pings.remove(at);
                            report.pong_latencies_ms.push(ms(sent));
                        }
                    }
                    Some(Ok(Message::Ping(_))) | Some(Ok(Message::Frame(_))) => {}
                    Some(Ok(message)) => {
                        let text = match &message {
                            Message::Text(t) => t.to_string(),
                            Message::Binary(b) => format!("<{} bytes of binary>", b.len()),
                            _ => String::new(),
                        };
                        let size = message.len() as u64;
                        if report.messages_received == 0 {
                            report.phases.first_message_ms = Some(ms(connected));
                        }
                        report.messages_received += 1;
                        report.bytes_received += size;
                        report.largest_message_bytes = report.largest_message_bytes.max(size);
                        if report.shown.len() < plan.show {
                            report.shown.push(text.chars().take(2000).collect());
                        }
                        if let Some(pattern) = plan.expect.get(next_expectation)
                            && pattern.is_match(&text)
                        {
                            report.expectations[next_expectation].matched = true;
                            report.expectations[next_expectation].after_ms = Some(ms(connected));
                            next_expectation += 1;
                        }
                    }
                    Some(Err(err)) if is_abnormal(&err) => {
                        record_close(report, 1006, String::new(), ClosedBy::Network, connected);
                        return;
                    }
                    Some(Err(err)) => {
                        report.error = Some(redact::text(&err.to_string(), &plan.secrets));
                        let code = if matches!(err, tungstenite::Error::Capacity(_)) { 1009 } else { 1002 };
                        record_close(report, code, err.to_string(), ClosedBy::Client, connected);
                        return;
                    }
                    None => {
                        record_close(report, 1006, String::new(), ClosedBy::Network, connected);
                        return;
                    }
                }
            }
            _ = ping_tick.tick(), if plan.ping_interval.is_some() => {
                ping_id += 1;
                pings.push((ping_id, Instant::now()));
                let _ = sink.send(Message::Ping(ping_id.to_be_bytes().to_vec().into())).await;
            }
            _ = app_tick.tick(), if plan.app_ping.is_some() => {
                let ping = plan.app_ping.clone().unwrap_or_default();
                report.messages_sent += 1;
                report.bytes_sent += ping.len() as u64;
                let _ = sink.send(Message::text(ping)).await;
            }
            () = tokio::time::sleep_until(wait_until) => break,
            () = crate::interrupt::wait() => {
                report.interrupted = true;
                break;
            }
        }
    }
    // Our turn to close: a clean 1000, then wait briefly for the server's answer.
    let frame = CloseFrame {
        code: CloseCode::Normal,
        reason: "iops probe done".into(),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(Ok(m)) = stream.next().await {
            if m.is_close() {
                break;
            }
        }
    })
    .await;
    record_close(
        report,
        1000,
        "iops probe done".into(),
        ClosedBy::Client,
        connected,
    );
}

fn record_close(
    report: &mut ProbeReport,
    code: u16,
    reason: String,
    closed_by: ClosedBy,
    connected: Instant,
) {
    let idle = report.messages_received == 0 || report.longest_silence_ms > 60_000.0;
    report.close = Some(CloseReport {
        code,
        diagnosis: close::explain(code, &reason, idle),
        reason,
        closed_by,
        after_ms: ms(connected),
    });
}

/// The report as people read it.
use crate::output::visible;

pub fn render_text(report: &ProbeReport, out: &mut dyn io::Write) -> io::Result<()> {
    writeln!(out, "probe {}", report.url)?;
    let p = &report.phases;
    let phase = |name: &str, value: Option<f64>| value.map(|v| format!("{name} {v:.2} ms"));
    let phases: Vec<String> = [
        phase("dns", p.dns_ms),
        phase("tcp", p.tcp_ms),
        phase("tls", p.tls_ms),
        phase("upgrade", p.upgrade_ms),
        phase("first message", p.first_message_ms),
    ]
    .into_iter()
    .flatten()
    .collect();
    writeln!(
        out,
        "  phases: {}",
        if phases.is_empty() {
            "none completed".into()
        } else {
            phases.join(", ")
        }
    )?;
    if let Some(error) = &report.error {
        writeln!(out, "  error: {}", visible(error))?;
    }
    if let Some(h) = &report.handshake {
        writeln!(
            out,
            "  handshake: HTTP {}: {}",
            h.status,
            visible(&h.explanation)
        )?;
        if let Some(next) = &h.next {
            writeln!(out, "  next: {next}")?;
        }
    }
    if report.connected {
        writeln!(
            out,
            "  messages: sent {} ({} bytes), received {} ({} bytes, largest {}), longest silence {:.0} ms",
            report.messages_sent,
            report.bytes_sent,
            report.messages_received,
            report.bytes_received,
            report.largest_message_bytes,
            report.longest_silence_ms
        )?;
    }
    if !report.pong_latencies_ms.is_empty() {
        let max = report.pong_latencies_ms.iter().cloned().fold(0.0, f64::max);
        writeln!(
            out,
            "  pongs: {} (max {max:.2} ms)",
            report.pong_latencies_ms.len()
        )?;
    }
    for shown in &report.shown {
        writeln!(out, "  < {}", visible(shown))?;
    }
    for e in &report.expectations {
        writeln!(
            out,
            "  expect /{}/: {}",
            e.pattern,
            if e.matched {
                format!("matched after {:.0} ms", e.after_ms.unwrap_or(0.0))
            } else {
                "NOT matched".into()
            }
        )?;
    }
    if let Some(close) = &report.close {
        writeln!(
            out,
            "  closed: {} {}{} by {} after {:.0} ms — {}",
            close.code,
            close.diagnosis.name,
            if close.reason.is_empty() {
                String::new()
            } else {
                format!(" \"{}\"", visible(&close.reason))
            },
            crate::output::json_name(&close.closed_by),
            close.after_ms,
            close.diagnosis.explanation
        )?;
    }
    if let Some(warning) = &report.idle_warning {
        writeln!(out, "  warning: {warning}")?;
    }
    if report.interrupted {
        writeln!(out, "  interrupted: the probe was stopped early")?;
    }
    writeln!(
        out,
        "  outcome: {}",
        crate::output::json_name(&report.outcome)
    )
}
