//! `iops ws connect`: a WebSocket session to type into, as people use wscat — messages arrive above
//! the prompt with the time since connecting, `/ping`, `/close`, `/binary` do what they say — or,
//! with stdin piped, each line sent and the session closed once the input has ended and nothing
//! more arrives. It ends with the same close explanation and exit codes as `ws probe`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine;
use clap::Args;
use futures_util::{SinkExt, StreamExt};
use serde::Serialize;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message};

use super::ConnectionArgs;
use super::close::{self, ClosedBy};
use super::editor::Editor;
use super::probe::{self, ProbePlan, ProbeReport};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::visible;
use crate::timespec;

pub const HELP: &str = "\
On a terminal: type a message and Enter to send it; received messages print above the prompt
as '< +1.234s {...}'. Up/Down and Ctrl-R go through the lines typed in this session (kept in
memory only: messages may carry tokens). Commands: /ping [text] (prints the pong's round trip),
/close [code] [reason], /binary HEX, /help. Ctrl-D closes with 1000 and waits for the server's
close; Ctrl-C ends at once.

Piped: each line of stdin is sent; once the input ends and --wait passes with nothing arriving, the
session closes with 1000:
  printf '{\"action\":\"ping\"}\\n' | iops ws connect ws://127.0.0.1:8080

Exit codes as ws probe: 0 closed normally (1000, or 1001 by the server), 1 any other close or a
protocol violation, 2 bad input, 4 DNS, TCP, TLS or the upgrade failed.";

#[derive(Debug, Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Time allowed for each connect phase (DNS, TCP, TLS, upgrade)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = timespec::parse_duration)]
    pub timeout: Duration,

    /// Piped input: close once it has ended and nothing arrived for this long
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = timespec::parse_duration)]
    pub wait: Duration,

    /// Show JSON messages indented
    #[arg(long)]
    pub pretty: bool,

    /// Write every frame (direction, time, size, text or base64) to PATH as ndjson
    #[arg(long, value_name = "PATH")]
    pub transcript: Option<PathBuf>,
}

/// What the user typed or piped.
pub enum Input {
    Line(String),
    /// Ctrl-D, or the end of piped input.
    End,
    /// Ctrl-C in the line editor (the terminal is raw: no SIGINT).
    Interrupt,
    /// The line editor cannot work on this terminal: the session goes on with the terminal's
    /// own line discipline.
    EditorFailed(String),
}

/// One frame for `--transcript`.
#[derive(Serialize)]
struct Frame<'a> {
    direction: &'static str,
    at_ms: f64,
    kind: &'static str,
    size: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base64: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<u16>,
}

/// Where lines for the user go: the line editor (messages above its prompt); a terminal whose
/// line discipline keeps the line being typed (each message clears the prompt line, prints, and
/// draws the prompt again) when the editor cannot work there; or stdout as plain lines.
enum Screen {
    Editor(Editor),
    Terminal(std::io::Stdout),
    Plain(std::io::Stdout),
}

impl Screen {
    fn show(&mut self, line: String) -> Result<()> {
        let written = match self {
            Screen::Editor(editor) => {
                editor.show(line);
                Ok(())
            }
            Screen::Terminal(out) => {
                let mut out = out.lock();
                write!(out, "\r\x1b[K{line}\n> ").and_then(|()| out.flush())
            }
            Screen::Plain(out) => {
                let mut out = out.lock();
                writeln!(out, "{line}").and_then(|()| out.flush())
            }
        };
        written.map_err(Error::from_output)
    }

    /// The last line: no prompt after it.
    fn finish(&mut self, line: String) -> Result<()> {
        if let Screen::Editor(editor) = self {
            editor.stop();
        }
        let mut out = std::io::stdout().lock();
        let clear = if matches!(self, Screen::Plain(_)) {
            ""
        } else {
            "\r\x1b[K"
        };
        writeln!(out, "{clear}{line}")
            .and_then(|()| out.flush())
            .map_err(Error::from_output)
    }
}

impl<'a> Frame<'a> {
    /// A text frame (or a ping's text); `at_s` seconds since connecting.
    fn text(direction: &'static str, at_s: f64, kind: &'static str, text: &'a str) -> Frame<'a> {
        Frame {
            direction,
            at_ms: at_s * 1000.0,
            kind,
            size: text.len(),
            text: Some(text),
            base64: None,
            code: None,
        }
    }

    fn bytes(direction: &'static str, at_s: f64, kind: &'static str, data: &[u8]) -> Frame<'a> {
        Frame {
            direction,
            at_ms: at_s * 1000.0,
            kind,
            size: data.len(),
            text: None,
            base64: Some(base64(data)),
            code: None,
        }
    }

