//! `iops.toml`: named environments, found in the current directory or its parents, or given by
//! `--config` / `IOPS_CONFIG`. Settings are layered: command-line flags beat environment variables
//! beat the file, and every effective value remembers where it came from (`iops config show`).
//!
//! One concern (~460 lines of code, the rest tests): the file format, the layering and the
//! validation of every value it can hold.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub const FILE_NAME: &str = "iops.toml";

/// The `[functions]` roles iops itself reads (`iops init` writes them; doctor, top and logs use
/// them). Another role still works as a name for `iops logs tail ROLE` and `--to lambda:ROLE`, but is
/// most likely a typo: it is warned about, not refused.
pub const FUNCTION_ROLES: [&str; 7] = [
    "connect",
    "disconnect",
    "default",
    "authorizer",
    "processor",
    "stream_processor",
    "simulator",
];

/// The file as written by users (or `iops init`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Environment used when neither `--env` nor `IOPS_ENV` is given.
    pub default_env: Option<String>,
    #[serde(default)]
    pub env: BTreeMap<String, EnvironmentFile>,
}

/// One named environment, e.g. `[env.dev]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentFile {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    pub api_id: Option<String>,
    pub stage: Option<String>,
    pub websocket_url: Option<String>,
    pub kinesis_stream: Option<String>,
    pub simulator_function: Option<String>,
    /// Where clients send their token: `query:NAME` (the default, `query:token`) or `header:NAME`.
    pub token_source: Option<String>,
    /// The line the `$connect` handler logs once a connection is stored (`iops top` counts
    /// them); `Connection stored` when unset.
    pub stored_pattern: Option<String>,
    #[serde(default)]
    pub tables: TablesFile,
    /// Role (connect, disconnect, default, authorizer, processor, stream_processor, simulator, …)
    /// to a function name or glob such as `*ConnectFunction*`.
    #[serde(default)]
    pub functions: BTreeMap<String, String>,
    /// Role (chat, dlq, …) to an SQS queue name, URL, ARN or name glob.
    #[serde(default)]
    pub queues: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TablesFile {
    pub connections: Option<String>,
    pub metrics: Option<String>,
}

impl EnvironmentFile {
    /// The environment as dotted keys, the same keys `iops config show` prints.
    fn entries(&self) -> Vec<(String, &str)> {
        let plain = [
            ("region", &self.region),
            ("profile", &self.profile),
            ("endpoint_url", &self.endpoint_url),
            ("api_id", &self.api_id),
            ("stage", &self.stage),
            ("websocket_url", &self.websocket_url),
            ("kinesis_stream", &self.kinesis_stream),
            ("simulator_function", &self.simulator_function),
            ("token_source", &self.token_source),
            ("stored_pattern", &self.stored_pattern),
            ("tables.connections", &self.tables.connections),
            ("tables.metrics", &self.tables.metrics),
        ];
        let mut entries: Vec<(String, &str)> = plain
            .into_iter()
            .filter_map(|(key, value)| value.as_deref().map(|v| (key.to_string(), v)))
            .collect();
        entries.extend(
            self.functions
                .iter()
                .map(|(role, name)| (format!("functions.{role}"), name.as_str())),
        );
        entries.extend(
            self.queues
                .iter()
                .map(|(role, name)| (format!("queues.{role}"), name.as_str())),
        );
        entries
    }
}

/// Where an effective setting came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Flag(String),
    Env(String),
    File {
        path: PathBuf,
        env: String,
    },
    /// The config file itself, found by searching upwards from the current directory.
    Search,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "flag {name}"),
            Source::Env(var) => write!(f, "environment {var}"),
            Source::File { path, env } => write!(f, "{} [env.{env}]", path.display()),
            Source::Search => write!(f, "found in the current directory or a parent"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub value: String,
    pub source: Source,
}

/// What the command line contributes before the file and environment are read.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config_path: Option<PathBuf>,
    pub env_name: Option<String>,
    /// Dotted key → (flag name, value), e.g. `region` → (`--region`, `eu-west-1`).
    pub flags: Vec<(&'static str, &'static str, String)>,
}

