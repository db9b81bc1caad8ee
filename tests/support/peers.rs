//! WebSocket servers nobody here wrote, as independent judges of `iops ws`: a Node `ws` server
//! (`peers/node_peer.js`, `ws` installed by `./scripts/test` into `.test-node`) and a Python
//! `websockets` server (`peers/py_peer.py`, from `.venv`). Each serves one behaviour per URL path
//! (listed at the top of each script) and answers `GET /closes` with the close code it received
//! from every client that has gone.
//!
//! Like moto, each is started once per test binary on a free loopback port and stops when the
//! test binary ends: it exits when its stdin — a pipe this process holds — closes. A peer that
//! cannot start fails the test with its stderr; nothing is skipped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command as Process, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::project_dir;

/// How long a peer may take to print `READY <port>` (node or the Python interpreter starting
/// cold on a loaded 2-core machine).
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running peer: its name (`node ws` or `python websockets`) and port.
pub struct Peer {
    pub name: &'static str,
    pub port: u16,
    /// Node's `/log` appends each connection's first message here, a line each (`PEER_LOG`).
    pub log: Option<PathBuf>,
    stderr: Arc<Mutex<String>>,
    _process: Child,
}

impl Peer {
    /// `ws://127.0.0.1:PORT` + `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("ws://127.0.0.1:{}{path}", self.port)
    }

    /// Every connection that has ended, in order: its request target (path and query, as the
    /// client sent it) and the close code the peer received from the client (1006: none came).
    pub fn closes(&self) -> Vec<(String, u16)> {
        let body = http_get(self.port, "/closes").unwrap_or_else(|e| {
            panic!("{}: GET /closes: {e}; stderr: {}", self.name, self.stderr())
        });
        let list: Vec<serde_json::Value> = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{}: /closes is not a JSON list ({e}): {body}", self.name));
        list.iter()
            .map(|entry| {
                let path = entry["path"].as_str().expect("path").to_string();
                let code = entry["code"].as_u64().expect("code") as u16;
                (path, code)
            })
            .collect()
    }

    /// The close codes the peer received on connections to exactly `target` (path and query),
    /// waiting up to `within` for `count` of them: a client that exits leaves the peer to notice
    /// the end of the TCP connection a moment later.
    pub fn closes_for(&self, target: &str, count: usize, within: Duration) -> Vec<u16> {
        let deadline = Instant::now() + within;
        loop {
            let codes: Vec<u16> = self
                .closes()
                .into_iter()
                .filter(|(path, _)| path == target)
                .map(|(_, code)| code)
                .collect();
            if codes.len() >= count || Instant::now() >= deadline {
                return codes;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the peer wrote on stderr so far (a traceback explains a peer-side failure).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

/// The Node `ws` peer (`tests/support/peers/node_peer.js`), started once per test binary.
pub fn node_peer() -> &'static Peer {
    static NODE: OnceLock<Peer> = OnceLock::new();
    NODE.get_or_init(|| {
        let modules = project_dir().join(".test-node/node_modules");
        assert!(
            modules.join("ws/package.json").exists(),
            "{} has no ws: run ./scripts/test, which installs the pinned ws there",
            modules.display()
        );
        let log = std::env::temp_dir().join(format!("iops-node-peer-{}.log", std::process::id()));
        let _ = std::fs::remove_file(&log);
        let mut command = Process::new("node");
        command
            .arg(project_dir().join("tests/support/peers/node_peer.js"))
            // The script sits under tests/, not beside .test-node: name where its `ws` is.
            .env("NODE_PATH", &modules)
            .env("PEER_LOG", &log);
        Peer {
            log: Some(log),
            ..start("node ws", command)
        }
    })
}

/// The Python `websockets` peer (`tests/support/peers/py_peer.py`, run by `.venv`'s Python or
/// `IOPS_TEST_PYTHON`), started once per test binary.
pub fn python_peer() -> &'static Peer {
    static PYTHON: OnceLock<Peer> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let python = std::env::var_os("IOPS_TEST_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|| project_dir().join(".venv/bin/python"));
        assert!(
            python.exists(),
            "{} not found: run ./scripts/test, which creates .venv with the pinned websockets",
            python.display()
        );
        let mut command = Process::new(&python);
        command.arg(project_dir().join("tests/support/peers/py_peer.py"));
        start("python websockets", command)
    })
}

fn start(name: &'static str, mut command: Process) -> Peer {
    let mut process = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the {name} peer ({command:?}): {e}"));
    // Drained on a thread of its own so a chatty peer never blocks on a full pipe.
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut pipe = process.stderr.take().expect("piped stderr");
    let collected = stderr.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(read @ 1..) = pipe.read(&mut chunk) {
            collected
                .lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&chunk[..read]));
        }
    });
    let ready = ready_line(process.stdout.take().expect("piped stdout"));
    let port = ready
        .as_deref()
        .and_then(|line| line.trim().strip_prefix("READY "))
        .and_then(|port| port.parse::<u16>().ok());
    let Some(port) = port else {
        let _ = process.kill();
        let status = process.wait();
        // Give the stderr thread a moment to read what the dying process wrote.
        std::thread::sleep(Duration::from_millis(200));
        panic!(
            "the {name} peer did not start ({command:?}): first line {ready:?}, {status:?}; stderr:\n{}",
            stderr.lock().unwrap()
        );
    };
    Peer {
        name,
        port,
        log: None,
        stderr,
        _process: process,
    }
}

/// The peer's first stdout line, or `None` if it ends or says nothing within START_TIMEOUT.
fn ready_line(stdout: ChildStdout) -> Option<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    receiver
        .recv_timeout(START_TIMEOUT)
        .ok()
        .filter(|line| !line.is_empty())
}

/// One HTTP/1.1 GET on loopback, answered with `Connection: close`; returns the body of a 200.
fn http_get(port: u16, path: &str) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| e.to_string())?;
    let (head, body) = response
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("no end of headers in {response:?}"))?;
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!("answered {head:?}"));
    }
    Ok(body.to_string())
}
