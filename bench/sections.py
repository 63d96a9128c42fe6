"""BENCHMARKS.md holds one section per benchmark; each run replaces only its own."""
from __future__ import annotations

from pathlib import Path


def write_section(path: Path, heading: str, section: str) -> None:
    """Put ``section`` (starting with ``heading``, a "## …" line) into ``path``, replacing
    the section of that heading if there is one and keeping every other section."""
    if not path.exists():
        path.write_text("# Benchmarks\n\n" + section.rstrip() + "\n", "utf-8")
        return
    text = path.read_text("utf-8")
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == heading), None)
    if start is None:
        path.write_text(text.rstrip() + "\n\n" + section.rstrip() + "\n", "utf-8")
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    new = lines[:start] + section.rstrip().splitlines() + ([""] + lines[end:] if end < len(lines) else [])
    path.write_text("\n".join(new).rstrip() + "\n", "utf-8")
