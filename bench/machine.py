"""What every benchmark section states about the run: the machine, its load, the code."""
from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def commit() -> str:
    """The short commit, and whether the tree held uncommitted changes when measured."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.strip()
        return head + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def facts(**extra: str) -> dict[str, str]:
    """nproc, cpu, python, os, load, commit, and the benchmark's own ``extra`` facts."""
    return {"nproc": str(len(os.sched_getaffinity(0))), "cpu": cpu_model(),
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "os": platform.platform(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "commit": commit(), **extra}
