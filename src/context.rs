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
    identity: OnceCell<crate::aws::Identity>,
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
            identity: OnceCell::new(),
        }
    }

    /// The shared AWS SDK configuration, loaded on first use (commands that stay local never load it).
    pub async fn sdk(&self) -> Result<&SdkConfig> {
        self.sdk
            .get_or_try_init(|| crate::aws::load(&self.settings))
            .await
    }
}

impl Context {
    /// The AWS configuration for a command that changes something (or shows what it would
    /// change): first asks who the credentials are and prints it on stderr — identity, account,
    /// region and profile, once per run — so no change happens in an account nobody saw.
    pub async fn sdk_for_change(&self) -> Result<&SdkConfig> {
        let sdk = self.sdk().await?;
        self.identity
            .get_or_try_init(|| async {
                let identity = crate::aws::caller_identity(sdk).await?;
                self.out.status(acting_as(
                    &identity,
                    sdk.region().map_or("", |r| r.as_ref()),
                    &crate::aws::credentials::Choice::of(&self.settings).in_use(),
                ));
                Ok::<_, crate::error::Error>(identity)
            })
            .await?;
        Ok(sdk)
    }
}

/// `iops: acting as ARN (account A, region R, credentials: profile P)`.
fn acting_as(identity: &crate::aws::Identity, region: &str, credentials: &str) -> String {
    format!(
        "iops: acting as {} (account {}, region {region}, credentials: {credentials})",
        identity.arn, identity.account
    )
}

/// An environment variable, unset when empty.
fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}
