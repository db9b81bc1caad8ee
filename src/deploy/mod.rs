//! `iops deploy list|status|create|activate-stage|rollback`: which deployment each stage serves,
//! and moving a stage safely — runbook `003_…` ended with a stage still serving an old deployment
//! after CDK "deployed", until someone ran create-deployment and update-stage by hand.

mod change;
pub mod fetch;

use std::time::Duration;

use clap::{ArgGroup, Args, Subcommand};
use jiff::Timestamp;
use serde::Serialize;

use crate::args::{ApiArg, ApiRef, StageArg};
use crate::aws;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::output::{Record, cell};
use crate::timespec;
use fetch::Deployment;

#[derive(Debug, Args)]
pub struct DeployArgs {
    #[command(flatten)]
    pub api: ApiArg,

    #[command(subcommand)]
    pub command: DeployCommand,
}

#[derive(Debug, Subcommand)]
pub enum DeployCommand {
    /// Deployments, newest first, and the stages that serve each
    List,
    /// The stage's deployment, its age and settings; exit 1 when a newer deployment is not served
    Status {
        #[command(flatten)]
        stage: StageArg,
    },
    /// Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage
    Create {
        /// Description of the deployment
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// Activate the new deployment on this stage
        #[arg(long, value_name = "STAGE", value_parser = crate::config::parse_name)]
        stage: Option<String>,
        /// Longest wait for DEPLOYED
        #[arg(long, value_name = "DURATION", default_value = "2m", value_parser = timespec::parse_duration)]
        timeout: Duration,
    },
    /// Point a stage at a deployment, verify it, and print the command that rolls back
    // One required group, so that a missing target names both ways to give it.
    #[command(group(ArgGroup::new("deployment").required(true).args(["deployment_id", "latest"])))]
    ActivateStage {
        #[command(flatten)]
        stage: StageArg,
        /// Deployment to serve
        #[arg(long, value_name = "ID")]
        deployment_id: Option<String>,
        /// The newest DEPLOYED deployment
        #[arg(long)]
        latest: bool,
        /// Show what would change; make no mutating call
        #[arg(long)]
        dry_run: bool,
    },
    /// Move a stage back to the deployment before the one it serves (or --to ID)
    Rollback {
        #[command(flatten)]
        stage: StageArg,
        /// Deployment to go back to [default: the newest deployment older than the current one]
        #[arg(long, value_name = "ID")]
        to: Option<String>,
        /// Show what would change; make no mutating call
        #[arg(long)]
        dry_run: bool,
    },
}

struct Target {
    client: aws_sdk_apigatewayv2::Client,
    api_id: String,
    region: String,
}

async fn target(ctx: &Context, args: &DeployArgs) -> Result<Target> {
    let api = args.api.resolve(&ctx.settings)?;
    let sdk = match args.command {
        DeployCommand::List | DeployCommand::Status { .. } => ctx.sdk().await?,
        DeployCommand::Create { .. }
        | DeployCommand::ActivateStage { .. }
        | DeployCommand::Rollback { .. } => ctx.sdk_for_change().await?,
    };
    let client = aws::apigateway(sdk);
    let api_id = match api {
        ApiRef::Id(id) => id,
        ApiRef::Name(name) => fetch::api_id_by_name(&client, &name).await?,
    };
    let region = sdk.region().map_or_else(String::new, |r| r.to_string());
    Ok(Target {
        client,
        api_id,
        region,
    })
}

pub async fn run(ctx: &Context, args: DeployArgs) -> Result<()> {
    // Local checks first: nothing is called when the stage cannot be known.
    let stage = match &args.command {
        DeployCommand::List => None,
        DeployCommand::Create { stage, .. } => stage.clone(),
        DeployCommand::Status { stage }
        | DeployCommand::ActivateStage { stage, .. }
        | DeployCommand::Rollback { stage, .. } => Some(stage.resolve(&ctx.settings)?),
    };
    let target = target(ctx, &args).await?;
    match args.command {
        DeployCommand::List => list(ctx, &target).await,
        DeployCommand::Status { .. } => status(ctx, &target, &stage.expect("resolved")).await,
        DeployCommand::Create {
            description,
            timeout,
            ..
        } => change::create(ctx, &target, description, stage, timeout).await,
        DeployCommand::ActivateStage {
            deployment_id,
            latest,
            dry_run,
            ..
        } => {
            let stage = stage.expect("resolved");
            let deployment = if latest {
                newest_deployed(&fetch::deployments(&target.client, &target.api_id).await?)
                    .ok_or_else(|| {
                        Error::Failed(format!("API {} has no DEPLOYED deployment", target.api_id))
                    })?
                    .id
                    .clone()
            } else {
                deployment_id.expect("the deployment group requires --deployment-id or --latest")
            };
            change::activate(ctx, &target, &stage, &deployment, dry_run).await
        }
        DeployCommand::Rollback { to, dry_run, .. } => {
            change::rollback(ctx, &target, &stage.expect("resolved"), to, dry_run).await
        }
    }
}

fn newest_deployed(deployments: &[Deployment]) -> Option<&Deployment> {
    deployments.iter().find(|d| d.status == "DEPLOYED")
}

fn iso(time: Option<Timestamp>) -> Option<String> {
    time.map(timespec::format_millis)
}