    fn close(direction: &'static str, at_s: f64, code: u16, reason: &'a str) -> Frame<'a> {
        Frame {
            code: Some(code),
            ..Frame::text(direction, at_s, "close", reason)
        }
    }
}

struct Transcript(Option<std::io::BufWriter<std::fs::File>>);

impl Transcript {
    fn open(path: Option<&PathBuf>) -> Result<Transcript> {
        let file = path
            .map(|path| {
                std::fs::File::create(path)
                    .map(std::io::BufWriter::new)
                    .map_err(|e| Error::usage(format!("--transcript {}: {e}", path.display())))
            })
            .transpose()?;
        Ok(Transcript(file))
    }

    fn record(&mut self, frame: &Frame) -> Result<()> {
        if let Some(out) = &mut self.0 {
            serde_json::to_writer(&mut *out, frame)
                .map_err(|e| Error::Io(format!("cannot write the transcript: {e}")))?;
            out.write_all(b"\n")
                .and_then(|()| out.flush())
                .map_err(|e| Error::Io(format!("cannot write the transcript: {e}")))?;
        }
        Ok(())
    }
}

pub async fn run(ctx: &Context, plan: &ProbePlan, args: &ConnectArgs) -> Result<()> {
    let mut transcript = Transcript::open(args.transcript.as_ref())?;
    let mut report = ProbeReport::new(plan);
    let Some(socket) = probe::open(plan, &mut report).await else {
        let mut out = ctx.out.stdout();
        probe::render_text(&report, &mut out).map_err(Error::from_output)?;
        out.flush().map_err(Error::from_output)?;
        return Err(Error::Network(
            "the session could not connect (see above)".into(),
        ));
    };
    let connected = Instant::now();
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let (inputs, mut input) = mpsc::channel(16);
    let mut screen = if interactive && !dumb_terminal() {
        Screen::Editor(Editor::start(inputs.clone()))
    } else if interactive {
        read_lines(inputs.clone());
        Screen::Terminal(std::io::stdout())
    } else {
        read_lines(inputs.clone());
        Screen::Plain(std::io::stdout())
    };
    if interactive {
        screen.show(format!(
            "connected to {} (type /help)",
            crate::redact::url(&plan.url, &plan.token_param)
        ))?;
    }
    let since = |at: Instant| at.duration_since(connected).as_secs_f64();
    let (mut sink, mut stream) = socket.split();
    let mut pings: Vec<(Vec<u8>, Instant)> = Vec::new();
    // Set once the input ended (piped): close after `wait` without a message.
    let mut input_ended: Option<Instant> = None;
    let mut last_message = Instant::now();
    let closed = loop {
        let quiet_until =
            input_ended.map(|_| tokio::time::Instant::from_std(last_message + args.wait));
        tokio::select! {
            received = stream.next() => {
                last_message = Instant::now();
                match received {
                    Some(Ok(Message::Close(frame))) => {
                        let (code, reason) = frame.map_or((1005, String::new()), |f| (u16::from(f.code), f.reason.to_string()));
                        transcript.record(&Frame::close("received", since(last_message), code, &reason))?;
                        let _ = sink.close().await;
                        break Closed { code, reason, by: ClosedBy::Server, violation: None };
                    }
                    Some(Ok(Message::Pong(payload))) => {
                        transcript.record(&Frame::bytes("received", since(last_message), "pong", &payload))?;
                        if let Some(at) = pings.iter().position(|(p, _)| p.as_slice() == payload.as_ref()) {
                            let (_, sent) = pings.remove(at);
                            screen.show(format!("pong after {:.2} ms", sent.elapsed().as_secs_f64() * 1000.0))?;
                        }
                    }
                    Some(Ok(Message::Ping(_))) | Some(Ok(Message::Frame(_))) => {}
                    Some(Ok(Message::Text(text))) => {
                        transcript.record(&Frame::text("received", since(last_message), "text", &text))?;
                        screen.show(format!("< +{:.3}s {}", since(last_message), shown_text(&text, args.pretty)))?;
                    }
                    Some(Ok(Message::Binary(data))) => {
                        transcript.record(&Frame::bytes("received", since(last_message), "binary", &data))?;
                        screen.show(format!("< +{:.3}s binary {} bytes: {}", since(last_message), data.len(), hex(&data)))?;
                    }
                    Some(Err(err)) => break ended_by_error(&err),
                    None => break Closed { code: 1006, reason: String::new(), by: ClosedBy::Network, violation: None },
                }
            }
            typed = input.recv(), if input_ended.is_none() => {
                match typed.unwrap_or(Input::End) {
                    Input::Line(line) => {
                        let now = Instant::now();
                        match command(&line) {
                            Command::Help => screen.show(COMMANDS.to_string())?,
                            Command::Ping(Ok(payload)) => {
                                pings.push((payload.clone().into_bytes(), now));
                                transcript.record(&Frame::text("sent", since(now), "ping", &payload))?;
                                let _ = sink.send(Message::Ping(payload.into_bytes().into())).await;
                            }
                            Command::Binary(Ok(data)) => {
                                transcript.record(&Frame::bytes("sent", since(now), "binary", &data))?;
                                let _ = sink.send(Message::Binary(data.into())).await;
                            }
                            Command::Binary(Err(why)) | Command::Close(Err(why)) | Command::Ping(Err(why)) => screen.show(why)?,
                            Command::Close(Ok((code, reason))) => {
                                transcript.record(&Frame::close("sent", since(now), code, &reason))?;
                                break close_and_wait(&mut sink, &mut stream, code, reason).await;
                            }
                            Command::Text(text) => {
                                transcript.record(&Frame::text("sent", since(now), "text", &text))?;
                                if sink.send(Message::text(text)).await.is_err() {
                                    break Closed { code: 1006, reason: String::new(), by: ClosedBy::Network, violation: None };
                                }
                            }
                        }
                    }
                    Input::End if interactive => {
                        break close_and_wait(&mut sink, &mut stream, 1000, String::new()).await;
                    }
                    Input::End => input_ended = Some(Instant::now()),
                    Input::Interrupt => return Err(Error::Interrupted),
                    Input::EditorFailed(why) => {
                        tracing::debug!("the line editor failed ({why}): the terminal's line discipline instead");
                        screen = Screen::Terminal(std::io::stdout());
                        read_lines(inputs.clone());
                        screen.show("(no line editor on this terminal: lines as typed)".into())?;
                    }
                }
            }
            () = async { tokio::time::sleep_until(quiet_until.unwrap_or_else(tokio::time::Instant::now)).await }, if quiet_until.is_some() => {
                break close_and_wait(&mut sink, &mut stream, 1000, String::new()).await;
            }
            () = crate::interrupt::wait() => return Err(Error::Interrupted),
        }
    };
    let diagnosis = close::explain(closed.code, &closed.reason, false);
    let mut summary = format!(
        "closed: {} {}{} by {} after {:.0} ms — {}",
        closed.code,
        diagnosis.name,
        if closed.reason.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", visible(&closed.reason))
        },
        crate::output::json_name(&closed.by),
        connected.elapsed().as_secs_f64() * 1000.0,
        diagnosis.explanation
    );
    if let Some(violation) = &closed.violation {
        summary = format!("{}\n{summary}", visible(violation));
    }
    screen.finish(summary)?;
    // A close the user asked for (Ctrl-D, /close CODE, the end of piped input) is the end they
    // wanted, whatever its code.
    let normal = closed.violation.is_none()
        && match closed.by {
            ClosedBy::Client => true,
            _ => diagnosis.normal,
        };
    if normal {
        Ok(())
    } else {
        Err(Error::NothingMatched)
    }
}

