//! Which account iops acts in: the aws CLI's credential precedence, checked against botocore
//! (the aws CLI's own library) on the same profile files and environment, with moto IAM users so
//! that each identity has its own ARN.

mod support;

use std::path::Path;

use support::{REGION, exits, http, iops_at, moto, runtime, sdk_config, unique};

/// A temporary HOME whose `~/.aws/credentials` holds the keys of a fresh moto IAM user under the
/// profile `alice` (and `~/.aws/config` its region).
struct Profiles {
    dir: tempfile::TempDir,
    /// The user's ARN, as moto's GetCallerIdentity answers for its keys.
    alice: String,
}

impl Profiles {
    fn new() -> Profiles {
        let user = unique("alice");
        let (key, secret) = runtime().block_on(async {
            let iam = aws_sdk_iam::Client::new(&sdk_config(&moto().endpoint));
            iam.create_user().user_name(&user).send().await.unwrap();
            let key = iam
                .create_access_key()
                .user_name(&user)
                .send()
                .await
                .unwrap();
            let key = key.access_key().unwrap();
            (
                key.access_key_id().to_string(),
                key.secret_access_key().to_string(),
            )
        });
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".aws")).unwrap();
        std::fs::write(
            dir.path().join(".aws/credentials"),
            format!("[alice]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join(".aws/config"),
            format!("[profile alice]\nregion = {REGION}\n\n[profile other]\nregion = {REGION}\n"),
        )
        .unwrap();
        Profiles {
            dir,
            alice: format!("arn:aws:iam::123456789012:user/{user}"),
        }
    }

    fn home(&self) -> &Path {
        self.dir.path()
    }

    /// `iops` against moto with this HOME and its profile files.
    fn iops(&self) -> assert_cmd::Command {
        let mut cmd = iops_at(&moto().endpoint);
        cmd.env("HOME", self.home())
            .env("AWS_CONFIG_FILE", self.home().join(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.home().join(".aws/credentials"),
            );
        cmd
    }

    /// The caller botocore (the aws CLI's library) sees with the same files: `profile` as the
    /// CLI's `--profile`, `env_profile` as AWS_PROFILE, `env_keys` as exported keys.
    fn botocore_caller(
        &self,
        profile: Option<&str>,
        env_profile: Option<&str>,
        env_keys: bool,
    ) -> String {
        let mut cmd = std::process::Command::new(support::project_dir().join(".venv/bin/python"));
        cmd.arg("-c")
            .arg(
                "import sys, boto3\n\
                 session = boto3.Session(profile_name=sys.argv[1] or None)\n\
                 sts = session.client('sts', endpoint_url=sys.argv[2], region_name='us-east-1')\n\
                 print(sts.get_caller_identity()['Arn'])",
            )
            .arg(profile.unwrap_or(""))
            .arg(&moto().endpoint)
            .env("HOME", self.home())
            .env("AWS_CONFIG_FILE", self.home().join(".aws/config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.home().join(".aws/credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_DEFAULT_PROFILE")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN");
        if let Some(name) = env_profile {
            cmd.env("AWS_PROFILE", name);
        }
        if env_keys {
            cmd.env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing");
        }
        let output = cmd.output().expect("python runs");
        assert!(
            output.status.success(),
            "botocore failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }
}

/// The ARN in iops's `acting as` line.
fn acting_as(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("iops: acting as "))
        .unwrap_or_else(|| panic!("no `acting as` line in: {stderr}"));
    line["iops: acting as ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .to_string()
}

fn queue() -> String {
    let name = unique("creds");
    runtime().block_on(async {
        aws_sdk_sqs::Client::new(&sdk_config(&moto().endpoint))
            .create_queue()
            .queue_name(&name)
            .send()
            .await
            .unwrap();
    });
    name
}

/// The environment user moto answers for the harness's static keys.
fn environment_caller(profiles: &Profiles) -> String {
    profiles.botocore_caller(None, None, true)
}

#[test]
fn the_profile_flag_beats_the_environment_keys_as_in_the_aws_cli() {
    let profiles = Profiles::new();
    let queue = queue();
    let done = exits(
        profiles
            .iops()
            .args(["queue", "purge", &queue, "--profile", "alice"]),
        2, // a purge without --yes is refused, after naming who and what it would act on
    );
    assert_eq!(acting_as(&done.stderr), profiles.alice, "{}", done.stderr);
    assert_eq!(
        profiles.botocore_caller(Some("alice"), None, true),
        profiles.alice
    );
    assert_ne!(environment_caller(&profiles), profiles.alice);
    assert!(
        done.stderr.contains("credentials: profile alice"),
        "{}",
        done.stderr
    );
    // The identity comes before the queue it acts on.
    let identity_at = done.stderr.find("acting as").unwrap();
    let target_at = done.stderr.find("purge acts on").unwrap();
    assert!(identity_at < target_at, "{}", done.stderr);
}

#[test]
fn a_profile_in_iops_toml_beats_the_environment_keys() {
    let profiles = Profiles::new();
    let queue = queue();
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("iops.toml"),
        "[env.dev]\nprofile = \"alice\"\nregion = \"us-east-1\"\n",
    )
    .unwrap();
    let done = exits(
        profiles
            .iops()
            .current_dir(project.path())
            .args(["queue", "purge", &queue]),
        2,
    );
    assert_eq!(acting_as(&done.stderr), profiles.alice, "{}", done.stderr);
}

#[test]
fn aws_profile_alone_does_not_beat_the_environment_keys_as_in_the_aws_cli() {
    let profiles = Profiles::new();
    let queue = queue();
    let done = exits(
        profiles
            .iops()
            .env("AWS_PROFILE", "alice")
            .args(["queue", "purge", &queue]),
        2,
    );
    let botocore = profiles.botocore_caller(None, Some("alice"), true);
    assert_eq!(acting_as(&done.stderr), botocore, "{}", done.stderr);
    assert_ne!(botocore, profiles.alice);
    assert!(
        done.stderr
            .contains("credentials: the environment's keys, not AWS_PROFILE=alice"),
        "{}",
        done.stderr
    );
    // Without keys in the environment, AWS_PROFILE's profile is used.
    let done = exits(
        profiles
            .iops()
            .env("AWS_PROFILE", "alice")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .args(["queue", "purge", &queue]),
        2,
    );
    assert_eq!(acting_as(&done.stderr), profiles.alice, "{}", done.stderr);
    assert_eq!(
        profiles.botocore_caller(None, Some("alice"), false),
        profiles.alice
    );
}

#[test]
fn a_profile_that_does_not_exist_is_a_usage_error_naming_the_files() {
    let profiles = Profiles::new();
    for (flag, env) in [(Some("alcie"), None), (None, Some("alcie"))] {
        let mut cmd = profiles.iops();
        cmd.args(["queue", "status", "anything"]);
        if let Some(name) = flag {
            cmd.args(["--profile", name]);
        }
        if let Some(name) = env {
            cmd.env("AWS_PROFILE", name);
        }
        let done = exits(&mut cmd, 2);
        let config = profiles.home().join(".aws/config");
        let credentials = profiles.home().join(".aws/credentials");
        for expected in [
            "the AWS profile 'alcie'",
            "does not exist",
            &config.display().to_string(),
            &credentials.display().to_string(),
            "profiles defined there: alice, other",
        ] {
            assert!(
                done.stderr.contains(expected),
                "{expected}: {}",
                done.stderr
            );
        }
        // Never the hint for a missing profile setting: the profile is set, it does not exist.
        assert!(!done.stderr.contains("set AWS_PROFILE"), "{}", done.stderr);
    }
    // config show shows the settings, says the profile does not exist, and fails the same way.
    let done = exits(
        profiles
            .iops()
            .args(["config", "show", "-o", "json", "--profile", "alcie"]),
        2,
    );
    let rows: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    let credentials = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "credentials")
        .unwrap();
    assert_eq!(
        credentials["value"],
        "none: the profile alcie does not exist"
    );
}

#[test]
fn config_show_says_which_credentials_win() {
    let profiles = Profiles::new();
    let value = |cmd: &mut assert_cmd::Command| {
        let done = exits(cmd.args(["config", "show", "-o", "json"]), 0);
        let rows: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == "credentials")
            .unwrap()["value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let flag = value(profiles.iops().args(["--profile", "alice"]));
    assert!(
        flag.starts_with("profile alice") && flag.contains("wins over AWS_ACCESS_KEY_ID"),
        "{flag}"
    );
    let env = value(profiles.iops().env("AWS_PROFILE", "alice"));
    assert!(
        env.contains("AWS_ACCESS_KEY_ID") && env.contains("wins over AWS_PROFILE=alice"),
        "{env}"
    );
}

/// Instance metadata that refuses every caller (HTTP 403), as on an instance whose IMDS is
/// locked down: the SDK's chain ends there when nothing else has credentials.
fn forbidding_instance_metadata() -> http::Server {
    http::serve(|_| http::Response {
        status: 403,
        headers: vec![("Content-Length".into(), "0".into())],
        body: Vec::new(),
    })
}

#[test]
fn no_credentials_with_a_forbidding_instance_metadata_is_a_credentials_error_not_a_network_one() {
    let imds = forbidding_instance_metadata();
    let empty_home = tempfile::tempdir().unwrap();
    let done = exits(
        iops_at(&moto().endpoint)
            .env("HOME", empty_home.path())
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_EC2_METADATA_DISABLED")
            .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.endpoint)
            .args(["queue", "status", "anything"]),
        3,
    );
    assert!(
        done.stderr.contains("no usable credentials"),
        "{}",
        done.stderr
    );
    assert!(!done.stderr.contains("cannot reach"), "{}", done.stderr);
    for source in [
        "the environment (AWS_ACCESS_KEY_ID",
        "profile default in",
        "EC2 instance metadata",
    ] {
        assert!(done.stderr.contains(source), "{source}: {}", done.stderr);
    }
}

#[test]
fn a_named_profile_without_keys_does_not_fall_back_to_the_environment() {
    // `other` exists but holds no credentials: the environment's keys must not be used for it
    // (botocore drops its environment provider for an explicit profile), so with instance
    // metadata disabled nothing is left, and nothing is acted on.
    let profiles = Profiles::new();
    let queue = queue();
    let done = exits(
        profiles
            .iops()
            .args(["queue", "purge", &queue, "--profile", "other"]),
        3,
    );
    assert!(!done.stderr.contains("acting as"), "{}", done.stderr);
    assert!(done.stderr.contains("profile other"), "{}", done.stderr);
}

#[test]
fn every_changing_command_names_who_it_acts_as_before_acting() {
    // Each command is pointed at something that does not exist: what matters is that the
    // identity line comes first, as the named profile's user, before the command's own work.
    let profiles = Profiles::new();
    let missing = unique("missing");
    let dead = "http://127.0.0.1:9"; // the discard port: nothing listens on loopback there
    let (kinesis, dynamodb, lambda) = (
        format!("kinesis:{missing}"),
        format!("dynamodb:{missing}"),
        format!("lambda:{missing}"),
    );
    let commands: Vec<Vec<&str>> = vec![
        vec!["queue", "purge", &missing],
        vec!["queue", "redrive", &missing],
        vec!["queue", "stale", &missing, "--delete", "--table", &missing],
        vec![
            "connections",
            "prune",
            "--table",
            &missing,
            "--endpoint",
            dead,
        ],
        vec![
            "ws",
            "send",
            "--connection-id",
            "abc=",
            "--data",
            "{}",
            "--endpoint",
            dead,
        ],
        vec!["simulate", "--to", &kinesis, "--streams", "1"],
        vec!["simulate", "--to", &dynamodb, "--streams", "1"],
        vec!["simulate", "--to", &lambda, "--streams", "1"],
        vec!["simulate", "--to", &lambda, "--schedule", "on"],
    ];
    for args in commands {
        let output = profiles
            .iops()
            .args(&args)
            .args(["--profile", "alice"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_ne!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("iops: acting as {} ", profiles.alice)),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn read_only_commands_do_not_ask_who_they_are() {
    let profiles = Profiles::new();
    let queue = queue();
    let done = exits(
        profiles
            .iops()
            .args(["queue", "status", &queue, "--profile", "alice"]),
        0,
    );
    assert!(!done.stderr.contains("acting as"), "{}", done.stderr);
}

#[test]
fn config_show_names_the_region_a_profile_sets() {
    let profiles = Profiles::new();
    std::fs::write(
        profiles.home().join(".aws/config"),
        "[profile alice]\nregion = eu-west-1\n",
    )
    .unwrap();
    let done = exits(
        profiles.iops().env_remove("AWS_REGION").args([
            "config",
            "show",
            "-o",
            "json",
            "--profile",
            "alice",
        ]),
        0,
    );
    let rows: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    let region = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "region")
        .unwrap();
    assert_eq!(region["value"], "eu-west-1", "{rows:#}");
    assert_eq!(region["source"], "profile alice in the AWS config file");
    // And the commands use it: who acts, in which region.
    let done = exits(
        profiles.iops().env_remove("AWS_REGION").args([
            "queue",
            "purge",
            "anything",
            "--profile",
            "alice",
        ]),
        3, // no such queue, in the profile's region
    );
    assert!(
        done.stderr
            .contains("region eu-west-1, credentials: profile alice"),
        "{}",
        done.stderr
    );
}
