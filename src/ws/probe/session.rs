//! The connected session: send, wait for the expected messages, ping, hold, and record how the
//! socket closed and who closed it.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};

use super::report::{CloseReport, ProbeReport};
use super::transport::Socket;
use super::{ProbePlan, ms};
use crate::redact;
use crate::ws::close::{self, ClosedBy};

pub(super) async fn run(plan: &ProbePlan, socket: Socket, report: &mut ProbeReport) {
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
    // First ticks one period from now. (`interval` ticks at once, but awaiting that tick goes
    // through the timer wheel's 1 ms granularity: two of them held every reply back ~2 ms.)
    let every =
        |period: Duration| tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    let mut ping_tick = every(plan.ping_interval.unwrap_or(never));
    let mut app_tick = every(plan.ping_interval.unwrap_or(Duration::from_secs(30)));
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
                        if let Some(violation) = close::invalid(frame.as_ref()) {
                            // Not a close the server sent: 1002 is what the library answered.
                            report.protocol_violation = Some(violation);
                            record_close(report, 1002, String::new(), ClosedBy::Client, connected);
                        } else {
                            let (code, reason) = frame.map_or((1005, String::new()), |f| (u16::from(f.code), f.reason.to_string()));
                            record_close(report, code, reason, ClosedBy::Server, connected);
                        }
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
                        received(plan, report, &message, connected, &mut next_expectation);
                    }
                    Some(Err(err)) => {
                        match broken(&err) {
                            None => record_close(report, 1006, String::new(), ClosedBy::Network, connected),
                            Some((code, violation)) => {
                                report.error = Some(redact::text(&violation, &plan.secrets));
                                report.protocol_violation = Some(redact::text(&violation, &plan.secrets));
                                // Fail the connection (RFC 6455 7.1.7): the server is told the
                                // code, as Node's ws tells it, instead of seeing a dropped socket.
                                let _ = crate::ws::fail::fail_connection(&mut sink, code).await;
                                record_close(report, code, String::new(), ClosedBy::Client, connected);
                                crate::ws::fail::linger(sink, stream).await;
                            }
                        }
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
    // The silence that ended the session counts too (a --hold with nothing arriving).
    let silence = last_activity.elapsed().as_secs_f64() * 1000.0;
    report.longest_silence_ms = report
        .longest_silence_ms
        .max((silence * 100.0).round() / 100.0);
    // Our turn to close: a clean 1000, then read (briefly) until the server's close frame. A
    // server that closed on its own — a token checked after the upgrade, 1008 — sent its frame
    // before ours reached it: the two cross, and its code, not our 1000, says how the socket
    // ended. A reply to ours echoes 1000 (or carries no code).
    let frame = CloseFrame {
        code: CloseCode::Normal,
        reason: "iops probe done".into(),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
    // What arrives before the server's close is still the session's: messages are counted, and
    // a protocol violation among them (invalid UTF-8 sent right after the upgrade) fails it.
    let answer = tokio::time::timeout(CLOSE_ANSWER_WAIT, async {
        loop {
            match stream.next().await {
                Some(Ok(Message::Close(frame))) => {
                    // After our close the library passes the server's code on as it came: one
                    // that may not be sent (1005 on the wire) is a violation, not a close
                    // "without status".
                    let Some(violation) = close::invalid(frame.as_ref()) else {
                        return Answer::Close(frame);
                    };
                    report.protocol_violation = Some(violation);
                    return Answer::Violation;
                }
                Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => {
                    // Counted and shown; too late for an expectation (the wait for them is over).
                    let mut past_expectations = plan.expect.len();
                    received(plan, report, &message, connected, &mut past_expectations);
                }
                Some(Ok(_)) => {}
                Some(Err(err)) => {
                    let Some((_, violation)) = broken(&err) else {
                        return Answer::Dropped;
                    };
                    let violation = redact::text(&violation, &plan.secrets);
                    report.error = Some(violation.clone());
                    report.protocol_violation = Some(violation);
                    return Answer::Violation;
                }
                None => return Answer::Dropped,
            }
        }
    })
    .await
    .unwrap_or(Answer::Silent);
    match answer {
        Answer::Close(Some(frame)) if frame.code != CloseCode::Normal => {
            let code = u16::from(frame.code);
            record_close(
                report,
                code,
                frame.reason.to_string(),
                ClosedBy::Server,
                connected,
            );
        }
        // The server dropped the connection instead of answering: the closing handshake
        // failed, and that is how the socket ended (1006), whoever started it.
        Answer::Dropped => record_close(report, 1006, String::new(), ClosedBy::Network, connected),
        Answer::Close(_) | Answer::Violation | Answer::Silent => record_close(
            report,
            1000,
            "iops probe done".into(),
            ClosedBy::Client,
            connected,
        ),
    }
}

/// A text or binary message: counted and measured, shown (the first `--show`), and matched
/// against the next expectation.
fn received(
    plan: &ProbePlan,
    report: &mut ProbeReport,
    message: &Message,
    connected: Instant,
    next_expectation: &mut usize,
) {
    let text = match message {
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
    if let Some(pattern) = plan.expect.get(*next_expectation)
        && pattern.is_match(&text)
    {
        report.expectations[*next_expectation].matched = true;
        report.expectations[*next_expectation].after_ms = Some(ms(connected));
        *next_expectation += 1;
    }
}

/// What came back after the probe's own close frame.
enum Answer {
    /// The server's close frame: an answer (1000, or no code), or its own close that crossed ours.
    Close(Option<CloseFrame>),
    /// The TCP connection ended without a close frame.
    Dropped,
    /// A frame that broke the protocol (recorded in the report).
    Violation,
    /// Nothing within [`CLOSE_ANSWER_WAIT`]: our close stands.
    Silent,
}

/// How long the probe reads after its own close frame for the server's.
const CLOSE_ANSWER_WAIT: Duration = Duration::from_secs(2);

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

/// How a read error ends the session: None when the connection just dropped (1006, no close
/// frame); else the server broke the protocol, and the client fails the connection with the code
/// RFC 6455 gives the violation (7.4.1), naming it.
pub(crate) fn broken(err: &tungstenite::Error) -> Option<(u16, String)> {
    if is_abnormal(err) {
        return None;
    }
    let code = match err {
        tungstenite::Error::Capacity(_) => 1009,
        tungstenite::Error::Utf8(_) => 1007,
        _ => 1002,
    };
    Some((code, violation(err)))
}

/// What the server did wrong, in words that name the rule, with the library's detail.
fn violation(err: &tungstenite::Error) -> String {
    format!("protocol violation by the server: {} ({err})", rule(err))
}

/// The rule a read error says the server broke, in words (the same for every occurrence, so
/// load mode can count them).
pub(crate) fn rule(err: &tungstenite::Error) -> &'static str {
    use tungstenite::error::ProtocolError;
    match err {
        tungstenite::Error::Utf8(_) => "a text frame or close reason that is not valid UTF-8",
        tungstenite::Error::Capacity(_) => "a message or frame over the size limit",
        tungstenite::Error::Protocol(ProtocolError::MaskedFrameFromServer) => {
            "a masked frame (a server must never mask)"
        }
        tungstenite::Error::Protocol(ProtocolError::NonZeroReservedBits) => {
            "reserved bits set (RSV1-3) without a negotiated extension"
        }
        tungstenite::Error::Protocol(ProtocolError::InvalidCloseSequence) => {
            "an invalid close frame"
        }
        tungstenite::Error::Protocol(_) => "a frame that breaks the WebSocket protocol",
        _ => "an unreadable frame",
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
