//! The logs check: recent ERROR and timeout lines in every configured function, and whether the
//! `$connect`/`$disconnect` handlers logged the probe's own connection.

use jiff::Timestamp;

use crate::args::Time;
use crate::context::Context;
use crate::doctor::{Check, CheckName, DoctorArgs, Status, first_line};
use crate::error::Result;
use crate::logs;
use crate::logs::fetch::{NO_LOG_GROUP, Query, TargetState};
use crate::logs::targets::{self, LogTarget};

/// Function roles whose recent errors the logs check counts: every role iops reads.
const LOG_ROLES: [&str; 7] = crate::config::FUNCTION_ROLES;

/// What the logs said.
#[derive(Debug, Default)]
pub struct Evidence {
    /// No role in LOG_ROLES is configured.
    unconfigured: bool,
    /// Roles whose functions have no log group, with why.
    unresolved: Vec<String>,
    /// Per function over the window: (function, errors, timeouts).
    errors: Vec<(String, u64, u64)>,
    /// Roles whose function has no log group yet (never invoked, or may not log).
    no_log_group: Vec<String>,
    /// Roles whose logs could not be read, with why.
    failed: Vec<(String, String)>,
    /// Lines the connect/disconnect handlers logged since the probe connected: (role, lines).
    handlers: Vec<(String, u64)>,
    connection_id: Option<String>,
    seconds_since_probe: i64,
}

pub async fn check(
    ctx: &Context,
    args: &DoctorArgs,
    connected: bool,
    connection_id: Option<&str>,
    probe_start_ms: i64,
) -> Check {
    match gather(ctx, args, connected, connection_id, probe_start_ms).await {
        Ok(evidence) => judge(&args.since, &evidence),
        Err(err) => Check::from_error(CheckName::Logs, &err),
    }
}

async fn gather(
    ctx: &Context,
    args: &DoctorArgs,
    connected: bool,
    connection_id: Option<&str>,
    probe_start_ms: i64,
) -> Result<Evidence> {
    let (targets, unresolved) = resolve_roles(ctx, &LOG_ROLES).await;
    let mut evidence = Evidence {
        unconfigured: targets.is_empty() && unresolved.is_empty(),
        unresolved,
        connection_id: connection_id.map(str::to_string),
        ..Evidence::default()
    };
    if evidence.unconfigured || !evidence.unresolved.is_empty() {
        return Ok(evidence);
    }
    // Only error and timeout lines travel: a busy function's 15 minutes of logs stay on AWS.
    let window = Query {
        start_ms: args.since.as_millis().min(probe_start_ms),
        filter_pattern: Some(logs::ERROR_PATTERN.into()),
        ..Query::default()
    };
    let summary = logs::summarize(ctx, &targets, &window).await?;
    for (record, state) in summary.values.into_iter().zip(summary.states) {
        match state {
            TargetState::NoLogGroup => evidence.no_log_group.push(record.function),
            TargetState::Failed(why) => evidence.failed.push((record.function, why)),
            TargetState::Read => {
                evidence
                    .errors
                    .push((record.function, record.errors, record.timeouts))
            }
        }
    }
    let handlers: Vec<LogTarget> = targets
        .into_iter()
        .filter(|t| connected && (t.label == "connect" || t.label == "disconnect"))
        .collect();
    if !handlers.is_empty() {
        let probe_window = Query {
            start_ms: probe_start_ms - 1000,
            filter_pattern: connection_id.map(|id| format!("\"{id}\"")),
            ..Query::default()
        };
        let counts = logs::count(ctx, &handlers, &probe_window).await?.values;
        evidence.handlers = handlers.into_iter().map(|t| t.label).zip(counts).collect();
    }
    evidence.seconds_since_probe = (Timestamp::now().as_millisecond() - probe_start_ms) / 1000;
    Ok(evidence)
}

/// The configured roles' log groups, labelled by role, and the roles that matched nothing.
async fn resolve_roles(ctx: &Context, roles: &[&str]) -> (Vec<LogTarget>, Vec<String>) {
    let roles: Vec<String> = roles
        .iter()
        .filter(|role| ctx.settings.function(role).is_some())
        .map(|role| role.to_string())
        .collect();
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    let resolved = match targets::resolve_each(ctx, &roles).await {
        Ok(resolved) => resolved,
        Err(err) => return (found, vec![first_line(&err)]),
    };
    for (role, targets) in roles.iter().zip(resolved) {
        match targets {
            Ok(targets) => found.extend(targets.into_iter().map(|t| LogTarget {
                label: role.clone(),
                ..t
            })),
            Err(err) => problems.push(format!("{role}: {}", first_line(&err))),
        }
    }
    (found, problems)
}

