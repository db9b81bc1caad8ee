
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'iops' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'iops'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'iops' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Tail, grep, count and summarise Lambda logs across many functions at once')
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'Scan (exactly, in parallel, in constant memory) and describe DynamoDB tables')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'The WebSocket connections table: list, count, show, prune gone connections')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'The metrics table, with null or missing metrics flagged')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'API Gateway deployments: which one each stage serves, create, activate safely, roll back')
            [CompletionResult]::new('ws', 'ws', [CompletionResultType]::ParameterValue, 'WebSocket probe: time every phase and explain the close code')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'SQS queues: backlog, oldest message, dead-letter queue, consumers; peek without consuming')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'The whole stack live: API, functions, pipeline; --once for the window report, --check for cron')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'One self-contained HTML page (or JSON) of an incident window, a `top` recording or a load run')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Find a stack''s parts in CloudFormation and write them to iops.toml (or write a template)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run the whole troubleshooting checklist: access, routes, deployment, probe, records, logs, data, pipeline')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration and where each value came from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages (iops.1, iops-logs-tail.1, …) into DIR (for packagers; man/ is committed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;simulate' {
            [CompletionResult]::new('--streams', '--streams', [CompletionResultType]::ParameterName, 'Number of streams (entities stream-001 … stream-N)')
            [CompletionResult]::new('--events-per-stream', '--events-per-stream', [CompletionResultType]::ParameterName, 'Events per stream (ignored with --duration, which generates until the time is up)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for the generator: the same seed gives byte-identical events [default: random, printed]')
            [CompletionResult]::new('--types', '--types', [CompletionResultType]::ParameterName, 'Event types to generate, comma-separated [default: all]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Events per second across all streams [default: as fast as possible]')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'Keep generating for this long (e.g. 90s, 10m, 1h30m)')
            [CompletionResult]::new('--start-time', '--start-time', [CompletionResultType]::ParameterName, 'Timestamp of the first event: ISO 8601 (no zone = UTC), a date, epoch, a duration ago, or `now` [default: now; with --seed, 2026-01-01T00:00:00Z so the run repeats exactly]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where events go: stdout, kinesis[:STREAM], dynamodb[:TABLE], lambda[:FUNCTION] [default: local]')
            [CompletionResult]::new('--payload', '--payload', [CompletionResultType]::ParameterName, 'With --to lambda: invoke with this instead of the generated events (e.g. ''{}''). It must be JSON: Lambda''s Invoke takes the function''s event as JSON and refuses other text')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Turn the EventBridge schedule that triggers the simulator function on or off, or show it (the function from --to lambda:NAME, else simulator_function / functions.simulator)')
            [CompletionResult]::new('--serve', '--serve', [CompletionResultType]::ParameterName, 'Serve a local WebSocket backend on ADDR (e.g. 127.0.0.1:8080) broadcasting METRICS_UPDATE')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'With --serve: accept only connections carrying ?token=TOKEN (others get HTTP 401)')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'With --serve: close connections without traffic for this long with 1001, like API Gateway')
            [CompletionResult]::new('--max-connection-duration', '--max-connection-duration', [CompletionResultType]::ParameterName, 'With --serve: close every connection after this long with 1001, like API Gateway')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'AWS requests in flight at once')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per record before it counts as not delivered')
            [CompletionResult]::new('--undelivered', '--undelivered', [CompletionResultType]::ParameterName, 'Write the ids of events (or items) not delivered here, one per line [default: a new file in the temp directory]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;logs' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print (or --follow) the log events of one or more functions or log groups, merged by time')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'List log groups with stored bytes, retention and last event time')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;logs;tail' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read events from a saved file (`-` for stdin) instead of CloudWatch: one message per line, or saved records (iops -o ndjson/json, the aws CLI''s filter-log-events output or its events through jq -c, CloudWatch''s export to S3); --since/--until only as given, and only over lines with a time')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'Only lines at LEVEL or more severe (trace, debug, info, warn, error, fatal), read from JSON logs or the runtimes'' text layouts; lines without a level are left out')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'A path into JSON messages, also after a runtime''s `<time> <request id> LEVEL` prefix: dotted names (requestId, error.type, records.0.id), [N] for an array index, ["log.level"] for a key holding dots (error.["a.b"]); a repeated key has its last value. Shown as a column (text) or under `fields` (json, ndjson; a csv column); repeatable')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The last N matching events, however old (bounded by --since when given); then --follow (`-n 0 -f`: only new events, from now)')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'The last N matching events, however old (bounded by --since when given); then --follow (`-n 0 -f`: only new events, from now)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'With --grep: N events after each match, in its log stream')
            [CompletionResult]::new('--after-context', '--after-context', [CompletionResultType]::ParameterName, 'With --grep: N events after each match, in its log stream')
            [CompletionResult]::new('-B', '-B ', [CompletionResultType]::ParameterName, 'With --grep: N events before each match, in its log stream')
            [CompletionResult]::new('--before-context', '--before-context', [CompletionResultType]::ParameterName, 'With --grep: N events before each match, in its log stream')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'With --grep: N events before and after each match, in its log stream')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'With --grep: N events before and after each match, in its log stream')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start of the window [default: 10m ago]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End of the window [default: now]')
            [CompletionResult]::new('--filter-pattern', '--filter-pattern', [CompletionResultType]::ParameterName, 'CloudWatch filter pattern (ERROR, "Task timed out", ?A ?B, -DEBUG, { $.level = "ERROR" }), applied by the service (by iops for `logs tail --from-file`: terms and JSON patterns)')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Only log streams whose name starts with PREFIX')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second, shared by all targets (the account quota is about 5)')
            [CompletionResult]::new('--grep', '--grep', [CompletionResultType]::ParameterName, 'Only lines matching REGEX (repeatable: any may match). It runs over the whole event, which may hold several lines: `(?m)^Traceback` for a line start inside it')
            [CompletionResult]::new('--request-id', '--request-id', [CompletionResultType]::ParameterName, 'All lines of one invocation')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Shape of text lines')
            [CompletionResult]::new('--overlap', '--overlap', [CompletionResultType]::ParameterName, 'With --follow: re-read this much before the newest event on every poll. Polling sees an event that arrives late only if it is stamped at most this long before the newest one printed: raise it for producers that send late (Live Tail pushes late events anyway)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'With --follow: time between polls')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Show times in the local time zone instead of UTC')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, '--grep ignores case')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, '--grep ignores case')
            [CompletionResult]::new('--invert', '--invert', [CompletionResultType]::ParameterName, 'Only lines NOT matching --grep')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print the number of matching events per target and in total, not the events')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep following new events until Ctrl-C: through CloudWatch Live Tail (pushed every second, no FilterLogEvents quota), or by polling where Live Tail is not available')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep following new events until Ctrl-C: through CloudWatch Live Tail (pushed every second, no FilterLogEvents quota), or by polling where Live Tail is not available')
            [CompletionResult]::new('--poll', '--poll', [CompletionResultType]::ParameterName, 'With --follow: poll FilterLogEvents instead of using Live Tail')
            [CompletionResult]::new('--lossless', '--lossless', [CompletionResultType]::ParameterName, 'With --follow: read every second Live Tail sampled (over 500 events/s) back in full')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;logs;stats' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start of the window [default: 10m ago]')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End of the window [default: now]')
            [CompletionResult]::new('--filter-pattern', '--filter-pattern', [CompletionResultType]::ParameterName, 'CloudWatch filter pattern (ERROR, "Task timed out", ?A ?B, -DEBUG, { $.level = "ERROR" }), applied by the service (by iops for `logs tail --from-file`: terms and JSON patterns)')
            [CompletionResult]::new('--stream', '--stream', [CompletionResultType]::ParameterName, 'Only log streams whose name starts with PREFIX')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'FilterLogEvents requests per second, shared by all targets (the account quota is about 5)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Buckets over time, e.g. 1m, 5m, 1h')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read a saved file (`-` for stdin) instead of CloudWatch: plain lines, or the records `logs tail --from-file` reads (their times used by --by); offline')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Show times in the local time zone instead of UTC')
            [CompletionResult]::new('--insights', '--insights', [CompletionResultType]::ParameterName, 'Compute server-side with a Logs Insights query (long windows; at most 50 groups)')
            [CompletionResult]::new('--close-codes', '--close-codes', [CompletionResultType]::ParameterName, 'Report only the disconnect close codes (a CSV holds one table: without this, the functions)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;logs;groups' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;logs;help' {
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print (or --follow) the log events of one or more functions or log groups, merged by time')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'List log groups with stored bytes, retention and last event time')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;logs;help;tail' {
            break
        }
        'iops;logs;help;stats' {
            break
        }
        'iops;logs;help;groups' {
            break
        }
        'iops;logs;help;help' {
            break
        }
        'iops;table' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'One item by its whole primary key (GetItem), typed from the key schema')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'The items of one partition (Query), by a key condition typed from the key schema')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;table;scan' {
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Only these attributes, in this order (comma-separated)')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Condition on an attribute (repeatable, ANDed)')
            [CompletionResult]::new('--filter-expression', '--filter-expression', [CompletionResultType]::ParameterName, 'A FilterExpression in DynamoDB''s own syntax, with --names and --values')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'ExpressionAttributeNames as JSON, e.g. ''{"#t":"ttl"}''')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'ExpressionAttributeValues as DynamoDB JSON, e.g. ''{":v":{"N":"1"}}''')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Scan a secondary index')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after N items (items returned, not page size)')
            [CompletionResult]::new('--segments', '--segments', [CompletionResultType]::ParameterName, 'Parallel scan with N segments')
            [CompletionResult]::new('--segment', '--segment', [CompletionResultType]::ParameterName, 'Scan only segment I of --total-segments (to split a table across machines)')
            [CompletionResult]::new('--total-segments', '--total-segments', [CompletionResultType]::ParameterName, 'Total segments for --segment')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'AWS requests in flight at once')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON')
            [CompletionResult]::new('--consistent-read', '--consistent-read', [CompletionResultType]::ParameterName, 'Strongly consistent reads')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print the number of items (Select=COUNT, summed over pages) instead of the items')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;table;get' {
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Only these attributes, in this order (comma-separated)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON')
            [CompletionResult]::new('--consistent-read', '--consistent-read', [CompletionResultType]::ParameterName, 'A strongly consistent read')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;table;query' {
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Key condition: pk = "a" [and sk > 5 | sk between 1 and 9 | begins_with(sk, "x")]')
            [CompletionResult]::new('--index', '--index', [CompletionResultType]::ParameterName, 'Query a secondary index (by its own key)')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Condition on an attribute (repeatable, ANDed)')
            [CompletionResult]::new('--filter-expression', '--filter-expression', [CompletionResultType]::ParameterName, 'A FilterExpression in DynamoDB''s own syntax, with --names and --values')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'ExpressionAttributeNames as JSON, e.g. ''{"#t":"ttl"}''')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'ExpressionAttributeValues as DynamoDB JSON, e.g. ''{":v":{"N":"1"}}''')
            [CompletionResult]::new('--fields', '--fields', [CompletionResultType]::ParameterName, 'Only these attributes, in this order (comma-separated)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Stop after N items (items returned, not page size)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON')
            [CompletionResult]::new('--desc', '--desc', [CompletionResultType]::ParameterName, 'Sort-key order descending (ScanIndexForward=false)')
            [CompletionResult]::new('--consistent-read', '--consistent-read', [CompletionResultType]::ParameterName, 'Strongly consistent reads (not on a global secondary index)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print the operation the key makes (GetItem, Query or Scan), why, and its request; read nothing')
            [CompletionResult]::new('--scan', '--scan', [CompletionResultType]::ParameterName, 'When --key is not a key read, scan the whole table with it as a filter instead of refusing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;table;describe' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;table;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'One item by its whole primary key (GetItem), typed from the key schema')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'The items of one partition (Query), by a key condition typed from the key schema')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;table;help;scan' {
            break
        }
        'iops;table;help;get' {
            break
        }
        'iops;table;help;query' {
            break
        }
        'iops;table;help;describe' {
            break
        }
        'iops;table;help;help' {
            break
        }
        'iops;connections' {
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Connections table [default: tables.connections from iops.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every connection record with its age, expiry and whether it is live or expired')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Live and expired connections, optionally since a time and broken down')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One connection record, all of it')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;connections;list' {
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Condition on an attribute (repeatable, ANDed)')
            [CompletionResult]::new('--filter-expression', '--filter-expression', [CompletionResultType]::ParameterName, 'A FilterExpression in DynamoDB''s own syntax, with --names and --values')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'ExpressionAttributeNames as JSON, e.g. ''{"#t":"ttl"}''')
            [CompletionResult]::new('--values', '--values', [CompletionResultType]::ParameterName, 'ExpressionAttributeValues as DynamoDB JSON, e.g. ''{":v":{"N":"1"}}''')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Connections table [default: tables.connections from iops.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;connections;count' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only connections made since TIME (by connectedAt), e.g. 30m')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Break the count down')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Connections table [default: tables.connections from iops.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;connections;show' {
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Connections table [default: tables.connections from iops.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;connections;prune' {
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} [default: from websocket_url, or api_id and stage, in iops.toml]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'AWS requests in flight at once')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Connections table [default: tables.connections from iops.toml]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete them (without it, only list what would go)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;connections;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every connection record with its age, expiry and whether it is live or expired')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Live and expired connections, optionally since a time and broken down')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One connection record, all of it')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;connections;help;list' {
            break
        }
        'iops;connections;help;count' {
            break
        }
        'iops;connections;help;show' {
            break
        }
        'iops;connections;help;prune' {
            break
        }
        'iops;connections;help;help' {
            break
        }
        'iops;metrics' {
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Metrics table [default: tables.metrics from iops.toml]')
            [CompletionResult]::new('--entity-type', '--entity-type', [CompletionResultType]::ParameterName, 'Only this entity type (e.g. stream)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Sort by this metric, largest first')
            [CompletionResult]::new('--top', '--top', [CompletionResultType]::ParameterName, 'Only the first N after sorting')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Exit 1 when any item has a null or missing metric')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;deploy' {
            [CompletionResult]::new('--api-id', '--api-id', [CompletionResultType]::ParameterName, 'WebSocket API id [default: api_id from iops.toml]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'WebSocket API name, resolved with GetApis')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deployments, newest first, and the stages that serve each')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The stage''s deployment, its age and settings; exit 1 when a newer deployment is not served')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage')
            [CompletionResult]::new('activate-stage', 'activate-stage', [CompletionResultType]::ParameterValue, 'Point a stage at a deployment, verify it, and print the command that rolls back')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Move a stage back to the deployment before the one it serves (or --to ID)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;deploy;list' {
            [CompletionResult]::new('--api-id', '--api-id', [CompletionResultType]::ParameterName, 'WebSocket API id [default: api_id from iops.toml]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'WebSocket API name, resolved with GetApis')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;deploy;status' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage [default: stage from iops.toml]')
            [CompletionResult]::new('--api-id', '--api-id', [CompletionResultType]::ParameterName, 'WebSocket API id [default: api_id from iops.toml]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'WebSocket API name, resolved with GetApis')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;deploy;create' {
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Description of the deployment')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Activate the new deployment on this stage')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Longest wait for DEPLOYED')
            [CompletionResult]::new('--api-id', '--api-id', [CompletionResultType]::ParameterName, 'WebSocket API id [default: api_id from iops.toml]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'WebSocket API name, resolved with GetApis')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;deploy;activate-stage' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage [default: stage from iops.toml]')
            [CompletionResult]::new('--deployment-id', '--deployment-id', [CompletionResultType]::ParameterName, 'Deployment to serve')
            [CompletionResult]::new('--api-id', '--api-id', [CompletionResultType]::ParameterName, 'WebSocket API id [default: api_id from iops.toml]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'WebSocket API name, resolved with GetApis')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--latest', '--latest', [CompletionResultType]::ParameterName, 'The newest DEPLOYED deployment')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change; make no mutating call')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;deploy;rollback' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage [default: stage from iops.toml]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Deployment to go back to [default: the newest deployment older than the current one]')
            [CompletionResult]::new('--api-id', '--api-id', [CompletionResultType]::ParameterName, 'WebSocket API id [default: api_id from iops.toml]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'WebSocket API name, resolved with GetApis')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change; make no mutating call')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;deploy;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deployments, newest first, and the stages that serve each')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The stage''s deployment, its age and settings; exit 1 when a newer deployment is not served')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage')
            [CompletionResult]::new('activate-stage', 'activate-stage', [CompletionResultType]::ParameterValue, 'Point a stage at a deployment, verify it, and print the command that rolls back')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Move a stage back to the deployment before the one it serves (or --to ID)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;deploy;help;list' {
            break
        }
        'iops;deploy;help;status' {
            break
        }
        'iops;deploy;help;create' {
            break
        }
        'iops;deploy;help;activate-stage' {
            break
        }
        'iops;deploy;help;rollback' {
            break
        }
        'iops;deploy;help;help' {
            break
        }
        'iops;ws' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Post a message to one connection or all of them through the management API (@connections)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;ws;probe' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage [default: stage from iops.toml]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token to pass as a query parameter (redacted in every output)')
            [CompletionResult]::new('--token-param', '--token-param', [CompletionResultType]::ParameterName, 'Query parameter that carries --token')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header ''Name: value'' (repeatable; credentials redacted)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header ''Name: value'' (repeatable; credentials redacted)')
            [CompletionResult]::new('--subprotocol', '--subprotocol', [CompletionResultType]::ParameterName, 'Sec-WebSocket-Protocol to request')
            [CompletionResult]::new('--send', '--send', [CompletionResultType]::ParameterName, 'Message to send after connecting, or @file (repeatable, in order)')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Regex a received message must match, in order (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long each connect phase (DNS, TCP, TLS, upgrade) and the expectations may take (load mode: each connection''s expectations, from its connect)')
            [CompletionResult]::new('--ping-interval', '--ping-interval', [CompletionResultType]::ParameterName, 'Send protocol pings this often and measure the pong latency')
            [CompletionResult]::new('--app-ping', '--app-ping', [CompletionResultType]::ParameterName, 'Application-level ping to send every --ping-interval (or 30 s), e.g. ''{"action":"ping"}''')
            [CompletionResult]::new('--hold', '--hold', [CompletionResultType]::ParameterName, 'Stay connected this long')
            [CompletionResult]::new('--show', '--show', [CompletionResultType]::ParameterName, 'Print the first N messages received')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Load mode: open this many connections (at --rate per second), hold them, report')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Load mode: new connections per second')
            [CompletionResult]::new('--ramp', '--ramp', [CompletionResultType]::ParameterName, 'Load mode: phases LENGTH:RATE (30s:100,60s:500), the rate of new connections reached linearly over each, instead of --rate; the connections are the ramp''s unless --connections')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'Load mode: repeat the --send messages this often on each held connection')
            [CompletionResult]::new('--reply', '--reply', [CompletionResultType]::ParameterName, 'Load mode: the message that answers a send (round trip); default: any. A capture group (`(?P<seq>…)` or the first) is the id of the send it answers; without one, the send''s `{seq}` found in the reply is')
            [CompletionResult]::new('--messages', '--messages', [CompletionResultType]::ParameterName, 'Load mode: send the --send messages N times per connection — each time once the last is answered (or every --every) — then close once all are answered; --hold (default 60s) bounds the wait, and a send left unanswered exits 1')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Load mode: at most N connections open (or opening) at once, like a pool of N clients')
            [CompletionResult]::new('--connect-function', '--connect-function', [CompletionResultType]::ParameterName, 'Function (or config role) whose logs a failed $connect points to')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'Load mode: also write the run''s page to PATH: one self-contained HTML file with the verdict and charts per second (as `iops report LOAD.json --html` writes it); the report is printed as without it')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Load mode: run shard K of N of the plan — every N-th connection from the K-th, at the plan''s times, numbered as in the plan ({conn}); `ws merge` adds the N reports up')
            [CompletionResult]::new('--shards', '--shards', [CompletionResultType]::ParameterName, 'Load mode: one of N shards, K from the engine''s environment: JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job), 0-based')
            [CompletionResult]::new('--emit', '--emit', [CompletionResultType]::ParameterName, 'With --shards N: print the job that runs the N shards instead of running — a Kubernetes Job or an AWS Batch SubmitJob input — for you to apply')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'With --emit kubernetes: the container image holding iops (see the Dockerfile) [default: iops:VERSION]')
            [CompletionResult]::new('--job-queue', '--job-queue', [CompletionResultType]::ParameterName, 'With --emit aws-batch: the job queue to submit to [default: iops]')
            [CompletionResult]::new('--job-definition', '--job-definition', [CompletionResultType]::ParameterName, 'With --emit aws-batch: the job definition (its image is iops''s; its secrets give IOPS_TOKEN) [default: iops]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (explicit only)')
            [CompletionResult]::new('--until-close', '--until-close', [CompletionResultType]::ParameterName, 'Stay connected until the server closes')
            [CompletionResult]::new('--exit-zero', '--exit-zero', [CompletionResultType]::ParameterName, 'Load mode: exit 0 once the report is printed, whatever its verdict — for the shards of a job engine, where one failed copy would stop the others; `ws merge` judges the whole run (the copies --emit writes have it)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;ws;send' {
            [CompletionResult]::new('--connection-id', '--connection-id', [CompletionResultType]::ParameterName, 'The connection to post to (an id like L0SM9cOFvHcCIhw=)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The message, posted as given: any text, JSON or not (PostToConnection takes any data), or @FILE for a file''s contents')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Connections table [default: tables.connections from iops.toml]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}; a wss:// (ws://) stage URL is taken as its https:// (http://) form [default: from websocket_url, or api_id and stage, in iops.toml]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'AWS requests in flight at once')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every connection in the connections table')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Delete the records of connections that are gone (410)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;ws;merge' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;ws;connect' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'Stage [default: stage from iops.toml]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token to pass as a query parameter (redacted in every output)')
            [CompletionResult]::new('--token-param', '--token-param', [CompletionResultType]::ParameterName, 'Query parameter that carries --token')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header ''Name: value'' (repeatable; credentials redacted)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header ''Name: value'' (repeatable; credentials redacted)')
            [CompletionResult]::new('--subprotocol', '--subprotocol', [CompletionResultType]::ParameterName, 'Sec-WebSocket-Protocol to request')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Time allowed for each connect phase (DNS, TCP, TLS, upgrade)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Piped input: once it has ended, close this long after the last line was sent')
            [CompletionResult]::new('--transcript', '--transcript', [CompletionResultType]::ParameterName, 'Write every frame seen (direction, time, size, text or base64, code), and a protocol violation, to PATH as ndjson')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (explicit only)')
            [CompletionResult]::new('--pretty', '--pretty', [CompletionResultType]::ParameterName, 'Show JSON messages indented (keys in the order received)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;ws;help' {
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Post a message to one connection or all of them through the management API (@connections)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;ws;help;probe' {
            break
        }
        'iops;ws;help;send' {
            break
        }
        'iops;ws;help;merge' {
            break
        }
        'iops;ws;help;connect' {
            break
        }
        'iops;ws;help;help' {
            break
        }
        'iops;queue' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age')
            [CompletionResult]::new('peek', 'peek', [CompletionResultType]::ParameterValue, 'Show messages without consuming them (refuses when a peek could send one to the DLQ)')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Messages whose WebSocket connection is gone; --delete --yes removes only those')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move a dead-letter queue''s messages back (a dry run unless --yes)')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Drop every message of a queue (PurgeQueue); refuses without --yes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;queue;status' {
            [CompletionResult]::new('--max-backlog', '--max-backlog', [CompletionResultType]::ParameterName, 'Exit 1 when more than N messages wait (ApproximateNumberOfMessages)')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Exit 1 when the oldest message is older than this')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--peek-age', '--peek-age', [CompletionResultType]::ParameterName, 'Without a CloudWatch datapoint, read the age from a peek (a receive: counts toward maxReceiveCount)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;queue;peek' {
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'At most N messages')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;queue;stale' {
            [CompletionResult]::new('--id-path', '--id-path', [CompletionResultType]::ParameterName, 'Where the connection id is in a message body, e.g. detail.connectionId (repeatable) [default: connectionId, then requestContext.connectionId]')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Ask the management API, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} [default: from websocket_url, or api_id and stage, in iops.toml]')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'Ask the connections table instead (a record keyed by the connection id = live)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'AWS requests in flight at once')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--delete', '--delete', [CompletionResultType]::ParameterName, 'Delete the stale messages (a dry run unless --yes)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --delete: really delete them')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;queue;redrive' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where the messages go [default: the queue whose redrive policy names the DLQ]')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most N messages per second (1-500, SQS''s limit for a move task)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Really move them (without it: what would move)')
            [CompletionResult]::new('--client-side', '--client-side', [CompletionResultType]::ParameterName, 'Move them through this machine: send to the destination, then delete, 10 at a time')
            [CompletionResult]::new('--allow-type-change', '--allow-type-change', [CompletionResultType]::ParameterName, 'Move between a standard and a FIFO queue: FIFO ids are dropped, or each message becomes its own group (refused without it)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Show the DLQ''s move tasks (ListMessageMoveTasks)')
            [CompletionResult]::new('--cancel', '--cancel', [CompletionResultType]::ParameterName, 'Cancel the DLQ''s running move task')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;queue;purge' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Really purge it (without it: how many messages it would drop, exit 2)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;queue;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age')
            [CompletionResult]::new('peek', 'peek', [CompletionResultType]::ParameterValue, 'Show messages without consuming them (refuses when a peek could send one to the DLQ)')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Messages whose WebSocket connection is gone; --delete --yes removes only those')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move a dead-letter queue''s messages back (a dry run unless --yes)')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Drop every message of a queue (PurgeQueue); refuses without --yes')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;queue;help;status' {
            break
        }
        'iops;queue;help;peek' {
            break
        }
        'iops;queue;help;stale' {
            break
        }
        'iops;queue;help;redrive' {
            break
        }
        'iops;queue;help;purge' {
            break
        }
        'iops;queue;help;help' {
            break
        }
        'iops;top' {
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'How far back figures and sparklines reach (up to 24h)')
            [CompletionResult]::new('--refresh', '--refresh', [CompletionResultType]::ParameterName, 'How often the live view reads everything again')
            [CompletionResult]::new('--scan-every', '--scan-every', [CompletionResultType]::ParameterName, 'How often the connections table is scanned for the live count (a Scan reads all of it)')
            [CompletionResult]::new('--stored-pattern', '--stored-pattern', [CompletionResultType]::ParameterName, 'The connect handler''s line for a stored connection [default: stored_pattern from iops.toml, else "Connection stored"]')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'Append every refresh''s page model to PATH as one JSON line (stops at 64 MB), for `iops report --from-recording PATH`')
            [CompletionResult]::new('--refreshes', '--refreshes', [CompletionResultType]::ParameterName, 'Leave the live view after N refreshes (for benchmarks and scripted runs)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Print one window report and exit (the default when stdout is not a terminal)')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Print one report and exit 1 when a threshold is crossed or a source cannot be read')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;report' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The window: this long up to now (1m to 24h)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The window''s start (with --to): a time (2026-12-07T02:10:00Z) or a duration ago (2h)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The window''s end (with --from)')
            [CompletionResult]::new('--from-recording', '--from-recording', [CompletionResultType]::ParameterName, 'Build the page from the newest refresh of a `top --record` file instead of reading AWS')
            [CompletionResult]::new('--html', '--html', [CompletionResultType]::ParameterName, 'Write the page to PATH (`-`: stdout); without it, the JSON model is printed')
            [CompletionResult]::new('--stored-pattern', '--stored-pattern', [CompletionResultType]::ParameterName, 'The connect handler''s line for a stored connection [default: stored_pattern from iops.toml, else "Connection stored"]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;init' {
            [CompletionResult]::new('--stack', '--stack', [CompletionResultType]::ParameterName, 'CloudFormation stack (name or ARN) to read; nested stacks are followed')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing environment (or file, for the template) of the same name, and read a stack that rolled back, failed or was deleted (its failed and deleted resources are still skipped)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;doctor' {
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these checks')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Leave these checks out')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long the probe stays connected, waiting for messages')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Look for recent errors in the logs since TIME [default: 15m ago]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Token the probe sends where token_source says (query:token by default; redacted everywhere)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;config' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the merged settings (flags > environment > iops.toml) and their sources')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;config;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the merged settings (flags > environment > iops.toml) and their sources')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;config;help;show' {
            break
        }
        'iops;config;help;help' {
            break
        }
        'iops;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;man' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile [env: AWS_PROFILE; iops.toml: profile]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION; iops.toml: region]')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Environment from the config file [env: IOPS_ENV]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format [default: table on a terminal, ndjson otherwise]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use color (NO_COLOR is honoured in auto)')
            [CompletionResult]::new('--give-up-after', '--give-up-after', [CompletionResultType]::ParameterName, 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'iops;help' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Tail, grep, count and summarise Lambda logs across many functions at once')
            [CompletionResult]::new('table', 'table', [CompletionResultType]::ParameterValue, 'Scan (exactly, in parallel, in constant memory) and describe DynamoDB tables')
            [CompletionResult]::new('connections', 'connections', [CompletionResultType]::ParameterValue, 'The WebSocket connections table: list, count, show, prune gone connections')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'The metrics table, with null or missing metrics flagged')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'API Gateway deployments: which one each stage serves, create, activate safely, roll back')
            [CompletionResult]::new('ws', 'ws', [CompletionResultType]::ParameterValue, 'WebSocket probe: time every phase and explain the close code')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'SQS queues: backlog, oldest message, dead-letter queue, consumers; peek without consuming')
            [CompletionResult]::new('top', 'top', [CompletionResultType]::ParameterValue, 'The whole stack live: API, functions, pipeline; --once for the window report, --check for cron')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'One self-contained HTML page (or JSON) of an incident window, a `top` recording or a load run')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Find a stack''s parts in CloudFormation and write them to iops.toml (or write a template)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Run the whole troubleshooting checklist: access, routes, deployment, probe, records, logs, data, pipeline')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration and where each value came from')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Write the man pages (iops.1, iops-logs-tail.1, …) into DIR (for packagers; man/ is committed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'iops;help;simulate' {
            break
        }
        'iops;help;logs' {
            [CompletionResult]::new('tail', 'tail', [CompletionResultType]::ParameterValue, 'Print (or --follow) the log events of one or more functions or log groups, merged by time')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function')
            [CompletionResult]::new('groups', 'groups', [CompletionResultType]::ParameterValue, 'List log groups with stored bytes, retention and last event time')
            break
        }
        'iops;help;logs;tail' {
            break
        }
        'iops;help;logs;stats' {
            break
        }
        'iops;help;logs;groups' {
            break
        }
        'iops;help;table' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'One item by its whole primary key (GetItem), typed from the key schema')
            [CompletionResult]::new('query', 'query', [CompletionResultType]::ParameterValue, 'The items of one partition (Query), by a key condition typed from the key schema')
            [CompletionResult]::new('describe', 'describe', [CompletionResultType]::ParameterValue, 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table')
            break
        }
        'iops;help;table;scan' {
            break
        }
        'iops;help;table;get' {
            break
        }
        'iops;help;table;query' {
            break
        }
        'iops;help;table;describe' {
            break
        }
        'iops;help;connections' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every connection record with its age, expiry and whether it is live or expired')
            [CompletionResult]::new('count', 'count', [CompletionResultType]::ParameterValue, 'Live and expired connections, optionally since a time and broken down')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One connection record, all of it')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes')
            break
        }
        'iops;help;connections;list' {
            break
        }
        'iops;help;connections;count' {
            break
        }
        'iops;help;connections;show' {
            break
        }
        'iops;help;connections;prune' {
            break
        }
        'iops;help;metrics' {
            break
        }
        'iops;help;deploy' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deployments, newest first, and the stages that serve each')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The stage''s deployment, its age and settings; exit 1 when a newer deployment is not served')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage')
            [CompletionResult]::new('activate-stage', 'activate-stage', [CompletionResultType]::ParameterValue, 'Point a stage at a deployment, verify it, and print the command that rolls back')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Move a stage back to the deployment before the one it serves (or --to ID)')
            break
        }
        'iops;help;deploy;list' {
            break
        }
        'iops;help;deploy;status' {
            break
        }
        'iops;help;deploy;create' {
            break
        }
        'iops;help;deploy;activate-stage' {
            break
        }
        'iops;help;deploy;rollback' {
            break
        }
        'iops;help;ws' {
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Post a message to one connection or all of them through the management API (@connections)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them')
            [CompletionResult]::new('connect', 'connect', [CompletionResultType]::ParameterValue, 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained')
            break
        }
        'iops;help;ws;probe' {
            break
        }
        'iops;help;ws;send' {
            break
        }
        'iops;help;ws;merge' {
            break
        }
        'iops;help;ws;connect' {
            break
        }
        'iops;help;queue' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age')
            [CompletionResult]::new('peek', 'peek', [CompletionResultType]::ParameterValue, 'Show messages without consuming them (refuses when a peek could send one to the DLQ)')
            [CompletionResult]::new('stale', 'stale', [CompletionResultType]::ParameterValue, 'Messages whose WebSocket connection is gone; --delete --yes removes only those')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Move a dead-letter queue''s messages back (a dry run unless --yes)')
            [CompletionResult]::new('purge', 'purge', [CompletionResultType]::ParameterValue, 'Drop every message of a queue (PurgeQueue); refuses without --yes')
            break
        }
        'iops;help;queue;status' {
            break
        }
        'iops;help;queue;peek' {
            break
        }
        'iops;help;queue;stale' {
            break
        }
        'iops;help;queue;redrive' {
            break
        }
        'iops;help;queue;purge' {
            break
        }
        'iops;help;top' {
            break
        }
        'iops;help;report' {
            break
        }
        'iops;help;init' {
            break
        }
        'iops;help;doctor' {
            break
        }
        'iops;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the merged settings (flags > environment > iops.toml) and their sources')
            break
        }
        'iops;help;config;show' {
            break
        }
        'iops;help;completions' {
            break
        }
        'iops;help;man' {
            break
        }
        'iops;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
