//! A stand-in for CloudWatch Logs' StartLiveTail in front of moto, for what moto cannot show
//! (moto answers one update with every stored event, then ends the stream). Every other request
//! goes to moto. StartLiveTail (`x-amz-target: Logs_20140328.StartLiveTail`) is answered as the
//! CloudWatch Logs API reference describes it: HTTP 200 with `application/vnd.amazon.eventstream`
//! and a `sessionStart` then `sessionUpdate` events (`sessionMetadata.sampled`, `sessionResults[]`
//! of `logGroupIdentifier`, `logStreamName`, `timestamp`, `ingestionTime`, `message`), framed in
//! the AWS event-stream encoding by `aws-smithy-eventstream`; or with the API's errors
//! (`LimitExceededException`, `AccessDeniedException`) as HTTP 400 JSON.

use std::sync::{Arc, Mutex};

use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use serde_json::{Value, json};

use super::http::{self, Response};

/// How the stand-in answers each StartLiveTail.
#[derive(Clone)]
pub enum LiveTail {
    /// Refuse every session with this error code.
    Refuse(&'static str),
    /// Streams: the response head and `sessionStart` at once, as AWS does; then a
    /// `sessionUpdate` (sampled or not) with the events of the session's log groups the test
    /// hands over in `updates` when they are there; each session ends after `hold`.
    Stream {
        sampled: bool,
        hold: std::time::Duration,
    },
}

/// An event for an update: (log group ARN, stream, timestamp, message).
pub type LiveEvent = (String, String, i64, String);

pub struct LiveTailStandIn {
    pub endpoint: String,
    /// StartLiveTail requests answered.
    pub sessions: Arc<Mutex<u32>>,
    /// Events a session of their log group sends in an update, once the test puts them here.
    pub updates: Arc<Mutex<Option<Vec<LiveEvent>>>>,
}

pub fn live_tail_stand_in(upstream: &str, behaviour: LiveTail) -> LiveTailStandIn {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let sessions = Arc::new(Mutex::new(0));
    let updates: Arc<Mutex<Option<Vec<LiveEvent>>>> = Arc::new(Mutex::new(None));
    let (counted, pending, upstream) = (sessions.clone(), updates.clone(), upstream.to_string());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (counted, pending, upstream, behaviour) = (
                counted.clone(),
                pending.clone(),
                upstream.clone(),
                behaviour.clone(),
            );
            std::thread::spawn(move || serve(stream, &upstream, &behaviour, &counted, &pending));
        }
    });
    LiveTailStandIn {
        endpoint,
        sessions,
        updates,
    }
}

fn serve(
    stream: std::net::TcpStream,
    upstream: &str,
    behaviour: &LiveTail,
    counted: &Mutex<u32>,
    pending: &Mutex<Option<Vec<LiveEvent>>>,
) {
    let mut reader = std::io::BufReader::new(stream.try_clone().expect("clone"));
    let mut writer = stream;
    while let Some(request) = http::read_request(&mut reader) {
        if request.header("x-amz-target") != Some("Logs_20140328.StartLiveTail") {
            if http::write_response(&mut writer, &http::forward(upstream, &request)).is_err() {
                return;
            }
            continue;
        }
        let session = {
            let mut count = counted.lock().unwrap();
            *count += 1;
            *count
        };
        match behaviour {
            LiveTail::Refuse(code) => {
                let refusal = Response::json(
                    400,
                    format!(
                        r#"{{"__type":"{code}","message":"refused by the iops Live Tail stand-in"}}"#
                    ),
                );
                if http::write_response(&mut writer, &refusal).is_err() {
                    return;
                }
            }
            LiveTail::Stream { sampled, hold } => {
                let request: Value = serde_json::from_slice(&request.body).unwrap_or_default();
                stream_session(&mut writer, session, &request, *sampled, *hold, pending);
                return;
            }
        }
    }
}

/// The head and `sessionStart` now; the update when the test has handed its events over (first
/// session only); the end after `hold`. Chunked, so each frame leaves when written.
fn stream_session(
    writer: &mut std::net::TcpStream,
    session: u32,
    request: &Value,
    sampled: bool,
    hold: std::time::Duration,
    pending: &Mutex<Option<Vec<LiveEvent>>>,
) {
    use std::io::Write;
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.amazon.eventstream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    if writer.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut chunk = |frame: Vec<u8>| -> std::io::Result<()> {
        write!(writer, "{:x}\r\n", frame.len())?;
        writer.write_all(&frame)?;
        writer.write_all(b"\r\n")?;
        writer.flush()
    };
    let mut start = Vec::new();
    frame(
        &mut start,
        "sessionStart",
        &json!({
            "requestId": format!("req-{session}"),
            "sessionId": format!("session-{session}"),
            "logGroupIdentifiers": request["logGroupIdentifiers"],
        }),
    );
    if chunk(start).is_err() {
        return;
    }
    let ends = std::time::Instant::now() + hold;
    while std::time::Instant::now() < ends {
        let events = take_events_of(pending, &request["logGroupIdentifiers"]);
        if !events.is_empty() {
            let results: Vec<Value> = events
                .iter()
                .map(|(group, stream, timestamp, message)| {
                    json!({
                        "logGroupIdentifier": group,
                        "logStreamName": stream,
                        "timestamp": timestamp,
                        "ingestionTime": timestamp + 50,
                        "message": message,
                    })
                })
                .collect();
            let mut update = Vec::new();
            frame(
                &mut update,
                "sessionUpdate",
                &json!({"sessionMetadata": {"sampled": sampled}, "sessionResults": results}),
            );
            if chunk(update).is_err() {
                return;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = chunk(Vec::new());
}

/// The handed-over events of the session's log groups (the others wait for their session).
fn take_events_of(pending: &Mutex<Option<Vec<LiveEvent>>>, groups: &Value) -> Vec<LiveEvent> {
    let mut pending = pending.lock().unwrap();
    let Some(events) = pending.as_mut() else {
        return Vec::new();
    };
    let ours = |event: &LiveEvent| {
        groups
            .as_array()
            .is_some_and(|g| g.iter().any(|arn| arn.as_str() == Some(event.0.as_str())))
    };
    let (taken, left): (Vec<LiveEvent>, Vec<LiveEvent>) = events.drain(..).partition(ours);
    *pending = (!left.is_empty()).then_some(left);
    taken
}

/// One event-stream message: `:message-type event`, its `:event-type`, a JSON payload.
fn frame(out: &mut Vec<u8>, event_type: &str, payload: &Value) {
    let message = Message::new(serde_json::to_vec(payload).unwrap())
        .add_header(Header::new(
            ":message-type",
            HeaderValue::String("event".into()),
        ))
        .add_header(Header::new(
            ":event-type",
            HeaderValue::String(event_type.to_string().into()),
        ))
        .add_header(Header::new(
            ":content-type",
            HeaderValue::String("application/json".into()),
        ));
    aws_smithy_eventstream::frame::write_message_to(&message, out).expect("frame");
}
