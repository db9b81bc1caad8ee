//! A real headless Chromium (Debian's `chromium`, installed by `./scripts/test`) driven over the
//! Chrome DevTools Protocol, for tests that must see a page as a browser does: what it logs, what
//! it fetches, what it lays out. No CDP crate (their generated types take minutes to compile):
//! commands are JSON over one WebSocket to the browser, each tab a flattened session.
//!
//! The socket lives on a thread and runtime of its own, which files every answer by `id` and
//! every event by session, and dismisses JavaScript dialogs as they open so no page hangs on one;
//! the API is synchronous. Everything stays on loopback: Chromium's own background connections
//! are switched off and every host name but localhost fails to resolve.
//!
//! ```ignore
//! let browser = Browser::launch();
//! let visit = browser.visit(&file_url, 1280, 800);
//! assert!(visit.console.is_empty(), "{:?}", visit.console);
//! assert_eq!(visit.evaluate("document.title"), "Dashboard");
//! ```

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long Chromium may take to start, to answer a command, or to load a page.
const TIMEOUT: Duration = Duration::from_secs(20);
/// After the load event, a visit waits until the page has been quiet (no event) this long...
const QUIET: Duration = Duration::from_millis(100);
/// ...but no longer than this (a page with a timer is never quiet).
const SETTLE_AT_MOST: Duration = Duration::from_secs(1);

/// One headless Chromium process with a fresh profile, killed (and waited for) on drop.
pub struct Browser {
    process: Child,
    cdp: Arc<Cdp>,
    socket_thread: Option<JoinHandle<()>>,
    /// The profile and Chromium's stderr, removed after `drop` has ended the process (fields
    /// drop after it).
    _dir: TempDir,
}

