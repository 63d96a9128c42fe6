"""The start every corpus benchmark shares: its arguments, the corpus check, the facts.

    run = start(__doc__, argv, add_options, extra_facts)
    if run is None: return 2          # the corpus is missing (already said on stderr)
    … run.args, run.facts (machine facts and the date), run.elapsed() …
"""
from __future__ import annotations

import argparse
import datetime
import gc
import sys
import time
from dataclasses import dataclass, field
from typing import Callable

from machine import facts as machine_facts
from workload import AKN


@dataclass
class Run:
    args: argparse.Namespace
    facts: dict[str, str]
    started: float = field(default_factory=time.perf_counter)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def start(description: str | None, argv, add_options: Callable[[argparse.ArgumentParser], None],
          extra_facts: Callable[[], dict[str, str]] = dict) -> Run | None:
    """Parse ``argv`` (the benchmark's own options plus --no-write), check that the corpus
    is there, and note the machine and the date; None, said on stderr, without the corpus."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser)
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    if not AKN.is_dir():
        print(f"the corpus is missing: {AKN}", file=sys.stderr)
        return None
    gc.enable()
    facts = machine_facts(**extra_facts())
    facts["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return Run(args, facts)
