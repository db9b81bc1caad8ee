//! Ctrl-C handling. The first Ctrl-C asks every long-running loop to stop and report what it did
//! so far (exit 130); a second one exits at once.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::watch;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static NOTIFY: OnceLock<watch::Sender<bool>> = OnceLock::new();

/// Starts listening for Ctrl-C. Must be called inside the Tokio runtime.
pub fn install() {
    let sender = NOTIFY.get_or_init(|| watch::channel(false).0);
    let sender = sender.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        REQUESTED.store(true, Ordering::SeqCst);
        let _ = sender.send(true);
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(crate::error::ExitCode::Interrupted as i32);
        }
    });
}

/// True once the user pressed Ctrl-C. Cheap enough to check in hot loops.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// Resolves when the user presses Ctrl-C (never, if `install` was not called).
pub async fn wait() {
    let Some(sender) = NOTIFY.get() else {
        return std::future::pending().await;
    };
    let mut receiver = sender.subscribe();
    let _ = receiver.wait_for(|pressed| *pressed).await;
}
