"""The release build: sizes of the stripped, unstripped and static musl binaries, and how long
each takes to start (`iops --version`, and the default `iops simulate`), beside `aws --version`.
Best of N runs of whole processes (bench_common.measure). Run by scripts/bench-release."""
import os
import tarfile
from pathlib import Path

from bench_common import AWS, ROOT, measure

RUNS = 30
binaries = {
    "release (stripped)": ROOT / "target" / "release" / "iops",
    "release, unstripped": ROOT / "target" / "unstripped" / "release" / "iops",
    "x86_64-unknown-linux-musl (static)": ROOT / "target" / "x86_64-unknown-linux-musl" / "release" / "iops",
}


def mb(path):
    return path.stat().st_size / 1e6


def best_ms(command, env=None):
    wall, _ = measure([command], env or dict(os.environ), repeat=RUNS)
    return wall * 1000


print(f"{'binary':<38} {'size':>9} {'--version':>10} {'simulate':>10}")
for name, path in binaries.items():
    version_ms = best_ms([str(path), "--version"])
    simulate_ms = best_ms([str(path), "simulate", "-o", "ndjson"])
    print(f"{name:<38} {mb(path):>7.1f} MB {version_ms:>7.2f} ms {simulate_ms:>7.2f} ms")

stripped, unstripped = mb(binaries["release (stripped)"]), mb(binaries["release, unstripped"])
print(f"stripping: {unstripped:.1f} MB -> {stripped:.1f} MB ({stripped / unstripped:.2f}x)")
tarballs = sorted((ROOT / "dist").glob("iops-*-x86_64-unknown-linux-musl.tar.gz"))
if tarballs:
    print(f"{tarballs[-1].name}: {mb(tarballs[-1]):.1f} MB")
if Path(AWS).exists():
    aws_ms = best_ms([AWS, "--version"])
    iops_ms = best_ms([str(binaries["release (stripped)"]), "--version"])
    print(f"--version: iops {iops_ms:.2f} ms, aws CLI {aws_ms:.0f} ms ({iops_ms / aws_ms:.3f}x, 1/{aws_ms / iops_ms:.0f})")
