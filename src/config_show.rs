//! `iops config show`: the effective settings and where each came from.

use serde::Serialize;

use crate::aws::credentials::{self, Choice};
use crate::context::Context;
use crate::error::Result;
use crate::output::Record;

#[derive(Debug, Serialize)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
    pub source: String,
}

impl Record for SettingRow {
    fn headers() -> &'static [&'static str] {
        &["key", "value", "source"]
    }

    fn cells(&self) -> Vec<String> {
        vec![self.key.clone(), self.value.clone(), self.source.clone()]
    }
}

pub async fn run(ctx: &Context) -> Result<()> {
    let settings = &ctx.settings;
    let mut rows = Vec::new();
    let row = |key: &str, value: &str, source: String| SettingRow {
        key: key.into(),
        value: value.into(),
        source,
    };
    match &settings.config_file {
        Some(file) => rows.push(row("config_file", &file.value, file.source.to_string())),
        None => rows.push(row(
            "config_file",
            "",
            "none found (iops.toml here or in a parent directory)".into(),
        )),
    }
    match &settings.env_name {
        Some(env) => rows.push(row("env", &env.value, env.source.to_string())),
        None if settings.available_envs.is_empty() => {}
        None => rows.push(row(
            "env",
            "",
            format!(
                "none selected; defined: {} (use --env or default_env)",
                settings.available_envs.join(", ")
            ),
        )),
    }
    // URLs from iops.toml may carry a ?token= or a password: never print them.
    rows.extend(settings.entries().map(|(key, setting)| {
        row(
            key,
            &crate::redact::url(&setting.value, ""),
            setting.source.to_string(),
        )
    }));
    let choice = Choice::of(settings);
    let profile = choice.profile().unwrap_or("default").to_string();
    if settings.get("region").is_none()
        && let Some(region) = credentials::profile_region(&profile).await
    {
        rows.push(row(
            "region",
            &region,
            format!("profile {profile} in the AWS config file"),
        ));
    }
    for key in ["region", "profile"] {
        if settings.get(key).is_none() && !rows.iter().any(|r| r.key == key) {
            rows.push(row(
                key,
                "",
                "unset: the AWS SDK's default chain decides".into(),
            ));
        }
    }
    // Which credentials win, by the rule every command uses; a profile that does not exist is
    // shown, then refused as every command refuses it.
    let missing = match (choice.profile(), settings.setting("profile")) {
        (Some(name), Some(setting)) => {
            credentials::require_profile(name, &setting.source.to_string())
                .await
                .err()
        }
        _ => None,
    };
    let summary = match &missing {
        Some(_) => format!(
            "none: the profile {} does not exist",
            choice.profile().unwrap_or_default()
        ),
        None => choice.summary(),
    };
    rows.push(row(
        "credentials",
        &summary,
        "the aws CLI's precedence: a named profile beats the environment's keys; AWS_PROFILE does not".into(),
    ));
    ctx.out.print(&rows)?;
    missing.map_or(Ok(()), Err)
}
