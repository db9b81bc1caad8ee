//! Which credentials a run uses, decided once, as the aws CLI decides.
//!
//! The aws CLI (botocore) drops its environment provider when a profile is named explicitly
//! (`--profile`), so the profile's credentials win over `AWS_ACCESS_KEY_ID` in the environment;
//! with only `AWS_PROFILE` set, the environment's keys still come first. The Rust SDK's default
//! chain always reads the environment first, so for an explicitly named profile (`--profile`, or
//! `profile =` in iops.toml) iops builds the chain itself: that profile, then the container and
//! instance-metadata providers (which botocore keeps too). A named profile that neither
//! `~/.aws/config` nor `~/.aws/credentials` defines is a usage error, as in the aws CLI, never
//! a silent fallback to other credentials.

use std::path::PathBuf;

use aws_config::SdkConfig;
use aws_config::ecs::EcsCredentialsProvider;
use aws_config::imds::credentials::ImdsCredentialsProvider;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::profile::ProfileFileCredentialsProvider;
use aws_config::provider_config::ProviderConfig;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_types::os_shim_internal::{Env, Fs};

use crate::config::{Settings, Source};
use crate::error::Error;

/// How this run picks its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// `--profile` or `profile =` in iops.toml: that profile only (then container and instance
    /// metadata), never the environment's keys.
    Named { name: String, source: Source },
    /// `AWS_PROFILE` alone: the default chain, whose environment keys come first.
    FromEnvironment { name: String },
    /// No profile named: the default chain (environment, `default` profile, web identity,
    /// container, instance metadata).
    Default,
}

impl Choice {
    pub fn of(settings: &Settings) -> Choice {
        match settings.setting("profile") {
            Some(setting) if matches!(setting.source, Source::Env(_)) => Choice::FromEnvironment {
                name: setting.value.clone(),
            },
            Some(setting) => Choice::Named {
                name: setting.value.clone(),
                source: setting.source.clone(),
            },
            None => Choice::Default,
        }
    }

    pub fn profile(&self) -> Option<&str> {
        match self {
            Choice::Named { name, .. } | Choice::FromEnvironment { name } => Some(name),
            Choice::Default => None,
        }
    }

    /// Where credentials are looked for, in order: for error messages and `config show`.
    pub fn sources(&self) -> String {
        let files = ProfileFileNames::from_env().both();
        match self {
            Choice::Named { name, .. } => format!(
                "profile {name} in {files}, then ECS container credentials, then EC2 instance metadata (not the environment's AWS_ACCESS_KEY_ID: a named profile wins, as in the aws CLI)"
            ),
            Choice::FromEnvironment { name } => format!(
                "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), then profile {name} in {files}, web identity (AWS_WEB_IDENTITY_TOKEN_FILE), ECS container credentials, EC2 instance metadata"
            ),
            Choice::Default => format!(
                "the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), then profile default in {files}, web identity (AWS_WEB_IDENTITY_TOKEN_FILE), ECS container credentials, EC2 instance metadata"
            ),
        }
    }

    /// Which credentials were used, for the line a changing command prints first.
    pub fn in_use(&self) -> String {
        match (self, environment_keys()) {
            (Choice::Named { name, .. }, _) => format!("profile {name}"),
            (Choice::FromEnvironment { name }, true) => {
                format!("the environment's keys, not AWS_PROFILE={name}")
            }
            (Choice::FromEnvironment { name }, false) => format!("profile {name}"),
            (Choice::Default, true) => "the environment's keys".to_string(),
            (Choice::Default, false) => "the default chain".to_string(),
        }
    }

    /// One line for `config show`: which credentials win and why.
    pub fn summary(&self) -> String {
        match (self, environment_keys()) {
            (Choice::Named { name, .. }, true) => format!(
                "profile {name}: named explicitly, it wins over AWS_ACCESS_KEY_ID in the environment (as in the aws CLI)"
            ),
            (Choice::Named { name, .. }, false) => format!("profile {name}"),
            (Choice::FromEnvironment { name }, true) => format!(
                "the environment's AWS_ACCESS_KEY_ID: it wins over AWS_PROFILE={name} (as in the aws CLI; pass --profile {name} to use the profile)"
            ),
            (Choice::FromEnvironment { name }, false) => format!("profile {name} (AWS_PROFILE)"),
            (Choice::Default, true) => "the environment's AWS_ACCESS_KEY_ID".to_string(),
            (Choice::Default, false) => {
                "the default chain: profile default, web identity, container, instance metadata"
                    .to_string()
            }
        }
    }
}

/// Keys in the environment, which the default chain reads first.
fn environment_keys() -> bool {
    std::env::var_os("AWS_ACCESS_KEY_ID").is_some_and(|v| !v.is_empty())
}

