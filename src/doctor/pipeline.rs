//! The pipeline check: the Kinesis stream is ACTIVE and an enabled Lambda mapping reads it
//! without PROBLEM results (runbook `000_…`: events published, nothing processed them).

use super::{Check, CheckName, Status};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};

/// The stream and every event source mapping that reads it.
#[derive(Debug, Clone)]
struct Evidence {
    stream: String,
    status: String,
    arn: String,
    open_shards: i32,
    mappings: Vec<Mapping>,
}

#[derive(Debug, Clone)]
struct Mapping {
    function: String,
    uuid: String,
    state: String,
    last_result: Option<String>,
}

pub async fn check(ctx: &Context) -> Check {
    let Some(stream) = ctx.settings.get("kinesis_stream") else {
        return Check::unconfigured(CheckName::Pipeline, "kinesis_stream");
    };
    match gather(ctx, stream).await {
        Ok(evidence) => judge(&evidence),
        Err(err) => Check::from_error(CheckName::Pipeline, &err),
    }
}

async fn gather(ctx: &Context, stream: &str) -> Result<Evidence> {
    let sdk = ctx.sdk().await?;
    let summary = aws::kinesis(sdk)
        .describe_stream_summary()
        .stream_name(stream)
        .send()
        .await
        .map_err(|e| aws::error(format!("describe stream {stream}"), e))?;
    let Some(summary) = summary.stream_description_summary() else {
        return Err(Error::Failed(format!("stream {stream} has no description")));
    };
    let mut evidence = Evidence {
        stream: stream.to_string(),
        status: summary.stream_status().as_str().to_string(),
        arn: summary.stream_arn().to_string(),
        open_shards: summary.open_shard_count(),
        mappings: Vec::new(),
    };
    if evidence.status != "ACTIVE" {
        return Ok(evidence);
    }
    let mut pages = aws::lambda(sdk)
        .list_event_source_mappings()
        .event_source_arn(&evidence.arn)
        .into_paginator()
        .items()
        .send();
    while let Some(mapping) = pages.next().await {
        let mapping = mapping.map_err(|e| aws::error("list event source mappings", e))?;
        evidence.mappings.push(Mapping {
            function: mapping
                .function_arn()
                .and_then(|a| a.rsplit(':').next())
                .unwrap_or("?")
                .to_string(),
            uuid: mapping.uuid().unwrap_or("?").to_string(),
            state: mapping.state().unwrap_or("?").to_string(),
            last_result: mapping.last_processing_result().map(str::to_string),
        });
    }
    Ok(evidence)
}

fn judge(e: &Evidence) -> Check {
    let name = CheckName::Pipeline;
    let stream = &e.stream;
    if e.status != "ACTIVE" {
        return Check::with(
            name,
            Status::Fail,
            format!("stream {stream} is {}, not ACTIVE", e.status),
            format!("aws kinesis describe-stream-summary --stream-name {stream}"),
        );
    }
    if let Some(m) = e
        .mappings
        .iter()
        .find(|m| m.state != "Enabled" && m.state != "Enabling")
    {
        return Check::with(
            name,
            Status::Fail,
            format!(
                "stream {stream} ACTIVE, but its mapping to {} is {}: nothing processes the events",
                m.function, m.state
            ),
            format!(
                "aws lambda update-event-source-mapping --uuid {} --enabled",
                m.uuid
            ),
        );
    }
    let problem = e.mappings.iter().find_map(|m| {
        m.last_result
            .as_deref()
            .filter(|r| r.starts_with("PROBLEM"))
            .map(|r| (m, r))
    });
    if let Some((m, problem)) = problem {
        return Check::with(
            name,
            Status::Fail,
            format!(
                "stream {stream} ACTIVE, mapping to {} Enabled, last result: {problem}",
                m.function
            ),
            format!("iops logs tail {} --since 1h --grep error -i", m.function),
        );
    }
    if e.mappings.is_empty() {
        return Check::with(
            name,
            Status::Fail,
            format!(
                "stream {stream} ACTIVE ({} open shards), but no Lambda reads it: no event source mapping",
                e.open_shards
            ),
            format!(
                "aws lambda create-event-source-mapping --function-name PROCESSOR --event-source-arn {} --starting-position LATEST",
                e.arn
            ),
        );
    }
    let readers: Vec<String> = e
        .mappings
        .iter()
        .map(|m| {
            format!(
                "{} ({}, last result {})",
                m.function,
                m.state,
                m.last_result.as_deref().unwrap_or("none yet")
            )
        })
        .collect();
    Check::pass(
        name,
        format!(
            "stream {stream} ACTIVE ({} open shard{}), read by {}",
            e.open_shards,
            if e.open_shards == 1 { "" } else { "s" },
            readers.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(status: &str, mappings: &[(&str, Option<&str>)]) -> Evidence {
        Evidence {
            stream: "events".into(),
            status: status.into(),
            arn: "arn:aws:kinesis:eu-west-1:1:stream/events".into(),
            open_shards: 1,
            mappings: mappings
                .iter()
                .map(|(state, result)| Mapping {
                    function: "processor".into(),
                    uuid: "u-1".into(),
                    state: state.to_string(),
                    last_result: result.map(str::to_string),
                })
                .collect(),
        }
    }

    #[test]
    fn an_enabled_reader_without_problems_passes() {
        let check = judge(&evidence("ACTIVE", &[("Enabled", Some("OK"))]));
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "stream events ACTIVE (1 open shard), read by processor (Enabled, last result OK)"
        );
    }

    #[test]
    fn each_broken_link_fails_with_its_own_fix() {
        let cases = [
            (evidence("CREATING", &[]), "describe-stream-summary"),
            (evidence("ACTIVE", &[]), "create-event-source-mapping"),
            (
                evidence("ACTIVE", &[("Disabled", None)]),
                "update-event-source-mapping --uuid u-1 --enabled",
            ),
            (
                evidence(
                    "ACTIVE",
                    &[("Enabled", Some("PROBLEM: Function call failed"))],
                ),
                "iops logs tail processor",
            ),
        ];
        for (evidence, fix) in cases {
            let check = judge(&evidence);
            assert_eq!(check.status, Status::Fail, "{evidence:?}");
            assert!(check.next.as_deref().unwrap().contains(fix), "{check:?}");
        }
    }

    #[test]
    fn a_disabled_mapping_outranks_a_problem_on_another() {
        let check = judge(&evidence(
            "ACTIVE",
            &[("Enabled", Some("PROBLEM: x")), ("Disabled", None)],
        ));
        assert!(check.evidence.contains("is Disabled"), "{}", check.evidence);
    }
}
