//! One connection of a load run: open it, send and match replies, hold it, and book how it
//! ended — held to the end and closed by iops, or cut short by the server, the network or a
//! protocol violation.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::replies::{ReplyIds, Waiting};
use super::timeline::Tally;
use super::{Shared, bump, cause};
use crate::interrupt;
use crate::ws::close;
use crate::ws::probe::{self, ProbePlan, ProbeReport};

type Sink = futures_util::stream::SplitSink<probe::Socket, Message>;

/// How long a connection iops closed waits for the server's close frame.
const CLOSE_ANSWER_WAIT: Duration = Duration::from_secs(2);

/// How a held connection ended.
#[derive(Debug, Clone, Copy)]
enum End {
    /// The hold passed, or every `--messages` send was answered: iops closes with 1000.
    Done,
    /// Ctrl-C: iops closes with 1000; the run reports the interruption.
    Interrupted,
    /// The server closed (its code, 1005 without one) or the connection dropped (1006).
    CutShort(u16),
    /// The server broke the protocol: iops failed the connection with this code, for this rule.
    Violation(u16, &'static str),
}

impl End {
    /// How a read error ends a connection: a protocol violation, or a drop (1006).
    fn after(err: &tokio_tungstenite::tungstenite::Error) -> End {
        match probe::broken(err) {
            Some((code, _)) => End::Violation(code, probe::rule(err)),
            None => End::CutShort(1006),
        }
    }
}

/// What one connection does, from the plan.
pub(super) struct Orders<'a> {
    pub plan: &'a ProbePlan,
    pub ids: Option<&'a ReplyIds>,
    pub hold: Duration,
    pub conn: u64,
}

pub(super) async fn one(orders: &Orders<'_>, shared: &Shared) {
    let plan = orders.plan;
    let mut report = ProbeReport::new(plan);
    let started = Instant::now();
    let Some(socket) = probe::open(plan, &mut report).await else {
        if let Some(h) = &report.handshake {
            bump(&shared.statuses, h.status);
        }
        bump(&shared.failures, cause(&report));
        shared.timeline.failed();
        return;
    };
    let connect_time = started.elapsed();
    shared.timeline.connected(connect_time);
    let latency = connect_time.as_micros() as u64;
    if let Some(samples) = shared.latencies.lock().expect("stats lock").as_mut() {
        samples.record(latency);
    }
    bump(&shared.statuses, 101);
    shared.connected.fetch_add(1, Ordering::Relaxed);
    let open = shared.open.fetch_add(1, Ordering::Relaxed) + 1;
    shared.peak.fetch_max(open, Ordering::Relaxed);
    let (mut sink, mut stream) = socket.split();
    let mut session = Session {
        orders,
        shared,
        connected: Instant::now(),
        waiting: Waiting::default(),
        seq: 0,
        broadcasts: 0,
        next_expectation: 0,
        expectations_met_at: None,
        tally: Tally::default(),
    };
    let mut end = session.hold(&mut sink, &mut stream).await;
    if matches!(end, End::Done | End::Interrupted) {
        close(&mut sink).await;
        end = session.closing(&mut stream, end).await;
    }
    shared.open.fetch_sub(1, Ordering::Relaxed);
    session.book(&end);
    session.tally.flush(&shared.timeline);
    match end {
        End::Done | End::Interrupted => {
            bump(&shared.closes, 1000);
            shared.timeline.closed(1000, false);
        }
        End::CutShort(code) => {
            bump(&shared.closes, code);
            bump(&shared.cut_short_codes, code);
            shared.timeline.closed(code, true);
        }
        End::Violation(code, rule) => {
            // Fail the connection as RFC 6455 7.1.7 says and a single probe does: the server
            // sees the code, not a dropped socket.
            let _ = crate::ws::fail::fail_connection(&mut sink, code).await;
            crate::ws::fail::linger(sink, stream).await;
            bump(&shared.closes, code);
            bump(&shared.cut_short_codes, code);
            bump(&shared.violations, rule.to_string());
            shared.timeline.closed(code, true);
        }
    }
}

/// Closes a connection iops is done with: 1000, waiting a moment at most for a server that
/// stopped reading.
async fn close(sink: &mut Sink) {
    let frame = CloseFrame {
        code: CloseCode::Normal,
        reason: "".into(),
    };
    let _ = tokio::time::timeout(
        Duration::from_secs(1),
        sink.send(Message::Close(Some(frame))),
    )
    .await;
}

struct Session<'a> {
    orders: &'a Orders<'a>,
    shared: &'a Shared,
    connected: Instant,
    waiting: Waiting,
    seq: u64,
    broadcasts: u64,
    next_expectation: usize,
    expectations_met_at: Option<Duration>,
    /// This second's messages, for the run's timeline.
    tally: Tally,
}

