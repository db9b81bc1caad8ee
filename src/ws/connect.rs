//! `iops ws connect`: a WebSocket session to type into, as people use wscat — messages arrive above
//! the prompt with the time since connecting, `/ping`, `/close`, `/binary` do what they say — or,
//! with stdin piped, each line sent and the session closed `--wait` after the last line (what
//! arrives never extends it: a server that pings or broadcasts would keep it open forever). It
//! ends with the same close explanation and exit codes as `ws probe`.

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
use super::fail;
use super::input::{Input, read_lines};
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

Piped: each line of stdin is sent (a CRLF line end is removed; a line that is not UTF-8 goes as a
binary frame, noted on stderr). Once the input has ended, the session closes with 1000 --wait
after the last line was sent; what arrives meanwhile is printed but does not extend the wait, so a
server that pings or broadcasts cannot keep it open:
  printf '{\"action\":\"ping\"}\\n' | iops ws connect ws://127.0.0.1:8080

After any close of ours, what arrives until the server's close frame (2 s at most) is still
printed, and the server's answer is reported.

Exit codes as ws probe: 0 closed normally (1000, or 1001 by the server), 1 any other close or a
protocol violation, 2 bad input, 4 DNS, TCP, TLS or the upgrade failed.";

#[derive(Debug, Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Time allowed for each connect phase (DNS, TCP, TLS, upgrade)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = timespec::parse_duration)]
    pub timeout: Duration,

    /// Piped input: once it has ended, close this long after the last line was sent
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = timespec::parse_duration)]
    pub wait: Duration,

    /// Show JSON messages indented (keys in the order received)
    #[arg(long)]
    pub pretty: bool,

    /// Write every frame seen (direction, time, size, text or base64, code), and a protocol
    /// violation, to PATH as ndjson
    #[arg(long, value_name = "PATH")]
    pub transcript: Option<PathBuf>,
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

    /// A remark about the session rather than a message: on stderr when stdout is plain (piped
    /// output stays the messages alone), above the prompt on a terminal.
    fn note(&mut self, line: String) -> Result<()> {
        match self {
            Screen::Plain(_) => {
                let mut err = std::io::stderr().lock();
                // stderr gone is no reason to stop the session
                let _ = writeln!(err, "{line}");
                Ok(())
            }
            _ => self.show(line),
        }
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
            at_ms: micros_as_ms(at_s),
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
            at_ms: micros_as_ms(at_s),
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

    /// What the server did that broke the protocol: no frame tungstenite could hand over, but
    /// what the session saw last from the server.
    fn violation(at_s: f64, violation: &'a str) -> Frame<'a> {
        Frame::text("received", at_s, "violation", violation)
    }
}

/// Seconds as milliseconds to the microsecond (`0.221`, not `0.22128299999999998`).
fn micros_as_ms(seconds: f64) -> f64 {
    (seconds * 1_000_000.0).round() / 1000.0
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

/// What a session shows and keeps while it runs: the screen, the transcript, the pings awaiting
/// their pong.
struct Session {
    connected: Instant,
    screen: Screen,
    transcript: Transcript,
    pings: Vec<(Vec<u8>, Instant)>,
    pretty: bool,
}

/// What one read from the server means for the session.
enum Received {
    /// A message, ping or pong: shown and recorded; the session goes on.
    Shown,
    /// The server's close frame (1005 when it carried no code).
    Close(u16, String),
    /// The server broke the protocol: the code RFC 6455 gives the violation, and what it did.
    Violation(u16, String),
    /// The connection ended without a close frame.
    Dropped,
    /// A close frame whose code may not be sent: what it was, in words (the library answered
    /// it with 1002).
    InvalidClose(String),
}

impl Session {
    /// Seconds since connecting, for the screen and the transcript.
    fn now(&self) -> f64 {
        self.connected.elapsed().as_secs_f64()
    }

    /// The one handler for what the server sends: during the session and after our close alike.
    fn receive(
        &mut self,
        received: Option<std::result::Result<Message, tungstenite::Error>>,
    ) -> Result<Received> {
        let at = self.now();
        match received {
            Some(Ok(Message::Close(frame))) => {
                // A code that may not be sent: the transcript must not show a close the server
                // never sent.
                if let Some(violation) = close::invalid(frame.as_ref()) {
                    self.transcript.record(&Frame::text(
                        "received",
                        at,
                        "violation",
                        &violation,
                    ))?;
                    return Ok(Received::InvalidClose(violation));
                }
                let (code, reason) = frame.map_or((1005, String::new()), |f| {
                    (u16::from(f.code), f.reason.to_string())
                });
                self.transcript
                    .record(&Frame::close("received", at, code, &reason))?;
                return Ok(Received::Close(code, reason));
            }
            Some(Ok(Message::Pong(payload))) => {
                self.transcript
                    .record(&Frame::bytes("received", at, "pong", &payload))?;
                if let Some(i) = self.pings.iter().position(|(p, _)| p[..] == payload[..]) {
                    let (_, sent) = self.pings.remove(i);
                    let ms = sent.elapsed().as_secs_f64() * 1000.0;
                    self.screen.show(format!("pong after {ms:.2} ms"))?;
                }
            }
            // tungstenite answers it with a pong by itself.
            Some(Ok(Message::Ping(payload))) => {
                self.transcript
                    .record(&Frame::bytes("received", at, "ping", &payload))?;
            }
            // A raw frame is never what a read returns.
            Some(Ok(Message::Frame(_))) => {}
            Some(Ok(Message::Text(text))) => {
                self.transcript
                    .record(&Frame::text("received", at, "text", &text))?;
                let shown = shown_text(&text, self.pretty);
                self.screen.show(format!("< +{at:.3}s {shown}"))?;
            }
            Some(Ok(Message::Binary(data))) => {
                self.transcript
                    .record(&Frame::bytes("received", at, "binary", &data))?;
                let (size, hex) = (data.len(), hex(&data));
                self.screen
                    .show(format!("< +{at:.3}s binary {size} bytes: {hex}"))?;
            }
            Some(Err(err)) => {
                return match probe::broken(&err) {
                    None => Ok(Received::Dropped),
                    Some((code, violation)) => {
                        self.transcript.record(&Frame::violation(at, &violation))?;
                        Ok(Received::Violation(code, violation))
                    }
                };
            }
            None => return Ok(Received::Dropped),
        }
        Ok(Received::Shown)
    }

    /// Acts on one input: a line is sent, the end of input closes (on a terminal) or starts
    /// the wait (piped), Ctrl-C ends at once.
    async fn typed(
        &mut self,
        sink: &mut Sink,
        input: Input,
        interactive: bool,
        inputs: &mpsc::Sender<Input>,
    ) -> Result<Option<Typed>> {
        match input {
            Input::Line(line) => self.send(sink, line).await,
            Input::NotUtf8 { number, bytes } => {
                // A text frame must be UTF-8; the bytes go as they are rather than not at all.
                self.screen.note(format!(
                    "line {number} is not UTF-8: sent as a binary frame of {} bytes",
                    bytes.len()
                ))?;
                self.send_binary(sink, bytes).await
            }
            Input::End if interactive => Ok(Some(Typed::Close(1000, String::new()))),
            Input::End => Ok(Some(Typed::InputEnded)),
            Input::Interrupt => Err(Error::Interrupted),
            Input::EditorFailed(why) => {
                tracing::debug!(
                    "the line editor failed ({why}): the terminal's line discipline instead"
                );
                self.screen = Screen::Terminal(std::io::stdout());
                read_lines(inputs.clone());
                self.screen
                    .show("(no line editor on this terminal: lines as typed)".into())?;
                Ok(None)
            }
        }
    }

    /// Sends a line typed; a close asked for, or a connection found gone, ends the loop.
    async fn send(&mut self, sink: &mut Sink, line: String) -> Result<Option<Typed>> {
        let at = self.now();
        match command(&line) {
            Command::Help => self.screen.show(COMMANDS.to_string())?,
            Command::Ping(Ok(payload)) => {
                self.pings
                    .push((payload.clone().into_bytes(), Instant::now()));
                self.transcript
                    .record(&Frame::text("sent", at, "ping", &payload))?;
                let _ = sink.send(Message::Ping(payload.into_bytes().into())).await;
            }
            Command::Binary(Ok(data)) => return self.send_binary(sink, data).await,
            Command::Binary(Err(why)) | Command::Close(Err(why)) | Command::Ping(Err(why)) => {
                self.screen.show(why)?;
            }
            Command::Close(Ok((code, reason))) => return Ok(Some(Typed::Close(code, reason))),
            Command::Text(text) => {
                self.transcript
                    .record(&Frame::text("sent", at, "text", &text))?;
                if sink.send(Message::text(text)).await.is_err() {
                    return Ok(Some(Typed::Gone));
                }
            }
        }
        Ok(None)
    }

    async fn send_binary(&mut self, sink: &mut Sink, data: Vec<u8>) -> Result<Option<Typed>> {
        self.transcript
            .record(&Frame::bytes("sent", self.now(), "binary", &data))?;
        if sink.send(Message::Binary(data.into())).await.is_err() {
            return Ok(Some(Typed::Gone));
        }
        Ok(None)
    }
}

/// An input that changes the session's course.
enum Typed {
    Close(u16, String),
    /// Sending found the connection gone.
    Gone,
    /// Piped input has ended: the wait for the last replies begins.
    InputEnded,
}

pub async fn run(ctx: &Context, plan: &ProbePlan, args: &ConnectArgs) -> Result<()> {
    let transcript = Transcript::open(args.transcript.as_ref())?;
    let mut report = ProbeReport::new(plan);
    let Some(socket) = probe::open(plan, &mut report).await else {
        let mut out = ctx.out.stdout();
        probe::render_text(&report, &mut out).map_err(Error::from_output)?;
        out.flush().map_err(Error::from_output)?;
        if report.interrupted {
            return Err(Error::Interrupted);
        }
        return Err(Error::Network(
            "the session could not connect (see above)".into(),
        ));
    };
    let connected = Instant::now();
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let (inputs, mut input) = mpsc::channel(16);
    let screen = if interactive && !dumb_terminal() {
        Screen::Editor(Editor::start(inputs.clone()))
    } else if interactive {
        read_lines(inputs.clone());
        Screen::Terminal(std::io::stdout())
    } else {
        read_lines(inputs.clone());
        Screen::Plain(std::io::stdout())
    };
    let mut session = Session {
        connected,
        screen,
        transcript,
        pings: Vec::new(),
        pretty: args.pretty,
    };
    if interactive {
        session.screen.show(format!(
            "connected to {} (type /help)",
            crate::redact::url(&plan.url, &plan.token_param)
        ))?;
    }
    let (mut sink, mut stream) = socket.split();
    // Piped input: set once it has ended. The session then closes `wait` after the last line
    // was sent — never later because of what arrives, which a server's pings or broadcasts
    // would renew forever.
    let mut input_ended = false;
    let mut last_line = connected;
    let closed = loop {
        let quiet_until =
            input_ended.then(|| tokio::time::Instant::from_std(last_line + args.wait));
        tokio::select! {
            received = stream.next() => match session.receive(received)? {
                Received::Shown => {}
                Received::Close(code, reason) => {
                    // Sends tungstenite's echo of the server's close.
                    let _ = sink.close().await;
                    break Closed::new(code, reason, ClosedBy::Server);
                }
                Received::Violation(code, violation) => {
                    break fail(&mut session, &mut sink, code, violation).await?;
                }
                Received::Dropped => break Closed::dropped(),
                Received::InvalidClose(violation) => {
                    let _ = sink.close().await;
                    let mut closed = Closed::new(1002, String::new(), ClosedBy::Client);
                    closed.violation = Some(violation);
                    break closed;
                }
            },
            typed = input.recv(), if !input_ended => {
                let typed = typed.unwrap_or(Input::End);
                if matches!(typed, Input::Line(_) | Input::NotUtf8 { .. }) {
                    last_line = Instant::now();
                }
                match session.typed(&mut sink, typed, interactive, &inputs).await? {
                    None => {}
                    Some(Typed::InputEnded) => input_ended = true,
                    Some(Typed::Close(code, reason)) => {
                        break close_and_wait(&mut session, &mut sink, &mut stream, code, reason).await?;
                    }
                    Some(Typed::Gone) => break Closed::dropped(),
                }
            }
            () = async { tokio::time::sleep_until(quiet_until.unwrap_or_else(tokio::time::Instant::now)).await }, if quiet_until.is_some() => {
                break close_and_wait(&mut session, &mut sink, &mut stream, 1000, String::new()).await?;
            }
            () = crate::interrupt::wait() => return Err(Error::Interrupted),
        }
    };
    if closed.violation.is_some() {
        fail::linger(sink, stream).await;
    }
    let diagnosis = close::explain(closed.code, &closed.reason, false);
    session
        .screen
        .finish(summary(&closed, &diagnosis, connected.elapsed()))?;
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

/// The session's last line (after the violation, when the server broke the protocol):
/// `closed: CODE name "reason" by WHO (what the server answered) after N ms — explanation`.
fn summary(closed: &Closed, diagnosis: &close::CloseDiagnosis, after: Duration) -> String {
    let reason = if closed.reason.is_empty() {
        String::new()
    } else {
        format!(" \"{}\"", visible(&closed.reason))
    };
    let answer = closed
        .answer
        .as_ref()
        .map(|answer| format!(" ({})", visible(answer)))
        .unwrap_or_default();
    let summary = format!(
        "closed: {} {}{reason} by {}{answer} after {:.0} ms — {}",
        closed.code,
        diagnosis.name,
        crate::output::json_name(&closed.by),
        after.as_secs_f64() * 1000.0,
        visible(&diagnosis.explanation)
    );
    match &closed.violation {
        Some(violation) => format!("{}\n{summary}", visible(violation)),
        None => summary,
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
    /// After a close of ours: the server's answer, or that none came (or could not be sent).
    answer: Option<String>,
}

impl Closed {
    fn new(code: u16, reason: String, by: ClosedBy) -> Closed {
        Closed {
            code,
            reason,
            by,
            violation: None,
            answer: None,
        }
    }

    /// No close frame either way: 1006.
    fn dropped() -> Closed {
        Closed::new(1006, String::new(), ClosedBy::Network)
    }
}

type Sink = futures_util::stream::SplitSink<probe::Socket, Message>;
type Stream = futures_util::stream::SplitStream<probe::Socket>;

/// The server broke the protocol: fail the connection with the code for it (the close frame
/// goes out, so the server sees that code rather than 1006), and say so.
async fn fail(
    session: &mut Session,
    sink: &mut Sink,
    code: u16,
    violation: String,
) -> Result<Closed> {
    let mut closed = Closed::new(code, String::new(), ClosedBy::Client);
    match fail::fail_connection(sink, code).await {
        Ok(reason) => {
            let at = session.now();
            session
                .transcript
                .record(&Frame::close("sent", at, code, reason))?;
            closed.reason = reason.to_string();
        }
        Err(err) => closed.answer = Some(err.to_string()),
    }
    closed.violation = Some(violation);
    Ok(closed)
}

/// How long a close of ours waits for the server's.
const CLOSE_ANSWER_WAIT: Duration = Duration::from_secs(2);

/// Sends a close and, until the server's close arrives (2 s at most), handles what comes as the
/// session does: replies in flight and broadcasts are printed and recorded (RFC 6455 5.5.1: the
/// server may send until it answers).
async fn close_and_wait(
    session: &mut Session,
    sink: &mut Sink,
    stream: &mut Stream,
    code: u16,
    reason: String,
) -> Result<Closed> {
    session
        .transcript
        .record(&Frame::close("sent", session.now(), code, &reason))?;
    let frame = CloseFrame {
        code: code.into(),
        reason: reason.clone().into(),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
    let answer = tokio::time::timeout(CLOSE_ANSWER_WAIT, async {
        loop {
            match session.receive(stream.next().await)? {
                Received::Shown => {}
                ended => return Ok::<_, Error>(ended),
            }
        }
    })
    .await;
    let mut closed = Closed::new(code, reason, ClosedBy::Client);
    match answer {
        Err(_) => {
            closed.answer = Some(format!(
                "no close from the server within {} s",
                CLOSE_ANSWER_WAIT.as_secs()
            ));
        }
        Ok(answer) => match answer? {
            Received::Shown => {}
            Received::Close(answered, answered_reason) => {
                return Ok(answered_close(closed, answered, answered_reason));
            }
            Received::Violation(_, violation) | Received::InvalidClose(violation) => {
                closed.violation = Some(violation)
            }
            Received::Dropped => {
                closed.answer = Some("the server dropped the connection without a close".into());
            }
        },
    }
    Ok(closed)
}

/// The server's close after ours: an answer when it echoes our code, says 1000 or carries none;
/// any other code is a close of its own that crossed ours, and its code, not ours, says how the
/// socket ended (as in `ws probe`).
fn answered_close(mut closed: Closed, code: u16, reason: String) -> Closed {
    if code == closed.code || code == 1000 || code == 1005 {
        let reason = if reason.is_empty() {
            String::new()
        } else {
            format!(" \"{reason}\"")
        };
        closed.answer = Some(format!("the server answered {code}{reason}"));
        return closed;
    }
    let ours = closed.code;
    Closed {
        answer: Some(format!("crossing our {ours}")),
        ..Closed::new(code, reason, ClosedBy::Server)
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

/// A received text as shown: JSON as received (or indented with --pretty, keys in the server's
/// order), control characters escaped.
fn shown_text(text: &str, pretty: bool) -> String {
    let trimmed = text.trim();
    if pretty
        && (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Some(indented) = super::indent::indent(trimmed)
    {
        return visible(&indented).into_owned();
    }
    visible(text).into_owned()
}

/// A terminal that cannot move the cursor (`TERM=dumb`, as in an editor's shell buffer).
fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_none_or(|term| term == "dumb")
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
        assert_eq!(
            shown_text("{\"z\":1,\"a\":2}", true),
            "{\n  \"z\": 1,\n  \"a\": 2\n}"
        );
        assert_eq!(hex(&[0, 255]), "00ff");
    }
}
