//! Close codes explained in the words of the runbooks: what the code means, and what it usually
//! means behind API Gateway (`001_…`: 1005 after a "successful" connect; `000_…`: an idle socket
//! mistaken for "Insufficient resources").

use serde::Serialize;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;

/// Who ended the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedBy {
    Server,
    Client,
    /// The TCP connection ended without a close frame from either side.
    Network,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CloseDiagnosis {
    /// 1005 when the close frame had no status code, 1006 when there was no close frame.
    pub code: u16,
    pub name: &'static str,
    pub explanation: String,
    /// Whether this close counts as a normal end of the probe.
    pub normal: bool,
}

/// The short name of a close code: the one table both the probe and `logs stats` use.
pub fn name(code: u16) -> &'static str {
    match code {
        1000 => "normal closure",
        1001 => "going away",
        1002 => "protocol error",
        1003 => "unsupported data",
        1004 => "reserved",
        1005 => "no status code",
        1006 => "abnormal closure",
        1007 => "invalid payload data",
        1008 => "policy violation",
        1009 => "message too big",
        1010 => "mandatory extension",
        1011 => "internal error",
        1012 => "service restart",
        1013 => "try again later",
        1014 => "bad gateway",
        1015 => "TLS handshake failure",
        3000..=3999 => "library code",
        4000..=4999 => "application code",
        _ => "invalid code",
    }
}

/// tungstenite reads a received close code that may not be sent (below 1000, 1005, 1006, 1015,
/// 1016–2999 — and 1014, which it does not know) as 1002 "Protocol violation", and answers the
/// server with that: the code the server sent is lost, and cannot be told from a real 1002 with
/// that reason.
fn substituted(code: u16, reason: &str) -> bool {
    code == 1002 && reason == "Protocol violation"
}

/// Whether a close code may travel in a close frame (RFC 6455 7.4, IANA's registry): not below
/// 1000, not 1004 (reserved), 1005, 1006 or 1015 (for reports only), not 1016-2999 (unassigned).
fn may_be_sent(code: u16) -> bool {
    !matches!(code, 0..=999 | 1004..=1006 | 1015..=2999)
}

/// The rule a close frame with such a code breaks, as load mode counts it.
pub const INVALID_CLOSE_CODE: &str = "a close frame with a status code that may not be sent";

/// A received close frame that breaks the rules, in words: a code that may not be sent (passed
/// on as it came once we had closed), or the library's stand-in for one (1002 "Protocol
/// violation", before). None for a lawful close or none at all.
pub fn invalid(frame: Option<&CloseFrame>) -> Option<String> {
    let frame = frame?;
    let code = u16::from(frame.code);
    if substituted(code, &frame.reason) {
        return Some(SUBSTITUTED.to_string());
    }
    (!may_be_sent(code)).then(|| {
        format!(
            "protocol violation by the server: a close frame with status code {code}, which may not be sent (RFC 6455 7.4)"
        )
    })
}

/// What a substituted close means, for the report.
const SUBSTITUTED: &str = "protocol violation by the server: a close frame with a status code that may not be sent (below 1000, 1005, 1006, 1015, 1016-2999), or 1014, which the WebSocket library refuses, or 1002 \"Protocol violation\" itself: the library reports each as 1002 and answered the server with 1002";

pub fn explain(code: u16, reason: &str, idle: bool) -> CloseDiagnosis {
    let (name, explanation, normal): (&str, String, bool) = match code {
        1000 => (name(code), "the connection ended as intended".into(), true),
        1001 => (
            name(code),
            if idle {
                "the server went away; after a silent stretch this is API Gateway's idle timeout (10 minutes without messages) — send pings or data to keep the socket open".into()
            } else {
                "the server went away: API Gateway closes after 10 minutes idle or 2 hours in total, or the endpoint restarted".into()
            },
            true,
        ),
        1002 => (name(code), "a WebSocket protocol violation".into(), false),
        1003 => (name(code), "the peer received data of a type it cannot accept".into(), false),
        1004 => (name(code), "reserved code; no peer should send it".into(), false),
        1005 => (
            name(code),
            "the close frame carried no status: behind API Gateway this is the backend dropping the connection right after $connect — typically the $connect handler returned but never wrote the connection record (check `iops connections` and the connect function's logs)".into(),
            false,
        ),
        1006 => (
            name(code),
            "the TCP connection dropped without a close frame: network loss, a proxy or load balancer timing out, or the server process dying".into(),
            false,
        ),
        1007 => (name(code), "a message was not valid for its type (e.g. bad UTF-8 in text)".into(), false),
        1008 => (name(code), "the server refused a message by policy".into(), false),
        1009 => (
            name(code),
            "a message was too large: API Gateway allows 128 KB per message and 32 KB per frame".into(),
            false,
        ),
        1010 => (name(code), "the client needed an extension the server did not offer".into(), false),
        1011 => (name(code), "the server hit an unexpected condition (a handler error behind API Gateway)".into(), false),
        1012 => (name(code), "the service is restarting; reconnect with backoff".into(), false),
        1013 => (name(code), "the server is overloaded; reconnect with backoff".into(), false),
        1014 => (name(code), "a gateway got an invalid response upstream".into(), false),
        1015 => (name(code), "the TLS handshake failed (never sent in a frame)".into(), false),
        3000..=3999 => (name(code), "a code defined by a library or framework".into(), false),
        4000..=4999 => (name(code), "a code defined by the application itself".into(), false),
        _ => (name(code), "not a valid close code".into(), false),
    };
    let explanation = if reason.is_empty() {
        explanation
    } else {
        format!("{explanation} (reason: {reason})")
    };
    CloseDiagnosis {
        code,
        name,
        explanation,
        normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_has_an_explanation() {
        assert!(explain(1000, "bye", false).normal);
        assert!(
            explain(1000, "bye", false)
                .explanation
                .contains("reason: bye")
        );
        let idle = explain(1001, "", true);
        assert!(idle.normal && idle.explanation.contains("idle timeout"));
        assert!(explain(1001, "", false).explanation.contains("2 hours"));
        assert!(
            explain(1005, "", false)
                .explanation
                .contains("connection record")
        );
        assert!(
            explain(1006, "", false)
                .explanation
                .contains("without a close frame")
        );
        assert!(explain(1009, "", false).explanation.contains("128 KB"));
        for code in 1002..=1015 {
            let d = explain(code, "", false);
            assert!(!d.normal && !d.explanation.is_empty(), "{code}");
        }
        assert_eq!(explain(3001, "", false).name, "library code");
        let app = explain(4001, "token expired", false);
        assert_eq!(app.name, "application code");
        assert!(app.explanation.contains("token expired") && !app.normal);
        assert_eq!(explain(999, "", false).name, "invalid code");
        assert_eq!(explain(5000, "", false).name, "invalid code");
    }
}
