//! Command-line definitions. Each command family keeps its own `Args` in its module; this file
//! holds the global options and the command tree, which also feed `--help` and the completions.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::error::EXIT_CODES_HELP;
use crate::output::{ColorChoice, Format};

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
    #[arg(long, global = true, value_name = "DURATION", env = "IOPS_GIVE_UP_AFTER", default_value = "30s", value_parser = crate::timespec::parse_duration)]
    pub give_up_after: std::time::Duration,
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
    Connections(crate::table::connections::ConnectionsArgs),

    /// The metrics table, with null or missing metrics flagged
    Metrics(crate::table::metrics::MetricsArgs),

    /// API Gateway deployments: which one each stage serves, create, activate safely, roll back
    Deploy(crate::deploy::DeployArgs),

    /// WebSocket probe: time every phase and explain the close code
    Ws(crate::ws::WsArgs),

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
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the merged settings (flags > environment > iops.toml) and their sources
    Show,
}
