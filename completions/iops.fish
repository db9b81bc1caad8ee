# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_iops_global_optspecs
    string join \n profile= region= endpoint-url= config= env= o/output= color= v/verbose q/quiet give-up-after= h/help V/version
end

function __fish_iops_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_iops_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_iops_using_subcommand
    set -l cmd (__fish_iops_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c iops -n "__fish_iops_needs_command" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_needs_command" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_needs_command" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_needs_command" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_needs_command" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_needs_command" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_needs_command" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_needs_command" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_needs_command" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c iops -n "__fish_iops_needs_command" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_needs_command" -f -a "simulate" -d 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda'
complete -c iops -n "__fish_iops_needs_command" -f -a "logs" -d 'Tail, grep, count and summarise Lambda logs across many functions at once'
complete -c iops -n "__fish_iops_needs_command" -f -a "table" -d 'Scan (exactly, in parallel, in constant memory) and describe DynamoDB tables'
complete -c iops -n "__fish_iops_needs_command" -f -a "connections" -d 'The WebSocket connections table: list, count, show, prune gone connections'
complete -c iops -n "__fish_iops_needs_command" -f -a "metrics" -d 'The metrics table, with null or missing metrics flagged'
complete -c iops -n "__fish_iops_needs_command" -f -a "deploy" -d 'API Gateway deployments: which one each stage serves, create, activate safely, roll back'
complete -c iops -n "__fish_iops_needs_command" -f -a "ws" -d 'WebSocket probe: time every phase and explain the close code'
complete -c iops -n "__fish_iops_needs_command" -f -a "queue" -d 'SQS queues: backlog, oldest message, dead-letter queue, consumers; peek without consuming'
complete -c iops -n "__fish_iops_needs_command" -f -a "top" -d 'The whole stack live: API, functions, pipeline; --once for the window report, --check for cron'
complete -c iops -n "__fish_iops_needs_command" -f -a "report" -d 'One self-contained HTML page (or JSON) of an incident window, a `top` recording or a load run'
complete -c iops -n "__fish_iops_needs_command" -f -a "init" -d 'Find a stack\'s parts in CloudFormation and write them to iops.toml (or write a template)'
complete -c iops -n "__fish_iops_needs_command" -f -a "doctor" -d 'Run the whole troubleshooting checklist: access, routes, deployment, probe, records, logs, data, pipeline'
complete -c iops -n "__fish_iops_needs_command" -f -a "config" -d 'Show the effective configuration and where each value came from'
complete -c iops -n "__fish_iops_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c iops -n "__fish_iops_needs_command" -f -a "man" -d 'Write the man pages (iops.1, iops-logs-tail.1, …) into DIR (for packagers; man/ is committed)'
complete -c iops -n "__fish_iops_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand simulate" -l streams -d 'Number of streams (entities stream-001 … stream-N)' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l events-per-stream -d 'Events per stream (ignored with --duration, which generates until the time is up)' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l seed -d 'Seed for the generator: the same seed gives byte-identical events [default: random, printed]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l types -d 'Event types to generate, comma-separated [default: all]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l rate -d 'Events per second across all streams [default: as fast as possible]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l duration -d 'Keep generating for this long (e.g. 90s, 10m, 1h30m)' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l start-time -d 'Timestamp of the first event: ISO 8601 (no zone = UTC), a date, epoch, a duration ago, or `now` [default: now; with --seed, 2026-01-01T00:00:00Z so the run repeats exactly]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l to -d 'Where events go: stdout, kinesis[:STREAM], dynamodb[:TABLE], lambda[:FUNCTION] [default: local]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l payload -d 'With --to lambda: invoke with this instead of the generated events (e.g. \'{}\'). It must be JSON: Lambda\'s Invoke takes the function\'s event as JSON and refuses other text' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l schedule -d 'Turn the EventBridge schedule that triggers the simulator function on or off, or show it (the function from --to lambda:NAME, else simulator_function / functions.simulator)' -r -f -a "on\t'Enable every rule that targets the simulator'
off\t'Disable them'
status\t'Show them'"
complete -c iops -n "__fish_iops_using_subcommand simulate" -l serve -d 'Serve a local WebSocket backend on ADDR (e.g. 127.0.0.1:8080) broadcasting METRICS_UPDATE' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l token -d 'With --serve: accept only connections carrying ?token=TOKEN (others get HTTP 401)' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l idle-timeout -d 'With --serve: close connections without traffic for this long with 1001, like API Gateway' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l max-connection-duration -d 'With --serve: close every connection after this long with 1001, like API Gateway' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l concurrency -d 'AWS requests in flight at once' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l max-attempts -d 'Attempts per record before it counts as not delivered' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l undelivered -d 'Write the ids of events (or items) not delivered here, one per line [default: a new file in the temp directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand simulate" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand simulate" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand simulate" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand simulate" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand simulate" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c iops -n "__fish_iops_using_subcommand simulate" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -f -a "tail" -d 'Print (or --follow) the log events of one or more functions or log groups, merged by time'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -f -a "stats" -d 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -f -a "groups" -d 'List log groups with stored bytes, retention and last event time'
complete -c iops -n "__fish_iops_using_subcommand logs; and not __fish_seen_subcommand_from tail stats groups help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l from-file -d 'Read events from a saved file (`-` for stdin) instead of CloudWatch: one message per line, or saved records (iops -o ndjson/json, the aws CLI\'s filter-log-events output or its events through jq -c, CloudWatch\'s export to S3); --since/--until only as given, and only over lines with a time' -r -F
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l level -d 'Only lines at LEVEL or more severe (trace, debug, info, warn, error, fatal), read from JSON logs or the runtimes\' text layouts; lines without a level are left out' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l field -d 'A path into JSON messages, also after a runtime\'s `<time> <request id> LEVEL` prefix: dotted names (requestId, error.type, records.0.id), [N] for an array index, ["log.level"] for a key holding dots (error.["a.b"]); a repeated key has its last value. Shown as a column (text) or under `fields` (json, ndjson; a csv column); repeatable' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s n -l lines -d 'The last N matching events, however old (bounded by --since when given); then --follow (`-n 0 -f`: only new events, from now)' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s A -l after-context -d 'With --grep: N events after each match, in its log stream' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s B -l before-context -d 'With --grep: N events before each match, in its log stream' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s C -l context -d 'With --grep: N events before and after each match, in its log stream' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l since -d 'Start of the window [default: 10m ago]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l until -d 'End of the window [default: now]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l filter-pattern -d 'CloudWatch filter pattern (ERROR, "Task timed out", ?A ?B, -DEBUG, { $.level = "ERROR" }), applied by the service (by iops for `logs tail --from-file`: terms and JSON patterns)' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l stream -d 'Only log streams whose name starts with PREFIX' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l max-rps -d 'FilterLogEvents requests per second, shared by all targets (the account quota is about 5)' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l grep -d 'Only lines matching REGEX (repeatable: any may match). It runs over the whole event, which may hold several lines: `(?m)^Traceback` for a line start inside it' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l request-id -d 'All lines of one invocation' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l format -d 'Shape of text lines' -r -f -a "short\t'time, function, message'
detailed\t'full timestamp, function, log stream, message'
message\t'the message alone'"
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l overlap -d 'With --follow: re-read this much before the newest event on every poll. Polling sees an event that arrives late only if it is stamped at most this long before the newest one printed: raise it for producers that send late (Live Tail pushes late events anyway)' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l interval -d 'With --follow: time between polls' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l local -d 'Show times in the local time zone instead of UTC'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s i -l ignore-case -d '--grep ignores case'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l invert -d 'Only lines NOT matching --grep'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l count -d 'Print the number of matching events per target and in total, not the events'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s f -l follow -d 'Keep following new events until Ctrl-C: through CloudWatch Live Tail (pushed every second, no FilterLogEvents quota), or by polling where Live Tail is not available'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l poll -d 'With --follow: poll FilterLogEvents instead of using Live Tail'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -l lossless -d 'With --follow: read every second Live Tail sampled (over 500 events/s) back in full'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from tail" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l since -d 'Start of the window [default: 10m ago]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l until -d 'End of the window [default: now]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l filter-pattern -d 'CloudWatch filter pattern (ERROR, "Task timed out", ?A ?B, -DEBUG, { $.level = "ERROR" }), applied by the service (by iops for `logs tail --from-file`: terms and JSON patterns)' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l stream -d 'Only log streams whose name starts with PREFIX' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l max-rps -d 'FilterLogEvents requests per second, shared by all targets (the account quota is about 5)' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l by -d 'Buckets over time, e.g. 1m, 5m, 1h' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l from-file -d 'Read a saved file (`-` for stdin) instead of CloudWatch: plain lines, or the records `logs tail --from-file` reads (their times used by --by); offline' -r -F
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l local -d 'Show times in the local time zone instead of UTC'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l insights -d 'Compute server-side with a Logs Insights query (long windows; at most 50 groups)'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -l close-codes -d 'Report only the disconnect close codes (a CSV holds one table: without this, the functions)'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from stats" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from groups" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from help" -f -a "tail" -d 'Print (or --follow) the log events of one or more functions or log groups, merged by time'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from help" -f -a "stats" -d 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from help" -f -a "groups" -d 'List log groups with stored bytes, retention and last event time'
complete -c iops -n "__fish_iops_using_subcommand logs; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -f -a "scan" -d 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -f -a "get" -d 'One item by its whole primary key (GetItem), typed from the key schema'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -f -a "query" -d 'The items of one partition (Query), by a key condition typed from the key schema'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -f -a "describe" -d 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table'
complete -c iops -n "__fish_iops_using_subcommand table; and not __fish_seen_subcommand_from scan get query describe help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l fields -d 'Only these attributes, in this order (comma-separated)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l where -d 'Condition on an attribute (repeatable, ANDed)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l filter-expression -d 'A FilterExpression in DynamoDB\'s own syntax, with --names and --values' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l names -d 'ExpressionAttributeNames as JSON, e.g. \'{"#t":"ttl"}\'' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l values -d 'ExpressionAttributeValues as DynamoDB JSON, e.g. \'{":v":{"N":"1"}}\'' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l index -d 'Scan a secondary index' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l limit -d 'Stop after N items (items returned, not page size)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l segments -d 'Parallel scan with N segments' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l segment -d 'Scan only segment I of --total-segments (to split a table across machines)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l total-segments -d 'Total segments for --segment' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l concurrency -d 'AWS requests in flight at once' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l raw -d 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l consistent-read -d 'Strongly consistent reads'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -l count -d 'Print the number of items (Select=COUNT, summed over pages) instead of the items'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from scan" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l fields -d 'Only these attributes, in this order (comma-separated)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l raw -d 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -l consistent-read -d 'A strongly consistent read'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l key -d 'Key condition: pk = "a" [and sk > 5 | sk between 1 and 9 | begins_with(sk, "x")]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l index -d 'Query a secondary index (by its own key)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l where -d 'Condition on an attribute (repeatable, ANDed)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l filter-expression -d 'A FilterExpression in DynamoDB\'s own syntax, with --names and --values' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l names -d 'ExpressionAttributeNames as JSON, e.g. \'{"#t":"ttl"}\'' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l values -d 'ExpressionAttributeValues as DynamoDB JSON, e.g. \'{":v":{"N":"1"}}\'' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l fields -d 'Only these attributes, in this order (comma-separated)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l limit -d 'Stop after N items (items returned, not page size)' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l raw -d 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l desc -d 'Sort-key order descending (ScanIndexForward=false)'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l consistent-read -d 'Strongly consistent reads (not on a global secondary index)'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l explain -d 'Print the operation the key makes (GetItem, Query or Scan), why, and its request; read nothing'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -l scan -d 'When --key is not a key read, scan the whole table with it as a filter instead of refusing'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from query" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from describe" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from help" -f -a "scan" -d 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from help" -f -a "get" -d 'One item by its whole primary key (GetItem), typed from the key schema'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from help" -f -a "query" -d 'The items of one partition (Query), by a key condition typed from the key schema'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from help" -f -a "describe" -d 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table'
complete -c iops -n "__fish_iops_using_subcommand table; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l table -d 'Connections table [default: tables.connections from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -f -a "list" -d 'Every connection record with its age, expiry and whether it is live or expired'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -f -a "count" -d 'Live and expired connections, optionally since a time and broken down'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -f -a "show" -d 'One connection record, all of it'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -f -a "prune" -d 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes'
complete -c iops -n "__fish_iops_using_subcommand connections; and not __fish_seen_subcommand_from list count show prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l where -d 'Condition on an attribute (repeatable, ANDed)' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l filter-expression -d 'A FilterExpression in DynamoDB\'s own syntax, with --names and --values' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l names -d 'ExpressionAttributeNames as JSON, e.g. \'{"#t":"ttl"}\'' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l values -d 'ExpressionAttributeValues as DynamoDB JSON, e.g. \'{":v":{"N":"1"}}\'' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l table -d 'Connections table [default: tables.connections from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l since -d 'Only connections made since TIME (by connectedAt), e.g. 30m' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l by -d 'Break the count down' -r -f -a "user-agent\t''
source-ip\t''
hour\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l table -d 'Connections table [default: tables.connections from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from count" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l table -d 'Connections table [default: tables.connections from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l endpoint -d 'Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} [default: from websocket_url, or api_id and stage, in iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l concurrency -d 'AWS requests in flight at once' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l table -d 'Connections table [default: tables.connections from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -l yes -d 'Delete them (without it, only list what would go)'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every connection record with its age, expiry and whether it is live or expired'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "count" -d 'Live and expired connections, optionally since a time and broken down'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "show" -d 'One connection record, all of it'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes'
complete -c iops -n "__fish_iops_using_subcommand connections; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand metrics" -l table -d 'Metrics table [default: tables.metrics from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -l entity-type -d 'Only this entity type (e.g. stream)' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -l sort -d 'Sort by this metric, largest first' -r -f -a "sessions_30d\t''
avg_rating\t''
health_score\t''"
complete -c iops -n "__fish_iops_using_subcommand metrics" -l top -d 'Only the first N after sorting' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand metrics" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand metrics" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand metrics" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand metrics" -l check -d 'Exit 1 when any item has a null or missing metric'
complete -c iops -n "__fish_iops_using_subcommand metrics" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand metrics" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand metrics" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand metrics" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l api-id -d 'WebSocket API id [default: api_id from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l api -d 'WebSocket API name, resolved with GetApis' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -f -a "list" -d 'Deployments, newest first, and the stages that serve each'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -f -a "status" -d 'The stage\'s deployment, its age and settings; exit 1 when a newer deployment is not served'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -f -a "create" -d 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -f -a "activate-stage" -d 'Point a stage at a deployment, verify it, and print the command that rolls back'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -f -a "rollback" -d 'Move a stage back to the deployment before the one it serves (or --to ID)'
complete -c iops -n "__fish_iops_using_subcommand deploy; and not __fish_seen_subcommand_from list status create activate-stage rollback help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l api-id -d 'WebSocket API id [default: api_id from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l api -d 'WebSocket API name, resolved with GetApis' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l stage -d 'Stage [default: stage from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l api-id -d 'WebSocket API id [default: api_id from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l api -d 'WebSocket API name, resolved with GetApis' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l description -d 'Description of the deployment' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l stage -d 'Activate the new deployment on this stage' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l timeout -d 'Longest wait for DEPLOYED' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l api-id -d 'WebSocket API id [default: api_id from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l api -d 'WebSocket API name, resolved with GetApis' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l stage -d 'Stage [default: stage from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l deployment-id -d 'Deployment to serve' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l api-id -d 'WebSocket API id [default: api_id from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l api -d 'WebSocket API name, resolved with GetApis' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l latest -d 'The newest DEPLOYED deployment'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -l dry-run -d 'Show what would change; make no mutating call'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from activate-stage" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l stage -d 'Stage [default: stage from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l to -d 'Deployment to go back to [default: the newest deployment older than the current one]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l api-id -d 'WebSocket API id [default: api_id from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l api -d 'WebSocket API name, resolved with GetApis' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -l dry-run -d 'Show what would change; make no mutating call'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "list" -d 'Deployments, newest first, and the stages that serve each'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "status" -d 'The stage\'s deployment, its age and settings; exit 1 when a newer deployment is not served'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "activate-stage" -d 'Point a stage at a deployment, verify it, and print the command that rolls back'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Move a stage back to the deployment before the one it serves (or --to ID)'
complete -c iops -n "__fish_iops_using_subcommand deploy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -f -a "probe" -d 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -f -a "send" -d 'Post a message to one connection or all of them through the management API (@connections)'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -f -a "merge" -d 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -f -a "connect" -d 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained'
complete -c iops -n "__fish_iops_using_subcommand ws; and not __fish_seen_subcommand_from probe send merge connect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l stage -d 'Stage [default: stage from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l token -d 'Token to pass as a query parameter (redacted in every output)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l token-param -d 'Query parameter that carries --token' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -s H -l header -d 'Extra request header \'Name: value\' (repeatable; credentials redacted)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l subprotocol -d 'Sec-WebSocket-Protocol to request' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l send -d 'Message to send after connecting, or @file (repeatable, in order)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l expect -d 'Regex a received message must match, in order (repeatable)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l timeout -d 'How long each connect phase (DNS, TCP, TLS, upgrade) and the expectations may take (load mode: each connection\'s expectations, from its connect)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l ping-interval -d 'Send protocol pings this often and measure the pong latency' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l app-ping -d 'Application-level ping to send every --ping-interval (or 30 s), e.g. \'{"action":"ping"}\'' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l hold -d 'Stay connected this long' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l show -d 'Print the first N messages received' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l connections -d 'Load mode: open this many connections (at --rate per second), hold them, report' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l rate -d 'Load mode: new connections per second' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l ramp -d 'Load mode: phases LENGTH:RATE (30s:100,60s:500), the rate of new connections reached linearly over each, instead of --rate; the connections are the ramp\'s unless --connections' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l every -d 'Load mode: repeat the --send messages this often on each held connection' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l reply -d 'Load mode: the message that answers a send (round trip); default: any. A capture group (`(?P<seq>…)` or the first) is the id of the send it answers; without one, the send\'s `{seq}` found in the reply is' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l messages -d 'Load mode: send the --send messages N times per connection — each time once the last is answered (or every --every) — then close once all are answered; --hold (default 60s) bounds the wait, and a send left unanswered exits 1' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l concurrency -d 'Load mode: at most N connections open (or opening) at once, like a pool of N clients' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l connect-function -d 'Function (or config role) whose logs a failed $connect points to' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l html -d 'Load mode: also write the run\'s page to PATH: one self-contained HTML file with the verdict and charts per second (as `iops report LOAD.json --html` writes it); the report is printed as without it' -r -F
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l shard -d 'Load mode: run shard K of N of the plan — every N-th connection from the K-th, at the plan\'s times, numbered as in the plan ({conn}); `ws merge` adds the N reports up' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l shards -d 'Load mode: one of N shards, K from the engine\'s environment: JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job), 0-based' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l emit -d 'With --shards N: print the job that runs the N shards instead of running — a Kubernetes Job or an AWS Batch SubmitJob input — for you to apply' -r -f -a "kubernetes\t'A Kubernetes batch/v1 Job, completionMode Indexed (JOB_COMPLETION_INDEX)'
aws-batch\t'An AWS Batch SubmitJob input for an array job (AWS_BATCH_JOB_ARRAY_INDEX)'"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l image -d 'With --emit kubernetes: the container image holding iops (see the Dockerfile) [default: iops:VERSION]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l job-queue -d 'With --emit aws-batch: the job queue to submit to [default: iops]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l job-definition -d 'With --emit aws-batch: the job definition (its image is iops\'s; its secrets give IOPS_TOKEN) [default: iops]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l insecure -d 'Accept any TLS certificate (explicit only)'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l until-close -d 'Stay connected until the server closes'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -l exit-zero -d 'Load mode: exit 0 once the report is printed, whatever its verdict — for the shards of a job engine, where one failed copy would stop the others; `ws merge` judges the whole run (the copies --emit writes have it)'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from probe" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l connection-id -d 'The connection to post to (an id like L0SM9cOFvHcCIhw=)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l data -d 'The message, posted as given: any text, JSON or not (PostToConnection takes any data), or @FILE for a file\'s contents' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l table -d 'Connections table [default: tables.connections from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l endpoint -d 'Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}; a wss:// (ws://) stage URL is taken as its https:// (http://) form [default: from websocket_url, or api_id and stage, in iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l concurrency -d 'AWS requests in flight at once' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l all -d 'Every connection in the connections table'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -l prune -d 'Delete the records of connections that are gone (410)'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from send" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from merge" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l stage -d 'Stage [default: stage from iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l token -d 'Token to pass as a query parameter (redacted in every output)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l token-param -d 'Query parameter that carries --token' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -s H -l header -d 'Extra request header \'Name: value\' (repeatable; credentials redacted)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l subprotocol -d 'Sec-WebSocket-Protocol to request' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l timeout -d 'Time allowed for each connect phase (DNS, TCP, TLS, upgrade)' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l wait -d 'Piped input: once it has ended, close this long after the last line was sent' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l transcript -d 'Write every frame seen (direction, time, size, text or base64, code), and a protocol violation, to PATH as ndjson' -r -F
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l insecure -d 'Accept any TLS certificate (explicit only)'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -l pretty -d 'Show JSON messages indented (keys in the order received)'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from connect" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from help" -f -a "probe" -d 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from help" -f -a "send" -d 'Post a message to one connection or all of them through the management API (@connections)'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from help" -f -a "merge" -d 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from help" -f -a "connect" -d 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained'
complete -c iops -n "__fish_iops_using_subcommand ws; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -f -a "status" -d 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -f -a "peek" -d 'Show messages without consuming them (refuses when a peek could send one to the DLQ)'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -f -a "stale" -d 'Messages whose WebSocket connection is gone; --delete --yes removes only those'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -f -a "redrive" -d 'Move a dead-letter queue\'s messages back (a dry run unless --yes)'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -f -a "purge" -d 'Drop every message of a queue (PurgeQueue); refuses without --yes'
complete -c iops -n "__fish_iops_using_subcommand queue; and not __fish_seen_subcommand_from status peek stale redrive purge help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l max-backlog -d 'Exit 1 when more than N messages wait (ApproximateNumberOfMessages)' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l max-age -d 'Exit 1 when the oldest message is older than this' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -l peek-age -d 'Without a CloudWatch datapoint, read the age from a peek (a receive: counts toward maxReceiveCount)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l max -d 'At most N messages' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from peek" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l id-path -d 'Where the connection id is in a message body, e.g. detail.connectionId (repeatable) [default: connectionId, then requestContext.connectionId]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l endpoint -d 'Ask the management API, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} [default: from websocket_url, or api_id and stage, in iops.toml]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l table -d 'Ask the connections table instead (a record keyed by the connection id = live)' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l concurrency -d 'AWS requests in flight at once' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l delete -d 'Delete the stale messages (a dry run unless --yes)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -l yes -d 'With --delete: really delete them'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from stale" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l to -d 'Where the messages go [default: the queue whose redrive policy names the DLQ]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l rate -d 'At most N messages per second (1-500, SQS\'s limit for a move task)' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l yes -d 'Really move them (without it: what would move)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l client-side -d 'Move them through this machine: send to the destination, then delete, 10 at a time'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l allow-type-change -d 'Move between a standard and a FIFO queue: FIFO ids are dropped, or each message becomes its own group (refused without it)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l status -d 'Show the DLQ\'s move tasks (ListMessageMoveTasks)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -l cancel -d 'Cancel the DLQ\'s running move task'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from redrive" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -l yes -d 'Really purge it (without it: how many messages it would drop, exit 2)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from purge" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "status" -d 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "peek" -d 'Show messages without consuming them (refuses when a peek could send one to the DLQ)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "stale" -d 'Messages whose WebSocket connection is gone; --delete --yes removes only those'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "redrive" -d 'Move a dead-letter queue\'s messages back (a dry run unless --yes)'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "purge" -d 'Drop every message of a queue (PurgeQueue); refuses without --yes'
complete -c iops -n "__fish_iops_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand top" -l window -d 'How far back figures and sparklines reach (up to 24h)' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l refresh -d 'How often the live view reads everything again' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l scan-every -d 'How often the connections table is scanned for the live count (a Scan reads all of it)' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l stored-pattern -d 'The connect handler\'s line for a stored connection [default: stored_pattern from iops.toml, else "Connection stored"]' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l record -d 'Append every refresh\'s page model to PATH as one JSON line (stops at 64 MB), for `iops report --from-recording PATH`' -r -F
complete -c iops -n "__fish_iops_using_subcommand top" -l refreshes -d 'Leave the live view after N refreshes (for benchmarks and scripted runs)' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand top" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand top" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand top" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand top" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand top" -l once -d 'Print one window report and exit (the default when stdout is not a terminal)'
complete -c iops -n "__fish_iops_using_subcommand top" -l check -d 'Print one report and exit 1 when a threshold is crossed or a source cannot be read'
complete -c iops -n "__fish_iops_using_subcommand top" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand top" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand top" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand top" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand report" -l since -d 'The window: this long up to now (1m to 24h)' -r
complete -c iops -n "__fish_iops_using_subcommand report" -l from -d 'The window\'s start (with --to): a time (2026-12-07T02:10:00Z) or a duration ago (2h)' -r
complete -c iops -n "__fish_iops_using_subcommand report" -l to -d 'The window\'s end (with --from)' -r
complete -c iops -n "__fish_iops_using_subcommand report" -l from-recording -d 'Build the page from the newest refresh of a `top --record` file instead of reading AWS' -r -F
complete -c iops -n "__fish_iops_using_subcommand report" -l html -d 'Write the page to PATH (`-`: stdout); without it, the JSON model is printed' -r -F
complete -c iops -n "__fish_iops_using_subcommand report" -l stored-pattern -d 'The connect handler\'s line for a stored connection [default: stored_pattern from iops.toml, else "Connection stored"]' -r
complete -c iops -n "__fish_iops_using_subcommand report" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand report" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand report" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand report" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand report" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand report" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand report" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand report" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand report" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand report" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand report" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand report" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand init" -l stack -d 'CloudFormation stack (name or ARN) to read; nested stacks are followed' -r
complete -c iops -n "__fish_iops_using_subcommand init" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand init" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand init" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand init" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand init" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand init" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand init" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand init" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand init" -l force -d 'Replace an existing environment (or file, for the template) of the same name, and read a stack that rolled back, failed or was deleted (its failed and deleted resources are still skipped)'
complete -c iops -n "__fish_iops_using_subcommand init" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand init" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand init" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand init" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand doctor" -l only -d 'Run only these checks' -r -f -a "access\t''
routes\t''
deployment\t''
probe\t''
connection-record\t''
logs\t''
data-flow\t''
pipeline\t''
queue\t''
environment\t''
permissions\t''"
complete -c iops -n "__fish_iops_using_subcommand doctor" -l skip -d 'Leave these checks out' -r -f -a "access\t''
routes\t''
deployment\t''
probe\t''
connection-record\t''
logs\t''
data-flow\t''
pipeline\t''
queue\t''
environment\t''
permissions\t''"
complete -c iops -n "__fish_iops_using_subcommand doctor" -l wait -d 'How long the probe stays connected, waiting for messages' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -l since -d 'Look for recent errors in the logs since TIME [default: 15m ago]' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -l token -d 'Token the probe sends where token_source says (query:token by default; redacted everywhere)' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand doctor" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand doctor" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand doctor" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand doctor" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print the merged settings (flags > environment > iops.toml) and their sources'
complete -c iops -n "__fish_iops_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the merged settings (flags > environment > iops.toml) and their sources'
complete -c iops -n "__fish_iops_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand completions" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand completions" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand completions" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand completions" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand completions" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand completions" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand completions" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand completions" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand completions" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand completions" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand completions" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand man" -l profile -d 'AWS profile [env: AWS_PROFILE; iops.toml: profile]' -r
complete -c iops -n "__fish_iops_using_subcommand man" -l region -d 'AWS region [env: AWS_REGION; iops.toml: region]' -r
complete -c iops -n "__fish_iops_using_subcommand man" -l endpoint-url -d 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]' -r
complete -c iops -n "__fish_iops_using_subcommand man" -l config -d 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]' -r -F
complete -c iops -n "__fish_iops_using_subcommand man" -l env -d 'Environment from the config file [env: IOPS_ENV]' -r
complete -c iops -n "__fish_iops_using_subcommand man" -s o -l output -d 'Output format [default: table on a terminal, ndjson otherwise]' -r -f -a "table\t''
json\t''
ndjson\t''
csv\t''"
complete -c iops -n "__fish_iops_using_subcommand man" -l color -d 'When to use color (NO_COLOR is honoured in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c iops -n "__fish_iops_using_subcommand man" -l give-up-after -d 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds' -r
complete -c iops -n "__fish_iops_using_subcommand man" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand man" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand man" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand man" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "simulate" -d 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "logs" -d 'Tail, grep, count and summarise Lambda logs across many functions at once'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "table" -d 'Scan (exactly, in parallel, in constant memory) and describe DynamoDB tables'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "connections" -d 'The WebSocket connections table: list, count, show, prune gone connections'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "metrics" -d 'The metrics table, with null or missing metrics flagged'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "deploy" -d 'API Gateway deployments: which one each stage serves, create, activate safely, roll back'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "ws" -d 'WebSocket probe: time every phase and explain the close code'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "queue" -d 'SQS queues: backlog, oldest message, dead-letter queue, consumers; peek without consuming'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "top" -d 'The whole stack live: API, functions, pipeline; --once for the window report, --check for cron'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "report" -d 'One self-contained HTML page (or JSON) of an incident window, a `top` recording or a load run'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "init" -d 'Find a stack\'s parts in CloudFormation and write them to iops.toml (or write a template)'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "doctor" -d 'Run the whole troubleshooting checklist: access, routes, deployment, probe, records, logs, data, pipeline'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "config" -d 'Show the effective configuration and where each value came from'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "man" -d 'Write the man pages (iops.1, iops-logs-tail.1, …) into DIR (for packagers; man/ is committed)'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate logs table connections metrics deploy ws queue top report init doctor config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from logs" -f -a "tail" -d 'Print (or --follow) the log events of one or more functions or log groups, merged by time'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from logs" -f -a "stats" -d 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from logs" -f -a "groups" -d 'List log groups with stored bytes, retention and last event time'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from table" -f -a "scan" -d 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from table" -f -a "get" -d 'One item by its whole primary key (GetItem), typed from the key schema'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from table" -f -a "query" -d 'The items of one partition (Query), by a key condition typed from the key schema'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from table" -f -a "describe" -d 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "list" -d 'Every connection record with its age, expiry and whether it is live or expired'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "count" -d 'Live and expired connections, optionally since a time and broken down'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "show" -d 'One connection record, all of it'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from connections" -f -a "prune" -d 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "list" -d 'Deployments, newest first, and the stages that serve each'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "status" -d 'The stage\'s deployment, its age and settings; exit 1 when a newer deployment is not served'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "create" -d 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "activate-stage" -d 'Point a stage at a deployment, verify it, and print the command that rolls back'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from deploy" -f -a "rollback" -d 'Move a stage back to the deployment before the one it serves (or --to ID)'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from ws" -f -a "probe" -d 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from ws" -f -a "send" -d 'Post a message to one connection or all of them through the management API (@connections)'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from ws" -f -a "merge" -d 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from ws" -f -a "connect" -d 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "status" -d 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "peek" -d 'Show messages without consuming them (refuses when a peek could send one to the DLQ)'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "stale" -d 'Messages whose WebSocket connection is gone; --delete --yes removes only those'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "redrive" -d 'Move a dead-letter queue\'s messages back (a dry run unless --yes)'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "purge" -d 'Drop every message of a queue (PurgeQueue); refuses without --yes'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the merged settings (flags > environment > iops.toml) and their sources'