impl Browser {
    /// Starts Chromium and connects to it; panics, showing its stderr, when it does not start.
    pub fn launch() -> Browser {
        assert!(
            Path::new(CHROMIUM).exists(),
            "{CHROMIUM} not found: run ./scripts/test, which installs it (Debian package chromium)"
        );
        let dir = tempfile::tempdir().expect("temp dir for the Chromium profile");
        let profile = dir.path().join("profile");
        let stderr_path = dir.path().join("chromium.stderr");
        let stderr = std::fs::File::create(&stderr_path).expect("file for Chromium's stderr");
        let process = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-default-browser-check",
                "--no-proxy-server",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMIUM}: {e}"));
        let (outgoing, to_send) = unbounded_channel();
        let mut browser = Browser {
            process,
            cdp: Arc::new(Cdp::new(outgoing, stderr_path)),
            socket_thread: None,
            _dir: dir,
        };
        let endpoint = browser.wait_for_devtools(&profile.join("DevToolsActivePort"));
        browser.connect(endpoint, to_send);
        browser
    }

    /// The `ws://` address of the browser target, from the file Chromium writes once it listens
    /// (line 1 the port it picked, line 2 the path).
    fn wait_for_devtools(&mut self, file: &Path) -> String {
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let mut lines = text.lines();
            if let (Some(port), Some(path)) = (lines.next(), lines.next())
                && port.parse::<u16>().is_ok()
                && path.starts_with('/')
            {
                return format!("ws://127.0.0.1:{port}{path}");
            }
            if let Ok(Some(status)) = self.process.try_wait() {
                panic!(
                    "Chromium exited ({status}) before listening for DevTools; its stderr:\n{}",
                    self.cdp.stderr()
                );
            }
            assert!(
                started.elapsed() < TIMEOUT,
                "Chromium did not write {} within {TIMEOUT:?}; its stderr:\n{}",
                file.display(),
                self.cdp.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Connects to the browser target on a thread and runtime of its own, which then reads the
    /// socket until Chromium goes away.
    fn connect(&mut self, endpoint: String, to_send: UnboundedReceiver<String>) {
        let (connected, outcome) = std::sync::mpsc::channel();
        let cdp = self.cdp.clone();
        self.socket_thread = Some(std::thread::spawn(move || {
            super::runtime().block_on(async move {
                let address = endpoint
                    .trim_start_matches("ws://")
                    .split('/')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                // Screenshots of long pages are large single messages.
                let config = WebSocketConfig::default()
                    .max_message_size(Some(512 << 20))
                    .max_frame_size(None);
                let socket = match tokio::net::TcpStream::connect(&address).await {
                    Ok(stream) => {
                        tokio_tungstenite::client_async_with_config(&endpoint, stream, Some(config))
                            .await
                    }
                    Err(e) => Err(e.into()),
                };
                match socket {
                    Ok((socket, _)) => {
                        let _ = connected.send(Ok(()));
                        pump(socket, to_send, &cdp).await;
                    }
                    Err(e) => {
                        let _ = connected.send(Err(format!("{endpoint}: {e}")));
                    }
                }
            })
        }));
        match outcome.recv_timeout(TIMEOUT) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!(
                "cannot connect to Chromium's DevTools at {e}; its stderr:\n{}",
                self.cdp.stderr()
            ),
            Err(_) => panic!("no DevTools connection to Chromium within {TIMEOUT:?}"),
        }
    }

    /// Opens `url` (a `file://` URL, say) in a new tab with a viewport of `width` x `height` CSS
    /// px, waits for the load event and until the page is quiet, and returns what it did
    /// meanwhile. Below 500 px wide the viewport is a phone's: a page without
    /// `<meta name=viewport content="width=device-width">` is laid out 980 px wide, as on a phone.
    /// Panics when the navigation fails (a missing file) or the page never loads.
    pub fn visit(&self, url: &str, width: u32, height: u32) -> Visit<'_> {
        let cdp = &self.cdp;
        let created = cdp.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target = created["targetId"].as_str().expect("targetId").to_string();
        let attached = cdp.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        let on = Some(session.as_str());
        for domain in ["Page", "Runtime", "Log", "Network"] {
            cdp.call(on, &format!("{domain}.enable"), json!({}));
        }
        cdp.call(
            on,
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500}),
        );
        let from = cdp.state().events.get(&session).map_or(0, Vec::len);
        let navigated = cdp.call(on, "Page.navigate", json!({"url": url}));
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            panic!("Chromium cannot open {url}: {error}");
        }
        // The load event of the new document: the first after the main frame commits it (an
        // about:blank one still in flight does not count).
        let page_url = cdp.wait(&format!("the load event of {url}"), |state| {
            let events = state.events.get(&session)?.get(from..)?;
            let committed = events.iter().position(|event| {
                event["method"] == "Page.frameNavigated"
                    && event["params"]["frame"]["parentId"].is_null()
            })?;
            events[committed..]
                .iter()
                .any(|event| event["method"] == "Page.loadEventFired")
                .then(|| events[committed]["params"]["frame"]["url"].clone())
        });
        cdp.settle(&session);
        let mut visit = Visit {
            browser: self,
            target,
            session,
            url: page_url.as_str().unwrap_or(url).to_string(),
            console: Vec::new(),
            requests: Vec::new(),
            dialogs: Vec::new(),
            seen: 0,
        };
        visit.refresh();
        visit
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The browser process takes its zygotes and renderers with it.
        let _ = self.process.kill();
        let _ = self.process.wait();
        // The socket closes with the process, which ends the thread reading it.
        if let Some(thread) = self.socket_thread.take() {
            let _ = thread.join();
        }
    }
}

/// One page in its own tab, closed on drop; `console`, `requests` and `dialogs` are what it did
/// until it settled after its load event (`refresh` adds what it did since).
pub struct Visit<'b> {
    browser: &'b Browser,
    target: String,
    session: String,
    /// The page's own URL, as Chromium committed it.
    pub url: String,
    /// (level, text): `console.*` calls (level "log", "error", "warning", ...), the browser's
    /// own messages (Log domain: "error" for a failed load, "warning", "verbose", ...), and
    /// uncaught exceptions (level "exception").
    pub console: Vec<(String, String)>,
    /// The URL of every request the page made (not the page's own), `data:` URLs included.
    pub requests: Vec<String>,
    /// The message of every `alert`/`confirm`/`prompt`, each dismissed as it opened.
    pub dialogs: Vec<String>,
    /// How many of the session's events are in the lists above.
    seen: usize,
}

