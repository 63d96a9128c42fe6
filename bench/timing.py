"""Small timing helpers: wall-clock samples in milliseconds, medians and p95."""
from __future__ import annotations

import math
import statistics
import time
from typing import Callable


def sample(fn: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    """``runs`` timings of ``fn()`` in ms, after ``warmup`` untimed calls. GC stays on."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def interleaved(fns: dict[str, Callable[[], object]], runs: int, warmup: int = 3) -> dict[str, list[float]]:
    """Time several functions round by round, rotating their order each round, so a
    noisy moment on a shared machine falls on all of them alike."""
    names = list(fns)
    for _ in range(warmup):
        for name in names:
            fns[name]()
    out: dict[str, list[float]] = {name: [] for name in names}
    for r in range(runs):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            t0 = time.perf_counter()
            fns[name]()
            out[name].append((time.perf_counter() - t0) * 1000)
    return out


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def ms(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.1f}"
