//! Command-line definitions. Each command family keeps its own `Args` in its module; this file
//! holds the global options and the command tree, which also feed `--help` and the completions.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::config::Overrides;
use crate::error::EXIT_CODES_HELP;
use crate::output::{ColorChoice, Format, Output};

#[derive(Debug, Parser)]
#[command(
    name = "iops",
    version,
    about = "Operations and diagnostics for serverless real-time systems on AWS",
    long_about = "Operations and diagnostics for serverless real-time systems on AWS: API Gateway \
WebSocket APIs, the Lambda functions behind them, their DynamoDB tables, Kinesis streams and logs.",
    after_help = EXIT_CODES_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// AWS profile [env: AWS_PROFILE; iops.toml: profile]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// AWS region [env: AWS_REGION; iops.toml: region]
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,

    /// Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]
    #[arg(long, global = true, value_name = "URL", value_parser = parse_endpoint)]
    pub endpoint_url: Option<String>,

    /// Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Environment from the config file [env: IOPS_ENV]
    #[arg(long = "env", global = true, value_name = "NAME")]
    pub env_name: Option<String>,

    /// Output format [default: table on a terminal, ndjson otherwise]
    #[arg(short, long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,

    /// When to use color (NO_COLOR is honoured in auto)
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorChoice,

    /// More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Only errors on stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds
    #[arg(long, global = true, value_name = "DURATION", env = "IOPS_GIVE_UP_AFTER", hide_env_values = true, default_value = "30s", value_parser = crate::timespec::parse_duration)]
    pub give_up_after: std::time::Duration,
}

impl GlobalArgs {
    /// The flags that override the environment and the config file.
    pub fn overrides(&self) -> Overrides {
        let flags = [
            ("profile", "--profile", &self.profile),
            ("region", "--region", &self.region),
            ("endpoint_url", "--endpoint-url", &self.endpoint_url),
        ];
        Overrides {
            config_path: self.config.clone(),
            env_name: self.env_name.clone(),
            flags: flags
                .into_iter()
                .filter_map(|(key, flag, value)| value.clone().map(|v| (key, flag, v)))
                .collect(),
        }
    }

    pub fn output(&self) -> Output {
        Output::new(self.output, self.color, self.quiet)
    }
}

