//! iops: parse, build the context, dispatch, and map the result to an exit code.

mod args;
mod aws;
mod cli;
mod cloudwatch;
mod config;
mod config_show;
mod connections;
mod context;
mod deploy;
mod doctor;
mod error;
mod glob;
mod init;
mod interrupt;
mod logs;
mod management;
mod output;
mod percentile;
#[cfg(test)]
mod properties;
mod queue;
mod ratelimit;
mod redact;
mod report;
mod retry;
mod secret;
mod simulate;
#[cfg(test)]
mod sources;
mod stdio;
mod table;
mod target;
mod timespec;
mod top;
mod ws;

use std::io::Write;

use clap::{CommandFactory, Parser};

use cli::{Cli, Command, ConfigCommand};
use context::Context;
use error::{Error, ExitCode, Result};

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Ok
            }
            .into();
        }
    };
    init_tracing(cli.global.verbose, cli.global.quiet);
    if stdio::stdout_was_closed() {
        error::report(&Error::Io(
            "stdout is closed (>&-): nothing iops prints could be written; redirect it to a file or /dev/null instead".into(),
        ));
        return ExitCode::Failed.into();
    }
    retry::set_give_up_after(cli.global.give_up_after);
    let mut builder = match &cli.command {
        Command::Ws(ws) if ws.is_single_connection() => {
            tokio::runtime::Builder::new_current_thread()
        }
        _ => tokio::runtime::Builder::new_multi_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            error::report(&Error::Io(format!("cannot start the async runtime: {err}")));
            return ExitCode::Failed.into();
        }
    };
    let result = runtime.block_on(async {
        interrupt::install();
        run(cli).await
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result {
        Ok(()) => ExitCode::Ok.into(),
        Err(err) => {
            error::report(&err);
            err.exit_code().into()
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    // init writes the file the other commands read, so it does not need (or want) one.
    if let Command::Init(args) = cli.command {
        return init::run(&cli.global.overrides(), cli.global.output(), args).await;
    }
    let ctx = Context::new(&cli.global.overrides(), cli.global.output())?;
    match cli.command {
        Command::Simulate(args) => simulate::run(&ctx, args).await,
        Command::Logs(args) => logs::run(&ctx, args).await,
        Command::Table(args) => table::run(&ctx, args).await,
        Command::Connections(args) => connections::run(&ctx, args).await,
        Command::Metrics(args) => table::metrics::run(&ctx, args).await,
        Command::Deploy(args) => deploy::run(&ctx, args).await,
        Command::Ws(args) => ws::run(&ctx, args).await,
        Command::Doctor(args) => doctor::run(&ctx, args).await,
        Command::Queue(args) => queue::run(&ctx, args).await,
        Command::Top(args) => top::run(&ctx, args).await,
        Command::Report(args) => report::run(&ctx, args).await,
        Command::Init(_) => unreachable!("handled above"),
        Command::Config(ConfigCommand::Show) => config_show::run(&ctx).await,
        Command::Completions { shell } => print_completions(shell),
        Command::Man { dir } => write_man_pages(&dir),
    }
}

/// One page per command, named as `man` finds them: `iops.1`, `iops-logs.1`, `iops-logs-tail.1`.
fn write_man_pages(dir: &std::path::Path) -> Result<()> {
    fn write(dir: &std::path::Path, command: clap::Command, name: String) -> Result<()> {
        // clap keeps names as `&'static str`; this runs once per page, in a one-shot command.
        let static_name: &'static str = Box::leak(name.clone().into_boxed_str());
        let command = command.name(static_name).bin_name(name.replace('-', " "));
        let mut page = Vec::new();
        clap_mangen::Man::new(command.clone())
            .render(&mut page)
            .map_err(|e| Error::Io(format!("cannot render the {name} man page: {e}")))?;
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, page)
            .map_err(|e| Error::Io(format!("cannot write {}: {e}", path.display())))?;
        for sub in command
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            write(dir, sub.clone(), format!("{name}-{}", sub.get_name()))?;
        }
        Ok(())
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    let mut command = Cli::command();
    command.build();
    write(dir, command, "iops".into())
}

fn print_completions(shell: clap_complete::Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "iops", &mut script);
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&script)
        .and_then(|()| stdout.flush())
        .map_err(Error::from_output)
}

/// `-v`: iops at info; `-vv`: iops at debug, which logs every AWS request; `-vvv`: everything.
fn init_tracing(verbose: u8, quiet: bool) {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let filter = match (quiet, verbose) {
        (true, _) => Targets::new().with_target("iops", LevelFilter::ERROR),
        (false, 0) => Targets::new().with_target("iops", LevelFilter::WARN),
        (false, 1) => Targets::new().with_target("iops", LevelFilter::INFO),
        (false, 2) => Targets::new()
            .with_target("iops", LevelFilter::DEBUG)
            .with_target("aws_config", LevelFilter::INFO),
        (false, _) => Targets::new().with_default(LevelFilter::TRACE),
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none(),
        );
    tracing_subscriber::registry()
        .with(layer.with_filter(filter))
        .init();
}
