"""Load test (issue #10, point 4): PostgreSQL + `gunicorn -w 4`, 50 delegations, a realistic
mix for a bounded time, on loopback only.

    .venv/bin/python bench/load_test.py                      # 16 delegates for 60 s
    .venv/bin/python bench/load_test.py --solo 12 --growth 2,4,8,16,32,50 --peer '-k sync --threads 1'   # everything

Delegates think 1–3 s between actions (uniform, seeded; `--no-think` for a tight loop): the
issue's "16 concurrent delegates" are people. The saturation line runs the same delegates
with no think time and reports the most requests/s the stack serves. `--solo N` first runs
each action N times with one delegate alone (the service time of each action, nothing queued).
`--peer OPTS` measures the main run and the saturation again under other gunicorn options
(e.g. sync workers: `-k sync --threads 1`) against the same data, for a comparison in the same run.

Reports per action count, throughput, p50/p95/p99 and errors (a 5xx or an unexpected 4xx; a
409 conflict on a stale save is an expected outcome), then checks every acknowledged save
against the revision chains (lost updates). Writes "## Load (issue #10)" into BENCHMARKS.md.
"""
from __future__ import annotations

import json
import math
import shlex
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli  # noqa: E402
from load_clients import MIX, THINK, Client, Delegate, Results  # noqa: E402
from load_setup import PASSWORD, REPO, SLICE, build, start_gunicorn, stop_gunicorn  # noqa: E402
from sections import write_section  # noqa: E402

SECTION = "## Load (issue #10)"
TARGET_P95_MS = 500.0
WARM_UP_SECONDS = 10.0


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[max(0, math.ceil(q * len(s)) - 1)] if s else float("nan")


CLIENTS: dict[tuple[str, int], Client] = {}  # (server, delegate): logged in once, kept across runs


def _delegate(stack, i: int, until: float, results: Results, think) -> Delegate:
    p = stack.delegates[i]
    one = Delegate(i, p, [d for d in stack.circulated if d != p.draft_id], stack.base, PASSWORD, until, results,
                   seed=i, think=think, client=CLIENTS.get((stack.base, i)))
    CLIENTS[stack.base, i] = one.log_in()
    return one


def solo(stack, repeats: int) -> Results:
    """Each action ``repeats`` times, one delegate alone, in turn: median ms of each."""
    results = Results()
    one = _delegate(stack, 0, math.inf, results, None)
    for _ in range(repeats):
        for action in MIX:
            one.act(action)
    return results


def run(stack, delegates: int, seconds: float, think=THINK) -> tuple[Results, float]:
    results = Results()
    threads = [_delegate(stack, i, math.inf, results, think) for i in range(delegates)]
    started = time.monotonic()
    for t in threads:  # the clock starts once everyone is logged in
        t.until = started + seconds
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    return results, time.monotonic() - started


def lost_updates(stack, results: Results) -> list[str]:
    """Every acknowledged save is in its draft's chain (parents in order) and its wording is
    in the revision it was acknowledged with."""
    problems, owner = [], {p.draft_id: p for p in stack.delegates}
    chains = {}
    for draft, rev, para, marker, email in results.saves:
        client = Client(stack.base, owner[draft].token)
        if draft not in chains:
            _, data = client.request("GET", f"/api/drafts/{draft}/revisions", api=True)
            chain = sorted((r["number"], r["parent"]) for r in json.loads(data)["revisions"])
            chains[draft] = {n for n, _ in chain}
            for (n, parent), (prev, _) in zip(chain[1:], chain):
                if parent != prev:
                    problems.append(f"draft {draft}: revision {n}'s parent is {parent}, not {prev}")
        if rev not in chains[draft]:
            problems.append(f"draft {draft}: acknowledged revision {rev} is not in the chain")
            continue
        _, data = client.request("GET", f"/api/drafts/{draft}/revisions/{rev}", api=True)
        doc = json.loads(data)["document"]
        texts = {p["id"]: p["text"] for p in doc["operative"]}
        if marker not in texts.get(para, ""):
            problems.append(f"draft {draft} revision {rev}: {email}'s {marker} in {para} is missing")
    return problems


def table(results: Results, wall: float) -> list[str]:
    lines = ["| action | count | per s | p50 ms | p95 ms | p99 ms | errors | outcomes |", "|---|---|---|---|---|---|---|---|"]
    for action in MIX:
        xs = results.times.get(action, [])
        outcomes = ", ".join(f"{k.split(':', 1)[1]} {v}" for k, v in sorted(results.outcomes.items())
                             if k.startswith(action + ":"))
        lines.append(f"| {action} | {len(xs)} | {len(xs) / wall:.1f} | {pct(xs, .5):.0f} | {pct(xs, .95):.0f} | "
                     f"{pct(xs, .99):.0f} | {len(results.errors.get(action, []))} | {outcomes} |")
    return lines


