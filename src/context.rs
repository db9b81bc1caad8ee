//! Flags, environment and `iops.toml` resolved once; hands out the output and the AWS config.

use aws_config::SdkConfig;
use tokio::sync::OnceCell;

use crate::config::{Overrides, Settings};
use crate::error::Result;
use crate::output::Output;

pub struct Context {
    pub settings: Settings,
    pub out: Output,
    sdk: OnceCell<SdkConfig>,
}

impl Context {
    /// Settings from flags, environment and the config file.
    pub fn new(overrides: &Overrides, out: Output) -> Result<Context> {
        Ok(Self::with_settings(
            Settings::resolve(overrides, &env)?,
            out,
        ))
    }

    /// For commands that write the config file: flags and environment variables only.
    pub fn without_file(overrides: &Overrides, out: Output) -> Result<Context> {
        Ok(Self::with_settings(
            Settings::without_file(overrides, &env)?,
            out,
        ))
    }

    fn with_settings(settings: Settings, out: Output) -> Context {
        Context {
            settings,
            out,
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

/// An environment variable, unset when empty.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
