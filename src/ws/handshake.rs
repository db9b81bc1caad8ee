//! A refused WebSocket upgrade explained from its HTTP status and headers.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HandshakeDiagnosis {
    pub status: u16,
    pub explanation: String,
    pub next: Option<String>,
}

/// `connect_function`: the function (or config role) to suggest in the logs command.
pub fn diagnose(status: u16, location: Option<&str>, connect_function: &str) -> HandshakeDiagnosis {
    let logs = format!("iops logs tail {connect_function} --since 5m");
    let (explanation, next): (String, Option<String>) = match status {
        300..=399 => (
            format!("the server redirected the upgrade to {} — not followed: point the probe at the final URL", location.unwrap_or("(no Location header)")),
            None,
        ),
        401 | 403 => (
            "the authorizer denied the connection: check that its identity source matches where the client sends the token (header or query string) — a token in a query parameter the authorizer does not read skips it or fails it (runbook 003)".into(),
            Some("iops logs tail authorizer --since 5m".into()),
        ),
        404 => ("no such API or stage at this URL: check the API id, region and stage".into(), None),
        410 => ("the API or stage is gone".into(), None),
        429 => (
            "throttled: API Gateway accepts 500 new connections per second per account and region (and stage throttling may be lower)".into(),
            Some("iops deploy status".into()),
        ),
        500 | 502 => (
            "the $connect integration failed: the connect function threw, timed out, or returned a non-2xx status".into(),
            Some(logs),
        ),
        503 | 504 => ("the endpoint is unavailable or the $connect integration timed out (29 s limit)".into(), Some(logs)),
        _ => (format!("the server refused the upgrade with HTTP {status}"), None),
    };
    HandshakeDiagnosis {
        status,
        explanation,
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_explained() {
        assert!(
            diagnose(401, None, "connect")
                .explanation
                .contains("identity source")
        );
        assert!(
            diagnose(403, None, "connect")
                .explanation
                .contains("authorizer")
        );
        assert!(
            diagnose(429, None, "connect")
                .explanation
                .contains("500 new connections")
        );
        let failed = diagnose(500, None, "connect");
        assert!(failed.explanation.contains("$connect"));
        assert_eq!(
            failed.next.as_deref(),
            Some("iops logs tail connect --since 5m")
        );
        assert!(
            diagnose(302, Some("https://elsewhere"), "connect")
                .explanation
                .contains("https://elsewhere")
        );
        assert!(diagnose(418, None, "connect").explanation.contains("418"));
    }
}