/// The merged, effective settings.
#[derive(Debug, Default)]
pub struct Settings {
    pub config_file: Option<Setting>,
    pub env_name: Option<Setting>,
    pub available_envs: Vec<String>,
    values: BTreeMap<String, Setting>,
}

/// Environment variables that set a key, in the order they are consulted.
const ENV_VARS: &[(&str, &[&str])] = &[
    ("profile", &["AWS_PROFILE"]),
    ("region", &["AWS_REGION", "AWS_DEFAULT_REGION"]),
    ("endpoint_url", &["AWS_ENDPOINT_URL"]),
];

impl Settings {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(|s| s.value.as_str())
    }

    /// Settings with the given values, as if each came from a flag.
    #[cfg(test)]
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Settings {
        let values = pairs
            .iter()
            .map(|(key, value)| {
                let setting = Setting {
                    value: value.to_string(),
                    source: Source::Flag(format!("--{key}")),
                };
                (key.to_string(), setting)
            })
            .collect();
        Settings {
            values,
            ..Settings::default()
        }
    }

    /// The value with its source.
    pub fn setting(&self, key: &str) -> Option<&Setting> {
        self.values.get(key)
    }

    pub fn entries(&self) -> impl Iterator<Item = (&String, &Setting)> {
        self.values.iter()
    }

    /// A function name or glob for a role such as `simulator`.
    pub fn function(&self, role: &str) -> Option<&str> {
        self.get(&format!("functions.{role}"))
    }

    /// Every configured function: (role, name or glob).
    pub fn functions(&self) -> Vec<(&str, &str)> {
        self.group("functions.")
    }

    /// Every configured queue: (role, name, URL, ARN or glob).
    pub fn queues(&self) -> Vec<(&str, &str)> {
        self.group("queues.")
    }

    fn group(&self, prefix: &str) -> Vec<(&str, &str)> {
        self.values
            .iter()
            .filter_map(|(key, setting)| {
                key.strip_prefix(prefix)
                    .map(|role| (role, setting.value.as_str()))
            })
            .collect()
    }

    /// Reads the file (if any), then layers environment variables and flags on top.
    pub fn resolve(
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings> {
        let mut settings = Settings::default();
        let config_file = locate(overrides, env)?;
        if let Some(located) = &config_file {
            let file = read_file(&located.value)?;
            settings.available_envs = file.env.keys().cloned().collect();
            settings.env_name = select_env(&file, overrides, env, &located.value)?;
            if let Some(name) = &settings.env_name {
                let chosen = &file.env[&name.value];
                if let Some(warning) =
                    unknown_roles_warning(chosen.functions.keys().map(String::as_str))
                {
                    warn_once(&format!(
                        "{} [env.{}]: {warning}",
                        located.value.display(),
                        name.value
                    ));
                }
                for (key, value) in chosen.entries() {
                    let source = Source::File {
                        path: located.value.clone(),
                        env: name.value.clone(),
                    };
                    settings.values.insert(
                        key,
                        Setting {
                            value: value.to_string(),
                            source,
                        },
                    );
                }
            }
        } else if let Some(name) = env_name_requested(overrides, env) {
            return Err(Error::usage(format!(
                "environment '{}' requested by {} but no {FILE_NAME} was found in this directory or its parents\n  hint: run `iops init` or pass --config PATH",
                name.value, name.source
            )));
        }
        settings.config_file = config_file.map(|s| Setting {
            value: s.value.display().to_string(),
            source: s.source,
        });
        settings.layer_env_and_flags(overrides, env);
        settings.validate()?;
        Ok(settings)
    }

    /// Values that would otherwise fail late, at the first AWS call, fail here with their source.
    fn validate(&self) -> Result<()> {
        for (key, setting) in &self.values {
            if setting.value.trim().is_empty() && !matches!(setting.source, Source::Env(_)) {
                return Err(Error::usage(format!(
                    "{key} (from {}) is empty: give it a value or remove it",
                    setting.source
                )));
            }
        }
        if let Some(region) = self.setting("region")
            && !region
                .value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(Error::usage(format!(
                "region (from {}): '{}' is not a region name; use e.g. us-east-1",
                region.source, region.value
            )));
        }
        if let Some(endpoint) = self.setting("endpoint_url") {
            check_endpoint_url(&endpoint.value).map_err(|reason| {
                Error::usage(format!("endpoint_url (from {}): {reason}", endpoint.source))
            })?;
        }
        Ok(())
    }

    /// Environment variables and flags only, for commands that write the file (`iops init`).
    /// The file and environment names still come from `--config`/`IOPS_CONFIG` and
    /// `--env`/`IOPS_ENV`, as for every other command: they say where to write.
    pub fn without_file(
        overrides: &Overrides,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Settings> {
        let mut settings = Settings {
            env_name: env_name_requested(overrides, env),
            config_file: match (&overrides.config_path, env("IOPS_CONFIG")) {
                (Some(path), _) => Some(Setting {
                    value: path.display().to_string(),
                    source: Source::Flag("--config".into()),
                }),
                (None, Some(path)) => Some(Setting {
                    value: path,
                    source: Source::Env("IOPS_CONFIG".into()),
                }),
                (None, None) => None,
            },
            ..Settings::default()
        };
        settings.layer_env_and_flags(overrides, env);
        settings.validate()?;
        Ok(settings)
    }

    fn layer_env_and_flags(&mut self, overrides: &Overrides, env: &dyn Fn(&str) -> Option<String>) {
        let settings = self;
        for (key, vars) in ENV_VARS {
            if let Some((var, value)) = vars.iter().find_map(|v| env(v).map(|value| (*v, value))) {
                settings.values.insert(
                    key.to_string(),
                    Setting {
                        value,
                        source: Source::Env(var.to_string()),
                    },
                );
            }
        }
        for (key, flag, value) in &overrides.flags {
            settings.values.insert(
                key.to_string(),
                Setting {
                    value: value.clone(),
                    source: Source::Flag(flag.to_string()),
                },
            );
        }
    }
}

