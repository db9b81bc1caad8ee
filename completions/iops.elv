
use builtin;
use str;

set edit:completion:arg-completer[iops] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'iops'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'iops'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand simulate 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda'
            cand logs 'Tail, grep, count and summarise Lambda logs across many functions at once'
            cand table 'Scan (exactly, in parallel, in constant memory) and describe DynamoDB tables'
            cand connections 'The WebSocket connections table: list, count, show, prune gone connections'
            cand metrics 'The metrics table, with null or missing metrics flagged'
            cand deploy 'API Gateway deployments: which one each stage serves, create, activate safely, roll back'
            cand ws 'WebSocket probe: time every phase and explain the close code'
            cand queue 'SQS queues: backlog, oldest message, dead-letter queue, consumers; peek without consuming'
            cand top 'The whole stack live: API, functions, pipeline; --once for the window report, --check for cron'
            cand report 'One self-contained HTML page (or JSON) of an incident window, a `top` recording or a load run'
            cand init 'Find a stack''s parts in CloudFormation and write them to iops.toml (or write a template)'
            cand doctor 'Run the whole troubleshooting checklist: access, routes, deployment, probe, records, logs, data, pipeline'
            cand config 'Show the effective configuration and where each value came from'
            cand completions 'Print a shell completion script'
            cand man 'Write the man pages (iops.1, iops-logs-tail.1, …) into DIR (for packagers; man/ is committed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;simulate'= {
            cand --streams 'Number of streams (entities stream-001 … stream-N)'
            cand --events-per-stream 'Events per stream (ignored with --duration, which generates until the time is up)'
            cand --seed 'Seed for the generator: the same seed gives byte-identical events [default: random, printed]'
            cand --types 'Event types to generate, comma-separated [default: all]'
            cand --rate 'Events per second across all streams [default: as fast as possible]'
            cand --duration 'Keep generating for this long (e.g. 90s, 10m, 1h30m)'
            cand --start-time 'Timestamp of the first event: ISO 8601 (no zone = UTC), a date, epoch, a duration ago, or `now` [default: now; with --seed, 2026-01-01T00:00:00Z so the run repeats exactly]'
            cand --to 'Where events go: stdout, kinesis[:STREAM], dynamodb[:TABLE], lambda[:FUNCTION] [default: local]'
            cand --payload 'With --to lambda: invoke with this instead of the generated events (e.g. ''{}''). It must be JSON: Lambda''s Invoke takes the function''s event as JSON and refuses other text'
            cand --schedule 'Turn the EventBridge schedule that triggers the simulator function on or off, or show it (the function from --to lambda:NAME, else simulator_function / functions.simulator)'
            cand --serve 'Serve a local WebSocket backend on ADDR (e.g. 127.0.0.1:8080) broadcasting METRICS_UPDATE'
            cand --token 'With --serve: accept only connections carrying ?token=TOKEN (others get HTTP 401)'
            cand --idle-timeout 'With --serve: close connections without traffic for this long with 1001, like API Gateway'
            cand --max-connection-duration 'With --serve: close every connection after this long with 1001, like API Gateway'
            cand --concurrency 'AWS requests in flight at once'
            cand --max-attempts 'Attempts per record before it counts as not delivered'
            cand --undelivered 'Write the ids of events (or items) not delivered here, one per line [default: a new file in the temp directory]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;logs'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand tail 'Print (or --follow) the log events of one or more functions or log groups, merged by time'
            cand stats 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function'
            cand groups 'List log groups with stored bytes, retention and last event time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;logs;tail'= {
            cand --from-file 'Read events from a saved file (`-` for stdin) instead of CloudWatch: one message per line, or saved records (iops -o ndjson/json, the aws CLI''s filter-log-events output or its events through jq -c, CloudWatch''s export to S3); --since/--until only as given, and only over lines with a time'
            cand --level 'Only lines at LEVEL or more severe (trace, debug, info, warn, error, fatal), read from JSON logs or the runtimes'' text layouts; lines without a level are left out'
            cand --field 'A path into JSON messages, also after a runtime''s `<time> <request id> LEVEL` prefix: dotted names (requestId, error.type, records.0.id), [N] for an array index, ["log.level"] for a key holding dots (error.["a.b"]); a repeated key has its last value. Shown as a column (text) or under `fields` (json, ndjson; a csv column); repeatable'
            cand -n 'The last N matching events, however old (bounded by --since when given); then --follow (`-n 0 -f`: only new events, from now)'
            cand --lines 'The last N matching events, however old (bounded by --since when given); then --follow (`-n 0 -f`: only new events, from now)'
            cand -A 'With --grep: N events after each match, in its log stream'
            cand --after-context 'With --grep: N events after each match, in its log stream'
            cand -B 'With --grep: N events before each match, in its log stream'
            cand --before-context 'With --grep: N events before each match, in its log stream'
            cand -C 'With --grep: N events before and after each match, in its log stream'
            cand --context 'With --grep: N events before and after each match, in its log stream'
            cand --since 'Start of the window [default: 10m ago]'
            cand --until 'End of the window [default: now]'
            cand --filter-pattern 'CloudWatch filter pattern (ERROR, "Task timed out", ?A ?B, -DEBUG, { $.level = "ERROR" }), applied by the service (by iops for `logs tail --from-file`: terms and JSON patterns)'
            cand --stream 'Only log streams whose name starts with PREFIX'
            cand --max-rps 'FilterLogEvents requests per second, shared by all targets (the account quota is about 5)'
            cand --grep 'Only lines matching REGEX (repeatable: any may match). It runs over the whole event, which may hold several lines: `(?m)^Traceback` for a line start inside it'
            cand --request-id 'All lines of one invocation'
            cand --format 'Shape of text lines'
            cand --overlap 'With --follow: re-read this much before the newest event on every poll. Polling sees an event that arrives late only if it is stamped at most this long before the newest one printed: raise it for producers that send late (Live Tail pushes late events anyway)'
            cand --interval 'With --follow: time between polls'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --local 'Show times in the local time zone instead of UTC'
            cand -i '--grep ignores case'
            cand --ignore-case '--grep ignores case'
            cand --invert 'Only lines NOT matching --grep'
            cand --count 'Print the number of matching events per target and in total, not the events'
            cand -f 'Keep following new events until Ctrl-C: through CloudWatch Live Tail (pushed every second, no FilterLogEvents quota), or by polling where Live Tail is not available'
            cand --follow 'Keep following new events until Ctrl-C: through CloudWatch Live Tail (pushed every second, no FilterLogEvents quota), or by polling where Live Tail is not available'
            cand --poll 'With --follow: poll FilterLogEvents instead of using Live Tail'
            cand --lossless 'With --follow: read every second Live Tail sampled (over 500 events/s) back in full'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;logs;stats'= {
            cand --since 'Start of the window [default: 10m ago]'
            cand --until 'End of the window [default: now]'
            cand --filter-pattern 'CloudWatch filter pattern (ERROR, "Task timed out", ?A ?B, -DEBUG, { $.level = "ERROR" }), applied by the service (by iops for `logs tail --from-file`: terms and JSON patterns)'
            cand --stream 'Only log streams whose name starts with PREFIX'
            cand --max-rps 'FilterLogEvents requests per second, shared by all targets (the account quota is about 5)'
            cand --by 'Buckets over time, e.g. 1m, 5m, 1h'
            cand --from-file 'Read a saved file (`-` for stdin) instead of CloudWatch: plain lines, or the records `logs tail --from-file` reads (their times used by --by); offline'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --local 'Show times in the local time zone instead of UTC'
            cand --insights 'Compute server-side with a Logs Insights query (long windows; at most 50 groups)'
            cand --close-codes 'Report only the disconnect close codes (a CSV holds one table: without this, the functions)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;logs;groups'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;logs;help'= {
            cand tail 'Print (or --follow) the log events of one or more functions or log groups, merged by time'
            cand stats 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function'
            cand groups 'List log groups with stored bytes, retention and last event time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;logs;help;tail'= {
        }
        &'iops;logs;help;stats'= {
        }
        &'iops;logs;help;groups'= {
        }
        &'iops;logs;help;help'= {
        }
        &'iops;table'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scan 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)'
            cand get 'One item by its whole primary key (GetItem), typed from the key schema'
            cand query 'The items of one partition (Query), by a key condition typed from the key schema'
            cand describe 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;table;scan'= {
            cand --fields 'Only these attributes, in this order (comma-separated)'
            cand --where 'Condition on an attribute (repeatable, ANDed)'
            cand --filter-expression 'A FilterExpression in DynamoDB''s own syntax, with --names and --values'
            cand --names 'ExpressionAttributeNames as JSON, e.g. ''{"#t":"ttl"}'''
            cand --values 'ExpressionAttributeValues as DynamoDB JSON, e.g. ''{":v":{"N":"1"}}'''
            cand --index 'Scan a secondary index'
            cand --limit 'Stop after N items (items returned, not page size)'
            cand --segments 'Parallel scan with N segments'
            cand --segment 'Scan only segment I of --total-segments (to split a table across machines)'
            cand --total-segments 'Total segments for --segment'
            cand --concurrency 'AWS requests in flight at once'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --raw 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON'
            cand --consistent-read 'Strongly consistent reads'
            cand --count 'Print the number of items (Select=COUNT, summed over pages) instead of the items'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;table;get'= {
            cand --fields 'Only these attributes, in this order (comma-separated)'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --raw 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON'
            cand --consistent-read 'A strongly consistent read'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;table;query'= {
            cand --key 'Key condition: pk = "a" [and sk > 5 | sk between 1 and 9 | begins_with(sk, "x")]'
            cand --index 'Query a secondary index (by its own key)'
            cand --where 'Condition on an attribute (repeatable, ANDed)'
            cand --filter-expression 'A FilterExpression in DynamoDB''s own syntax, with --names and --values'
            cand --names 'ExpressionAttributeNames as JSON, e.g. ''{"#t":"ttl"}'''
            cand --values 'ExpressionAttributeValues as DynamoDB JSON, e.g. ''{":v":{"N":"1"}}'''
            cand --fields 'Only these attributes, in this order (comma-separated)'
            cand --limit 'Stop after N items (items returned, not page size)'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --raw 'DynamoDB-typed JSON ({"N":"1"}) instead of plain JSON'
            cand --desc 'Sort-key order descending (ScanIndexForward=false)'
            cand --consistent-read 'Strongly consistent reads (not on a global secondary index)'
            cand --explain 'Print the operation the key makes (GetItem, Query or Scan), why, and its request; read nothing'
            cand --scan 'When --key is not a key read, scan the whole table with it as a filter instead of refusing'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;table;describe'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;table;help'= {
            cand scan 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)'
            cand get 'One item by its whole primary key (GetItem), typed from the key schema'
            cand query 'The items of one partition (Query), by a key condition typed from the key schema'
            cand describe 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;table;help;scan'= {
        }
        &'iops;table;help;get'= {
        }
        &'iops;table;help;query'= {
        }
        &'iops;table;help;describe'= {
        }
        &'iops;table;help;help'= {
        }
        &'iops;connections'= {
            cand --table 'Connections table [default: tables.connections from iops.toml]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every connection record with its age, expiry and whether it is live or expired'
            cand count 'Live and expired connections, optionally since a time and broken down'
            cand show 'One connection record, all of it'
            cand prune 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;connections;list'= {
            cand --where 'Condition on an attribute (repeatable, ANDed)'
            cand --filter-expression 'A FilterExpression in DynamoDB''s own syntax, with --names and --values'
            cand --names 'ExpressionAttributeNames as JSON, e.g. ''{"#t":"ttl"}'''
            cand --values 'ExpressionAttributeValues as DynamoDB JSON, e.g. ''{":v":{"N":"1"}}'''
            cand --table 'Connections table [default: tables.connections from iops.toml]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;connections;count'= {
            cand --since 'Only connections made since TIME (by connectedAt), e.g. 30m'
            cand --by 'Break the count down'
            cand --table 'Connections table [default: tables.connections from iops.toml]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;connections;show'= {
            cand --table 'Connections table [default: tables.connections from iops.toml]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;connections;prune'= {
            cand --endpoint 'Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} [default: from websocket_url, or api_id and stage, in iops.toml]'
            cand --concurrency 'AWS requests in flight at once'
            cand --table 'Connections table [default: tables.connections from iops.toml]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --yes 'Delete them (without it, only list what would go)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;connections;help'= {
            cand list 'Every connection record with its age, expiry and whether it is live or expired'
            cand count 'Live and expired connections, optionally since a time and broken down'
            cand show 'One connection record, all of it'
            cand prune 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;connections;help;list'= {
        }
        &'iops;connections;help;count'= {
        }
        &'iops;connections;help;show'= {
        }
        &'iops;connections;help;prune'= {
        }
        &'iops;connections;help;help'= {
        }
        &'iops;metrics'= {
            cand --table 'Metrics table [default: tables.metrics from iops.toml]'
            cand --entity-type 'Only this entity type (e.g. stream)'
            cand --sort 'Sort by this metric, largest first'
            cand --top 'Only the first N after sorting'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --check 'Exit 1 when any item has a null or missing metric'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;deploy'= {
            cand --api-id 'WebSocket API id [default: api_id from iops.toml]'
            cand --api 'WebSocket API name, resolved with GetApis'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Deployments, newest first, and the stages that serve each'
            cand status 'The stage''s deployment, its age and settings; exit 1 when a newer deployment is not served'
            cand create 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage'
            cand activate-stage 'Point a stage at a deployment, verify it, and print the command that rolls back'
            cand rollback 'Move a stage back to the deployment before the one it serves (or --to ID)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;deploy;list'= {
            cand --api-id 'WebSocket API id [default: api_id from iops.toml]'
            cand --api 'WebSocket API name, resolved with GetApis'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;deploy;status'= {
            cand --stage 'Stage [default: stage from iops.toml]'
            cand --api-id 'WebSocket API id [default: api_id from iops.toml]'
            cand --api 'WebSocket API name, resolved with GetApis'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;deploy;create'= {
            cand --description 'Description of the deployment'
            cand --stage 'Activate the new deployment on this stage'
            cand --timeout 'Longest wait for DEPLOYED'
            cand --api-id 'WebSocket API id [default: api_id from iops.toml]'
            cand --api 'WebSocket API name, resolved with GetApis'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;deploy;activate-stage'= {
            cand --stage 'Stage [default: stage from iops.toml]'
            cand --deployment-id 'Deployment to serve'
            cand --api-id 'WebSocket API id [default: api_id from iops.toml]'
            cand --api 'WebSocket API name, resolved with GetApis'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --latest 'The newest DEPLOYED deployment'
            cand --dry-run 'Show what would change; make no mutating call'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;deploy;rollback'= {
            cand --stage 'Stage [default: stage from iops.toml]'
            cand --to 'Deployment to go back to [default: the newest deployment older than the current one]'
            cand --api-id 'WebSocket API id [default: api_id from iops.toml]'
            cand --api 'WebSocket API name, resolved with GetApis'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --dry-run 'Show what would change; make no mutating call'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;deploy;help'= {
            cand list 'Deployments, newest first, and the stages that serve each'
            cand status 'The stage''s deployment, its age and settings; exit 1 when a newer deployment is not served'
            cand create 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage'
            cand activate-stage 'Point a stage at a deployment, verify it, and print the command that rolls back'
            cand rollback 'Move a stage back to the deployment before the one it serves (or --to ID)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;deploy;help;list'= {
        }
        &'iops;deploy;help;status'= {
        }
        &'iops;deploy;help;create'= {
        }
        &'iops;deploy;help;activate-stage'= {
        }
        &'iops;deploy;help;rollback'= {
        }
        &'iops;deploy;help;help'= {
        }
        &'iops;ws'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand probe 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close'
            cand send 'Post a message to one connection or all of them through the management API (@connections)'
            cand merge 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them'
            cand connect 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;ws;probe'= {
            cand --stage 'Stage [default: stage from iops.toml]'
            cand --token 'Token to pass as a query parameter (redacted in every output)'
            cand --token-param 'Query parameter that carries --token'
            cand -H 'Extra request header ''Name: value'' (repeatable; credentials redacted)'
            cand --header 'Extra request header ''Name: value'' (repeatable; credentials redacted)'
            cand --subprotocol 'Sec-WebSocket-Protocol to request'
            cand --send 'Message to send after connecting, or @file (repeatable, in order)'
            cand --expect 'Regex a received message must match, in order (repeatable)'
            cand --timeout 'How long each connect phase (DNS, TCP, TLS, upgrade) and the expectations may take (load mode: each connection''s expectations, from its connect)'
            cand --ping-interval 'Send protocol pings this often and measure the pong latency'
            cand --app-ping 'Application-level ping to send every --ping-interval (or 30 s), e.g. ''{"action":"ping"}'''
            cand --hold 'Stay connected this long'
            cand --show 'Print the first N messages received'
            cand --connections 'Load mode: open this many connections (at --rate per second), hold them, report'
            cand --rate 'Load mode: new connections per second'
            cand --ramp 'Load mode: phases LENGTH:RATE (30s:100,60s:500), the rate of new connections reached linearly over each, instead of --rate; the connections are the ramp''s unless --connections'
            cand --every 'Load mode: repeat the --send messages this often on each held connection'
            cand --reply 'Load mode: the message that answers a send (round trip); default: any. A capture group (`(?P<seq>…)` or the first) is the id of the send it answers; without one, the send''s `{seq}` found in the reply is'
            cand --messages 'Load mode: send the --send messages N times per connection — each time once the last is answered (or every --every) — then close once all are answered; --hold (default 60s) bounds the wait, and a send left unanswered exits 1'
            cand --concurrency 'Load mode: at most N connections open (or opening) at once, like a pool of N clients'
            cand --connect-function 'Function (or config role) whose logs a failed $connect points to'
            cand --html 'Load mode: also write the run''s page to PATH: one self-contained HTML file with the verdict and charts per second (as `iops report LOAD.json --html` writes it); the report is printed as without it'
            cand --shard 'Load mode: run shard K of N of the plan — every N-th connection from the K-th, at the plan''s times, numbered as in the plan ({conn}); `ws merge` adds the N reports up'
            cand --shards 'Load mode: one of N shards, K from the engine''s environment: JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (an AWS Batch array job), 0-based'
            cand --emit 'With --shards N: print the job that runs the N shards instead of running — a Kubernetes Job or an AWS Batch SubmitJob input — for you to apply'
            cand --image 'With --emit kubernetes: the container image holding iops (see the Dockerfile) [default: iops:VERSION]'
            cand --job-queue 'With --emit aws-batch: the job queue to submit to [default: iops]'
            cand --job-definition 'With --emit aws-batch: the job definition (its image is iops''s; its secrets give IOPS_TOKEN) [default: iops]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --insecure 'Accept any TLS certificate (explicit only)'
            cand --until-close 'Stay connected until the server closes'
            cand --exit-zero 'Load mode: exit 0 once the report is printed, whatever its verdict — for the shards of a job engine, where one failed copy would stop the others; `ws merge` judges the whole run (the copies --emit writes have it)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;ws;send'= {
            cand --connection-id 'The connection to post to (an id like L0SM9cOFvHcCIhw=)'
            cand --data 'The message, posted as given: any text, JSON or not (PostToConnection takes any data), or @FILE for a file''s contents'
            cand --table 'Connections table [default: tables.connections from iops.toml]'
            cand --endpoint 'Management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage}; a wss:// (ws://) stage URL is taken as its https:// (http://) form [default: from websocket_url, or api_id and stage, in iops.toml]'
            cand --concurrency 'AWS requests in flight at once'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --all 'Every connection in the connections table'
            cand --prune 'Delete the records of connections that are gone (410)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;ws;merge'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;ws;connect'= {
            cand --stage 'Stage [default: stage from iops.toml]'
            cand --token 'Token to pass as a query parameter (redacted in every output)'
            cand --token-param 'Query parameter that carries --token'
            cand -H 'Extra request header ''Name: value'' (repeatable; credentials redacted)'
            cand --header 'Extra request header ''Name: value'' (repeatable; credentials redacted)'
            cand --subprotocol 'Sec-WebSocket-Protocol to request'
            cand --timeout 'Time allowed for each connect phase (DNS, TCP, TLS, upgrade)'
            cand --wait 'Piped input: once it has ended, close this long after the last line was sent'
            cand --transcript 'Write every frame seen (direction, time, size, text or base64, code), and a protocol violation, to PATH as ndjson'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --insecure 'Accept any TLS certificate (explicit only)'
            cand --pretty 'Show JSON messages indented (keys in the order received)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;ws;help'= {
            cand probe 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close'
            cand send 'Post a message to one connection or all of them through the management API (@connections)'
            cand merge 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them'
            cand connect 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;ws;help;probe'= {
        }
        &'iops;ws;help;send'= {
        }
        &'iops;ws;help;merge'= {
        }
        &'iops;ws;help;connect'= {
        }
        &'iops;ws;help;help'= {
        }
        &'iops;queue'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age'
            cand peek 'Show messages without consuming them (refuses when a peek could send one to the DLQ)'
            cand stale 'Messages whose WebSocket connection is gone; --delete --yes removes only those'
            cand redrive 'Move a dead-letter queue''s messages back (a dry run unless --yes)'
            cand purge 'Drop every message of a queue (PurgeQueue); refuses without --yes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;queue;status'= {
            cand --max-backlog 'Exit 1 when more than N messages wait (ApproximateNumberOfMessages)'
            cand --max-age 'Exit 1 when the oldest message is older than this'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --peek-age 'Without a CloudWatch datapoint, read the age from a peek (a receive: counts toward maxReceiveCount)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;queue;peek'= {
            cand --max 'At most N messages'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;queue;stale'= {
            cand --id-path 'Where the connection id is in a message body, e.g. detail.connectionId (repeatable) [default: connectionId, then requestContext.connectionId]'
            cand --endpoint 'Ask the management API, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} [default: from websocket_url, or api_id and stage, in iops.toml]'
            cand --table 'Ask the connections table instead (a record keyed by the connection id = live)'
            cand --concurrency 'AWS requests in flight at once'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --delete 'Delete the stale messages (a dry run unless --yes)'
            cand --yes 'With --delete: really delete them'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;queue;redrive'= {
            cand --to 'Where the messages go [default: the queue whose redrive policy names the DLQ]'
            cand --rate 'At most N messages per second (1-500, SQS''s limit for a move task)'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --yes 'Really move them (without it: what would move)'
            cand --client-side 'Move them through this machine: send to the destination, then delete, 10 at a time'
            cand --allow-type-change 'Move between a standard and a FIFO queue: FIFO ids are dropped, or each message becomes its own group (refused without it)'
            cand --status 'Show the DLQ''s move tasks (ListMessageMoveTasks)'
            cand --cancel 'Cancel the DLQ''s running move task'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;queue;purge'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --yes 'Really purge it (without it: how many messages it would drop, exit 2)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;queue;help'= {
            cand status 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age'
            cand peek 'Show messages without consuming them (refuses when a peek could send one to the DLQ)'
            cand stale 'Messages whose WebSocket connection is gone; --delete --yes removes only those'
            cand redrive 'Move a dead-letter queue''s messages back (a dry run unless --yes)'
            cand purge 'Drop every message of a queue (PurgeQueue); refuses without --yes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;queue;help;status'= {
        }
        &'iops;queue;help;peek'= {
        }
        &'iops;queue;help;stale'= {
        }
        &'iops;queue;help;redrive'= {
        }
        &'iops;queue;help;purge'= {
        }
        &'iops;queue;help;help'= {
        }
        &'iops;top'= {
            cand --window 'How far back figures and sparklines reach (up to 24h)'
            cand --refresh 'How often the live view reads everything again'
            cand --scan-every 'How often the connections table is scanned for the live count (a Scan reads all of it)'
            cand --stored-pattern 'The connect handler''s line for a stored connection [default: stored_pattern from iops.toml, else "Connection stored"]'
            cand --record 'Append every refresh''s page model to PATH as one JSON line (stops at 64 MB), for `iops report --from-recording PATH`'
            cand --refreshes 'Leave the live view after N refreshes (for benchmarks and scripted runs)'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --once 'Print one window report and exit (the default when stdout is not a terminal)'
            cand --check 'Print one report and exit 1 when a threshold is crossed or a source cannot be read'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;report'= {
            cand --since 'The window: this long up to now (1m to 24h)'
            cand --from 'The window''s start (with --to): a time (2026-12-07T02:10:00Z) or a duration ago (2h)'
            cand --to 'The window''s end (with --from)'
            cand --from-recording 'Build the page from the newest refresh of a `top --record` file instead of reading AWS'
            cand --html 'Write the page to PATH (`-`: stdout); without it, the JSON model is printed'
            cand --stored-pattern 'The connect handler''s line for a stored connection [default: stored_pattern from iops.toml, else "Connection stored"]'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;init'= {
            cand --stack 'CloudFormation stack (name or ARN) to read; nested stacks are followed'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand --force 'Replace an existing environment (or file, for the template) of the same name, and read a stack that rolled back, failed or was deleted (its failed and deleted resources are still skipped)'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;doctor'= {
            cand --only 'Run only these checks'
            cand --skip 'Leave these checks out'
            cand --wait 'How long the probe stays connected, waiting for messages'
            cand --since 'Look for recent errors in the logs since TIME [default: 15m ago]'
            cand --token 'Token the probe sends where token_source says (query:token by default; redacted everywhere)'
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;config'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the merged settings (flags > environment > iops.toml) and their sources'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;config;show'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;config;help'= {
            cand show 'Print the merged settings (flags > environment > iops.toml) and their sources'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;config;help;show'= {
        }
        &'iops;config;help;help'= {
        }
        &'iops;completions'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;man'= {
            cand --profile 'AWS profile [env: AWS_PROFILE; iops.toml: profile]'
            cand --region 'AWS region [env: AWS_REGION; iops.toml: region]'
            cand --endpoint-url 'Endpoint for every AWS service, e.g. a local emulator [env: AWS_ENDPOINT_URL]'
            cand --config 'Config file [env: IOPS_CONFIG; default: iops.toml here or in a parent directory]'
            cand --env 'Environment from the config file [env: IOPS_ENV]'
            cand -o 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --output 'Output format [default: table on a terminal, ndjson otherwise]'
            cand --color 'When to use color (NO_COLOR is honoured in auto)'
            cand --give-up-after 'Stop retrying a failing AWS call (throttled, 5xx, timing out) after this long; bare numbers are seconds'
            cand -v 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand --verbose 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'iops;help'= {
            cand simulate 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda'
            cand logs 'Tail, grep, count and summarise Lambda logs across many functions at once'
            cand table 'Scan (exactly, in parallel, in constant memory) and describe DynamoDB tables'
            cand connections 'The WebSocket connections table: list, count, show, prune gone connections'
            cand metrics 'The metrics table, with null or missing metrics flagged'
            cand deploy 'API Gateway deployments: which one each stage serves, create, activate safely, roll back'
            cand ws 'WebSocket probe: time every phase and explain the close code'
            cand queue 'SQS queues: backlog, oldest message, dead-letter queue, consumers; peek without consuming'
            cand top 'The whole stack live: API, functions, pipeline; --once for the window report, --check for cron'
            cand report 'One self-contained HTML page (or JSON) of an incident window, a `top` recording or a load run'
            cand init 'Find a stack''s parts in CloudFormation and write them to iops.toml (or write a template)'
            cand doctor 'Run the whole troubleshooting checklist: access, routes, deployment, probe, records, logs, data, pipeline'
            cand config 'Show the effective configuration and where each value came from'
            cand completions 'Print a shell completion script'
            cand man 'Write the man pages (iops.1, iops-logs-tail.1, …) into DIR (for packagers; man/ is committed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'iops;help;simulate'= {
        }
        &'iops;help;logs'= {
            cand tail 'Print (or --follow) the log events of one or more functions or log groups, merged by time'
            cand stats 'Invocations, errors, timeouts, cold starts, duration percentiles, memory and cost per function'
            cand groups 'List log groups with stored bytes, retention and last event time'
        }
        &'iops;help;logs;tail'= {
        }
        &'iops;help;logs;stats'= {
        }
        &'iops;help;logs;groups'= {
        }
        &'iops;help;table'= {
            cand scan 'Stream every item of a table as exact JSON (pages followed to the end, optional parallel segments)'
            cand get 'One item by its whole primary key (GetItem), typed from the key schema'
            cand query 'The items of one partition (Query), by a key condition typed from the key schema'
            cand describe 'Key schema, indexes, item count, size, billing mode, TTL and stream of a table'
        }
        &'iops;help;table;scan'= {
        }
        &'iops;help;table;get'= {
        }
        &'iops;help;table;query'= {
        }
        &'iops;help;table;describe'= {
        }
        &'iops;help;connections'= {
            cand list 'Every connection record with its age, expiry and whether it is live or expired'
            cand count 'Live and expired connections, optionally since a time and broken down'
            cand show 'One connection record, all of it'
            cand prune 'Delete records whose connection is gone (GetConnection answers 410); a dry run unless --yes'
        }
        &'iops;help;connections;list'= {
        }
        &'iops;help;connections;count'= {
        }
        &'iops;help;connections;show'= {
        }
        &'iops;help;connections;prune'= {
        }
        &'iops;help;metrics'= {
        }
        &'iops;help;deploy'= {
            cand list 'Deployments, newest first, and the stages that serve each'
            cand status 'The stage''s deployment, its age and settings; exit 1 when a newer deployment is not served'
            cand create 'Create a deployment, wait until it is DEPLOYED, optionally activate it on a stage'
            cand activate-stage 'Point a stage at a deployment, verify it, and print the command that rolls back'
            cand rollback 'Move a stage back to the deployment before the one it serves (or --to ID)'
        }
        &'iops;help;deploy;list'= {
        }
        &'iops;help;deploy;status'= {
        }
        &'iops;help;deploy;create'= {
        }
        &'iops;help;deploy;activate-stage'= {
        }
        &'iops;help;deploy;rollback'= {
        }
        &'iops;help;ws'= {
            cand probe 'Connect once, time DNS/TCP/TLS/upgrade/first message, send and expect messages, explain the close'
            cand send 'Post a message to one connection or all of them through the management API (@connections)'
            cand merge 'Combine load reports (`ws probe --connections N -o json`, one per host) as if one run made them'
            cand connect 'An interactive session: type messages, see what arrives (or pipe lines in), then the close explained'
        }
        &'iops;help;ws;probe'= {
        }
        &'iops;help;ws;send'= {
        }
        &'iops;help;ws;merge'= {
        }
        &'iops;help;ws;connect'= {
        }
        &'iops;help;queue'= {
            cand status 'Backlog, oldest message age, dead-letter queue and consumers; exit 1 past --max-backlog/--max-age'
            cand peek 'Show messages without consuming them (refuses when a peek could send one to the DLQ)'
            cand stale 'Messages whose WebSocket connection is gone; --delete --yes removes only those'
            cand redrive 'Move a dead-letter queue''s messages back (a dry run unless --yes)'
            cand purge 'Drop every message of a queue (PurgeQueue); refuses without --yes'
        }
        &'iops;help;queue;status'= {
        }
        &'iops;help;queue;peek'= {
        }
        &'iops;help;queue;stale'= {
        }
        &'iops;help;queue;redrive'= {
        }
        &'iops;help;queue;purge'= {
        }
        &'iops;help;top'= {
        }
        &'iops;help;report'= {
        }
        &'iops;help;init'= {
        }
        &'iops;help;doctor'= {
        }
        &'iops;help;config'= {
            cand show 'Print the merged settings (flags > environment > iops.toml) and their sources'
        }
        &'iops;help;config;show'= {
        }
        &'iops;help;completions'= {
        }
        &'iops;help;man'= {
        }
        &'iops;help;help'= {
        }
    ]
    $completions[$command]
}