fn parse_endpoint(text: &str) -> Result<String, String> {
    crate::config::check_endpoint_url(text)?;
    Ok(text.trim_end_matches('/').to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda
    Simulate(crate::simulate::SimulateArgs),

    /// Tail, grep, count and summarise Lambda logs across many functions at once
    Logs(crate::logs::LogsArgs),

    /// Scan (exactly, in parallel, in constant memory) and describe DynamoDB tables
    Table(crate::table::TableArgs),

    /// The WebSocket connections table: list, count, show, prune gone connections
    Connections(crate::connections::ConnectionsArgs),

    /// The metrics table, with null or missing metrics flagged
    Metrics(crate::table::metrics::MetricsArgs),

    /// API Gateway deployments: which one each stage serves, create, activate safely, roll back
    Deploy(crate::deploy::DeployArgs),

    /// WebSocket probe: time every phase and explain the close code
    Ws(crate::ws::WsArgs),

    /// SQS queues: backlog, oldest message, dead-letter queue, consumers; peek without consuming
    Queue(crate::queue::QueueArgs),

    /// The whole stack live: API, functions, pipeline; --once for the window report, --check for cron
    Top(crate::top::TopArgs),

    /// One self-contained HTML page (or JSON) of an incident window, a `top` recording or a load run
    Report(crate::report::ReportArgs),

    /// Find a stack's parts in CloudFormation and write them to iops.toml (or write a template)
    Init(crate::init::InitArgs),

    /// Run the whole troubleshooting checklist: access, routes, deployment, probe, records, logs, data, pipeline
    Doctor(crate::doctor::DoctorArgs),

    /// Show the effective configuration and where each value came from
    #[command(subcommand)]
    Config(ConfigCommand),

    /// Print a shell completion script
    Completions {
        /// Shell to generate for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Write the man pages (iops.1, iops-logs-tail.1, …) into DIR (for packagers; man/ is committed)
    #[command(hide = true)]
    Man {
        /// Directory to write the pages to
        #[arg(value_name = "DIR")]
        dir: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the merged settings (flags > environment > iops.toml) and their sources
    Show,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::Cli;

    #[test]
    fn the_command_tree_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Shell words of one command line: quotes grouped, a trailing `# comment` dropped.
    fn words(line: &str) -> Vec<String> {
        let (mut words, mut word, mut quote, mut in_word) =
            (Vec::new(), String::new(), None, false);
        for c in line.chars() {
            match (quote, c) {
                (None, '#') if !in_word => break,
                (None, '\'' | '"') => {
                    quote = Some(c);
                    in_word = true;
                }
                (Some(q), c) if c == q => quote = None,
                (None, c) if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                (_, c) => {
                    word.push(c);
                    in_word = true;
                }
            }
        }
        if in_word {
            words.push(word);
        }
        words
    }

    /// Every `iops …` command in a text: each command of a line split at `|`, `;`, `&&`, `>`.
    fn commands<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
        let mut found = Vec::new();
        for line in lines {
            let line = line.trim().trim_start_matches("$ ");
            for part in line
                .split(['|', ';', '`', '>', '(', ')'])
                .flat_map(|p| p.split("&&"))
            {
                let part = part.trim().trim_start_matches("next: ");
                // `iops probe done` (a close reason) is not a command: the family must exist.
                let family = part.split_whitespace().nth(1).unwrap_or_default();
                let known = Cli::command()
                    .get_subcommands()
                    .any(|c| c.get_name() == family);
                if part.starts_with("iops ") && known && !part.contains('…') {
                    found.push(part.to_string());
                }
            }
        }
        found
    }

    /// The README's shell blocks, continuation lines joined.
    fn readme_commands() -> Vec<String> {
        let readme = include_str!("../README.md").replace("\\\n", " ");
        let mut in_block = false;
        let lines = readme.lines().filter(|line| {
            if line.starts_with("```") {
                in_block = line.starts_with("```sh") || line.starts_with("```bash");
                return false;
            }
            in_block
        });
        commands(lines)
    }

    /// `iops …` inside the string literals of the sources: hints and `next:` lines.
    fn hint_commands() -> Vec<(String, String)> {
        let literal = regex::Regex::new(r#""((?:[^"\\\n]|\\.)*)""#).unwrap();
        let placeholder = regex::Regex::new(r"\{[a-z_.0-9:?]*\}").unwrap();
        let mut found = Vec::new();
        for (path, text) in crate::sources::rust_files() {
            if path.ends_with("cli.rs") {
                continue;
            }
            for capture in literal.captures_iter(&text) {
                // `{function}` in a format string becomes a plausible value.
                let hint = placeholder
                    .replace_all(
                        &capture[1],
                        |c: &regex::Captures| {
                            if c[0].contains("since") { "5m" } else { "x" }
                        },
                    )
                    .replace("\\\"", "\"");
                for command in commands(hint.lines()) {
                    found.push((path.display().to_string(), command));
                }
            }
        }
        found
    }

    #[test]
    fn every_example_and_hint_is_a_command_that_parses() {
        use clap::error::ErrorKind;
        let readme = readme_commands()
            .into_iter()
            .map(|c| ("README.md".to_string(), c));
        let all: Vec<(String, String)> = readme.chain(hint_commands()).collect();
        let failures: Vec<String> = all
            .iter()
            .filter_map(|(file, command)| {
                let err = Cli::try_parse_from(words(command)).err()?;
                // A bare `iops logs` names a command family; it is not a command to run.
                let mention = matches!(
                    err.kind(),
                    ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                );
                let first = err
                    .to_string()
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                (!mention).then(|| format!("{file}: {command}\n  {first}"))
            })
            .collect();
        assert!(
            all.len() >= 60,
            "only {} commands found: is the extraction broken?",
            all.len()
        );
        assert!(
            failures.is_empty(),
            "{} of {} do not parse:\n{}",
            failures.len(),
            all.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn a_hint_that_does_not_parse_is_caught() {
        let args = words("iops logs tail connect --since 5m --grep -i error");
        assert!(Cli::try_parse_from(&args).is_err());
        assert_eq!(
            words("iops ws probe 'ws://h/?a=1 b' # note"),
            ["iops", "ws", "probe", "ws://h/?a=1 b"]
        );
    }
}