fn plural(n: u64, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The functions whose logs were not read, and why: `authorizer (no log group yet: …)`.
fn not_read(e: &Evidence) -> Vec<String> {
    let mut parts = Vec::new();
    if !e.no_log_group.is_empty() {
        parts.push(format!("{} ({NO_LOG_GROUP})", e.no_log_group.join(", ")));
    }
    parts.extend(e.failed.iter().map(|(f, why)| format!("{f} ({why})")));
    parts
}

/// `; not read: authorizer (no log group yet: …)` when some function's logs were not read.
fn not_read_note(e: &Evidence) -> String {
    match not_read(e) {
        parts if parts.is_empty() => String::new(),
        parts => format!("; not read: {}", parts.join("; ")),
    }
}

fn judge(since: &Time, e: &Evidence) -> Check {
    let name = CheckName::Logs;
    if e.unconfigured {
        return Check::unconfigured(name, "functions.connect (and the other roles)");
    }
    if !e.unresolved.is_empty() {
        return Check::with(
            name,
            Status::Fail,
            format!("no log group for {}", e.unresolved.join("; ")),
            "iops logs groups; check [functions] in iops.toml",
        );
    }
    let window = since.describe();
    let troubled: Vec<&(String, u64, u64)> = e
        .errors
        .iter()
        .filter(|(_, errors, timeouts)| errors + timeouts > 0)
        .collect();
    if !troubled.is_empty() {
        let lines: Vec<String> = troubled
            .iter()
            .map(|(f, errors, timeouts)| {
                format!(
                    "{f}: {}, {}",
                    plural(*errors, "error"),
                    plural(*timeouts, "timeout")
                )
            })
            .collect();
        let names: Vec<&str> = troubled.iter().map(|(f, _, _)| f.as_str()).collect();
        return Check::with(
            name,
            Status::Fail,
            format!("in {window}: {}{}", lines.join("; "), not_read_note(e)),
            format!(
                "iops logs tail {names} --since {since} --grep 'ERROR|Task timed out'",
                names = names.join(" "),
                since = since.text()
            ),
        );
    }
    // "No ERROR in 0 functions" is not a pass: nothing was looked at.
    if e.errors.is_empty() {
        return Check::with(
            name,
            Status::Warn,
            format!(
                "no function's logs could be read, so none was checked for errors: {}",
                not_read(e).join("; ")
            ),
            "invoke each function once (`iops ws probe` runs connect and disconnect), or let its role write logs (logs:CreateLogStream, logs:PutLogEvents); `iops logs groups` lists what exists",
        );
    }
    let mut read: Vec<&str> = e.errors.iter().map(|(f, _, _)| f.as_str()).collect();
    // A role's glob may match several functions: its name once.
    read.dedup();
    let quiet = format!(
        "no ERROR or timeout in {} ({}) in {window}{}",
        plural(e.errors.len() as u64, "function"),
        read.join(", "),
        not_read_note(e)
    );
    if !e.failed.is_empty() {
        let names: Vec<&str> = e.failed.iter().map(|(f, _)| f.as_str()).collect();
        return Check::with(
            name,
            Status::Warn,
            quiet,
            format!("iops logs tail {} --since 5m -v", names.join(" ")),
        );
    }
    if e.handlers.is_empty() {
        return Check::pass(name, quiet);
    }
    let about = e
        .connection_id
        .as_ref()
        .map_or(String::new(), |id| format!(" about {id}"));
    let roles = |heard: bool| {
        e.handlers
            .iter()
            .filter(|(_, n)| (*n > 0) == heard)
            .map(|(role, _)| role.as_str())
            .collect::<Vec<_>>()
    };
    let (heard, silent) = (roles(true), roles(false));
    if silent.is_empty() {
        return Check::pass(
            name,
            format!(
                "{} logged the probe's connection{about}; {quiet}",
                heard.join(" and ")
            ),
        );
    }
    Check::with(
        name,
        Status::Warn,
        format!(
            "{} logged nothing{about} in the {} s since the probe connected (CloudWatch delivery can lag ~10 s; a handler that never runs logs nothing); {quiet}",
            silent.join(" and "),
            e.seconds_since_probe
        ),
        format!("iops logs tail {} --since 5m", silent.join(" ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn since() -> Time {
        Time::parse("15m").unwrap()
    }

    fn evidence(errors: &[(&str, u64, u64)], handlers: &[(&str, u64)]) -> Evidence {
        Evidence {
            errors: errors
                .iter()
                .map(|(f, e, t)| (f.to_string(), *e, *t))
                .collect(),
            handlers: handlers.iter().map(|(r, n)| (r.to_string(), *n)).collect(),
            connection_id: Some("abc=".into()),
            seconds_since_probe: 7,
            ..Evidence::default()
        }
    }

    #[test]
    fn errors_fail_naming_each_function_and_the_command_that_shows_them() {
        let check = judge(
            &since(),
            &evidence(
                &[("Connect", 2, 0), ("Processor", 0, 1), ("Quiet", 0, 0)],
                &[],
            ),
        );
        assert_eq!(check.status, Status::Fail);
        assert_eq!(
            check.evidence,
            "in the last 15m: Connect: 2 errors, 0 timeouts; Processor: 0 errors, 1 timeout"
        );
        assert_eq!(
            check.next.as_deref(),
            Some("iops logs tail Connect Processor --since 15m --grep 'ERROR|Task timed out'")
        );
    }

    #[test]
    fn quiet_logs_and_heard_handlers_pass() {
        let check = judge(
            &since(),
            &evidence(&[("Connect", 0, 0)], &[("connect", 1), ("disconnect", 2)]),
        );
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "connect and disconnect logged the probe's connection about abc=; no ERROR or timeout in 1 function (Connect) in the last 15m"
        );
    }

    #[test]
    fn a_silent_handler_warns_and_says_delivery_may_lag() {
        let check = judge(
            &since(),
            &evidence(&[("Connect", 0, 0)], &[("connect", 3), ("disconnect", 0)]),
        );
        assert_eq!(check.status, Status::Warn);
        assert!(
            check
                .evidence
                .starts_with("disconnect logged nothing about abc= in the 7 s")
        );
        assert_eq!(
            check.next.as_deref(),
            Some("iops logs tail disconnect --since 5m")
        );
    }

    #[test]
    fn a_function_without_a_log_group_is_named_as_not_read() {
        let mut e = evidence(&[("connect", 0, 0)], &[]);
        e.no_log_group = vec!["authorizer".into()];
        let check = judge(&since(), &e);
        assert_eq!(check.status, Status::Pass);
        assert_eq!(
            check.evidence,
            "no ERROR or timeout in 1 function (connect) in the last 15m; not read: authorizer (no log group yet: never invoked or no permission to log)"
        );
    }

    #[test]
    fn no_function_read_is_a_warning_naming_them_not_a_pass() {
        let mut e = evidence(&[], &[]);
        e.no_log_group = vec!["connect".into(), "disconnect".into()];
        e.failed = vec![("processor".into(), "AccessDeniedException: no".into())];
        let check = judge(&since(), &e);
        assert_eq!(check.status, Status::Warn);
        assert_eq!(
            check.evidence,
            "no function's logs could be read, so none was checked for errors: connect, disconnect (no log group yet: never invoked or no permission to log); processor (AccessDeniedException: no)"
        );
        assert!(check.next.unwrap().contains("iops logs groups"));
    }

    #[test]
    fn a_function_whose_logs_failed_to_read_is_a_warning() {
        let mut e = evidence(&[("connect", 0, 0)], &[]);
        e.failed = vec![("processor".into(), "ThrottlingException: slow down".into())];
        let check = judge(&since(), &e);
        assert_eq!(check.status, Status::Warn);
        assert!(
            check
                .evidence
                .ends_with("; not read: processor (ThrottlingException: slow down)"),
            "{}",
            check.evidence
        );
    }

    #[test]
    fn unresolved_roles_fail_and_nothing_configured_is_unconfigured() {
        let unresolved = Evidence {
            unresolved: vec!["connect: no log group /aws/lambda/x".into()],
            ..Evidence::default()
        };
        assert_eq!(judge(&since(), &unresolved).status, Status::Fail);
        let none = Evidence {
            unconfigured: true,
            ..Evidence::default()
        };
        assert_eq!(
            judge(&since(), &none).status,
            Check::unconfigured(CheckName::Logs, "x").status
        );
    }
}
