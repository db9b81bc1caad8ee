//! WebSocket servers on 127.0.0.1, one per behaviour `iops ws probe` must diagnose, each running
//! on its own thread and runtime for the life of the test, recording the request paths it saw.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

#[derive(Debug, Clone)]
pub enum Scenario {
    /// Send `hello`, then close with this code and reason.
    SendThenClose(u16, &'static str),
    /// A close frame without a status code (what others call 1005).
    CloseWithoutStatus,
    /// After the upgrade, wait this long without reading (checking a token, say), then close
    /// with this code and reason — so its close crosses a client's own.
    CloseAfter(Duration, u16, &'static str),
    /// Accept the upgrade, then drop the TCP connection: no close frame (1006).
    DropConnection,
    /// Accept the upgrade, wait this long, then drop the TCP connection.
    DropAfter(Duration),
    /// Answer the upgrade with this HTTP status.
    RefuseUpgrade(u16),
    /// Send nothing, then close 1001 after a while, like API Gateway's idle timeout.
    IdleThenGoAway(Duration),
    /// Send a METRICS_UPDATE (runbook 002 format) after a while, then wait.
    MetricsUpdateAfter(Duration),
    /// Never send anything.
    Silent,
    /// Read the upgrade request and never answer it.
    NeverUpgrade,
    /// Echo, and on the client's close drop the TCP connection instead of answering it.
    DropOnClose,
    /// Echo every text and binary message (and answer pings).
    Echo,
    /// Echo every text and binary message this long after it arrived, in order: echoes still in
    /// flight when the client's close arrives.
    EchoAfter(Duration),
    /// Send a ping every interval, for ever (answering a close).
    PingEvery(Duration),
    /// Send a text message every interval, for ever (answering a close), like a broadcast.
    BroadcastEvery(Duration),
    /// Send one message of this many bytes.
    Large(usize),
    /// After the upgrade, write these bytes as they are (frames that break RFC 6455), then read
    /// for 5 s (recording a close frame's code in `closes`).
    RawFrame(Vec<u8>),
}

pub struct WsServer {
    pub url: String,
    pub paths: Arc<Mutex<Vec<String>>>,
    /// The codes of the close frames the server received (1005 for one without a code).
    pub closes: Arc<Mutex<Vec<u16>>>,
}

pub fn ws_server(scenario: Scenario) -> WsServer {
    let paths = Arc::new(Mutex::new(Vec::new()));
    let closes = Arc::new(Mutex::new(Vec::new()));
    let recorded = (paths.clone(), closes.clone());
    let url = accept_loop(move |stream| {
        serve(
            stream,
            scenario.clone(),
            recorded.0.clone(),
            recorded.1.clone(),
        )
    });
    WsServer { url, paths, closes }
}

/// Accepts connections on 127.0.0.1 on a thread and runtime of its own for the life of the test,
/// handing each to `serve`; returns the `ws://` URL.
pub fn accept_loop<F, Fut>(serve: F) -> String
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    std_listener.set_nonblocking(true).unwrap();
    let url = format!("ws://{}", std_listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::from_std(std_listener).unwrap();
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream));
            }
        });
    });
    url
}

