//! The peer matrix: `iops ws` judged against WebSocket servers nobody here wrote — Node `ws` and
//! Python `websockets` (`tests/support/peers.rs`) — one behaviour per URL path, every verdict a
//! row of one table: the peers, the path, the command, and what iops must conclude.
//!
//! The rows at the end of `ROWS` are those iops got wrong before issue 31; each says what it got.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::iops;
use support::peers::{Peer, node_peer, python_peer};
use support::pty;

/// Which peers serve a row's behaviour (`/log` is Node's alone).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Peers {
    Both,
    NodeOnly,
}

impl Peers {
    fn include(self, peer: &Peer) -> bool {
        self == Peers::Both || std::ptr::eq(peer, node_peer())
    }
}

/// The command a row runs; `args` follow the URL.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// `iops ws probe URL -o json ARGS`: one connection, a ProbeReport.
    Probe,
    /// `iops ws probe URL --connections 5 --rate 50 --hold 1s -o json ARGS` (a --hold in ARGS
    /// replaces the 1 s): a LoadReport.
    Load,
    /// `printf LINES | iops ws connect URL ARGS`: the text session.
    ConnectPiped(&'static str),
    /// `iops ws connect URL ARGS` in a pty, with its line editor: once it is up, the KEYS are
    /// typed — each line then Enter, and `\x04` for Ctrl-D. What ends the session (Ctrl-D, or a
    /// `/close` line) is typed only once the output shows every `shows` text, in order, so the
    /// end never races what the row checks; with neither, iops must end by itself (the server
    /// ends it). The terminal must be given back in its own mode.
    ConnectPty(&'static str),
}

const LOAD_CONNECTIONS: usize = 5;

/// What the round trips of a load row must look like (from the report's exact samples).
#[derive(Clone, Copy, Debug, PartialEq)]
enum RoundTrips {
    Unchecked,
    /// Every reply answers its own send at once: each round trip under 150 ms, at least one.
    Immediate,
    /// `/delayed-reverse`: a reply comes at once (even seq) or after the peer's 1000 ms (odd);
    /// anything between is a reply matched to another message's send.
    ImmediateOrAfterASecond,
}

/// The verdict a row expects; `None` and empty lists are not checked, except a load row's
/// `close_codes` and `failures`, which are always compared whole.
#[derive(Clone, Copy, Debug)]
struct Expected {
    exit: i32,
    /// The close code and who closed (`client`, `server`, `network`): the probe's `close`, or
    /// connect's `closed: CODE ... by WHO` line.
    close: Option<(u16, &'static str)>,
    /// The probe's `outcome`.
    outcome: Option<&'static str>,
    /// Text the probe's `protocol_violation` (or connect's output) must contain.
    violation: Option<&'static str>,
    /// The HTTP status of a refused upgrade.
    handshake: Option<u16>,
    /// The close code the peer received from iops on each connection of the row.
    peer_received: Option<u16>,
    /// Load: connections that connected.
    connected: Option<u64>,
    /// Load: the `close_codes` map, whole.
    close_codes: &'static [(u16, u64)],
    /// Load: the `failures` map, whole.
    failures: &'static [(&'static str, u64)],
    round_trips: RoundTrips,
    /// Connect: text its output must show, in this order.
    shows: &'static [&'static str],
    /// The command must end within this (it is killed then, and the row fails); in a pty, what
    /// the row waits for must come within this, each time.
    within: Duration,
}

const EXPECT: Expected = Expected {
    exit: 0,
    close: None,
    outcome: None,
    violation: None,
    handshake: None,
    peer_received: None,
    connected: None,
    close_codes: &[],
    failures: &[],
    round_trips: RoundTrips::Unchecked,
    shows: &[],
    within: Duration::from_secs(20),
};

struct Row {
    peers: Peers,
    path: &'static str,
    kind: Kind,
    args: &'static [&'static str],
    expected: Expected,
}

use Kind::{ConnectPiped, ConnectPty, Load, Probe};
use Peers::Both;