/// The warning for `[functions]` roles iops does not know (`conect`), with the closest known
/// role when one is a letter or two away; None when every role is known.
fn unknown_roles_warning<'a>(roles: impl Iterator<Item = &'a str>) -> Option<String> {
    let unknown: Vec<String> = roles
        .filter(|role| !FUNCTION_ROLES.contains(role))
        .map(|role| {
            match FUNCTION_ROLES
                .iter()
                .map(|known| (edit_distance(role, known), known))
                .min()
            {
                Some((distance, known)) if distance <= 2 => {
                    format!("'{role}' (did you mean '{known}'?)")
                }
                _ => format!("'{role}'"),
            }
        })
        .collect();
    if unknown.is_empty() {
        return None;
    }
    Some(format!(
        "unknown [functions] role {}: iops reads {} (other roles only name functions for `iops logs tail ROLE` and `--to lambda:ROLE`)",
        unknown.join(", "),
        FUNCTION_ROLES.join(", ")
    ))
}

/// Levenshtein distance (insertions, deletions, substitutions), for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// A warning about the file, printed once per run however often the file is read.
fn warn_once(message: &str) {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        crate::output::notice(format!("warning: {message}"));
    }
}

/// A name that must not be empty or blank (tables, fields, stacks, parameters): caught here
/// rather than sent to AWS as a ValidationException.
pub fn parse_name(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("the name is empty".into());
    }
    if text.contains(char::is_control) {
        return Err(format!(
            "'{}' contains a control character",
            text.escape_debug()
        ));
    }
    Ok(text.to_string())
}

