//! What the user of `ws connect` typed or piped, from whichever reader the session runs: the line
//! editor (`editor.rs`) or stdin read line by line here. Both hand the session the same `Input`.

use std::io::BufRead;

use tokio::sync::mpsc;

/// What the user typed or piped.
pub enum Input {
    Line(String),
    /// A line of stdin that is not UTF-8 (a text frame must be): `number` counts from 1.
    NotUtf8 {
        number: u64,
        bytes: Vec<u8>,
    },
    /// Ctrl-D, or the end of piped input.
    End,
    /// Ctrl-C in the line editor (the terminal is raw: no SIGINT).
    Interrupt,
    /// The line editor cannot work on this terminal: the session goes on with the terminal's
    /// own line discipline.
    EditorFailed(String),
}

/// Each line of stdin (typed or piped), then End (a thread of its own: stdin blocks). Lines are
/// read as bytes, so one that is not UTF-8 is handed on as such instead of ending the input; a
/// read error ends it.
pub fn read_lines(inputs: mpsc::Sender<Input>) {
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut number = 0;
        loop {
            let mut line = Vec::new();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
            number += 1;
            if inputs.blocking_send(input(number, line)).is_err() {
                return;
            }
        }
        let _ = inputs.blocking_send(Input::End);
    });
}

/// One line as read, its end (`\n`, or `\r\n` from a file made on Windows, as `BufRead::lines`
/// and Node's readline strip it) removed.
fn input(number: u64, mut line: Vec<u8>) -> Input {
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
    match String::from_utf8(line) {
        Ok(text) => Input::Line(text),
        Err(err) => Input::NotUtf8 {
            number,
            bytes: err.into_bytes(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_are_removed_and_other_bytes_kept() {
        let text = |line: &[u8]| match input(1, line.to_vec()) {
            Input::Line(text) => text,
            _ => panic!("not a line: {line:?}"),
        };
        assert_eq!(text(b"hello\n"), "hello");
        assert_eq!(text(b"hello\r\n"), "hello");
        assert_eq!(text(b"last"), "last");
        assert_eq!(text(b"a\rb\r\r\n"), "a\rb\r");
        assert_eq!(text(b"\n"), "");
        assert!(
            matches!(input(7, b"\xff\xfe\n".to_vec()), Input::NotUtf8 { number: 7, bytes } if bytes == [0xff, 0xfe])
        );
    }
}