def measure(stack, args) -> tuple[Results, float, list[str], str]:
    """Warm up, the main run (with think time unless --no-think) and the saturation line."""
    think = None if args.no_think else THINK
    run(stack, args.delegates, WARM_UP_SECONDS, think)  # each worker opens its index and caches: not measured
    results, wall = run(stack, args.delegates, args.seconds, think)
    lines = table(results, wall)
    print("\n".join(lines), flush=True)
    saturated, w = (results, wall) if think is None else run(stack, args.delegates, min(args.seconds, 30.0), None)
    total = sum(map(len, saturated.times.values()))
    line = (f"Saturation (no think time, {args.delegates} delegates, {w:.0f} s): {total / w:.1f} requests/s, "
            f"worst p95 {worst(saturated)}.")
    print(line, flush=True)
    return results, wall, lines, line


def worst(r: Results) -> str:
    ms, action = max(((pct(xs, .95), a) for a, xs in r.times.items() if xs), default=(float("nan"), "-"))
    return f"{ms:.0f} ms ({action})"


def main(argv=None) -> int:
    def options(p):
        p.add_argument("--delegates", type=int, default=16)
        p.add_argument("--seconds", type=float, default=60.0)
        p.add_argument("--growth", default="", help="comma-separated delegate counts, e.g. 2,4,8,16,32,50")
        p.add_argument("--growth-seconds", type=float, default=20.0)
        p.add_argument("--gunicorn", default="", help="extra gunicorn options, e.g. '--threads 4'")
        p.add_argument("--peer", default="", help="gunicorn options to compare with, e.g. '-k sync --threads 1'")
        p.add_argument("--no-think", action="store_true", help="no think time between actions")
        p.add_argument("--solo", type=int, default=0, help="first run each action N times with one delegate")
    started = cli.start(__doc__, argv, options)
    if started is None:
        return 2
    args = started.args
    think = None if args.no_think else THINK
    stack = build()
    solo_lines, peer_lines = [], []
    try:
        base = start_gunicorn(stack, extra=tuple(args.gunicorn.split()))
        print(f"imported {stack.imported} documents in {stack.import_seconds:.1f} s; serving {base}", flush=True)
        if args.solo:
            alone = solo(stack, args.solo)
            solo_lines = ["| action | n | median ms | p95 ms |", "|---|---|---|---|"] + [
                f"| {a} | {len(alone.times[a])} | {pct(alone.times[a], .5):.0f} | {pct(alone.times[a], .95):.0f} |"
                for a in MIX]
            print("\n".join(solo_lines), flush=True)
        results, wall, main_table, saturation = measure(stack, args)
        growth = ["| delegates | requests/s | worst p95 ms (action) | errors |", "|---|---|---|---|"]
        for n in [int(x) for x in args.growth.split(",") if x.strip()]:
            r, w = run(stack, n, args.growth_seconds, think)
            growth.append(f"| {n} | {sum(map(len, r.times.values())) / w:.1f} | {worst(r)} | "
                          f"{sum(map(len, r.errors.values()))} |")
            print(growth[-1], flush=True)
        problems = lost_updates(stack, results)
        if args.peer:
            stop_gunicorn(stack)
            start_gunicorn(stack, extra=tuple(args.peer.split()))
            print(f"peer: gunicorn {args.peer}", flush=True)
            _, _, peer_table, peer_saturation = measure(stack, args)
            peer_lines = ["", f"Peer in the same run, `gunicorn -w 4 {args.peer}` on the same data:", "",
                          *peer_table, "", peer_saturation]
        load = open("/proc/loadavg").read().split()[:3]
    finally:
        stack.stop()
    for action, errs in results.errors.items():
        for e in errs[:3]:
            print(f"  {action}: {e}")
    print(f"lost updates: {len(problems)}", *problems[:10], sep="\n  ")
    facts = ", ".join(f"{k} {v}" for k, v in started.facts.items())
    model = f"gunicorn -w 4 {args.gunicorn}".strip()
    command = f"`.venv/bin/python bench/load_test.py {shlex.join(argv if argv is not None else sys.argv[1:])}`"
    text = "\n".join([
        SECTION, "", (f"{command} — PostgreSQL (throw-away cluster) + `{model}` (gunicorn.conf.py: gthread workers, 4 threads each), "
        f"clients on the same machine. Corpus slice: {', '.join(p.relative_to(SLICE[0].parents[2]).as_posix() for p in SLICE)} "
        f"({stack.imported} documents imported and indexed in {stack.import_seconds:.0f} s). "
        f"50 delegations × 2 users, a draft each (started from a session-78 resolution), half circulated. "
        f"Think time between a delegate's actions: {'none' if think is None else f'{think[0]:g}–{think[1]:g} s uniform, seeded'}. "
        f"Machine: {facts}; load at the end {' '.join(load)}."), "",
        *(["Service time of each action alone (one delegate, nothing else queued):", "", *solo_lines, ""]
          if solo_lines else []),
        f"{args.delegates} delegates for {wall:.0f} s (target every p95 < {TARGET_P95_MS:.0f} ms):", "",
        *main_table, "", saturation, "",
        f"Lost updates: {len(problems)} of {len(results.saves)} acknowledged saves checked.",
        "", f"Growth ({args.growth_seconds:g} s a step):", "", *growth, *peer_lines])
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, text)
    return 0 if not problems and not any(results.errors.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