/// An endpoint URL the SDK can use: http or https, with a host.
pub fn check_endpoint_url(text: &str) -> Result<(), String> {
    let url = url::Url::parse(text)
        .map_err(|e| format!("'{text}' is not a URL ({e}); use e.g. http://127.0.0.1:5000"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "'{text}' is not an http:// or https:// URL with a host (e.g. http://127.0.0.1:5000)"
        ));
    }
    if url.port() == Some(0) {
        return Err(format!("'{text}': port 0 is not a port to connect to"));
    }
    Ok(())
}

struct Located<T> {
    value: T,
    source: Source,
}

fn locate(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Located<PathBuf>>> {
    let explicit = match (&overrides.config_path, env("IOPS_CONFIG")) {
        (Some(path), _) => Some((path.clone(), Source::Flag("--config".into()))),
        (None, Some(path)) => Some((PathBuf::from(path), Source::Env("IOPS_CONFIG".into()))),
        (None, None) => None,
    };
    if let Some((path, source)) = explicit {
        if path.is_dir() {
            return Err(Error::usage(format!(
                "config file {} (from {source}) is a directory: name the file, e.g. {}",
                path.display(),
                path.join(FILE_NAME).display()
            )));
        }
        if !path.is_file() {
            return Err(Error::usage(format!(
                "config file {} (from {source}) does not exist",
                path.display()
            )));
        }
        return Ok(Some(Located {
            value: path,
            source,
        }));
    }
    let cwd = std::env::current_dir()
        .map_err(|e| Error::Io(format!("cannot read the current directory: {e}")))?;
    Ok(find_upwards(&cwd).map(|path| Located {
        value: path,
        source: Source::Search,
    }))
}

fn find_upwards(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

fn read_file(path: &Path) -> Result<ConfigFile> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::usage(format!("cannot read config file {}: {e}", path.display())))?;
    toml::from_str(&text)
        .map_err(|e| Error::usage(format!("invalid config file {}: {e}", path.display())))
}