impl Visit<'_> {
    /// The value of a JavaScript expression in the page (a promise is awaited), as JSON
    /// (`undefined` is null); panics with the exception when it throws.
    pub fn evaluate(&self, js: &str) -> Value {
        let answer = self.call(
            "Runtime.evaluate",
            json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(details) = answer.get("exceptionDetails") {
            panic!("{js} threw: {}", exception_text(details));
        }
        let result = &answer["result"];
        match result.get("unserializableValue").and_then(Value::as_str) {
            Some("-0") => json!(-0.0),
            Some(other) => panic!("{js} is {other}, which JSON cannot hold"),
            None => result.get("value").cloned().unwrap_or(Value::Null),
        }
    }

    /// Writes a PNG of the whole page (beyond the viewport too) to `path`, creating its folder.
    pub fn screenshot(&self, path: &Path) {
        let answer = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        let png = base64::engine::general_purpose::STANDARD
            .decode(answer["data"].as_str().expect("screenshot data"))
            .expect("screenshot is base64");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("screenshot folder");
        }
        std::fs::write(path, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Adds what the page logged, requested and alerted since the lists were last filled (after
    /// an `evaluate` that clicks something, say).
    pub fn refresh(&mut self) {
        let cdp = &self.browser.cdp;
        let state = cdp.state();
        let events = state
            .events
            .get(&self.session)
            .map_or(&[][..], Vec::as_slice);
        for event in &events[self.seen.min(events.len())..] {
            let params = &event["params"];
            match event["method"].as_str().unwrap_or_default() {
                "Runtime.consoleAPICalled" => {
                    let args = params["args"].as_array().map_or(&[][..], Vec::as_slice);
                    let text: Vec<String> = args.iter().map(remote_object_text).collect();
                    self.console.push((string(&params["type"]), text.join(" ")));
                }
                "Log.entryAdded" => {
                    let entry = &params["entry"];
                    self.console
                        .push((string(&entry["level"]), string(&entry["text"])));
                }
                "Runtime.exceptionThrown" => self.console.push((
                    "exception".to_string(),
                    exception_text(&params["exceptionDetails"]),
                )),
                "Network.requestWillBeSent" => {
                    let url = string(&params["request"]["url"]);
                    if url != self.url {
                        self.requests.push(url);
                    }
                }
                "Page.javascriptDialogOpening" => self.dialogs.push(string(&params["message"])),
                _ => {}
            }
        }
        self.seen = events.len();
    }

    /// Sends a command to this tab and returns its result (panics on a protocol error): for
    /// what the methods above do not cover.
    pub fn call(&self, method: &str, params: Value) -> Value {
        self.browser.cdp.call(Some(&self.session), method, params)
    }
}

impl Drop for Visit<'_> {
    fn drop(&mut self) {
        self.browser.cdp.state().events.remove(&self.session);
        self.browser.cdp.send_unawaited(
            None,
            "Target.closeTarget",
            json!({"targetId": self.target}),
        );
    }
}

/// The connection as the test threads see it: answers by command id, events by session.
struct Cdp {
    outgoing: UnboundedSender<String>,
    state: Mutex<State>,
    changed: Condvar,
    stderr: PathBuf,
}

#[derive(Default)]
struct State {
    next_id: u64,
    /// Commands whose answer nobody waits for (dialogs dismissed, tabs closed).
    unawaited: HashSet<u64>,
    answers: HashMap<u64, Value>,
    /// Every event of each session, in the order Chromium sent them.
    events: HashMap<String, Vec<Value>>,
    /// Why the socket closed, once it has.
    closed: Option<String>,
}

impl Cdp {
    fn new(outgoing: UnboundedSender<String>, stderr: PathBuf) -> Cdp {
        Cdp {
            outgoing,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            stderr,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn send(&self, session: Option<&str>, method: &str, params: Value, awaited: bool) -> u64 {
        let id = {
            let mut state = self.state();
            state.next_id += 1;
            let id = state.next_id;
            if !awaited {
                state.unawaited.insert(id);
            }
            id
        };
        let mut command = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        // When the socket is gone, so is the receiver: `wait` reports why.
        let _ = self.outgoing.send(command.to_string());
        id
    }

    fn send_unawaited(&self, session: Option<&str>, method: &str, params: Value) {
        self.send(session, method, params, false);
    }

    /// Sends a command and waits for its result; panics on a protocol error.
    fn call(&self, session: Option<&str>, method: &str, params: Value) -> Value {
        let id = self.send(session, method, params.clone(), true);
        let mut answer = self.wait(&format!("an answer to {method}"), |state| {
            state.answers.remove(&id)
        });
        if let Some(error) = answer.get("error") {
            panic!("Chromium refused {method} {params}: {error}");
        }
        answer["result"].take()
    }

    /// Waits until `ready` finds what it looks for in the state; panics after `TIMEOUT` or when
    /// the connection is gone.
    fn wait<T>(&self, what: &str, mut ready: impl FnMut(&mut State) -> Option<T>) -> T {
        let deadline = Instant::now() + TIMEOUT;
        let mut state = self.state();
        loop {
            if let Some(found) = ready(&mut state) {
                return found;
            }
            if let Some(reason) = &state.closed {
                panic!(
                    "Chromium's DevTools connection closed ({reason}) while waiting for {what}; \
                     its stderr:\n{}",
                    self.stderr()
                );
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no {what} from Chromium within {TIMEOUT:?}; its stderr:\n{}",
                self.stderr()
            );
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    /// Returns once the session has had no event for `QUIET` (or after `SETTLE_AT_MOST`).
    fn settle(&self, session: &str) {
        let give_up = Instant::now() + SETTLE_AT_MOST;
        let mut state = self.state();
        let mut count = state.events.get(session).map_or(0, Vec::len);
        let mut since = Instant::now();
        loop {
            let now = Instant::now();
            if now >= give_up || now >= since + QUIET || state.closed.is_some() {
                return;
            }
            let until = (since + QUIET).min(give_up);
            state = self
                .changed
                .wait_timeout(state, until - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
            let now_count = state.events.get(session).map_or(0, Vec::len);
            if now_count != count {
                count = now_count;
                since = Instant::now();
            }
        }
    }

    /// Files one message from Chromium; dismisses a dialog as soon as it opens.
    fn receive(&self, text: &str) {
        let Ok(mut message) = serde_json::from_str::<Value>(text) else {
            return;
        };
        let session = message["sessionId"].as_str().map(str::to_string);
        if message["method"] == "Page.javascriptDialogOpening" {
            self.send_unawaited(
                session.as_deref(),
                "Page.handleJavaScriptDialog",
                json!({"accept": false}),
            );
        }
        let mut state = self.state();
        if let Some(id) = message["id"].as_u64() {
            if !state.unawaited.remove(&id) {
                state.answers.insert(id, message.take());
            }
        } else if let Some(session) = session {
            state.events.entry(session).or_default().push(message);
        }
        drop(state);
        self.changed.notify_all();
    }

    fn close(&self, reason: String) {
        self.state().closed.get_or_insert(reason);
        self.changed.notify_all();
    }

    /// Chromium's stderr so far, without its D-Bus complaints (there is no bus in a container).
    fn stderr(&self) -> String {
        let text = std::fs::read_to_string(&self.stderr).unwrap_or_default();
        let lines: Vec<&str> = text.lines().filter(|l| !l.contains("dbus")).collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

/// Writes queued commands and files what arrives, until the socket closes.
async fn pump(
    socket: tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    mut to_send: UnboundedReceiver<String>,
    cdp: &Cdp,
) {
    let (mut sink, mut stream) = socket.split();
    let write = async {
        while let Some(text) = to_send.recv().await {
            if let Err(e) = sink.send(Message::text(text)).await {
                return format!("write: {e}");
            }
        }
        "no more commands".to_string()
    };
    let read = async {
        while let Some(message) = stream.next().await {
            match message {
                Ok(Message::Text(text)) => cdp.receive(text.as_str()),
                Ok(Message::Close(frame)) => return format!("closed by Chromium: {frame:?}"),
                Ok(_) => {}
                Err(e) => return format!("read: {e}"),
            }
        }
        "end of stream".to_string()
    };
    let reason = tokio::select! {
        reason = write => reason,
        reason = read => reason,
    };
    cdp.close(reason);
}

fn string(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// A console argument as DevTools prints it: a string as it is, anything else described.
fn remote_object_text(object: &Value) -> String {
    match object.get("value") {
        Some(Value::String(text)) => text.clone(),
        Some(value) => value.to_string(),
        None => ["unserializableValue", "description", "type"]
            .iter()
            .find_map(|key| object[key].as_str())
            .unwrap_or_default()
            .to_string(),
    }
}

/// "Uncaught Error: boom\n    at ..." from a Runtime.ExceptionDetails.
fn exception_text(details: &Value) -> String {
    let text = string(&details["text"]);
    match details.get("exception") {
        Some(exception) => format!("{text} {}", remote_object_text(exception)),
        None => text,
    }
}
