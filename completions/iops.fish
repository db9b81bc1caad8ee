# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_iops_global_optspecs
    string join \n profile= region= endpoint-url= config= env= o/output= color= v/verbose q/quiet h/help V/version
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
complete -c iops -n "__fish_iops_needs_command" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c iops -n "__fish_iops_needs_command" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_needs_command" -f -a "simulate" -d 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda'
complete -c iops -n "__fish_iops_needs_command" -f -a "config" -d 'Show the effective configuration and where each value came from'
complete -c iops -n "__fish_iops_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c iops -n "__fish_iops_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand simulate" -l streams -d 'Number of streams (entities stream-001 … stream-N)' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l events-per-stream -d 'Events per stream (ignored with --duration, which generates until the time is up)' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l seed -d 'Seed for the generator: the same seed gives byte-identical events [default: random, printed]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l types -d 'Event types to generate, comma-separated [default: all]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l rate -d 'Events per second across all streams [default: as fast as possible]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l duration -d 'Keep generating for this long (e.g. 90s, 10m, 1h30m)' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l start-time -d 'Timestamp of the first event: RFC 3339 (no zone = UTC), a date, or `now` [default: now; with --seed, 2026-01-01T00:00:00Z so the run repeats exactly]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l to -d 'Where events go: stdout, kinesis[:STREAM], dynamodb[:TABLE], lambda[:FUNCTION] [default: local]' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l payload -d 'With --to lambda: invoke with this JSON instead of the generated events (e.g. \'{}\')' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l concurrency -d 'AWS requests in flight at once' -r
complete -c iops -n "__fish_iops_using_subcommand simulate" -l max-attempts -d 'Attempts per record before it counts as not delivered' -r
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
complete -c iops -n "__fish_iops_using_subcommand simulate" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand simulate" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand simulate" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand simulate" -s V -l version -d 'Print version'
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
complete -c iops -n "__fish_iops_using_subcommand completions" -s v -l verbose -d 'More detail on stderr: -v progress, -vv every AWS request with its request id, -vvv everything'
complete -c iops -n "__fish_iops_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c iops -n "__fish_iops_using_subcommand completions" -s h -l help -d 'Print help'
complete -c iops -n "__fish_iops_using_subcommand completions" -s V -l version -d 'Print version'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate config completions help" -f -a "simulate" -d 'Generate realistic dashboard events locally, or deliver them to stdout, Kinesis, DynamoDB or a Lambda'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate config completions help" -f -a "config" -d 'Show the effective configuration and where each value came from'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate config completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c iops -n "__fish_iops_using_subcommand help; and not __fish_seen_subcommand_from simulate config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c iops -n "__fish_iops_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the merged settings (flags > environment > iops.toml) and their sources'
