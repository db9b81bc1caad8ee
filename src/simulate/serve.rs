//! `iops simulate --serve ADDR`: a local WebSocket backend that behaves like the real one —
//! accepts connections (optionally only with `?token=`), broadcasts `METRICS_UPDATE` messages in
//! the seed's format (runbook `002_…`) built from simulated events at `--rate`, answers pings,
//! and closes with 1001 after `--idle-timeout` without traffic or `--max-connection-duration`,
//! like API Gateway. Users and tests reproduce every seed scenario with it, without AWS.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::Run;
use super::aggregate::Totals;
use super::schedule::Schedule;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::interrupt;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub address: String,
    pub token: Option<String>,
    pub idle_timeout: Duration,
    pub max_duration: Duration,
}

#[derive(Default)]
struct Counters {
    connections: AtomicU64,
    open: AtomicU64,
    rejected: AtomicU64,
    broadcasts: AtomicU64,
}

/// Room for 4,096 connections waiting to be accepted (Linux caps it at `net.core.somaxconn`):
/// with tokio's 1,024 a load that opens 2,000 at once saw SYNs dropped and retried a second
/// later, a delay API Gateway does not have.
const ACCEPT_BACKLOG: u32 = 4096;

async fn listen(address: &str) -> std::io::Result<TcpListener> {
    let addr = tokio::net::lookup_host(address)
        .await?
        .next()
        .ok_or_else(|| std::io::Error::other("the name has no address"))?;
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

pub async fn run(ctx: &Context, run: Run, options: ServeOptions) -> Result<()> {
    let listener = listen(&options.address)
        .await
        .map_err(|e| Error::usage(format!("cannot listen on {}: {e}", options.address)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::Io(e.to_string()))?;
    // The first stderr line, always (even with -q): scripts and tests read the port from it.
    eprintln!("serving on ws://{local}");
    let (updates, _) = broadcast::channel::<Arc<str>>(256);
    let counters = Arc::new(Counters::default());
    let options = Arc::new(options);
    let feed = tokio::spawn(feed_updates(run, updates.clone(), counters.clone()));
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, peer, updates.subscribe(), options.clone(), counters.clone()));
            }
            () = interrupt::wait() => break,
        }
        if feed.is_finished() && updates.receiver_count() == 0 {
            break;
        }
    }
    ctx.out.status(format!(
        "served {} connections ({} rejected), broadcast {} METRICS_UPDATE messages",
        counters.connections.load(Ordering::Relaxed),
        counters.rejected.load(Ordering::Relaxed),
        counters.broadcasts.load(Ordering::Relaxed)
    ));
    Err(Error::Interrupted)
}

/// Generates events at the rate, aggregates them, and broadcasts the touched entities' metrics.
async fn feed_updates(run: Run, updates: broadcast::Sender<Arc<str>>, counters: Arc<Counters>) {
    let mut schedule = Schedule::new(None, run.duration, Some(run.rate.unwrap_or(10.0)), 1 << 16);
    let mut totals = Totals::new(run.generator.entity_count());
    while let Some(range) = schedule.next().await {
        let mut touched: Vec<u32> = Vec::new();
        let mut timestamp = 0;
        for index in range {
            let event = run.generator.event(index);
            totals.add(&event);
            timestamp = event.timestamp_ms;
            if !touched.contains(&event.stream) {
                touched.push(event.stream);
            }
        }
        let items: Vec<serde_json::Value> = touched
            .iter()
            .map(|stream| {
                let metrics = totals.entity_metrics(&run.generator, *stream);
                serde_json::json!({"eventType": "MODIFY", "timestamp": timestamp, "data": metrics})
            })
            .collect();
        let message = serde_json::json!({"type": "METRICS_UPDATE", "updates": items}).to_string();
        if updates.receiver_count() > 0 {
            counters.broadcasts.fetch_add(1, Ordering::Relaxed);
            let _ = updates.send(Arc::from(message));
        }
    }
}

#[allow(clippy::result_large_err)] // the callback signature tungstenite asks for
fn check_token(request: &Request, token: Option<&str>) -> std::result::Result<(), ErrorResponse> {
    let Some(token) = token else { return Ok(()) };
    let query = request.uri().query().unwrap_or_default();
    if query
        .split('&')
        .any(|pair| pair == format!("token={token}"))
    {
        return Ok(());
    }
    let mut refused = ErrorResponse::new(Some("Unauthorized".into()));
    *refused.status_mut() = tokio_tungstenite::tungstenite::http::StatusCode::UNAUTHORIZED;
    Err(refused)
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    mut updates: broadcast::Receiver<Arc<str>>,
    options: Arc<ServeOptions>,
    counters: Arc<Counters>,
) {
    let token = options.token.clone();
    #[allow(clippy::result_large_err)] // the callback signature tungstenite asks for
    let callback = move |request: &Request, response: Response| {
        check_token(request, token.as_deref()).map(|()| response)
    };
    let config = socket_config();
    let Ok(socket) =
        tokio_tungstenite::accept_hdr_async_with_config(stream, callback, Some(config)).await
    else {
        counters.rejected.fetch_add(1, Ordering::Relaxed);
        return;
    };
    counters.connections.fetch_add(1, Ordering::Relaxed);
    counters.open.fetch_add(1, Ordering::Relaxed);
    tracing::debug!(%peer, "connection open");
    let (mut sink, mut stream) = socket.split();
    let ends = tokio::time::Instant::now() + options.max_duration;
    let mut idle_deadline = tokio::time::Instant::now() + options.idle_timeout;
    let close_with = |reason: &'static str| {
        Message::Close(Some(CloseFrame {
            code: CloseCode::Away,
            reason: reason.into(),
        }))
    };
    loop {
        tokio::select! {
            update = updates.recv() => match update {
                Ok(text) => {
                    if sink.send(Message::text(text.to_string())).await.is_err() { break }
                    idle_deadline = tokio::time::Instant::now() + options.idle_timeout;
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => {}
            },
            incoming = stream.next() => match incoming {
                // tungstenite queues the answer to a close: flushing sends it, so the client
                // sees its close answered, not a dropped connection.
                Some(Ok(Message::Close(_))) => {
                    let _ = sink.flush().await;
                    break;
                }
                None | Some(Err(_)) => break,
                Some(Ok(Message::Text(text))) => {
                    idle_deadline = tokio::time::Instant::now() + options.idle_timeout;
                    if text.contains("ping") && sink.send(Message::text(r#"{"type":"pong"}"#)).await.is_err() {
                        break;
                    }
                }
                Some(Ok(_)) => idle_deadline = tokio::time::Instant::now() + options.idle_timeout,
            },
            () = tokio::time::sleep_until(idle_deadline) => {
                let _ = sink.send(close_with("Going away: idle timeout")).await;
                break;
            }
            () = tokio::time::sleep_until(ends) => {
                let _ = sink.send(close_with("Going away: maximum connection duration")).await;
                break;
            }
        }
    }
    counters.open.fetch_sub(1, Ordering::Relaxed);
}

/// Per-connection buffers of the local backend: 16 KiB (not tungstenite's 128 KiB) holds 10,000
/// connections in well under 300 MB; 4 KiB made its answers ~8 ms slower.
fn socket_config() -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default()
        .read_buffer_size(16 * 1024)
        .write_buffer_size(0)
        .max_message_size(Some(16 << 20))
}