const COMMANDS: &str = "/ping [text]  send a ping, print the pong's round trip
/close [code] [reason]  close (default 1000) and wait for the server's close
/binary HEX  send a binary frame
/help  this; any other line is sent as a text message";

/// How the session ended.
struct Closed {
    code: u16,
    reason: String,
    by: ClosedBy,
    violation: Option<String>,
}

fn ended_by_error(err: &tungstenite::Error) -> Closed {
    match probe::broken(err) {
        None => Closed {
            code: 1006,
            reason: String::new(),
            by: ClosedBy::Network,
            violation: None,
        },
        Some((code, violation)) => Closed {
            code,
            reason: String::new(),
            by: ClosedBy::Client,
            violation: Some(violation),
        },
    }
}

type Sink = futures_util::stream::SplitSink<probe::Socket, Message>;
type Stream = futures_util::stream::SplitStream<probe::Socket>;

/// Sends a close and waits (2 s at most) for the server's.
async fn close_and_wait(sink: &mut Sink, stream: &mut Stream, code: u16, reason: String) -> Closed {
    let frame = CloseFrame {
        code: code.into(),
        reason: reason.clone().into(),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(Ok(message)) = stream.next().await {
            if message.is_close() {
                break;
            }
        }
    })
    .await;
    Closed {
        code,
        reason,
        by: ClosedBy::Client,
        violation: None,
    }
}

enum Command {
    Help,
    Ping(std::result::Result<String, String>),
    Close(std::result::Result<(u16, String), String>),
    Binary(std::result::Result<Vec<u8>, String>),
    Text(String),
}

