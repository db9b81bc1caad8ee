//! Opening the socket one step at a time — DNS, TCP, TLS, the HTTP upgrade — so that each phase
//! is timed and a failure names the step and its cause (a refused upgrade read as HTTP status).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{self, ClientRequestBuilder};

use super::report::ProbeReport;
use super::{ProbePlan, ms};
use crate::redact;
use crate::ws::handshake;

pub trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

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

pub type Socket = tokio_tungstenite::WebSocketStream<Box<dyn Io>>;

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
    .map_err(|_| {
        format!(
            "DNS lookup of {} timed out after {} (--timeout)",
            target.host,
            seconds(plan.timeout)
        )
    })?
    .map_err(|e| format!("DNS lookup of {} failed: {e}", target.host))?
    .next()
    .ok_or_else(|| format!("DNS lookup of {} returned no address", target.host))?;
    report.phases.dns_ms = Some(ms(started));
    let started = Instant::now();
    let tcp = tokio::time::timeout(step, TcpStream::connect(address))
        .await
        .map_err(|_| {
            format!(
                "TCP connect to {address} timed out after {} (--timeout)",
                seconds(plan.timeout)
            )
        })?
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
        .map_err(|_| {
            format!(
                "TLS handshake timed out after {} (--timeout)",
                seconds(plan.timeout)
            )
        })?
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

/// DNS, TCP, TLS and the upgrade, each timed into the report; on failure the report says why.
/// `30 s`, `1.5 s`: how long a phase was given.
fn seconds(limit: Duration) -> String {
    format!("{} s", limit.as_secs_f64())
}

/// Connects and upgrades, every phase timed into the report; Ctrl-C (or SIGTERM, SIGHUP) during
/// any phase ends it at once, the report saying so — not after `--timeout`.
pub async fn open(plan: &ProbePlan, report: &mut ProbeReport) -> Option<Socket> {
    tokio::select! {
        socket = open_uninterrupted(plan, report) => return socket,
        () = crate::interrupt::wait() => {}
    }
    report.interrupted = true;
    report.fail_to_connect(plan, "interrupted while connecting".into())
}

async fn open_uninterrupted(plan: &ProbePlan, report: &mut ProbeReport) -> Option<Socket> {
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
        Err(_) => {
            return report.fail_to_connect(
                plan,
                format!(
                    "the HTTP upgrade timed out after {} (--timeout)",
                    seconds(plan.timeout)
                ),
            );
        }
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