fn env_name_requested(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<Setting> {
    match (&overrides.env_name, env("IOPS_ENV")) {
        (Some(name), _) => Some(Setting {
            value: name.clone(),
            source: Source::Flag("--env".into()),
        }),
        (None, Some(name)) => Some(Setting {
            value: name,
            source: Source::Env("IOPS_ENV".into()),
        }),
        (None, None) => None,
    }
}

/// `--env` beats `IOPS_ENV` beats the file's `default_env`; a file with exactly one environment
/// needs no selection at all.
fn select_env(
    file: &ConfigFile,
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    path: &Path,
) -> Result<Option<Setting>> {
    let file_source = |name: &str| Source::File {
        path: path.to_path_buf(),
        env: name.to_string(),
    };
    let chosen = env_name_requested(overrides, env)
        .or_else(|| {
            file.default_env.as_ref().map(|name| Setting {
                value: name.clone(),
                source: file_source(name),
            })
        })
        .or_else(|| {
            (file.env.len() == 1).then(|| {
                let name = file.env.keys().next().expect("one environment");
                Setting {
                    value: name.clone(),
                    source: file_source(name),
                }
            })
        });
    match chosen {
        Some(setting) if !file.env.contains_key(&setting.value) => {
            let known: Vec<&str> = file.env.keys().map(String::as_str).collect();
            Err(Error::usage(format!(
                "environment '{}' (from {}) is not defined in {}; defined: {}",
                setting.value,
                setting.source,
                path.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )))
        }
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_config(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join(FILE_NAME);
        std::fs::write(&path, text).unwrap();
        path
    }

    const SAMPLE: &str = r#"
default_env = "dev"
[env.dev]
region = "us-east-1"
kinesis_stream = "iops-events"
[env.dev.tables]
metrics = "iops-dashboard-metrics"
[env.dev.functions]
connect = "*ConnectFunction*"
[env.prod]
region = "eu-west-1"
"#;

    #[test]
    fn flags_beat_environment_beat_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_config(dir.path(), SAMPLE);
        let overrides = Overrides {
            config_path: Some(path.clone()),
            ..Default::default()
        };
        let from_file = Settings::resolve(&overrides, &|_| None).unwrap();
        assert_eq!(from_file.get("region"), Some("us-east-1"));
        assert_eq!(
            from_file.get("tables.metrics"),
            Some("iops-dashboard-metrics")
        );
        assert_eq!(from_file.function("connect"), Some("*ConnectFunction*"));

        let env = |var: &str| (var == "AWS_REGION").then(|| "ap-south-1".to_string());
        let from_env = Settings::resolve(&overrides, &env).unwrap();
        assert_eq!(from_env.get("region"), Some("ap-south-1"));
        assert_eq!(
            from_env.values["region"].source,
            Source::Env("AWS_REGION".into())
        );

        let with_flag = Overrides {
            flags: vec![("region", "--region", "sa-east-1".into())],
            ..overrides
        };
        let from_flag = Settings::resolve(&with_flag, &env).unwrap();
        assert_eq!(from_flag.get("region"), Some("sa-east-1"));
        assert_eq!(
            from_flag.values["region"].source,
            Source::Flag("--region".into())
        );
    }

    #[test]
    fn an_empty_or_malformed_region_names_the_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        for (text, expected) in [
            ("[env.dev]\nregion = \"\"\n", "region (from"),
            ("[env.dev]\nregion = \"us east 1\"\n", "not a region name"),
            ("[env.dev]\nstage = \"  \"\n", "stage (from"),
        ] {
            let path = write_config(dir.path(), text);
            let overrides = Overrides {
                config_path: Some(path.clone()),
                ..Default::default()
            };
            let err = Settings::resolve(&overrides, &|_| None).unwrap_err();
            assert_eq!(err.exit_code(), crate::error::ExitCode::Usage);
            let message = err.to_string();
            assert!(
                message.contains(expected) && message.contains("iops.toml [env.dev]"),
                "{message}"
            );
        }
        // An empty variable in the environment is simply unset.
        let path = write_config(dir.path(), SAMPLE);
        let overrides = Overrides {
            config_path: Some(path),
            ..Default::default()
        };
        let env = |var: &str| (var == "AWS_PROFILE").then(String::new);
        assert!(Settings::resolve(&overrides, &env).is_ok());
    }

    #[test]
    fn env_selection_and_unknown_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_config(dir.path(), SAMPLE);
        let overrides = Overrides {
            config_path: Some(path),
            env_name: Some("prod".into()),
            ..Default::default()
        };
        let settings = Settings::resolve(&overrides, &|_| None).unwrap();
        assert_eq!(settings.get("region"), Some("eu-west-1"));
        assert_eq!(settings.get("kinesis_stream"), None);

        let bad = Overrides {
            env_name: Some("staging".into()),
            ..overrides
        };
        let err = Settings::resolve(&bad, &|_| None).unwrap_err();
        assert!(
            matches!(err, Error::Usage(ref m) if m.contains("staging") && m.contains("dev, prod")),
            "{err}"
        );
    }

    #[test]
    fn unknown_function_roles_are_named_with_the_known_ones() {
        assert_eq!(unknown_roles_warning(FUNCTION_ROLES.into_iter()), None);
        let warning = unknown_roles_warning(["connect", "conect", "chat_worker"].into_iter())
            .expect("a warning");
        assert!(
            warning.starts_with(
                "unknown [functions] role 'conect' (did you mean 'connect'?), 'chat_worker':"
            ),
            "{warning}"
        );
        assert!(warning.contains(&FUNCTION_ROLES.join(", ")), "{warning}");
        assert_eq!(edit_distance("conect", "connect"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("proccesor", "processor"), 2);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_config(dir.path(), "[env.dev]\nregoin = \"x\"\n");
        let overrides = Overrides {
            config_path: Some(path),
            ..Default::default()
        };
        let err = Settings::resolve(&overrides, &|_| None).unwrap_err();
        assert!(
            matches!(err, Error::Usage(ref m) if m.contains("regoin")),
            "{err}"
        );
    }

    #[test]
    fn found_in_a_parent_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_config(dir.path(), SAMPLE);
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        assert_eq!(find_upwards(&nested), Some(path));
    }
}
