//! QUEUE arguments → queue URLs: a config role (`chat`), a queue name, a URL, an ARN, or a glob over
//! queue names (`'*Chat*'`); none means every queue in `[env.X.queues]`.

use aws_sdk_sqs::Client;

use crate::aws;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::glob;

/// One queue, named as the user knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRef {
    /// The config role, else the queue name.
    pub label: String,
    pub name: String,
    pub url: String,
}

/// What a QUEUE argument names, before any AWS call.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spec {
    Url(String),
    /// `arn:aws:sqs:REGION:ACCOUNT:NAME`: the name and its owner.
    Arn {
        name: String,
        account: String,
    },
    Glob(String),
    Name(String),
}

fn spec(text: &str) -> Result<Spec> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::usage("a queue name is empty"));
    }
    if text.starts_with("https://") || text.starts_with("http://") {
        return Ok(Spec::Url(text.trim_end_matches('/').to_string()));
    }
    if let Some(rest) = text.strip_prefix("arn:") {
        let parts: Vec<&str> = rest.split(':').collect();
        return match parts.as_slice() {
            [_, "sqs", _, account, name] if !name.is_empty() => Ok(Spec::Arn {
                name: name.to_string(),
                account: account.to_string(),
            }),
            _ => Err(Error::usage(format!(
                "'{text}' is not an SQS queue ARN (arn:aws:sqs:REGION:ACCOUNT:NAME)"
            ))),
        };
    }
    if glob::is_pattern(text) {
        return Ok(Spec::Glob(text.to_string()));
    }
    Ok(Spec::Name(text.to_string()))
}

/// The last path segment of a queue URL is its name.
pub fn name_of(url: &str) -> String {
    url.rsplit('/').next().unwrap_or(url).to_string()
}

/// (label, spec) pairs for the arguments, or every configured queue when there are none;
/// checked before any AWS call.
fn wanted(settings: &Settings, given: &[String]) -> Result<Vec<(Option<String>, Spec)>> {
    let configured = settings.queues();
    if given.is_empty() {
        if configured.is_empty() {
            return Err(Error::usage(
                "no queue: pass QUEUE (a name, URL, ARN or glob) or set [env.NAME.queues] in iops.toml",
            ));
        }
        return configured
            .into_iter()
            .map(|(role, value)| Ok((Some(role.to_string()), spec(value)?)))
            .collect();
    }
    given
        .iter()
        .map(
            |text| match configured.iter().find(|(role, _)| role == text) {
                Some((role, value)) => Ok((Some(role.to_string()), spec(value)?)),
                None => Ok((None, spec(text)?)),
            },
        )
        .collect()
}

/// Checks the arguments without calling AWS (usage errors first).
pub fn check(settings: &Settings, given: &[String]) -> Result<()> {
    wanted(settings, given).map(|_| ())
}

pub async fn resolve(
    client: &Client,
    settings: &Settings,
    given: &[String],
) -> Result<Vec<QueueRef>> {
    let mut queues = Vec::new();
    for (role, spec) in wanted(settings, given)? {
        let found = match spec {
            Spec::Url(url) => vec![url],
            Spec::Arn { name, account } => vec![url_of(client, &name, Some(&account)).await?],
            Spec::Name(name) => vec![url_of(client, &name, None).await?],
            Spec::Glob(pattern) => {
                let matched = matching(client, &pattern).await?;
                if matched.is_empty() {
                    return Err(Error::Failed(format!("no queue matches '{pattern}'")));
                }
                matched
            }
        };
        for url in found {
            let name = name_of(&url);
            let label = role.clone().unwrap_or_else(|| name.clone());
            if !queues.iter().any(|q: &QueueRef| q.url == url) {
                queues.push(QueueRef { label, name, url });
            }
        }
    }
    Ok(queues)
}

async fn url_of(client: &Client, name: &str, account: Option<&str>) -> Result<String> {
    let answer = client
        .get_queue_url()
        .queue_name(name)
        .set_queue_owner_aws_account_id(account.map(str::to_string))
        .send()
        .await
        .map_err(|e| aws::error(format!("find queue {name} (GetQueueUrl)"), e))?;
    answer
        .queue_url()
        .map(str::to_string)
        .ok_or_else(|| Error::Failed(format!("GetQueueUrl returned no URL for {name}")))
}

/// Queue URLs whose names match `pattern`, every page of ListQueues.
async fn matching(client: &Client, pattern: &str) -> Result<Vec<String>> {
    let prefix = pattern.split(['*', '?']).next().unwrap_or_default();
    let request = client.list_queues().max_results(1000);
    let request = if prefix.is_empty() {
        request
    } else {
        request.queue_name_prefix(prefix)
    };
    let mut pages = request.into_paginator().items().send();
    let mut urls = Vec::new();
    while let Some(url) = pages.next().await {
        let url = url.map_err(|e| aws::error("list queues (ListQueues)", e))?;
        if glob::matches(pattern, &name_of(&url)) {
            urls.push(url);
        }
    }
    Ok(urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_of_queue_is_recognised() {
        assert_eq!(
            spec("https://sqs.ap-southeast-1.amazonaws.com/979920756619/ChatProcessingQueue/")
                .unwrap(),
            Spec::Url(
                "https://sqs.ap-southeast-1.amazonaws.com/979920756619/ChatProcessingQueue".into()
            )
        );
        assert_eq!(
            spec("arn:aws:sqs:ap-southeast-1:979920756619:ChatProcessingQueue").unwrap(),
            Spec::Arn {
                name: "ChatProcessingQueue".into(),
                account: "979920756619".into()
            }
        );
        assert_eq!(spec("*Chat*").unwrap(), Spec::Glob("*Chat*".into()));
        assert_eq!(spec("Chat").unwrap(), Spec::Name("Chat".into()));
        assert!(spec("arn:aws:sns:eu-west-1:1:topic").is_err());
        assert!(spec(" ").is_err());
        assert_eq!(
            name_of("https://sqs.eu-west-1.amazonaws.com/1/q-dlq"),
            "q-dlq"
        );
    }

    #[test]
    fn roles_come_from_the_config_and_nothing_configured_is_a_usage_error() {
        let settings = Settings::from_pairs(&[("queues.chat", "ChatProcessingQueue")]);
        let all = wanted(&settings, &[]).unwrap();
        assert_eq!(
            all,
            vec![(
                Some("chat".into()),
                Spec::Name("ChatProcessingQueue".into())
            )]
        );
        let named = wanted(&settings, &["chat".into(), "Other".into()]).unwrap();
        assert_eq!(named[1], (None, Spec::Name("Other".into())));
        let err = check(&Settings::from_pairs(&[]), &[]).unwrap_err();
        assert!(err.to_string().contains("[env.NAME.queues]"), "{err}");
    }
}
