//! Whether stdout was closed when the process started (`iops … >&-`).
//!
//! Rust's runtime reopens a closed stdin/stdout/stderr on `/dev/null` before `main` runs (and a
//! write to a closed descriptor would be dropped as a success anyway), so every write would
//! vanish and the command would exit 0 having printed nothing. The check has to run before the
//! runtime's own start-up: a constructor in `.init_array`, which the loader runs first.

use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

#[cfg(any(target_os = "linux", target_os = "android"))]
extern "C" fn check_stdout() {
    // SAFETY: F_GETFD only reads the descriptor's flags; -1 (EBADF) means no descriptor 1.
    let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
    STDOUT_CLOSED_AT_START.store(closed, Ordering::Relaxed);
}

#[cfg(any(target_os = "linux", target_os = "android"))]
#[used]
#[unsafe(link_section = ".init_array")]
static CHECK_STDOUT: extern "C" fn() = check_stdout;

/// True when the process started without a stdout.
pub fn stdout_was_closed() -> bool {
    STDOUT_CLOSED_AT_START.load(Ordering::Relaxed)
}
