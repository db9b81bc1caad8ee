//! Flags, environment and `iops.toml` resolved once; hands out the output and the AWS config.

use aws_config::SdkConfig;
use tokio::sync::OnceCell;

use crate::cli::GlobalArgs;
use crate::config::{Overrides, Settings};
use crate::error::Result;
use crate::output::Output;

pub struct Context {
    pub settings: Settings,
    pub out: Output,
    sdk: OnceCell<SdkConfig>,
}

impl Context {
    pub fn new(global: &GlobalArgs) -> Result<Context> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Ok(Self::with_settings(
            global,
            Settings::resolve(&overrides(global), &env)?,
        ))
    }

    /// For commands that write the config file: flags and environment variables only.
    pub fn without_file(global: &GlobalArgs) -> Result<Context> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Ok(Self::with_settings(
            global,
            Settings::without_file(&overrides(global), &env)?,
        ))
    }

    fn with_settings(global: &GlobalArgs, settings: Settings) -> Context {
        Context {
            settings,
            out: Output::new(global.output, global.color, global.quiet),
            sdk: OnceCell::new(),
        }
    }

    /// The shared AWS SDK configuration, loaded on first use (commands that stay local never load it).
    pub async fn sdk(&self) -> Result<&SdkConfig> {
        self.sdk
            .get_or_try_init(|| crate::aws::load(&self.settings))
            .await
    }
}

fn overrides(global: &GlobalArgs) -> Overrides {
    let flags = [
        ("profile", "--profile", &global.profile),
        ("region", "--region", &global.region),
        ("endpoint_url", "--endpoint-url", &global.endpoint_url),
    ];
    Overrides {
        config_path: global.config.clone(),
        env_name: global.env_name.clone(),
        flags: flags
            .into_iter()
            .filter_map(|(key, flag, value)| value.clone().map(|v| (key, flag, v)))
            .collect(),
    }
}
