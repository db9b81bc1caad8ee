//! QUEUE arguments → queue URLs: a config role (`chat`), a queue name, a URL, an ARN, or a glob over
//! queue names (`'*Chat*'`); none means every queue in `[env.X.queues]`.

use aws_sdk_sqs::Client;

use crate::aws;
use crate::config::Settings;
use crate::error::{Error, Result};
use crate::glob;
use crate::target::{self, One, Resource};

/// One queue, named as the user knows it, with a client for its own region: every call about
/// the queue goes through `sqs`, so a queue named by an ARN in another region is never confused
/// with the same-named queue in the configured one.
#[derive(Debug, Clone)]
pub struct QueueRef {
    /// The config role, else the queue name.
    pub label: String,
    pub name: String,
    pub url: String,
    /// `arn:aws:sqs:REGION:ACCOUNT:NAME`.
    pub arn: String,
    pub sqs: Client,
}

impl Resource for QueueRef {
    fn arn(&self) -> &str {
        &self.arn
    }
}

impl QueueRef {
    pub fn region(&self) -> &str {
        target::ArnParts::of(&self.arn).region
    }

    /// True for a FIFO queue (its name ends in `.fifo`, as SQS requires).
    pub fn is_fifo(&self) -> bool {
        self.name.ends_with(".fifo")
    }
}

/// What a QUEUE argument names, before any AWS call.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spec {
    Url(String),
    /// `arn:aws:sqs:REGION:ACCOUNT:NAME`: the queue, its owner and its region.
    Arn {
        region: String,
        account: String,
        name: String,
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
            [_, "sqs", region, account, name]
                if !name.is_empty() && !region.is_empty() && !account.is_empty() =>
            {
                Ok(Spec::Arn {
                    region: region.to_string(),
                    account: account.to_string(),
                    name: name.to_string(),
                })
            }
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

/// The account of a queue URL: the path segment before the name (`…/123456789012/orders`, on
/// AWS and on emulators alike).
fn account_of(url: &str) -> String {
    url.rsplit('/').nth(1).unwrap_or_default().to_string()
}

/// The region of an AWS queue URL (`https://sqs.eu-west-1.amazonaws.com/…`, or the legacy
/// `https://eu-west-1.queue.amazonaws.com/…`); none for an emulator's.
fn region_of_url(url: &str) -> Option<String> {
    let host = url::Url::parse(url).ok()?.host_str()?.to_string();
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        ["sqs", region, "amazonaws", ..] => Some(region.to_string()),
        [region, "queue", "amazonaws", ..] => Some(region.to_string()),
        _ => None,
    }
}

fn region_of(client: &Client) -> String {
    client
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default()
}

