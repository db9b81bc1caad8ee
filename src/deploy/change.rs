//! The deploy commands that change something: create a deployment and wait for it, point a stage
//! at one and read it back, roll back — each printing the command that undoes it.

use std::time::Duration;

use serde::Serialize;

use super::fetch;
use super::{DeploymentRecord, Target, age, iso};
use crate::context::Context;
use crate::error::{AwsFailure, Error, Result};
use crate::interrupt;
use crate::output::{Record, cell};

pub(super) async fn create(
    ctx: &Context,
    target: &Target,
    description: Option<String>,
    stage: Option<String>,
    timeout: Duration,
) -> Result<()> {
    let created = fetch::create_deployment(&target.client, &target.api_id, description).await?;
    ctx.out.status(format!(
        "created deployment {} ({}); waiting until DEPLOYED",
        created.id, created.status
    ));
    let deadline = tokio::time::Instant::now() + timeout;
    let mut deployment = created;
    while deployment.status == "PENDING" {
        if tokio::time::Instant::now() >= deadline {
            return Err(Error::Failed(format!(
                "deployment {} is still PENDING after {timeout:?}",
                deployment.id
            )));
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
            () = interrupt::wait() => return Err(Error::Interrupted),
        }
        deployment = fetch::get_deployment(&target.client, &target.api_id, &deployment.id).await?;
    }
    if deployment.status != "DEPLOYED" {
        return Err(Error::Aws(AwsFailure {
            action: format!("deploy API {}", target.api_id),
            code: Some(deployment.status.clone()),
            message: format!(
                "deployment {} {}",
                deployment.id,
                deployment
                    .status_message
                    .as_deref()
                    .unwrap_or("failed without a status message")
            ),
            request_id: None,
            hint: Some(
                "fix the routes or integrations it names, then run iops deploy create again".into(),
            ),
        }));
    }
    let record = DeploymentRecord {
        deployment_id: deployment.id.clone(),
        created: iso(deployment.created),
        age: age(deployment.created),
        status: deployment.status.clone(),
        description: deployment.description.clone(),
        stages: stage.iter().cloned().collect(),
    };
    match stage {
        Some(stage) => {
            ctx.out.print(&[record])?;
            activate(ctx, target, &stage, &deployment.id, false).await
        }
        None => ctx.out.print(&[record]),
    }
}

#[derive(Debug, Serialize)]
struct ActivationRecord {
    stage: String,
    previous: Option<String>,
    new: String,
    result: &'static str,
    rollback: Option<String>,
}

impl Record for ActivationRecord {
    fn headers() -> &'static [&'static str] {
        &["stage", "previous", "new", "result", "rollback"]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.stage.clone(),
            cell(&self.previous),
            self.new.clone(),
            self.result.to_string(),
            cell(&self.rollback),
        ]
    }
}

/// Checks, updates, reads back. A dry run stops before the update.
pub(super) async fn activate(
    ctx: &Context,
    target: &Target,
    stage_name: &str,
    deployment_id: &str,
    dry_run: bool,
) -> Result<()> {
    let deployment = fetch::get_deployment(&target.client, &target.api_id, deployment_id).await?;
    if deployment.status != "DEPLOYED" {
        return Err(Error::Failed(format!(
            "deployment {deployment_id} is {}, not DEPLOYED: a stage can only serve a DEPLOYED deployment",
            deployment.status
        )));
    }
    let stage = fetch::get_stage(&target.client, &target.api_id, stage_name).await?;
    if stage.auto_deploy {
        return Err(Error::Aws(AwsFailure {
            action: format!("activate {deployment_id} on stage {stage_name}"),
            code: Some("AutoDeployEnabled".into()),
            message: "the stage has autoDeploy on, and API Gateway refuses to set its deployment"
                .into(),
            request_id: None,
            hint: Some(format!(
                "turn it off first: aws apigatewayv2 update-stage --api-id {} --stage-name {stage_name} --no-auto-deploy",
                target.api_id
            )),
        }));
    }
    // The one stage a change acts on, in full (API and region), before it changes.
    crate::target::stage(&target.region, &target.api_id, stage_name).announce(
        &ctx.out,
        &format!(
            "{} deployment {deployment_id} on",
            if dry_run {
                "dry run: would activate"
            } else {
                "activating"
            }
        ),
    );
    let previous = stage.deployment_id.clone();
    let rollback = previous.as_ref().map(|p| {
        format!(
            "iops deploy activate-stage --api-id {} --stage {stage_name} --deployment-id {p}",
            target.api_id
        )
    });
    let mut record = ActivationRecord {
        stage: stage_name.to_string(),
        previous: previous.clone(),
        new: deployment_id.to_string(),
        result: "",
        rollback,
    };
    if previous.as_deref() == Some(deployment_id) {
        record.result = "already serving";
        record.rollback = None;
        return ctx.out.print(&[record]);
    }
    if dry_run {
        record.result = "would change (dry run)";
        return ctx.out.print(&[record]);
    }
    fetch::set_stage_deployment(&target.client, &target.api_id, stage_name, deployment_id).await?;
    let after = fetch::get_stage(&target.client, &target.api_id, stage_name).await?;
    if after.deployment_id.as_deref() != Some(deployment_id) {
        return Err(Error::Failed(format!(
            "stage {stage_name} was updated but reads back deployment {}, not {deployment_id}",
            after.deployment_id.as_deref().unwrap_or("none")
        )));
    }
    record.result = "activated and verified";
    ctx.out.print(&[record])
}

pub(super) async fn rollback(
    ctx: &Context,
    target: &Target,
    stage_name: &str,
    to: Option<String>,
    dry_run: bool,
) -> Result<()> {
    let to = match to {
        Some(id) => id,
        None => {
            let stage = fetch::get_stage(&target.client, &target.api_id, stage_name).await?;
            let deployments = fetch::deployments(&target.client, &target.api_id).await?;
            let current = deployments
                .iter()
                .find(|d| Some(&d.id) == stage.deployment_id.as_ref())
                .ok_or_else(|| {
                    Error::Failed(format!(
                        "stage {stage_name} serves no known deployment; pass --to ID"
                    ))
                })?;
            deployments
                .iter()
                .find(|d| d.status == "DEPLOYED" && d.created < current.created)
                .ok_or_else(|| {
                    Error::Failed(format!(
                        "no DEPLOYED deployment is older than {}; nothing to roll back to",
                        current.id
                    ))
                })?
                .id
                .clone()
        }
    };
    activate(ctx, target, stage_name, &to, dry_run).await
}
