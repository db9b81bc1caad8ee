//! `ws probe … --shards N --emit kubernetes|aws-batch`: the job that runs the N shards where
//! people already run distributed jobs — printed for the user to apply, never applied by iops.
//! Each copy runs this same command line (its shard from the engine's index variable) and prints
//! its report on stdout, for `kubectl logs -l job-name=NAME | iops ws merge -`.

use std::ffi::OsString;

use clap::ValueEnum;
use serde_json::{Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// A Kubernetes batch/v1 Job, completionMode Indexed (JOB_COMPLETION_INDEX)
    Kubernetes,
    /// An AWS Batch SubmitJob input for an array job (AWS_BATCH_JOB_ARRAY_INDEX)
    AwsBatch,
}

/// Options that shape the job, not the load: left out of the copies' command line.
const JOB_OPTIONS: [&str; 4] = ["--emit", "--image", "--job-queue", "--job-definition"];
/// Options that name a place on this machine (a config file, a profile, a page): the copies
/// run without them.
const LOCAL_OPTIONS: [&str; 7] = [
    "--config",
    "--env",
    "--profile",
    "--region",
    "--endpoint-url",
    "--html",
    "--color",
];

/// The secret the token comes from in the copies, never the manifest itself.
pub const TOKEN_SECRET: &str = "iops-load";

/// The copies' command line: this one's arguments after the program, without the job's own
/// options, the local ones and the token (which each copy reads from `IOPS_TOKEN`), with
/// `-o ndjson` (each report one line: `kubectl logs` and CloudWatch keep lines whole) and
/// `--exit-zero` (a copy whose run failed must not stop the others: `ws merge` judges).
pub fn copy_args(args: &[OsString]) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = args.iter().map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        let name = arg.split('=').next().unwrap_or_default().to_string();
        let dropped = JOB_OPTIONS.contains(&name.as_str())
            || LOCAL_OPTIONS.contains(&name.as_str())
            || matches!(name.as_str(), "--token" | "-o" | "--output");
        if dropped {
            if !arg.contains('=') {
                args.next();
            }
            continue;
        }
        if name.starts_with("-o") && name.len() > 2 && !name.starts_with("--") {
            continue; // -ojson
        }
        if matches!(arg.as_str(), "-q" | "--quiet" | "--exit-zero")
            || arg.starts_with("-v") && arg.trim_start_matches('-').chars().all(|c| c == 'v')
        {
            continue;
        }
        out.push(arg);
    }
    out.extend(["--exit-zero", "-o", "ndjson"].map(String::from));
    out
}

/// A name Kubernetes and AWS Batch both take (lowercase letters, digits and dashes, at most 63):
/// the plan's digest and the time it was emitted, so that a second run of the same plan is a new
/// Job — `kubectl apply` of the old name would say "unchanged" and its logs be the last run's.
pub fn job_name(args: &[String], at: jiff::Timestamp) -> String {
    format!(
        "iops-load-{}-{}",
        super::shard::digest(args.iter().map(String::as_str)),
        at.strftime("%Y%m%d-%H%M%S")
    )
}

pub struct Job<'a> {
    pub name: String,
    pub shards: u64,
    pub args: Vec<String>,
    pub image: &'a str,
    pub token: bool,
    pub job_queue: &'a str,
    pub job_definition: &'a str,
}

/// The Kubernetes Job: N indexed completions at once, none retried (a retried shard would open
/// its connections twice), the token from a Secret.
pub fn kubernetes(job: &Job) -> Value {
    // The kubelet expands `$(NAME)` in args and turns `$$` into `$`: every `$` doubled, so the
    // copy gets the text as given (`--send 'price $$5'`, `$(IOPS_TOKEN)` in a message).
    let args: Vec<String> = job.args.iter().map(|a| a.replace('$', "$$")).collect();
    let mut container = json!({
        "name": "iops",
        "image": job.image,
        "args": args,
    });
    if job.token {
        container["env"] = json!([{
            "name": "IOPS_TOKEN",
            "valueFrom": {"secretKeyRef": {"name": TOKEN_SECRET, "key": "token"}},
        }]);
    }
    json!({
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": job.name, "labels": {"app.kubernetes.io/name": "iops-load"}},
        "spec": {
            "completionMode": "Indexed",
            "completions": job.shards,
            "parallelism": job.shards,
            "backoffLimit": 0,
            "template": {
                "metadata": {"labels": {"app.kubernetes.io/name": "iops-load"}},
                "spec": {
                    "restartPolicy": "Never",
                    "containers": [container],
                },
            },
        },
    })
}

/// The `aws batch submit-job --cli-input-json` input: an array job of N, the command as an
/// override of the job definition's (whose image is iops's; its secrets give IOPS_TOKEN).
pub fn aws_batch(job: &Job) -> Value {
    json!({
        "jobName": job.name,
        "jobQueue": job.job_queue,
        "jobDefinition": job.job_definition,
        "arrayProperties": {"size": job.shards},
        "retryStrategy": {"attempts": 1},
        "containerOverrides": {"command": job.args},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_copies_run_the_same_load_without_the_jobs_and_this_machines_options() {
        let args = copy_args(&os(&[
            "--profile",
            "prod",
            "ws",
            "probe",
            "wss://h/prod",
            "--connections",
            "9000",
            "--rate",
            "300",
            "--shards",
            "3",
            "--emit",
            "kubernetes",
            "--image=reg/iops:1",
            "--token",
            "secret",
            "-o",
            "table",
            "--html",
            "page.html",
            "-v",
        ]));
        assert_eq!(
            args,
            [
                "ws",
                "probe",
                "wss://h/prod",
                "--connections",
                "9000",
                "--rate",
                "300",
                "--shards",
                "3",
                "--exit-zero",
                "-o",
                "ndjson"
            ]
        );
        assert!(!args.iter().any(|a| a.contains("secret")));
    }

    #[test]
    fn a_dollar_reaches_the_copy_as_given() {
        let job = Job {
            name: "n".into(),
            shards: 2,
            args: vec!["--send".into(), "price $5 $(IOPS_TOKEN) $$".into()],
            image: "i",
            token: false,
            job_queue: "q",
            job_definition: "d",
        };
        // The kubelet turns $$ into $ and expands $(NAME): doubled, each comes back as written.
        assert_eq!(
            kubernetes(&job)["spec"]["template"]["spec"]["containers"][0]["args"][1],
            "price $$5 $$(IOPS_TOKEN) $$$$"
        );
        // AWS Batch does not expand the command: as given.
        assert_eq!(
            aws_batch(&job)["containerOverrides"]["command"][1],
            "price $5 $(IOPS_TOKEN) $$"
        );
    }
}
