//! A WebSocket stack's last half hour on moto, seeded by `top_stack.py` (see its docstring for
//! the spec), with an iops.toml naming every part: the fixture of `top` and `report`.

use std::path::PathBuf;
use std::process::Command as Process;

use serde_json::Value;

use super::{iops_at, moto, project_dir, unique};

pub struct Stack {
    pub prefix: String,
    /// The WebSocket API moto created (it picks the id).
    pub api_id: String,
    /// The HTTP API beside it, when the spec asked for one.
    pub http_api_id: Option<String>,
    pub dir: tempfile::TempDir,
}

pub fn stack(spec: Value) -> Stack {
    let prefix = unique("top");
    let output = Process::new(project_dir().join(".venv/bin/python"))
        .arg(project_dir().join("tests/support/top_stack.py"))
        .args([&moto().endpoint, &prefix, &spec.to_string()])
        .output()
        .expect("run top_stack.py");
    assert!(
        output.status.success(),
        "top_stack.py: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seeded: Value = serde_json::from_slice(&output.stdout).expect("top_stack.py prints JSON");
    let dir = tempfile::tempdir().unwrap();
    let stack = Stack {
        prefix,
        api_id: seeded["api_id"].as_str().unwrap().to_string(),
        http_api_id: seeded["http_api_id"].as_str().map(str::to_string),
        dir,
    };
    stack.write_config("");
    stack
}

impl Stack {
    /// iops.toml naming every part, plus `extra` lines in the environment.
    pub fn write_config(&self, extra: &str) {
        let (p, api_id) = (&self.prefix, &self.api_id);
        let text = format!(
            r#"default_env = "test"
[env.test]
api_id = "{api_id}"
stage = "prod"
kinesis_stream = "{p}-stream"
{extra}
[env.test.tables]
connections = "{p}-connections"
[env.test.functions]
connect = "{p}-connect"
disconnect = "{p}-disconnect"
processor = "{p}-proc*"
[env.test.queues]
chat = "{p}-queue"
"#
        );
        std::fs::write(self.config(), text).unwrap();
    }

    /// The API panel's subject: `API/STAGE`.
    pub fn api(&self) -> String {
        format!("{}/prod", self.api_id)
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("iops.toml")
    }

    pub fn top(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = iops_at(&moto().endpoint);
        cmd.arg("--config").arg(self.config()).arg("top").args(args);
        cmd
    }
}

impl Stack {
    /// `iops --config … SUBCOMMAND ARGS` against moto.
    pub fn iops(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = iops_at(&moto().endpoint);
        cmd.arg("--config").arg(self.config()).args(args);
        cmd
    }
}
