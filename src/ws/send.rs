//! `iops ws send`: post a message through the API Gateway management API (`@connections`) to one
//! connection or to every connection in the table, like the seeds' broadcast handler (`002_…`):
//! delivered, gone (410 GoneException — with `--prune`, the stale record is deleted), failed.

use aws_sdk_apigatewaymanagement::primitives::Blob;
use clap::Args;
use serde::Serialize;

use crate::aws;
use crate::connections;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::management::{self, Answer};
use crate::output::Record;

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The connection to post to (an id like L0SM9cOFvHcCIhw=)
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all",
        value_parser = parse_connection_id
    )]
    pub connection_id: Option<String>,

    /// Every connection in the connections table
    #[arg(long)]
    pub all: bool,

    /// The message, posted as given: any text, JSON or not (PostToConnection takes any data), or
    /// @FILE for a file's contents
    #[arg(long, value_name = "TEXT|@FILE")]
    pub data: String,

    /// Delete the records of connections that are gone (410)
    #[arg(long)]
    pub prune: bool,

    #[command(flatten)]
    pub table: crate::args::ConnectionsTable,

    /// Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}; a
    /// wss:// (ws://) stage URL is taken as its https:// (http://) form
    /// [default: from websocket_url, or api_id and stage, in iops.toml]
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,

    #[command(flatten)]
    pub concurrency: crate::args::ConcurrencyArg,
}

/// API Gateway connection ids are base64-like (`L0SM9cOFvHcCIhw=`) and become one segment of the
/// `@connections/{id}` path: refuse here what cannot be one — empty, whitespace or a control
/// character — rather than count it as a failed post. A `/` is in the base64 alphabet, so it is
/// kept: the SDK sends it percent-encoded (`%2F`), inside the one segment.
fn parse_connection_id(text: &str) -> std::result::Result<String, String> {
    const LIKE: &str = "connection ids look like L0SM9cOFvHcCIhw=";
    if text.is_empty() {
        return Err(format!("the connection id is empty; {LIKE}"));
    }
    match text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        Some(_) => Err(format!(
            "'{}' holds whitespace or a control character, which no connection id does; {LIKE}",
            text.escape_debug()
        )),
        None => Ok(text.to_string()),
    }
}

#[derive(Debug, Serialize)]
pub struct SendSummary {
    pub connections: u64,
    pub delivered: u64,
    pub gone: u64,
    pub pruned: u64,
    pub failed: u64,
    pub first_failure: Option<String>,
}

impl Record for SendSummary {
    fn headers() -> &'static [&'static str] {
        &[
            "connections",
            "delivered",
            "gone",
            "pruned",
            "failed",
            "first_failure",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.connections.to_string(),
            self.delivered.to_string(),
            self.gone.to_string(),
            self.pruned.to_string(),
            self.failed.to_string(),
            self.first_failure.clone().unwrap_or_default(),
        ]
    }
}

pub async fn run(ctx: &Context, args: SendArgs) -> Result<()> {
    let data = match args.data.strip_prefix('@') {
        Some(path) => {
            std::fs::read(path).map_err(|e| Error::usage(format!("--data @{path}: {e}")))?
        }
        None => args.data.clone().into_bytes(),
    };
    let endpoint = crate::management::endpoint(&ctx.settings, args.endpoint.clone())?;
    let needs_table = args.all || args.prune;
    let table = if needs_table {
        Some(args.table.resolve(&ctx.settings)?)
    } else {
        None
    };
    let sdk = ctx.sdk_for_change().await?;
    let management = aws::management(sdk, &endpoint);
    let dynamodb = aws::dynamodb(sdk);
    let schema = match &table {
        Some(table) => {
            let schema = connections::detect(&dynamodb, table).await?;
            schema.target().announce(
                &ctx.out,
                &format!(
                    "sending through {endpoint} to {} connection{} of",
                    if args.all { "every" } else { "the" },
                    if args.all { "" } else { " (and its record)" },
                ),
            );
            Some(schema)
        }
        None => None,
    };
    let targets: Vec<(String, Option<crate::table::Item>)> = match (&args.connection_id, &schema) {
        (Some(id), Some(schema)) => {
            let all = connections::ids_and_keys(&dynamodb, schema).await?;
            vec![(
                id.clone(),
                all.into_iter().find(|(i, _)| i == id).map(|(_, key)| key),
            )]
        }
        (Some(id), None) => vec![(id.clone(), None)],
        (None, Some(schema)) => connections::ids_and_keys(&dynamodb, schema)
            .await?
            .into_iter()
            .map(|(id, key)| (id, Some(key)))
            .collect(),
        (None, None) => unreachable!("--all needs the table"),
    };
    let data = Blob::new(data);
    let mut summary = SendSummary {
        connections: targets.len() as u64,
        delivered: 0,
        gone: 0,
        pruned: 0,
        failed: 0,
        first_failure: None,
    };
    let mut gone = Vec::new();
    management::for_each(
        targets.iter().map(|(id, _)| id.clone()),
        args.concurrency.get(),
        "PostToConnection",
        &endpoint,
        |id| {
            let request = management
                .post_to_connection()
                .connection_id(id)
                .data(data.clone());
            async move { request.send().await.map(|_| ()) }
        },
        |index, answer| match answer {
            Answer::Done => summary.delivered += 1,
            Answer::Gone => {
                summary.gone += 1;
                gone.push(index);
            }
            Answer::Failed(message) => {
                summary.failed += 1;
                summary.first_failure.get_or_insert(message);
            }
        },
    )
    .await?;
    if args.prune
        && let Some(schema) = &schema
    {
        gone.sort_unstable();
        for index in gone {
            let (id, key) = &targets[index];
            if let Some(key) = key {
                connections::delete_record(&dynamodb, schema, id, key.clone()).await?;
                summary.pruned += 1;
            }
        }
    }
    ctx.out.print(std::slice::from_ref(&summary))?;
    match &summary.first_failure {
        Some(first) => Err(Error::Failed(format!(
            "{} of {} posts failed; first: {first}",
            summary.failed, summary.connections
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_connection_id;

    #[test]
    fn connection_ids_that_cannot_be_a_path_segment_are_refused() {
        for id in ["L0SM9cOFvHcCIhw=", "conn0000=", "a+b=", "x", "ab/c="] {
            assert_eq!(parse_connection_id(id).as_deref(), Ok(id));
        }
        for (id, expected) in [
            ("", "empty"),
            ("   ", "whitespace"),
            (" abc=", "whitespace"),
            ("abc=\n", "whitespace"),
            ("a\u{7}b", "control"),
        ] {
            let reason = parse_connection_id(id).unwrap_err();
            assert!(
                reason.contains(expected) && reason.contains("L0SM9cOFvHcCIhw="),
                "{id:?}: {reason}"
            );
        }
    }
}