async fn serve(
    mut stream: tokio::net::TcpStream,
    scenario: Scenario,
    recorded: Arc<Mutex<Vec<String>>>,
    closes: Arc<Mutex<Vec<u16>>>,
) {
    if let Scenario::NeverUpgrade = scenario {
        let mut head = vec![0u8; 4096];
        let _ = stream.read(&mut head).await;
        tokio::time::sleep(Duration::from_secs(120)).await;
        return;
    }
    if let Scenario::RefuseUpgrade(status) = scenario {
        let mut head = vec![0u8; 4096];
        let n = stream.read(&mut head).await.unwrap_or(0);
        let text = String::from_utf8_lossy(&head[..n]).to_string();
        recorded
            .lock()
            .unwrap()
            .push(text.split(' ').nth(1).unwrap_or_default().to_string());
        let reply = format!(
            "HTTP/1.1 {status} Refused\r\nContent-Type: application/json\r\nContent-Length: 29\r\nConnection: close\r\n\r\n{{\"message\":\"Forbidden (x)\"}}  "
        );
        let _ = stream.write_all(reply.as_bytes()).await;
        return;
    }
    #[allow(clippy::result_large_err)] // the signature tungstenite asks for
    let callback = |request: &Request, response: Response| {
        recorded.lock().unwrap().push(request.uri().to_string());
        Ok(response)
    };
    let Ok(mut socket) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
        return;
    };
    match scenario {
        Scenario::SendThenClose(code, reason) => {
            let _ = socket.send(Message::text("hello")).await;
            let _ = socket
                .send(Message::Close(Some(CloseFrame {
                    code: CloseCode::from(code),
                    reason: reason.into(),
                })))
                .await;
            while let Some(Ok(_)) = socket.next().await {}
        }
        Scenario::CloseAfter(after, code, reason) => {
            tokio::time::sleep(after).await;
            let _ = socket
                .send(Message::Close(Some(CloseFrame {
                    code: CloseCode::from(code),
                    reason: reason.into(),
                })))
                .await;
            while let Some(Ok(_)) = socket.next().await {}
        }
        Scenario::CloseWithoutStatus => {
            let _ = socket.send(Message::Close(None)).await;
            while let Some(Ok(_)) = socket.next().await {}
        }
        Scenario::DropConnection => {
            tokio::time::sleep(Duration::from_millis(50)).await;
            drop(socket);
        }
        Scenario::DropAfter(after) => {
            tokio::time::sleep(after).await;
            drop(socket);
        }
        Scenario::IdleThenGoAway(after) => {
            tokio::time::sleep(after).await;
            let frame = CloseFrame {
                code: CloseCode::Away,
                reason: "Going away".into(),
            };
            let _ = socket.send(Message::Close(Some(frame))).await;
            while let Some(Ok(_)) = socket.next().await {}
        }
        Scenario::MetricsUpdateAfter(after) => {
            tokio::time::sleep(after).await;
            let update = r#"{"type":"METRICS_UPDATE","updates":[{"eventType":"MODIFY","timestamp":1699123456789,"data":{"entity_id":"stream-001","entity_type":"stream","metric_value":1234}}]}"#;
            let _ = socket.send(Message::text(update)).await;
            while let Some(Ok(_)) = socket.next().await {}
        }
        Scenario::Silent => while let Some(Ok(_)) = socket.next().await {},
        Scenario::NeverUpgrade => {}
        Scenario::DropOnClose => {
            while let Some(Ok(message)) = socket.next().await {
                if message.is_close() {
                    // Dropped unflushed: tungstenite's queued answer never goes out.
                    return;
                }
                if message.is_text() || message.is_binary() {
                    let _ = socket.send(message).await;
                }
            }
        }
        Scenario::RawFrame(bytes) => {
            let _ = socket.get_mut().write_all(&bytes).await;
            let _ = tokio::time::timeout(Duration::from_secs(5), async {
                while let Some(Ok(message)) = socket.next().await {
                    if let Message::Close(frame) = message {
                        let code = frame.map_or(1005, |f| u16::from(f.code));
                        closes.lock().unwrap().push(code);
                    }
                }
            })
            .await;
        }
        Scenario::Echo => {
            while let Some(Ok(message)) = socket.next().await {
                if message.is_text() || message.is_binary() {
                    let _ = socket.send(message).await;
                }
            }
        }
        Scenario::EchoAfter(delay) => {
            while let Some(Ok(message)) = socket.next().await {
                if message.is_text() || message.is_binary() {
                    tokio::time::sleep(delay).await;
                    let _ = socket.send(message).await;
                }
            }
        }
        Scenario::PingEvery(interval) => {
            let mut tick = tokio::time::interval(interval);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        if socket.send(Message::Ping("are you there".into())).await.is_err() {
                            break;
                        }
                    }
                    received = socket.next() => match received {
                        // Answer it at once: tungstenite sends its queued answer only on the
                        // next read or flush (`close()` would refuse, as a send after closing),
                        // and the tick may come first.
                        Some(Ok(Message::Close(_))) => {
                            let _ = socket.flush().await;
                            break;
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    },
                }
            }
        }
        Scenario::BroadcastEvery(interval) => {
            let mut tick = tokio::time::interval(interval);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        if socket.send(Message::text(r#"{"type":"METRICS_UPDATE","updates":[]}"#)).await.is_err() {
                            break;
                        }
                    }
                    received = socket.next() => match received {
                        // Answer it at once: tungstenite sends its queued answer only on the
                        // next read or flush (`close()` would refuse, as a send after closing),
                        // and the tick may come first.
                        Some(Ok(Message::Close(_))) => {
                            let _ = socket.flush().await;
                            break;
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    },
                }
            }
        }
        Scenario::Large(size) => {
            let _ = socket.send(Message::text("x".repeat(size))).await;
            while let Some(Ok(_)) = socket.next().await {}
        }
        Scenario::RefuseUpgrade(_) => unreachable!("answered above"),
    }
}