/// Lines piped to `ws connect`: two messages carrying a seq.
const TWO_LINES: &str = "hello seq=1\nworld seq=2\n";
const BY_CLIENT: Option<(u16, &str)> = Some((1000, "client"));
/// Typed in a pty: two messages, then Ctrl-D.
const TWO_LINES_THEN_CTRL_D: &str = "hello seq=1\nworld seq=2\n\x04";
/// Typed in a pty: one message, then Ctrl-D.
const ONE_LINE_THEN_CTRL_D: &str = "hello seq=1\n\x04";
/// How long a pty row waits for each thing it expects (a loaded 2-core machine is slow to draw).
const PTY_WAIT: Duration = Duration::from_secs(30);

const ROWS: &[Row] = &[
    // ---- probe: one connection ----
    Row {
        peers: Both,
        path: "/echo",
        kind: Probe,
        args: &[],
        expected: Expected {
            close: BY_CLIENT,
            outcome: Some("ok"),
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/echo",
        kind: Probe,
        args: &["--send", "hello seq=1", "--expect", "^hello seq=1$"],
        expected: Expected {
            close: BY_CLIENT,
            outcome: Some("ok"),
            ..EXPECT
        },
    },
    // A token checked after the upgrade: the server's close crosses the bare probe's own 1000.
    Row {
        peers: Both,
        path: "/close-now/1008",
        kind: Probe,
        args: &[],
        expected: Expected {
            exit: 1,
            close: Some((1008, "server")),
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-now/1008",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((1008, "server")),
            outcome: Some("failed"),
            peer_received: Some(1008),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-now/1011",
        kind: Probe,
        args: &[],
        expected: Expected {
            exit: 1,
            close: Some((1011, "server")),
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-after/1/4001",
        kind: Probe,
        args: &["--send", "a", "--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((4001, "server")),
            outcome: Some("failed"),
            peer_received: Some(4001),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-after/2/1000",
        kind: Probe,
        args: &["--send", "a", "--send", "b", "--until-close"],
        expected: Expected {
            close: Some((1000, "server")),
            outcome: Some("ok"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-after-ms/200/1011",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((1011, "server")),
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    // A hold cut short by the server is not ok.
    Row {
        peers: Both,
        path: "/close-after-ms/200/1011",
        kind: Probe,
        args: &["--hold", "2s"],
        expected: Expected {
            exit: 1,
            close: Some((1011, "server")),
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-after-ms/200/1001",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            close: Some((1001, "server")),
            outcome: Some("ok"),
            peer_received: Some(1001),
            ..EXPECT
        },
    },
    // The probe closes long before the server's timer: its own 1000 is the verdict.
    Row {
        peers: Both,
        path: "/close-after-ms/2000/1011",
        kind: Probe,
        args: &[],
        expected: Expected {
            close: BY_CLIENT,
            outcome: Some("ok"),
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/drop",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((1006, "network")),
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/drop-after-ms/200",
        kind: Probe,
        args: &["--hold", "2s"],
        expected: Expected {
            exit: 1,
            close: Some((1006, "network")),
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/invalid-utf8",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((1007, "client")),
            outcome: Some("failed"),
            violation: Some("not valid UTF-8"),
            ..EXPECT
        },
    },
    // Over iops's 16 MiB message limit.
    Row {
        peers: Both,
        path: "/oversize/17000000",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((1009, "client")),
            outcome: Some("failed"),
            violation: Some("size limit"),
            ..EXPECT
        },
    },
    // Over API Gateway's 128 KB, under iops's limit: received whole.
    Row {
        peers: Both,
        path: "/oversize/204800",
        kind: Probe,
        args: &["--expect", "^x{204800}$"],
        expected: Expected {
            close: BY_CLIENT,
            outcome: Some("ok"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/401",
        kind: Probe,
        args: &[],
        expected: Expected {
            exit: 4,
            handshake: Some(401),
            outcome: Some("not_connected"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/403",
        kind: Probe,
        args: &[],
        expected: Expected {
            exit: 4,
            handshake: Some(403),
            outcome: Some("not_connected"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/429",
        kind: Probe,
        args: &[],
        expected: Expected {
            exit: 4,
            handshake: Some(429),
            outcome: Some("not_connected"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/broadcast/100",
        kind: Probe,
        args: &["--expect", r#"^\{"type":"broadcast","n":2\}$"#],
        expected: Expected {
            close: BY_CLIENT,
            outcome: Some("ok"),
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/ping-flood/50",
        kind: Probe,
        args: &["--hold", "500ms"],
        expected: Expected {
            close: BY_CLIENT,
            outcome: Some("ok"),
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    // Expectations match in the order messages come, not the order of the sends.
    Row {
        peers: Both,
        path: "/delayed-reverse",
        kind: Probe,
        args: &[
            "--send", "seq=1", "--send", "seq=2", "--expect", "^seq=2$", "--expect", "^seq=1$",
        ],
        expected: Expected {
            close: BY_CLIENT,
            outcome: Some("ok"),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/skip-odd",
        kind: Probe,
        args: &["--send", "seq=1", "--expect", "seq=1", "--timeout", "1s"],
        expected: Expected {
            exit: 1,
            close: BY_CLIENT,
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    // ---- load: 5 connections at 50/s, held 1 s ----
    Row {
        peers: Both,
        path: "/echo",
        kind: Load,
        args: &[],
        expected: Expected {
            connected: Some(5),
            close_codes: &[(1000, 5)],
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/echo",
        kind: Load,
        args: &["--send", "m seq={seq}", "--every", "100ms"],
        expected: Expected {
            connected: Some(5),
            close_codes: &[(1000, 5)],
            round_trips: RoundTrips::Immediate,
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-after/1/4001",
        kind: Load,
        args: &["--send", "a", "--messages", "3"],
        expected: Expected {
            exit: 1,
            connected: Some(5),
            close_codes: &[(4001, 5)],
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/401",
        kind: Load,
        args: &[],
        expected: Expected {
            exit: 4,
            connected: Some(0),
            failures: &[("HTTP 401", 5)],
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/403",
        kind: Load,
        args: &[],
        expected: Expected {
            exit: 4,
            connected: Some(0),
            failures: &[("HTTP 403", 5)],
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/429",
        kind: Load,
        args: &[],
        expected: Expected {
            exit: 4,
            connected: Some(0),
            failures: &[("HTTP 429", 5)],
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/broadcast/100",
        kind: Load,
        args: &[],
        expected: Expected {
            connected: Some(5),
            close_codes: &[(1000, 5)],
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/ping-flood/50",
        kind: Load,
        args: &[],
        expected: Expected {
            connected: Some(5),
            close_codes: &[(1000, 5)],
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    // Node's `/log` echoes like `/echo` (and logs each connection's first message).
    Row {
        peers: Peers::NodeOnly,
        path: "/log",
        kind: Load,
        args: &["--send", "first {conn}", "--messages", "2"],
        expected: Expected {
            connected: Some(5),
            close_codes: &[(1000, 5)],
            peer_received: Some(1000),
            ..EXPECT
        },
    },
    // ---- connect, fed from a pipe ----
    Row {
        peers: Both,
        path: "/echo",
        kind: ConnectPiped(TWO_LINES),
        args: &["--wait", "300ms"],
        expected: Expected {
            close: BY_CLIENT,
            shows: &["s hello seq=1", "s world seq=2", "closed: 1000"],
            peer_received: Some(1000),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    // --wait outlasts the held reply: both come, the later send's first.
    Row {
        peers: Both,
        path: "/delayed-reverse",
        kind: ConnectPiped(TWO_LINES),
        args: &["--wait", "2500ms"],
        expected: Expected {
            close: BY_CLIENT,
            shows: &["s world seq=2", "s hello seq=1", "closed: 1000"],
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-after/1/4001",
        kind: ConnectPiped(TWO_LINES),
        args: &["--wait", "5s"],
        expected: Expected {
            exit: 1,
            close: Some((4001, "server")),
            shows: &["s hello seq=1", "closed: 4001"],
            peer_received: Some(4001),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-now/1008",
        kind: ConnectPiped(TWO_LINES),
        args: &["--wait", "5s"],
        expected: Expected {
            exit: 1,
            close: Some((1008, "server")),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/drop-after-ms/300",
        kind: ConnectPiped(TWO_LINES),
        args: &["--wait", "5s"],
        expected: Expected {
            exit: 1,
            close: Some((1006, "network")),
            shows: &["s hello seq=1", "s world seq=2", "closed: 1006"],
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/invalid-utf8",
        kind: ConnectPiped(""),
        args: &["--wait", "5s"],
        expected: Expected {
            exit: 1,
            close: Some((1007, "client")),
            violation: Some("protocol violation by the server"),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/oversize/17000000",
        kind: ConnectPiped(""),
        args: &["--wait", "5s"],
        expected: Expected {
            exit: 1,
            close: Some((1009, "client")),
            violation: Some("protocol violation by the server"),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/403",
        kind: ConnectPiped(TWO_LINES),
        args: &[],
        expected: Expected {
            exit: 4,
            handshake: Some(403),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    // ---- connect in a pty, with the line editor ----
    Row {
        peers: Both,
        path: "/echo",
        kind: ConnectPty(TWO_LINES_THEN_CTRL_D),
        args: &[],
        expected: Expected {
            close: BY_CLIENT,
            shows: &["s hello seq=1", "s world seq=2"],
            peer_received: Some(1000),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    // `/close CODE REASON` instead of Ctrl-D: the code asked for, a normal end.
    Row {
        peers: Both,
        path: "/echo",
        kind: ConnectPty("hello seq=1\n/close 4000 bye\n"),
        args: &[],
        expected: Expected {
            close: Some((4000, "client")),
            shows: &["s hello seq=1"],
            peer_received: Some(4000),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-now/1008",
        kind: ConnectPty(""),
        args: &[],
        expected: Expected {
            exit: 1,
            close: Some((1008, "server")),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/close-after/1/4001",
        kind: ConnectPty("hello seq=1\n"),
        args: &[],
        expected: Expected {
            exit: 1,
            close: Some((4001, "server")),
            shows: &["s hello seq=1"],
            peer_received: Some(4001),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/drop-after-ms/300",
        kind: ConnectPty(""),
        args: &[],
        expected: Expected {
            exit: 1,
            close: Some((1006, "network")),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/invalid-utf8",
        kind: ConnectPty(""),
        args: &[],
        expected: Expected {
            exit: 1,
            close: Some((1007, "client")),
            violation: Some("protocol violation by the server"),
            peer_received: Some(1007),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    // The typed line's echo amid the broadcasts, a broadcast after it, then Ctrl-D.
    Row {
        peers: Both,
        path: "/broadcast/100",
        kind: ConnectPty(ONE_LINE_THEN_CTRL_D),
        args: &[],
        expected: Expected {
            close: BY_CLIENT,
            shows: &["s hello seq=1", r#"{"type":"broadcast","n":"#],
            peer_received: Some(1000),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/ping-flood/100",
        kind: ConnectPty(ONE_LINE_THEN_CTRL_D),
        args: &[],
        expected: Expected {
            close: BY_CLIENT,
            shows: &["s hello seq=1"],
            peer_received: Some(1000),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    Row {
        peers: Both,
        path: "/http/403",
        kind: ConnectPty(""),
        args: &[],
        expected: Expected {
            exit: 4,
            handshake: Some(403),
            within: PTY_WAIT,
            ..EXPECT
        },
    },
    // Rows below were wrong before issue 31's fixes; each comment says what iops got then.
    // Was (issue 31): 1007 and the violation are right, but iops sends no close frame: the peer sees 1006.
    Row {
        peers: Both,
        path: "/invalid-utf8",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((1007, "client")),
            outcome: Some("failed"),
            violation: Some("not valid UTF-8"),
            peer_received: Some(1007),
            ..EXPECT
        },
    },
    // Was (issue 31): as above, the peer sees 1006 instead of a 1009 close frame.
    Row {
        peers: Both,
        path: "/oversize/17000000",
        kind: Probe,
        args: &["--until-close"],
        expected: Expected {
            exit: 1,
            close: Some((1009, "client")),
            outcome: Some("failed"),
            violation: Some("size limit"),
            peer_received: Some(1009),
            ..EXPECT
        },
    },
    // Was (issue 31): the server drops the TCP connection right after the upgrade and the bare probe's own
    // close gets no answer, yet the verdict is `1000 by client`, outcome ok, exit 0.
    Row {
        peers: Both,
        path: "/drop",
        kind: Probe,
        args: &[],
        expected: Expected {
            exit: 1,
            close: Some((1006, "network")),
            outcome: Some("failed"),
            ..EXPECT
        },
    },
    // Was (issue 31): the verdict is right, but load mode answers no server close: each connection ends
    // without the close frame RFC 6455 5.5.1 asks for, and the peer sees 1006.
    Row {
        peers: Both,
        path: "/close-after/1/4001",
        kind: Load,
        args: &["--send", "a", "--messages", "3"],
        expected: Expected {
            exit: 1,
            connected: Some(5),
            close_codes: &[(4001, 5)],
            peer_received: Some(4001),
            ..EXPECT
        },
    },
    // Was (issue 31): close_codes {1008: 5}, but exit 0.
    Row {
        peers: Both,
        path: "/close-now/1008",
        kind: Load,
        args: &[],
        expected: Expected {
            exit: 1,
            connected: Some(5),
            close_codes: &[(1008, 5)],
            ..EXPECT
        },
    },
    // Was (issue 31): close_codes {1011: 5}, but exit 0.
    Row {
        peers: Both,
        path: "/close-after-ms/200/1011",
        kind: Load,
        args: &["--hold", "2s"],
        expected: Expected {
            exit: 1,
            connected: Some(5),
            close_codes: &[(1011, 5)],
            peer_received: Some(1011),
            ..EXPECT
        },
    },
    // Was (issue 31): close_codes {1006: 5}, but exit 0.
    Row {
        peers: Both,
        path: "/drop-after-ms/200",
        kind: Load,
        args: &[],
        expected: Expected {
            exit: 1,
            connected: Some(5),
            close_codes: &[(1006, 5)],
            ..EXPECT
        },
    },
    // Was (issue 31): close_codes {1006: 5} (no violation booked, no close frame sent), exit 0.
    Row {
        peers: Both,
        path: "/invalid-utf8",
        kind: Load,
        args: &[],
        expected: Expected {
            exit: 1,
            connected: Some(5),
            close_codes: &[(1007, 5)],
            peer_received: Some(1007),
            ..EXPECT
        },
    },
    // Was (issue 31): close_codes {1006: 5}, exit 0.
    Row {
        peers: Both,
        path: "/oversize/17000000",
        kind: Load,
        args: &[],
        expected: Expected {
            exit: 1,
            connected: Some(5),
            close_codes: &[(1009, 5)],
            peer_received: Some(1009),
            ..EXPECT
        },
    },
    // Was (issue 31): replies are matched to sends first in, first out: every round trip is 300 ms
    // (the reply to seq 2 booked against seq 1's send), none is immediate.
    Row {
        peers: Both,
        path: "/skip-odd",
        kind: Load,
        args: &["--send", "m seq={seq}", "--every", "300ms", "--hold", "2s"],
        expected: Expected {
            connected: Some(5),
            close_codes: &[(1000, 5)],
            round_trips: RoundTrips::Immediate,
            ..EXPECT
        },
    },
    // Was (issue 31): FIFO again: round trips of 300-700 ms, neither immediate nor a second.
    Row {
        peers: Both,
        path: "/delayed-reverse",
        kind: Load,
        args: &[
            "--send",
            "m seq={seq}",
            "--every",
            "300ms",
            "--hold",
            "2500ms",
        ],
        expected: Expected {
            connected: Some(5),
            close_codes: &[(1000, 5)],
            round_trips: RoundTrips::ImmediateOrAfterASecond,
            ..EXPECT
        },
    },
    // Was (issue 31): 1007 and the violation are shown, exit 1, but no close frame is sent: the peer
    // sees 1006.
    Row {
        peers: Both,
        path: "/invalid-utf8",
        kind: ConnectPiped(""),
        args: &["--wait", "5s"],
        expected: Expected {
            exit: 1,
            close: Some((1007, "client")),
            violation: Some("protocol violation by the server"),
            peer_received: Some(1007),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    // Was (issue 31): as above, the peer sees 1006 instead of a 1009 close frame.
    Row {
        peers: Both,
        path: "/oversize/17000000",
        kind: ConnectPiped(""),
        args: &["--wait", "5s"],
        expected: Expected {
            exit: 1,
            close: Some((1009, "client")),
            violation: Some("protocol violation by the server"),
            peer_received: Some(1009),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    // Was (issue 31): never ends: each broadcast restarts --wait (killed at `within`).
    Row {
        peers: Both,
        path: "/broadcast/100",
        kind: ConnectPiped(TWO_LINES),
        args: &["--wait", "300ms"],
        expected: Expected {
            close: BY_CLIENT,
            shows: &["s hello seq=1", "closed: 1000"],
            peer_received: Some(1000),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
    // Was (issue 31): never ends either: the peer's pings keep the session from going quiet.
    Row {
        peers: Both,
        path: "/ping-flood/100",
        kind: ConnectPiped(TWO_LINES),
        args: &["--wait", "300ms"],
        expected: Expected {
            close: BY_CLIENT,
            shows: &["s hello seq=1", "closed: 1000"],
            peer_received: Some(1000),
            within: Duration::from_secs(10),
            ..EXPECT
        },
    },
];

#[test]
fn iops_ws_verdicts_against_node_ws_and_python_websockets() {
    run_table("rows", ROWS);
}

/// Runs every row against each peer that serves it — the two peers side by side, each on its own
/// thread — and fails once with every row that got another verdict.
fn run_table(table: &str, rows: &[Row]) {
    let peers = [node_peer(), python_peer()];
    let failures: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = peers
            .into_iter()
            .map(|peer| {
                scope.spawn(move || {
                    rows.iter()
                        .enumerate()
                        .filter(|(_, row)| row.peers.include(peer))
                        .filter_map(|(index, row)| {
                            let target = format!("{}?row={table}-{index}", row.path);
                            check(peer, row, &target).err().map(|why| {
                                format!(
                                    "{table}[{index}] {} {:?} {} {:?}: {why}",
                                    peer.name, row.kind, row.path, row.args
                                )
                            })
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|thread| thread.join().expect("a peer's rows ran"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of the rows got another verdict:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs one row against one peer at `target` (its path, with a query naming the row so the
/// peer's record of closes can be told apart); `Err` says every way the verdict differs.
fn check(peer: &Peer, row: &Row, target: &str) -> Result<(), String> {
    let expected = &row.expected;
    let url = peer.url(target);
    let mut wrong = Vec::new();
    let (exit, stdout, stderr) = match row.kind {
        ConnectPty(keys) => {
            let ended = in_a_pty(&url, keys, row)?;
            if let Err(why) = pty::cooked(&ended.stty) {
                wrong.push(format!("the terminal is not given back cooked: {why}"));
            }
            // The pty shows stdout and stderr as one.
            (ended.exit, pty::screen_text(&ended.shown), String::new())
        }
        _ => run(&url, row)?,
    };
    if exit != expected.exit {
        wrong.push(format!("exit {exit}, expected {}", expected.exit));
    }
    for said in [&stdout, &stderr] {
        if said.contains("panicked") || said.contains("RUST_BACKTRACE") {
            wrong.push(format!("panicked: {said}"));
        }
    }
    match row.kind {
        Probe => judge_probe(&stdout, expected, &mut wrong),
        Load => judge_load(&stdout, expected, &mut wrong),
        ConnectPiped(_) | ConnectPty(_) => judge_connect(&stdout, expected, &mut wrong),
    }
    if let Some(code) = expected.peer_received {
        let connections = match row.kind {
            Load => LOAD_CONNECTIONS,
            _ => 1,
        };
        let received = peer.closes_for(target, connections, Duration::from_secs(5));
        if received != vec![code; connections] {
            wrong.push(format!(
                "the peer received close codes {received:?}, expected {code} on each of {connections}"
            ));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n    stdout: {}\n    stderr: {}",
            wrong.join("; "),
            shown(&stdout),
            stderr.trim_end()
        ))
    }
}

/// Runs a row's command (not in a pty) until it ends; its exit code, stdout and stderr.
fn run(url: &str, row: &Row) -> Result<(i32, String, String), String> {
    let expected = &row.expected;
    let mut command = iops();
    match row.kind {
        Probe => {
            command.args(["ws", "probe", url, "-o", "json"]);
        }
        Load => {
            command.args([
                "ws",
                "probe",
                url,
                "--connections",
                &LOAD_CONNECTIONS.to_string(),
                "--rate",
                "50",
                "-o",
                "json",
            ]);
            if !row.args.contains(&"--hold") {
                command.args(["--hold", "1s"]);
            }
        }
        ConnectPiped(lines) => {
            command.args(["ws", "connect", url]).write_stdin(lines);
        }
        ConnectPty(_) => unreachable!("a pty row runs in_a_pty"),
    }
    command.args(row.args).timeout(expected.within);
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("iops did not run: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let Some(exit) = output.status.code() else {
        return Err(format!(
            "did not end within {:?} (killed after {:?}); stdout: {stdout}",
            expected.within,
            started.elapsed()
        ));
    };
    Ok((exit, stdout, stderr))
}

/// Runs a `ConnectPty` row: types its keys as that kind says, then waits for iops to end and
/// the shell to show the terminal's mode.
fn in_a_pty(url: &str, keys: &str, row: &Row) -> Result<pty::Ended, String> {
    use expectrl::Expect;
    let mut session = pty::connect_in_a_pty(url, row.args, row.expected.within);
    // Everything the pty showed so far, for the verdict and for saying where a wait gave up.
    let mut shown = String::new();
    let mut drive = || -> Result<pty::Ended, String> {
        let mut shows_awaited = false;
        if !keys.is_empty() {
            shown += &pty::try_expect_answering(&mut session, "type /help")?;
        }
        for key in keys.split_inclusive(['\n', '\x04']) {
            let ends_the_session = key == "\x04" || key.starts_with("/close");
            if ends_the_session && !shows_awaited {
                for text in row.expected.shows {
                    shown += &pty::try_expect_answering(&mut session, text)?;
                }
                shows_awaited = true;
            }
            // Enter is a carriage return at a terminal.
            let typed = key.replace('\n', "\r");
            session
                .send(&typed)
                .map_err(|e| format!("typing {typed:?}: {e}"))?;
        }
        if !shows_awaited {
            for text in row.expected.shows {
                shown += &pty::try_expect_answering(&mut session, text)?;
            }
        }
        pty::try_exit_and_terminal_mode(&mut session)
    };
    let ended = drive();
    ended
        .map(|ended| pty::Ended {
            shown: shown.clone() + &ended.shown,
            ..ended
        })
        .map_err(|why| format!("{why}\n    shown until then: {}", pty::screen_text(&shown)))
}

/// A report without its raw samples (a row that checks them names them), or the text as it is.
fn shown(stdout: &str) -> String {
    match serde_json::from_str::<Value>(stdout) {
        Ok(Value::Object(mut report)) => {
            report.remove("samples");
            Value::Object(report).to_string()
        }
        _ => stdout.trim_end().to_string(),
    }
}

fn report(stdout: &str, wrong: &mut Vec<String>) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| {
        wrong.push(format!("stdout is not one JSON report: {e}"));
        Value::Null
    })
}

fn judge_probe(stdout: &str, expected: &Expected, wrong: &mut Vec<String>) {
    let report = report(stdout, wrong);
    if let Some((code, by)) = expected.close {
        let got = (&report["close"]["code"], &report["close"]["closed_by"]);
        if got.0 != code || got.1 != by {
            wrong.push(format!(
                "close {} by {}, expected {code} by {by}",
                got.0, got.1
            ));
        }
    }
    if let Some(outcome) = expected.outcome
        && report["outcome"] != outcome
    {
        wrong.push(format!("outcome {}, expected {outcome}", report["outcome"]));
    }
    if let Some(rule) = expected.violation {
        let violation = report["protocol_violation"].as_str().unwrap_or_default();
        if !violation.contains(rule) {
            wrong.push(format!(
                "protocol_violation {violation:?} does not name {rule:?}"
            ));
        }
    }
    if let Some(status) = expected.handshake
        && report["handshake"]["status"] != status
    {
        wrong.push(format!(
            "handshake status {}, expected {status}",
            report["handshake"]["status"]
        ));
    }
}

fn judge_load(stdout: &str, expected: &Expected, wrong: &mut Vec<String>) {
    let report = report(stdout, wrong);
    if let Some(connected) = expected.connected
        && report["connected"] != connected
    {
        wrong.push(format!(
            "connected {}, expected {connected}",
            report["connected"]
        ));
    }
    let counts = |name: &str| -> BTreeMap<String, u64> {
        report[name]
            .as_object()
            .map(|map| {
                map.iter()
                    .map(|(key, count)| (key.clone(), count.as_u64().unwrap_or(u64::MAX)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let close_codes: BTreeMap<String, u64> = expected
        .close_codes
        .iter()
        .map(|(code, count)| (code.to_string(), *count))
        .collect();
    if counts("close_codes") != close_codes {
        wrong.push(format!(
            "close_codes {}, expected {close_codes:?}",
            report["close_codes"]
        ));
    }
    let failures: BTreeMap<String, u64> = expected
        .failures
        .iter()
        .map(|(cause, count)| (cause.to_string(), *count))
        .collect();
    if counts("failures") != failures {
        wrong.push(format!(
            "failures {}, expected {failures:?}",
            report["failures"]
        ));
    }
    let round_trips_ms: Vec<f64> = report["samples"]["round_trip_us"]
        .as_array()
        .map(|samples| {
            samples
                .iter()
                .filter_map(Value::as_f64)
                .map(|us| us / 1000.0)
                .collect()
        })
        .unwrap_or_default();
    let immediate = |ms: &f64| *ms < 150.0;
    let after_a_second = |ms: &f64| (850.0..1400.0).contains(ms);
    let fits = match expected.round_trips {
        RoundTrips::Unchecked => true,
        RoundTrips::Immediate => !round_trips_ms.is_empty() && round_trips_ms.iter().all(immediate),
        RoundTrips::ImmediateOrAfterASecond => {
            round_trips_ms.iter().any(immediate)
                && round_trips_ms.iter().any(after_a_second)
                && round_trips_ms
                    .iter()
                    .all(|ms| immediate(ms) || after_a_second(ms))
        }
    };
    if !fits {
        wrong.push(format!(
            "round trips (ms) {round_trips_ms:?} are not {:?}",
            expected.round_trips
        ));
    }
}

fn judge_connect(stdout: &str, expected: &Expected, wrong: &mut Vec<String>) {
    if let Some((code, by)) = expected.close {
        let closed = stdout.lines().find(|line| line.starts_with("closed: "));
        let fits = closed.is_some_and(|line| {
            line.starts_with(&format!("closed: {code} ")) && line.contains(&format!(" by {by} "))
        });
        if !fits {
            wrong.push(format!("closed line {closed:?}, expected {code} by {by}"));
        }
    }
    let mut rest = stdout;
    for text in expected.shows {
        match rest.find(text) {
            Some(at) => rest = &rest[at + text.len()..],
            None => wrong.push(format!("output does not show {text:?} (in this order)")),
        }
    }
    if let Some(rule) = expected.violation
        && !stdout.contains(rule)
    {
        wrong.push(format!("output does not name the violation {rule:?}"));
    }
    if let Some(status) = expected.handshake
        && !stdout.contains(&format!("HTTP {status}"))
    {
        wrong.push(format!("output does not name HTTP {status}"));
    }
}