pub fn located(label: Option<String>, url: String, region: &str, client: &Client) -> QueueRef {
    let name = name_of(&url);
    QueueRef {
        label: label.unwrap_or_else(|| name.clone()),
        arn: format!(
            "arn:{}:sqs:{region}:{}:{name}",
            target::partition(region),
            account_of(&url)
        ),
        name,
        url,
        sqs: aws::sqs_in(client, region),
    }
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

/// Every queue the arguments name (a glob may name several), each with a client for its region.
/// `client` is the configured region's. The first queue that cannot be found ends it.
pub async fn resolve(
    client: &Client,
    settings: &Settings,
    given: &[String],
) -> Result<Vec<QueueRef>> {
    let mut queues: Vec<QueueRef> = Vec::new();
    for (role, spec) in wanted(settings, given)? {
        for queue in resolve_spec(client, role, spec).await? {
            if !queues.iter().any(|q| q.arn == queue.arn) {
                queues.push(queue);
            }
        }
    }
    disambiguate(&mut queues);
    Ok(queues)
}

/// One argument (or configured role) and what it came to: its queues, or why there are none.
#[derive(Debug)]
pub struct Resolved {
    /// The config role, else the argument as given.
    pub label: String,
    pub queues: Result<Vec<QueueRef>>,
}

/// Like [`resolve`], each argument on its own and all at once: a queue that does not exist (or
/// cannot be looked up) is that argument's error, and the others are still found. Usage errors
/// still end it before any AWS call.
pub async fn resolve_each(
    client: &Client,
    settings: &Settings,
    given: &[String],
) -> Result<Vec<Resolved>> {
    let wanted = wanted(settings, given)?;
    // Without arguments every wanted queue is a configured role; with them, one per argument.
    let labels: Vec<String> = wanted
        .iter()
        .enumerate()
        .map(|(index, (role, _))| match role {
            Some(role) => role.clone(),
            None => given.get(index).map_or("", |t| t.trim()).to_string(),
        })
        .collect();
    let found = futures_util::future::join_all(
        wanted
            .into_iter()
            .map(|(role, spec)| resolve_spec(client, role, spec)),
    )
    .await;
    // The same queue named twice is kept once, under the first name; labels are told apart
    // across every queue found, as `resolve` does.
    let mut seen: Vec<String> = Vec::new();
    let mut all: Vec<QueueRef> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut failures: Vec<(usize, crate::error::Error)> = Vec::new();
    for (index, result) in found.into_iter().enumerate() {
        match result {
            Ok(queues) => {
                let mut kept = 0;
                for queue in queues {
                    if !seen.contains(&queue.arn) {
                        seen.push(queue.arn.clone());
                        all.push(queue);
                        kept += 1;
                    }
                }
                counts.push(kept);
            }
            Err(err) => {
                counts.push(0);
                failures.push((index, err));
            }
        }
    }
    disambiguate(&mut all);
    let mut all = all.into_iter();
    let mut failures = failures.into_iter().peekable();
    Ok(labels
        .into_iter()
        .zip(counts)
        .enumerate()
        .map(|(index, (label, count))| {
            let queues = match failures.next_if(|(i, _)| *i == index) {
                Some((_, err)) => Err(err),
                None => Ok(all.by_ref().take(count).collect()),
            };
            Resolved { label, queues }
        })
        .collect())
}

/// SQS's own answer for a queue that is not there: `QueueDoesNotExist` (JSON protocol) or
/// `AWS.SimpleQueueService.NonExistentQueue` (query protocol, and the JSON protocol's
/// `x-amzn-query-error`). Any other failure (no permission, throttled) says nothing about it.
pub fn is_missing(err: &crate::error::Error) -> bool {
    matches!(
        err,
        crate::error::Error::Aws(failure) if matches!(
            failure.code.as_deref(),
            Some("QueueDoesNotExist" | "AWS.SimpleQueueService.NonExistentQueue")
        )
    )
}

/// Same-named queues of two regions (or accounts) get labels that tell them apart: the region,
/// else the whole ARN.
fn disambiguate(queues: &mut [QueueRef]) {
    fn relabel(queues: &mut [QueueRef], label: impl Fn(&QueueRef) -> String) {
        let labels: Vec<String> = queues.iter().map(|q| q.label.clone()).collect();
        for (queue, old) in queues.iter_mut().zip(&labels) {
            if labels.iter().filter(|l| *l == old).count() > 1 {
                queue.label = label(queue);
            }
        }
    }
    relabel(queues, |q| format!("{} ({})", q.label, q.region()));
    relabel(queues, |q| q.arn.clone());
}

/// The one queue `given` names, for a command that acts on a queue: a glob matching several is
/// refused (exit 2, listing them), and an ARN's own region and account are used.
pub async fn one(client: &Client, settings: &Settings, given: &str) -> Result<One<QueueRef>> {
    let given = [given.to_string()];
    let found = resolve(client, settings, &given).await?;
    One::exactly_one(&given[0], found)
}

async fn resolve_spec(client: &Client, role: Option<String>, spec: Spec) -> Result<Vec<QueueRef>> {
    let home = region_of(client);
    Ok(match spec {
        Spec::Url(url) => {
            let region = region_of_url(&url).unwrap_or(home);
            vec![located(role, url, &region, client)]
        }
        Spec::Arn {
            region,
            account,
            name,
        } => vec![by_arn_parts(client, role, &region, &account, &name).await?],
        Spec::Name(name) => {
            let url = url_of(client, &name, None).await?;
            vec![located(role, url, &home, client)]
        }
        Spec::Glob(pattern) => {
            let matched = matching(client, &pattern).await?;
            if matched.is_empty() {
                return Err(Error::Failed(format!(
                    "no queue matches '{pattern}' in {home}"
                )));
            }
            matched
                .into_iter()
                .map(|url| located(role.clone(), url, &home, client))
                .collect()
        }
    })
}

/// The queue an ARN names — a redrive policy's DLQ, or the user's — asked in the ARN's region.
pub async fn by_arn(client: &Client, arn: &str) -> Result<QueueRef> {
    match spec(arn) {
        Ok(Spec::Arn {
            region,
            account,
            name,
        }) => by_arn_parts(client, None, &region, &account, &name).await,
        _ => Err(Error::Failed(format!("'{arn}' is not an SQS queue ARN"))),
    }
}

async fn by_arn_parts(
    client: &Client,
    role: Option<String>,
    region: &str,
    account: &str,
    name: &str,
) -> Result<QueueRef> {
    let regional = aws::sqs_in(client, region);
    let url = url_of(&regional, name, Some(account)).await?;
    let queue = located(role, url, region, client);
    // An endpoint that ignores QueueOwnerAWSAccountId would hand back another account's queue.
    let found = account_of(&queue.url);
    if found != account {
        return Err(Error::usage(format!(
            "arn:aws:sqs:{region}:{account}:{name} names account {account}, but SQS answered with a queue of account {found} ({}): nothing was done",
            queue.url
        )));
    }
    Ok(queue)
}

async fn url_of(client: &Client, name: &str, account: Option<&str>) -> Result<String> {
    let answer = client
        .get_queue_url()
        .queue_name(name)
        .set_queue_owner_aws_account_id(account.map(str::to_string))
        .send()
        .await
        .map_err(|e| {
            aws::error(
                format!("find queue {name} in {} (GetQueueUrl)", region_of(client)),
                e,
            )
        })?;
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
                region: "ap-southeast-1".into(),
                account: "979920756619".into(),
                name: "ChatProcessingQueue".into(),
            }
        );
        assert_eq!(spec("*Chat*").unwrap(), Spec::Glob("*Chat*".into()));
        assert_eq!(spec("Chat").unwrap(), Spec::Name("Chat".into()));
        assert!(spec("arn:aws:sns:eu-west-1:1:topic").is_err());
        assert!(
            spec("arn:aws:sqs::1:q").is_err(),
            "an ARN without its region"
        );
        assert_eq!(
            region_of_url("https://sqs.eu-west-1.amazonaws.com/1/q").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(
            region_of_url("https://eu-west-1.queue.amazonaws.com/1/q").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(region_of_url("http://127.0.0.1:5000/123456789012/q"), None);
        assert_eq!(
            account_of("http://127.0.0.1:5000/123456789012/q"),
            "123456789012"
        );
        assert!(spec(" ").is_err());
        assert_eq!(
            name_of("https://sqs.eu-west-1.amazonaws.com/1/q-dlq"),
            "q-dlq"
        );
    }

    #[test]
    fn same_named_queues_are_told_apart_by_region_then_arn() {
        let client = Client::from_conf(
            aws_sdk_sqs::Config::builder()
                .behavior_version_latest()
                .region(aws_config::Region::new("us-east-1"))
                .build(),
        );
        let url = "http://127.0.0.1:5000/123456789012/orders".to_string();
        let mut queues = vec![
            located(None, url.clone(), "us-east-1", &client),
            located(None, url.clone(), "eu-west-1", &client),
            located(
                None,
                url.replace("123456789012", "210987654321"),
                "eu-west-1",
                &client,
            ),
            located(None, url.replace("orders", "other"), "eu-west-1", &client),
        ];
        disambiguate(&mut queues);
        let labels: Vec<&str> = queues.iter().map(|q| q.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "orders (us-east-1)",
                "arn:aws:sqs:eu-west-1:123456789012:orders",
                "arn:aws:sqs:eu-west-1:210987654321:orders",
                "other"
            ]
        );
        assert_eq!(queues[1].region(), "eu-west-1");
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
