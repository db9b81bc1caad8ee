//! Ctrl-C, SIGTERM and SIGHUP: the first asks every long-running loop to stop and report what it
//! did so far (exit 128 + the signal: 130, 143, 129); a second one exits at once — unless a
//! command holds a [`ForcedStop`] guard (a client-side redrive holding received messages), which
//! turns the second into a forced stop the command handles in a few seconds; a third exits.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::watch;

static REQUESTED: AtomicBool = AtomicBool::new(false);
static SIGNAL: AtomicU8 = AtomicU8::new(0);
static NOTIFY: OnceLock<watch::Sender<bool>> = OnceLock::new();
/// Guards alive that turn a second signal into a forced stop.
static DEFERRING: AtomicUsize = AtomicUsize::new(0);
static FORCED: AtomicBool = AtomicBool::new(false);
static NOTIFY_FORCED: OnceLock<watch::Sender<bool>> = OnceLock::new();

const SIGHUP: u8 = 1;
const SIGINT: u8 = 2;
const SIGTERM: u8 = 15;

/// Starts listening for the signals. Must be called inside the Tokio runtime.
pub fn install() {
    let sender = NOTIFY.get_or_init(|| watch::channel(false).0).clone();
    let streams = [
        (SIGINT, SignalKind::interrupt()),
        (SIGTERM, SignalKind::terminate()),
        (SIGHUP, SignalKind::hangup()),
    ];
    for (number, kind) in streams {
        // A signal that cannot be listened to keeps its default action: the process still ends.
        let Ok(mut stream) = signal(kind) else {
            continue;
        };
        let sender = sender.clone();
        tokio::spawn(async move {
            while stream.recv().await.is_some() {
                if REQUESTED.swap(true, Ordering::SeqCst) {
                    let deferred = DEFERRING.load(Ordering::SeqCst) > 0
                        && !FORCED.swap(true, Ordering::SeqCst);
                    if !deferred {
                        std::process::exit(128 + i32::from(SIGNAL.load(Ordering::SeqCst)));
                    }
                    let _ = forced_sender().send(true);
                    continue;
                }
                SIGNAL.store(number, Ordering::SeqCst);
                let _ = sender.send(true);
            }
        });
    }
}

/// True once a stop signal arrived. Cheap enough to check in hot loops.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}

/// The process status for a run ended by a signal: 128 + its number (130 for Ctrl-C).
pub fn exit_status() -> u8 {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => 128 + SIGINT,
        number => 128 + number,
    }
}

/// Resolves when a stop signal arrives (never, if `install` was not called).
pub async fn wait() {
    let Some(sender) = NOTIFY.get() else {
        return std::future::pending().await;
    };
    let mut receiver = sender.subscribe();
    let _ = receiver.wait_for(|pressed| *pressed).await;
}

fn forced_sender() -> &'static watch::Sender<bool> {
    NOTIFY_FORCED.get_or_init(|| watch::channel(false).0)
}

/// While alive, a second stop signal does not end the process at once: [`forced`] resolves
/// instead, and the holder has a few seconds to put back what it holds. A third signal exits.
pub struct ForcedStop(());

impl ForcedStop {
    pub fn hold() -> ForcedStop {
        DEFERRING.fetch_add(1, Ordering::SeqCst);
        ForcedStop(())
    }
}

impl Drop for ForcedStop {
    fn drop(&mut self) {
        DEFERRING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Resolves when a second stop signal arrived while a [`ForcedStop`] was held.
pub async fn forced() {
    let mut receiver = forced_sender().subscribe();
    let _ = receiver.wait_for(|forced| *forced).await;
}