impl Session<'_> {
    async fn hold(
        &mut self,
        sink: &mut Sink,
        stream: &mut futures_util::stream::SplitStream<probe::Socket>,
    ) -> End {
        let plan = self.orders.plan;
        let until = tokio::time::Instant::now() + self.orders.hold;
        let never = Duration::from_secs(86_400 * 365);
        let mut resend =
            tokio::time::interval_at(tokio::time::Instant::now(), plan.every.unwrap_or(never));
        // Rounds of the --send messages still to send: one, --messages, or (with --every alone)
        // as many as the hold allows. Without --every, a --messages round goes once the last is
        // answered.
        let mut rounds_left = match (plan.send.is_empty(), plan.messages, plan.every) {
            (true, _, _) => 0,
            (false, Some(rounds), _) => rounds,
            (false, None, Some(_)) => u64::MAX,
            (false, None, None) => 1,
        };
        let in_turn = plan.messages.is_some() && plan.every.is_none();
        if plan.expect.is_empty() {
            self.expectations_met_at = Some(Duration::ZERO);
        }
        loop {
            tokio::select! {
                message = stream.next() => match message {
                    Some(Ok(Message::Close(frame))) => {
                        // Answer the server's close (RFC 6455 5.5.1): tungstenite queued the
                        // answer, flushing sends it — else the server sees 1006.
                        let _ = tokio::time::timeout(Duration::from_secs(1), sink.flush()).await;
                        if close::invalid(frame.as_ref()).is_some() {
                            return End::Violation(1002, close::INVALID_CLOSE_CODE);
                        }
                        return End::CutShort(frame.map_or(1005, |f| u16::from(f.code)));
                    }
                    Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => {
                        self.received(&message);
                        if plan.messages.is_some() && self.waiting.is_empty() {
                            if rounds_left == 0 {
                                return End::Done;
                            }
                            if in_turn {
                                rounds_left -= 1;
                                if !self.send_round(sink).await {
                                    return End::CutShort(1006);
                                }
                            }
                        }
                    }
                    Some(Ok(_)) => {}
                    Some(Err(err)) => return End::after(&err),
                    None => return End::CutShort(1006),
                },
                _ = resend.tick(), if rounds_left > 0 && (!in_turn || self.seq == 0) => {
                    rounds_left -= 1;
                    if !self.send_round(sink).await {
                        return End::CutShort(1006);
                    }
                }
                () = tokio::time::sleep_until(until) => return End::Done,
                () = interrupt::wait() => return End::Interrupted,
            }
        }
    }

    /// After iops's close, reads until the server's (2 s at most), as a single probe does: what
    /// arrives meanwhile is counted (answers in flight are answers), and a server that drops the
    /// connection instead of answering (1006) or breaks the protocol ends it otherwise.
    async fn closing(
        &mut self,
        stream: &mut futures_util::stream::SplitStream<probe::Socket>,
        end: End,
    ) -> End {
        let answer = tokio::time::timeout(CLOSE_ANSWER_WAIT, async {
            loop {
                match stream.next().await {
                    Some(Ok(Message::Close(frame))) => {
                        return match close::invalid(frame.as_ref()) {
                            Some(_) => End::Violation(1002, close::INVALID_CLOSE_CODE),
                            None => end,
                        };
                    }
                    Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => {
                        self.received(&message);
                    }
                    Some(Ok(_)) => {}
                    Some(Err(err)) => return End::after(&err),
                    None => return End::CutShort(1006),
                }
            }
        })
        .await;
        answer.unwrap_or(end)
    }

    /// A text or binary message: an expectation met, an answer to a send, or a broadcast.
    fn received(&mut self, message: &Message) {
        let plan = self.orders.plan;
        self.shared.messages.fetch_add(1, Ordering::Relaxed);
        self.tally.received(&self.shared.timeline);
        let text = message.to_text().unwrap_or_default();
        if let Some(pattern) = plan.expect.get(self.next_expectation)
            && pattern.is_match(text)
        {
            self.next_expectation += 1;
            if self.next_expectation == plan.expect.len() {
                self.expectations_met_at = Some(self.connected.elapsed());
            }
        }
        let answers = plan.reply.as_ref().is_none_or(|r| r.is_match(text));
        let answered = if answers {
            self.waiting.answer(self.orders.ids, text)
        } else {
            None
        };
        match answered {
            Some(sent) => {
                let round_trip = sent.elapsed();
                let trip = round_trip.as_micros() as u64;
                self.shared.matched.fetch_add(1, Ordering::Relaxed);
                self.tally.matched(&self.shared.timeline, round_trip);
                if let Some(samples) = self.shared.round_trips.lock().expect("stats lock").as_mut()
                {
                    samples.record(trip);
                }
            }
            None => self.broadcasts += 1,
        }
    }

    /// Sends one round of the --send messages; false once the connection cannot take them.
    async fn send_round(&mut self, sink: &mut Sink) -> bool {
        let orders = self.orders;
        for template in &orders.plan.send {
            self.seq += 1;
            self.waiting.sent(self.seq);
            if sink
                .send(Message::text(fill(template, orders.conn, self.seq)))
                .await
                .is_err()
            {
                return false;
            }
            self.shared.sent.fetch_add(1, Ordering::Relaxed);
            self.tally.sent(&self.shared.timeline);
        }
        true
    }

    /// The connection's counts into the run's: expectations, unanswered sends, broadcasts,
    /// and whether it was cut short.
    fn book(&self, end: &End) {
        let shared = self.shared;
        let timeout = self.orders.plan.timeout;
        if self.expectations_met_at.is_none_or(|at| at > timeout) {
            shared.expectations_failed.fetch_add(1, Ordering::Relaxed);
        }
        shared
            .unanswered
            .fetch_add(self.waiting.len(), Ordering::Relaxed);
        shared
            .broadcasts
            .lock()
            .expect("stats lock")
            .push(self.broadcasts);
        if matches!(end, End::CutShort(_) | End::Violation(..)) {
            shared.cut_short.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// `{conn}`, `{seq}` and `{ts_ms}` in a message to send.
fn fill(template: &str, conn: u64, seq: u64) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let ts_ms = jiff::Timestamp::now().as_millisecond();
    template
        .replace("{conn}", &conn.to_string())
        .replace("{seq}", &seq.to_string())
        .replace("{ts_ms}", &ts_ms.to_string())
}
