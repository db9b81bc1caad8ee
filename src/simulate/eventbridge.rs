//! `iops simulate --schedule on|off|status`: the EventBridge rules that trigger the simulator
//! function (runbook `001_…` turned its schedule on by hand with `aws events enable-rule`).

use clap::ValueEnum;
use serde::Serialize;

use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Record, cell};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScheduleAction {
    /// Enable every rule that targets the simulator
    On,
    /// Disable them
    Off,
    /// Show them
    Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleRecord {
    pub rule: String,
    pub schedule_expression: Option<String>,
    pub state: String,
    pub function: String,
    /// Whether this run enabled or disabled it.
    pub changed: bool,
}

impl Record for RuleRecord {
    fn headers() -> &'static [&'static str] {
        &[
            "rule",
            "schedule_expression",
            "state",
            "function",
            "changed",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.rule.clone(),
            cell(&self.schedule_expression),
            self.state.clone(),
            self.function.clone(),
            self.changed.to_string(),
        ]
    }
}

/// (name, schedule expression, state) of one rule.
async fn describe(
    client: &aws_sdk_eventbridge::Client,
    rule: &str,
) -> Result<(Option<String>, String)> {
    let described = client
        .describe_rule()
        .name(rule)
        .send()
        .await
        .map_err(|e| aws::error(format!("describe rule {rule}"), e))?;
    Ok((
        described.schedule_expression().map(str::to_string),
        described.state().map_or("?", |s| s.as_str()).to_string(),
    ))
}

/// Every rule (default bus) with the function among its targets, all pages.
async fn rules_targeting(
    client: &aws_sdk_eventbridge::Client,
    function_arn: &str,
) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .list_rule_names_by_target()
            .target_arn(function_arn)
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| aws::error("list rules by target (ListRuleNamesByTarget)", e))?;
        names.extend(page.rule_names().iter().cloned());
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_string()),
            _ => return Ok(names),
        }
    }
}

pub async fn run(ctx: &Context, spec: &str, action: ScheduleAction) -> Result<()> {
    let sdk = match action {
        ScheduleAction::Status => ctx.sdk().await?,
        ScheduleAction::On | ScheduleAction::Off => ctx.sdk_for_change().await?,
    };
    let lambda = aws::lambda(sdk);
    let function = super::lambda::resolve_function(ctx, &lambda, spec).await?;
    let arn = lambda
        .get_function()
        .function_name(&function)
        .send()
        .await
        .map_err(|e| aws::error(format!("read function {function}"), e))?
        .configuration()
        .and_then(|c| c.function_arn())
        .map(str::to_string)
        .ok_or_else(|| Error::Failed(format!("function {function} has no ARN")))?;
    let events = aws::eventbridge(sdk);
    let rules = rules_targeting(&events, &arn).await?;
    if rules.is_empty() {
        return Err(Error::Failed(format!(
            "no EventBridge rule targets {function}: create one with `aws events put-rule --schedule-expression 'rate(1 minute)'` and `aws events put-targets`"
        )));
    }
    let mut records = Vec::new();
    for rule in rules {
        let (schedule_expression, before) = describe(&events, &rule).await?;
        let wanted = match action {
            ScheduleAction::On if before != "ENABLED" => Some(true),
            ScheduleAction::Off if before == "ENABLED" => Some(false),
            _ => None,
        };
        let state = match wanted {
            None => before,
            Some(enable) => {
                if enable {
                    let sent = events.enable_rule().name(&rule).send().await;
                    sent.map_err(|e| aws::error(format!("enable rule {rule}"), e))?;
                } else {
                    let sent = events.disable_rule().name(&rule).send().await;
                    sent.map_err(|e| aws::error(format!("disable rule {rule}"), e))?;
                }
                // Read back: the state shown is the one EventBridge reports, not the one asked for.
                describe(&events, &rule).await?.1
            }
        };
        records.push(RuleRecord {
            rule,
            schedule_expression,
            state,
            function: function.clone(),
            changed: wanted.is_some(),
        });
    }
    ctx.out.print(&records)
}