/// The two profile files, as the SDK and the aws CLI locate them.
struct ProfileFileNames {
    config: PathBuf,
    credentials: PathBuf,
}

impl ProfileFileNames {
    fn from_env() -> ProfileFileNames {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let located = |var: &str, default: &str| match std::env::var_os(var) {
            Some(path) if !path.is_empty() => PathBuf::from(path),
            _ => home.as_ref().map_or_else(
                || PathBuf::from(format!("~/{default}")),
                |home| home.join(default),
            ),
        };
        ProfileFileNames {
            config: located("AWS_CONFIG_FILE", ".aws/config"),
            credentials: located("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials"),
        }
    }

    fn both(&self) -> String {
        format!(
            "{} and {}",
            self.config.display(),
            self.credentials.display()
        )
    }

    /// Each file, with "(not found)" when it does not exist.
    fn read(&self) -> String {
        let name = |path: &PathBuf| {
            if path.exists() {
                path.display().to_string()
            } else {
                format!("{} (not found)", path.display())
            }
        };
        format!("{}, {}", name(&self.config), name(&self.credentials))
    }
}

/// A profile that the profile files define; otherwise a usage error naming the files read and
/// the profiles they define.
pub async fn require_profile(name: &str, source: &str) -> Result<(), Error> {
    let set = profile_set()
        .await
        .map_err(|e| Error::usage(format!("cannot read the AWS profile files: {e}")))?;
    if set.get_profile(name).is_some() {
        return Ok(());
    }
    let names = ProfileFileNames::from_env();
    let mut defined: Vec<&str> = set.profiles().collect();
    defined.sort_unstable();
    let defined = if defined.is_empty() {
        "no profiles are defined there".to_string()
    } else {
        format!("profiles defined there: {}", defined.join(", "))
    };
    Err(Error::usage(format!(
        "the AWS profile '{name}' ({source}) does not exist: read {} ({defined}); check the spelling, or add it with `aws configure --profile {name}`",
        names.read()
    )))
}

/// The `region` a profile in the profile files sets, if any (what the SDK falls back to when no
/// flag, variable or iops.toml names one).
pub async fn profile_region(name: &str) -> Option<String> {
    let set = profile_set().await.ok()?;
    set.get_profile(name)?.get("region").map(str::to_string)
}

/// The profiles of `~/.aws/config` and `~/.aws/credentials` (or the files `AWS_CONFIG_FILE` /
/// `AWS_SHARED_CREDENTIALS_FILE` name), parsed as the SDK parses them.
async fn profile_set()
-> Result<aws_config::profile::ProfileSet, aws_config::profile::ProfileFileLoadError> {
    let files = aws_runtime::env_config::file::EnvConfigFiles::default();
    aws_config::profile::load(&Fs::real(), &Env::real(), &files, None).await
}

/// The configuration with a named profile's credentials in place of the default chain's.
pub fn with_named_profile(config: SdkConfig, name: &str) -> SdkConfig {
    let provider_config = ProviderConfig::without_region().with_region(config.region().cloned());
    let chain = CredentialsProviderChain::first_try(
        "Profile",
        ProfileFileCredentialsProvider::builder()
            .configure(&provider_config)
            .profile_name(name)
            .build(),
    )
    .or_else(
        "EcsContainer",
        EcsCredentialsProvider::builder()
            .configure(&provider_config)
            .build(),
    )
    .or_else(
        "Ec2InstanceMetadata",
        ImdsCredentialsProvider::builder()
            .configure(&provider_config)
            .build(),
    );
    config
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(chain))
        .build()
}

/// True when an error chain holds a credentials provider's failure (nothing found, a provider
/// that failed, such as instance metadata answering 403): a credentials problem, not a network one.
pub fn is_credentials_failure(err: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(err), |e| e.source()).any(|e| {
        e.downcast_ref::<aws_credential_types::provider::error::CredentialsError>()
            .is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_profile_is_named_and_the_environment_one_is_not() {
        let flag = Settings::from_pairs(&[("profile", "alice")]);
        assert!(matches!(Choice::of(&flag), Choice::Named { ref name, .. } if name == "alice"));
        assert_eq!(Choice::of(&Settings::default()), Choice::Default);
        assert!(Choice::of(&flag).sources().contains("not the environment"));
    }

    #[test]
    fn credentials_errors_are_found_in_the_chain() {
        let err = aws_credential_types::provider::error::CredentialsError::provider_error(
            "request forbidden: IMDS",
        );
        assert!(is_credentials_failure(&err));
        let io = std::io::Error::other("connection refused");
        assert!(!is_credentials_failure(&io));
    }
}