pub fn age(time: Option<Timestamp>) -> Option<String> {
    let ms = Timestamp::now().as_millisecond() - time?.as_millisecond();
    let secs = ms.max(0) / 1000;
    Some(match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    })
}

#[derive(Debug, Serialize)]
struct DeploymentRecord {
    deployment_id: String,
    created: Option<String>,
    age: Option<String>,
    status: String,
    description: Option<String>,
    stages: Vec<String>,
}

impl Record for DeploymentRecord {
    fn headers() -> &'static [&'static str] {
        &[
            "deployment_id",
            "created",
            "age",
            "status",
            "description",
            "stages",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.deployment_id.clone(),
            cell(&self.created),
            cell(&self.age),
            self.status.clone(),
            cell(&self.description),
            self.stages.join(", "),
        ]
    }
}

async fn list(ctx: &Context, target: &Target) -> Result<()> {
    let deployments = fetch::deployments(&target.client, &target.api_id).await?;
    let stages = fetch::stages(&target.client, &target.api_id).await?;
    let records: Vec<DeploymentRecord> = deployments
        .iter()
        .map(|d| DeploymentRecord {
            deployment_id: d.id.clone(),
            created: iso(d.created),
            age: age(d.created),
            status: d.status.clone(),
            description: d.description.clone(),
            stages: stages
                .iter()
                .filter(|s| s.deployment_id.as_deref() == Some(&d.id))
                .map(|s| s.name.clone())
                .collect(),
        })
        .collect();
    ctx.out.print(&records)
}

#[derive(Debug, Serialize)]
struct StatusRecord {
    api_id: String,
    stage: String,
    deployment_id: Option<String>,
    deployed_at: Option<String>,
    age: Option<String>,
    auto_deploy: bool,
    throttling_burst_limit: Option<i32>,
    throttling_rate_limit: Option<f64>,
    logging_level: Option<String>,
    url: String,
    newest_deployed: Option<String>,
    behind: bool,
}

impl Record for StatusRecord {
    fn headers() -> &'static [&'static str] {
        &[
            "stage",
            "deployment_id",
            "age",
            "auto_deploy",
            "throttling_burst_limit",
            "throttling_rate_limit",
            "logging_level",
            "url",
            "newest_deployed",
            "behind",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.stage.clone(),
            cell(&self.deployment_id),
            cell(&self.age),
            self.auto_deploy.to_string(),
            cell(&self.throttling_burst_limit),
            cell(&self.throttling_rate_limit),
            cell(&self.logging_level),
            self.url.clone(),
            cell(&self.newest_deployed),
            if self.behind {
                "BEHIND".into()
            } else {
                "current".into()
            },
        ]
    }
}

/// Which deployment a stage serves, and whether a newer DEPLOYED one exists.
pub struct StageStatus {
    pub stage: fetch::StageState,
    pub current: Option<Deployment>,
    pub newest: Option<Deployment>,
    pub behind: bool,
}

pub async fn stage_status(
    client: &aws_sdk_apigatewayv2::Client,
    api_id: &str,
    stage_name: &str,
) -> Result<StageStatus> {
    let stage = fetch::get_stage(client, api_id, stage_name).await?;
    let deployments = fetch::deployments(client, api_id).await?;
    let current = deployments
        .iter()
        .find(|d| Some(&d.id) == stage.deployment_id.as_ref())
        .cloned();
    let newest = newest_deployed(&deployments).cloned();
    let behind = match (&newest, &current) {
        (Some(newest), Some(current)) => {
            newest.id != current.id && newest.created > current.created
        }
        (Some(_), None) => true,
        _ => false,
    };
    Ok(StageStatus {
        stage,
        current,
        newest,
        behind,
    })
}

async fn status(ctx: &Context, target: &Target, stage_name: &str) -> Result<()> {
    let StageStatus {
        stage,
        current,
        newest,
        behind,
    } = stage_status(&target.client, &target.api_id, stage_name).await?;
    let (current, newest) = (current.as_ref(), newest.as_ref());
    let record = StatusRecord {
        api_id: target.api_id.clone(),
        stage: stage.name.clone(),
        deployment_id: stage.deployment_id.clone(),
        deployed_at: iso(current.and_then(|d| d.created)),
        age: age(current.and_then(|d| d.created)),
        auto_deploy: stage.auto_deploy,
        throttling_burst_limit: stage.throttling_burst,
        throttling_rate_limit: stage.throttling_rate,
        logging_level: stage.logging_level.clone(),
        url: format!(
            "wss://{}.execute-api.{}.amazonaws.com/{}",
            target.api_id, target.region, stage.name
        ),
        newest_deployed: newest.map(|d| d.id.clone()),
        behind,
    };
    ctx.out.print(&[record])?;
    if behind {
        let newest = newest.expect("behind implies a newest deployment");
        return Err(Error::Failed(format!(
            "stage {stage_name} serves {} but {} ({} old) is newer and DEPLOYED\n  fix: iops deploy activate-stage --api-id {} --stage {stage_name} --latest",
            stage.deployment_id.as_deref().unwrap_or("no deployment"),
            newest.id,
            age(newest.created).unwrap_or_default(),
            target.api_id
        )));
    }
    Ok(())
}