/// The payload limit of a control frame (ping, pong, close).
const MAX_CONTROL_PAYLOAD: usize = 125;

fn command(line: &str) -> Command {
    let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
    match word {
        "/help" => Command::Help,
        // Control frames carry at most 125 bytes (RFC 6455 5.5): a longer one is refused here,
        // not sent for the server to reject (and then be blamed for a 1002).
        "/ping" if rest.len() > MAX_CONTROL_PAYLOAD => Command::Ping(Err(format!(
            "/ping: a ping carries at most {MAX_CONTROL_PAYLOAD} bytes (RFC 6455 5.5); this one has {}",
            rest.len()
        ))),
        "/ping" => Command::Ping(Ok(rest.to_string())),
        "/close" => {
            let (code, reason) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
            Command::Close(if code.is_empty() {
                Ok((1000, String::new()))
            } else {
                match code.parse::<u16>() {
                    // The close payload is the 2-byte code and the reason: 123 bytes of reason at most.
                    Ok(_) if reason.len() > MAX_CONTROL_PAYLOAD - 2 => Err(format!(
                        "/close: a close reason is at most {} bytes of UTF-8 (RFC 6455 5.5.1); this one has {}",
                        MAX_CONTROL_PAYLOAD - 2,
                        reason.len()
                    )),
                    Ok(code) if code == 1000 || (3000..=4999).contains(&code) => {
                        Ok((code, reason.to_string()))
                    }
                    _ => Err(format!(
                        "/close CODE: 1000, or 3000-4999 for an application's own; got '{code}'"
                    )),
                }
            })
        }
        "/binary" => Command::Binary(parse_hex(rest.trim())),
        _ => Command::Text(line.to_string()),
    }
}

fn parse_hex(text: &str) -> std::result::Result<Vec<u8>, String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty()
        || !digits.len().is_multiple_of(2)
        || !digits.chars().all(|c| c.is_ascii_hexdigit())
    {
        return Err(format!(
            "/binary HEX: pairs of hex digits, e.g. /binary 00ff10; got '{text}'"
        ));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|e| e.to_string()))
        .collect()
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

fn base64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// A received text as shown: JSON compact (or indented with --pretty), control characters escaped.
fn shown_text(text: &str, pretty: bool) -> String {
    let trimmed = text.trim();
    if pretty
        && (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed)
        && let Ok(indented) = serde_json::to_string_pretty(&value)
    {
        return visible(&indented).into_owned();
    }
    visible(text).into_owned()
}

/// A terminal that cannot move the cursor (`TERM=dumb`, as in an editor's shell buffer).
fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_none_or(|term| term == "dumb")
}

/// Each line of stdin (typed or piped), then End (a thread of its own: stdin blocks).
fn read_lines(inputs: mpsc::Sender<Input>) {
    use std::io::BufRead;
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if inputs.blocking_send(Input::Line(line)).is_err() {
                return;
            }
        }
        let _ = inputs.blocking_send(Input::End);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_their_mistakes() {
        assert!(matches!(command("/close"), Command::Close(Ok((1000, r))) if r.is_empty()));
        assert!(
            matches!(command("/close 4000 bye now"), Command::Close(Ok((4000, r))) if r == "bye now")
        );
        assert!(matches!(command("/close 1006"), Command::Close(Err(_))));
        assert!(matches!(command("/binary 00 ff10"), Command::Binary(Ok(b)) if b == [0, 255, 16]));
        assert!(matches!(command("/binary xyz"), Command::Binary(Err(_))));
        assert!(matches!(command("/ping hi"), Command::Ping(Ok(p)) if p == "hi"));
        let long = "x".repeat(126);
        assert!(
            matches!(command(&format!("/ping {long}")), Command::Ping(Err(why)) if why.contains("125 bytes"))
        );
        assert!(matches!(
            command(&format!("/ping {}", &long[..125])),
            Command::Ping(Ok(_))
        ));
        let reason = "é".repeat(62); // 124 bytes of UTF-8
        assert!(
            matches!(command(&format!("/close 4000 {reason}")), Command::Close(Err(why)) if why.contains("123 bytes"))
        );
        assert!(matches!(
            command(&format!("/close 4000 {}", "r".repeat(123))),
            Command::Close(Ok((4000, _)))
        ));
        assert!(matches!(command("{\"action\":\"ping\"}"), Command::Text(_)));
        assert_eq!(shown_text("a\u{1b}[31m", false), "a\\x1b[31m");
        assert_eq!(shown_text("{\"a\":1}", true), "{\n  \"a\": 1\n}");
        assert_eq!(hex(&[0, 255]), "00ff");
    }
}
