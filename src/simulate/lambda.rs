//! `--to lambda:FUNCTION`: invoke a function with the generated events (or `--payload`, to run a
//! deployed simulator the way the seed did) and report status, function error and the decoded
//! tail of its log — `aws lambda invoke`, but readable.

use aws_sdk_lambda::Client;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};
use serde::Serialize;

use super::Run;
use super::events::Clock;
use crate::aws;
use crate::context::Context;
use crate::error::{AwsFailure, Error, Result};
use crate::glob;
use crate::output::{Format, Record, cell};

/// Synchronous invocations take at most 6 MB of payload; stay clear of it.
const MAX_PAYLOAD_BYTES: usize = 5 * 1024 * 1024;
/// Longest response payload shown.
const RESPONSE_SHOWN: usize = 2000;

#[derive(Debug, Serialize)]
pub struct Invocation {
    pub function: String,
    pub events: u64,
    pub status_code: i32,
    pub function_error: Option<String>,
    pub executed_version: Option<String>,
    pub response: String,
    pub log_tail: String,
}

impl Record for Invocation {
    fn headers() -> &'static [&'static str] {
        &[
            "function",
            "events",
            "status_code",
            "function_error",
            "executed_version",
            "response",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.function.clone(),
            self.events.to_string(),
            self.status_code.to_string(),
            cell(&self.function_error),
            cell(&self.executed_version),
            self.response.clone(),
        ]
    }
}

pub async fn run(ctx: &Context, run: &Run, spec: &str, payload: Option<&str>) -> Result<()> {
    let client = aws::lambda(ctx.sdk_for_change().await?);
    let function = resolve_function(ctx, &client, spec).await?;
    let mut invocations = Vec::new();
    let mut interrupted = false;
    match payload {
        Some(json) => {
            invocations.push(invoke(&client, &function, 0, json.as_bytes().to_vec()).await?);
        }
        None => {
            // Invoke as each payload fills, so a long --duration run never holds more than one.
            let mut payloads = PayloadBuilder::default();
            let mut schedule = run.schedule(1 << 16);
            while let Some(range) = schedule.next().await {
                for index in range {
                    if let Some((events, body)) = payloads.push(run, index) {
                        invocations.push(invoke(&client, &function, events, body).await?);
                    }
                }
            }
            if let Some((events, body)) = payloads.finish() {
                invocations.push(invoke(&client, &function, events, body).await?);
            }
            interrupted = schedule.interrupted();
        }
    }
    ctx.out.print(&invocations)?;
    if ctx.out.format == Format::Table {
        for invocation in invocations.iter().filter(|i| !i.log_tail.is_empty()) {
            ctx.out.status(format!(
                "log tail of {}:\n{}",
                invocation.function,
                invocation.log_tail.trim_end()
            ));
        }
    }
    if interrupted {
        return Err(Error::Interrupted);
    }
    match invocations.iter().find(|i| i.function_error.is_some()) {
        Some(failed) => Err(Error::Aws(AwsFailure {
            action: format!("invoke {function}"),
            code: failed.function_error.clone(),
            message: format!("the function returned an error: {}", failed.response),
            request_id: None,
            hint: Some(format!(
                "read its logs: iops logs tail {function} --since 5m"
            )),
        })),
        None => Ok(()),
    }
}

/// `--payload`, checked while parsing so that no call is made with it: Lambda's Invoke refuses a
/// payload that is not JSON (InvalidRequestContentException).
pub fn parse_payload(text: &str) -> std::result::Result<String, String> {
    serde_json::from_str::<serde_json::Value>(text).map_err(|e| {
        format!("not valid JSON ({e}); Lambda's Invoke takes JSON, e.g. --payload '{{}}'")
    })?;
    Ok(text.to_string())
}

const PAYLOAD_HEAD: &[u8] = b"{\"source\":\"iops.simulate\",\"events\":[";

/// Builds `{"source":"iops.simulate","events":[…]}` payloads, each under the size limit.
#[derive(Default)]
struct PayloadBuilder {
    body: Vec<u8>,
    events: u64,
    clock: Clock,
    event: Vec<u8>,
}

impl PayloadBuilder {
    /// Adds the event; returns the previous payload when this one would not have fit in it.
    fn push(&mut self, run: &Run, index: u64) -> Option<(u64, Vec<u8>)> {
        self.event.clear();
        run.generator.write_json(
            &run.generator.event(index),
            &mut self.clock,
            &mut self.event,
        );
        let full = (self.events > 0 && self.body.len() + self.event.len() + 2 > MAX_PAYLOAD_BYTES)
            .then(|| self.finish())
            .flatten();
        if self.events == 0 {
            self.body.extend_from_slice(PAYLOAD_HEAD);
        } else {
            self.body.push(b',');
        }
        self.body.extend_from_slice(&self.event);
        self.events += 1;
        full
    }

    fn finish(&mut self) -> Option<(u64, Vec<u8>)> {
        if self.events == 0 {
            return None;
        }
        self.body.extend_from_slice(b"]}");
        Some((
            std::mem::take(&mut self.events),
            std::mem::take(&mut self.body),
        ))
    }
}

async fn invoke(client: &Client, function: &str, events: u64, body: Vec<u8>) -> Result<Invocation> {
    let output = client
        .invoke()
        .function_name(function)
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .payload(Blob::new(body))
        .send()
        .await
        .map_err(|e| aws::error(format!("invoke lambda function {function}"), e))?;
    let log_tail = output
        .log_result()
        .and_then(|encoded| aws_smithy_types::base64::decode(encoded).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    let response = output
        .payload()
        .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned())
        .unwrap_or_default();
    Ok(Invocation {
        function: function.to_string(),
        events,
        status_code: output.status_code(),
        function_error: output.function_error().map(str::to_string),
        executed_version: output.executed_version().map(str::to_string),
        response: truncate(&response, RESPONSE_SHOWN),
        log_tail,
    })
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// A config role (`simulator`) becomes its configured name or glob; a glob must match exactly
/// one function (ListFunctions, all pages).
pub(super) async fn resolve_function(ctx: &Context, client: &Client, spec: &str) -> Result<String> {
    let spec = ctx.settings.function(spec).unwrap_or(spec);
    if !glob::is_pattern(spec) {
        return Ok(spec.to_string());
    }
    let names: Vec<String> = aws::list_functions(client)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect();
    let matching: Vec<&String> = names.iter().filter(|n| glob::matches(spec, n)).collect();
    match matching.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(Error::usage(format!(
            "no lambda function matches '{spec}'{}",
            similar_suffix(spec, &names)
        ))),
        many => Err(Error::usage(format!(
            "'{spec}' matches {} functions: {}; use a narrower pattern or the full name",
            many.len(),
            many.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn similar_suffix(spec: &str, names: &[String]) -> String {
    let near = glob::similar(spec, names.iter().map(String::as_str));
    if near.is_empty() {
        String::new()
    } else {
        format!("; similar: {}", near.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_responses_are_cut_on_a_character_boundary() {
        assert_eq!(truncate("ééé", 2), "éé…");
        assert_eq!(truncate("ok", 5), "ok");
    }
}
