//! `iops config show`: the effective settings and where each came from.

use serde::Serialize;

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

pub fn run(ctx: &Context) -> Result<()> {
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
    for key in ["region", "profile"] {
        if settings.get(key).is_none() {
            rows.push(row(
                key,
                "",
                "unset: the AWS SDK's default chain decides".into(),
            ));
        }
    }
    ctx.out.print(&rows)
}
