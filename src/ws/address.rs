//! Where a probe connects and what it sends to be let in: the URL from the arguments or iops.toml,
//! the token in its query parameter or header, userinfo as Basic auth — and every credential
//! among them remembered as a secret, so no output shows it.

use crate::args::StageArg;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::redact;
use crate::secret::Secret;

/// Where the token goes: `?NAME=` or a `NAME:` header.
#[derive(Debug, Clone, Copy)]
pub enum TokenPlace<'a> {
    Query(&'a str),
    Header(&'a str),
}

/// The URL, headers and secrets of one probe target.
#[derive(Debug, Clone)]
pub struct Address {
    pub url: String,
    /// The query parameter that carries the token (redacted in the URL when shown).
    pub token_param: String,
    pub secrets: Vec<Secret>,
    pub headers: Vec<(String, String)>,
}

impl Address {
    /// `base` with `marker` (a query parameter) and the token added, userinfo moved to an
    /// `Authorization: Basic` header.
    pub fn new(
        base: &str,
        mut headers: Vec<(String, String)>,
        token: Option<&Secret>,
        place: TokenPlace<'_>,
        marker: Option<(&str, &str)>,
    ) -> std::result::Result<Address, String> {
        let mut url = parse_ws_url(base)?;
        if let Some((name, value)) = marker {
            set_query(&mut url, name, value);
        }
        let token_param = match place {
            TokenPlace::Query(name) => name,
            TokenPlace::Header(_) => "token",
        }
        .to_string();
        // Credentials found in the URL's own query are secrets too.
        let mut secrets: Vec<Secret> = url
            .query_pairs()
            .filter(|(key, _)| redact::is_secret_param(key, &token_param))
            .map(|(_, value)| Secret::new(value))
            .collect();
        if let Some(basic) = take_userinfo(&mut url) {
            secrets.push(basic.clone());
            headers.push(("Authorization".into(), basic.expose().to_string()));
        }
        if let Some(token) = token {
            secrets.push(token.clone());
            match place {
                TokenPlace::Query(name) => set_query(&mut url, name, token.expose()),
                TokenPlace::Header(name) => {
                    headers.push((name.to_string(), token.expose().to_string()))
                }
            }
        }
        for (name, value) in &headers {
            if redact::header(name, "x").ends_with("****") {
                secrets.push(Secret::new(value.clone()));
            }
        }
        Ok(Address {
            url: url.to_string(),
            token_param,
            secrets,
            headers,
        })
    }
}

/// The URL to probe: the one given, or `websocket_url` / `api_id` + `stage` from iops.toml,
/// with a path so a query can follow (`ws://host:port/?token=…`).
pub fn base_url(ctx: &Context, url: Option<&str>, stage: &StageArg) -> Result<String> {
    let base = match url {
        Some(url) => url.to_string(),
        None => match (
            ctx.settings.get("websocket_url"),
            ctx.settings.get("api_id"),
            ctx.settings.get("region"),
        ) {
            (Some(url), _, _) if stage.given().is_none() => url.to_string(),
            (_, Some(api), Some(region)) => {
                let stage = stage.resolve(&ctx.settings)?;
                let host = crate::management::execute_api_host(&ctx.settings, api, region)
                    .map_err(|reason| {
                        Error::usage(format!(
                            "{reason}: pass the emulator's ws:// URL, or set websocket_url in iops.toml"
                        ))
                    })?;
                format!("wss://{host}/{stage}")
            }
            _ => {
                return Err(Error::usage(
                    "no URL: pass ws://… or wss://…, or set websocket_url (or api_id and region) in iops.toml",
                ));
            }
        },
    };
    Ok(parse_ws_url(&base).map_err(Error::usage)?.to_string())
}

/// A ws:// or wss:// URL with a host and a port that can be connected to (1–65535).
pub fn parse_ws_url(text: &str) -> std::result::Result<url::Url, String> {
    let shown = redact::url(text, "");
    let url = url::Url::parse(text).map_err(|e| format!("'{shown}' is not a URL: {e}"))?;
    if !matches!(url.scheme(), "ws" | "wss") {
        return Err(format!("'{shown}' is not a ws:// or wss:// URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("'{shown}' has no host"));
    }
    if url.port() == Some(0) {
        return Err(format!(
            "'{shown}': port 0 cannot be connected to (use 1-65535)"
        ));
    }
    Ok(url)
}

/// Sets one query parameter, replacing any it already had (`?token=A` + `--token B` sends only
/// `token=B`), percent-encoded.
pub fn set_query(url: &mut url::Url, name: &str, value: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| key != name)
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
}

/// Moves `user:password@` out of the URL into the `Authorization: Basic` value curl would send:
/// a WebSocket client never sends userinfo itself, and it must not be shown.
pub fn take_userinfo(url: &mut url::Url) -> Option<Secret> {
    use base64::Engine;
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials = format!(
        "{}:{}",
        decode(url.username()),
        decode(url.password().unwrap_or_default())
    );
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(Secret::new(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(credentials)
    )))
}
