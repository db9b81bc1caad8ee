//! Secrets never reach the output: token-like query parameters and credential headers are shown
//! as `****` in text, JSON and logs.

use crate::secret::Secret;

/// Query parameters whose whole name says credential (any name containing `token`, `secret`,
/// `password` or `signature` is one too).
const SECRET_PARAMS: [&str; 16] = [
    "otp",
    "pin",
    "auth",
    "authorization",
    "apikey",
    "api_key",
    "key",
    "code",
    "sig",
    "jwt",
    "pwd",
    "passwd",
    "session",
    "sessionid",
    "session_id",
    "x-amz-credential",
];
const SECRET_WORDS: [&str; 8] = [
    "token",
    "secret",
    "password",
    "passcode",
    "signature",
    "credential",
    "private",
    "apikey",
];
const SECRET_HEADERS: [&str; 5] = [
    "authorization",
    "cookie",
    "x-api-key",
    "sec-websocket-protocol",
    "x-amz-security-token",
];

/// The URL with every secret query value and any userinfo password replaced, plus `extra`
/// parameter names (`--token-param`).
pub fn url(text: &str, extra: &str) -> String {
    let text = &userinfo(text);
    let Some((base, query)) = text.split_once('?') else {
        return text.to_string();
    };
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if is_secret_param(name, extra) => format!("{name}=****"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", redacted.join("&"))
}

/// `scheme://user:password@host` → `scheme://user:****@host` (the text may not parse as a URL).
fn userinfo(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((info, host)) => {
            let user = info.split_once(':').map_or(info, |(user, _)| user);
            format!("{scheme}://{user}:****@{host}{tail}")
        }
        None => text.to_string(),
    }
}

pub fn is_secret_param(name: &str, extra: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // Names of settings about a credential (`token_source`, `token_param`), not credentials.
    let names_a_setting = lower.ends_with("_source") || lower.ends_with("_param");
    lower == extra.to_ascii_lowercase() || !names_a_setting && is_credential_name(&lower)
}

/// A lower-case name that says credential.
fn is_credential_name(lower: &str) -> bool {
    SECRET_PARAMS.contains(&lower) || SECRET_WORDS.iter().any(|word| lower.contains(word))
}

/// `Name: value` with the value hidden when the header carries credentials.
pub fn header(name: &str, value: &str) -> String {
    if SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        format!("{name}: ****")
    } else {
        format!("{name}: {value}")
    }
}

/// Hides every occurrence of a known secret in free text (error messages, logs).
pub fn text(message: &str, secrets: &[Secret]) -> String {
    secrets
        .iter()
        .map(Secret::expose)
        .filter(|s| s.len() >= 4)
        .fold(message.to_string(), |acc, secret| {
            acc.replace(secret, "****")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_credential_looking_parameter_is_hidden() {
        let shown = url(
            "ws://h/p?password=PW&secret=S&jwt=J&idToken=I&key=K&sessionid=X&code=C&client_secret=CS&X-Amz-Credential=A&private_key=P&otp=O&credential=C&v=1&author=bob&token_source=header",
            "token",
        );
        assert_eq!(
            shown,
            "ws://h/p?password=****&secret=****&jwt=****&idToken=****&key=****&sessionid=****&code=****&client_secret=****&X-Amz-Credential=****&private_key=****&otp=****&credential=****&v=1&author=bob&token_source=header"
        );
    }

    #[test]
    fn tokens_in_urls_headers_and_text() {
        assert_eq!(
            url("wss://x/prod?token=abc.def&v=1", "token"),
            "wss://x/prod?token=****&v=1"
        );
        assert_eq!(
            url("wss://x/prod?jwt=abc&X-Amz-Signature=s", "jwt"),
            "wss://x/prod?jwt=****&X-Amz-Signature=****"
        );
        assert_eq!(url("ws://x/", "token"), "ws://x/");
        assert_eq!(
            url("ws://admin:hunter2@h:8/p?token=t", "token"),
            "ws://admin:****@h:8/p?token=****"
        );
        assert_eq!(url("ws://admin@h/", ""), "ws://admin:****@h/");
        assert_eq!(header("Authorization", "Bearer abc"), "Authorization: ****");
        assert_eq!(header("X-Trace", "1"), "X-Trace: 1");
        assert_eq!(
            text("failed for abc.def.ghi", &[Secret::new("abc.def.ghi")]),
            "failed for ****"
        );
    }
}
