"""Diff over the API (issue #10 point 1) against difflib over the two whole texts, on
every real recurring pair of ../shared/corpus.

    .venv/bin/python bench/diff_bench.py              # all pairs; writes "## Diff over the API (issue #10)"
    .venv/bin/python bench/diff_bench.py --quick      # every 10th pair and the largest, print only
    .venv/bin/python bench/diff_bench.py --no-write   # all pairs, print only

A pair is a resolution of session N-1 and the one of session N adopted under the same
title (once in each, N = 76, 77, 78), the newer one's paragraph ids re-aligned with
``resolutions.domain.alignment.align_ids`` as an editor keeps them. Each pair is one draft
of a fresh SQLite database (created from the older text, saved once with the newer: the
services layer, as a request would), and is requested as ``GET /api/drafts/<id>/diff?from=1&to=2``
through the Flask test client with an API token:

- *cold*: every cache of the process emptied before the request (the stored-revision
  reader's and the finished-diff cache), as the first look at a pair is;
- *warm*: the same request again, as a reload or a second delegate is.

The peer, in the same rounds (order rotating): difflib.SequenceMatcher over the word
tokens ``\\S+\\s*`` of the joined paragraph texts, autojunk=True (bench/run.py's
``_difflib``), its tokenising included. The split of a cold request is timed stage by
stage in this script, on the same calls the route makes: load (the draft, both
revisions read and decoded), diff (``diff_documents``), serialise (``_diff_json`` and
``jsonify``); the rest of the request (routing, token check, session) is what remains.
"""
from __future__ import annotations

import gc
import sys
import tempfile
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cli  # noqa: E402
from sections import write_section  # noqa: E402
from timing import median, ms  # noqa: E402
from workload import AKN, aligned_pair, count_paragraphs, load_session, shown_texts  # noqa: E402
from resolutions.domain.diff import diff_documents  # noqa: E402
from resolutions.services import accounts, drafts, policy  # noqa: E402
from resolutions.store import queries  # noqa: E402
from resolutions.web import create_app  # noqa: E402
from resolutions.web.api.drafts import _diff_json  # noqa: E402

SECTION = "## Diff over the API (issue #10)"
SESSIONS = (75, 76, 77, 78)
WORDS_RE = __import__("re").compile(r"\S+\s*")
BUCKETS = ((1, 20), (21, 50), (51, 100), (101, 200), (201, 10_000))
PASSWORD = "benchmark-password-10"


@dataclass
class Pair:
    label: str
    old: object
    new: object
    paragraphs: int          # of the newer text
    words: int               # tokens of both texts, as difflib sees them
    a: str
    b: str
    draft_id: int = 0


def build_pairs() -> list[Pair]:
    sessions = {s: load_session(s) for s in SESSIONS}
    pairs = []
    for older, newer in zip(SESSIONS, SESSIONS[1:]):
        old_by, new_by = {}, {}
        for s in sessions[older]:
            old_by.setdefault(s.doc.title, []).append(s)
        for s in sessions[newer]:
            new_by.setdefault(s.doc.title, []).append(s)
        for title, found in new_by.items():
            if len(found) == 1 and len(old_by.get(title, [])) == 1:
                old, new = old_by[title][0].doc, found[0].doc
                aligned, _ = aligned_pair(old, new)
                a, b = "\n".join(shown_texts(old)), "\n".join(shown_texts(aligned))
                pairs.append(Pair(f"{old.symbol} → {new.symbol}", old, aligned, count_paragraphs(aligned),
                                  len(WORDS_RE.findall(a)) + len(WORDS_RE.findall(b)), a, b))
    return pairs


def difflib_diff(p: Pair):
    return SequenceMatcher(None, WORDS_RE.findall(p.a), WORDS_RE.findall(p.b), autojunk=True).get_opcodes()


def clear_caches() -> None:
    """Every cache a diff request may hit: the first request for a pair finds none."""
    drafts._READ.clear()
    cache = getattr(drafts, "_DIFFS", None)
    if cache is not None:
        cache.clear()


def setup(tmp: str, pairs: list[Pair]):
    app = create_app({"data_dir": Path(tmp), "database_url": f"sqlite:///{tmp}/bench.sqlite3",
                      "secret_key": "bench", "secure_cookies": False})
    db = app.extensions["resolutions.db"]
    db.initialise()
    with db.collecting_index_changes() as collected:
        with db.unit_of_work() as s:
            accounts.create_user(s, "bench@japan.example", PASSWORD, delegation="Japan")
            token = accounts.issue_token(s, "bench@japan.example")
        for p in pairs:
            with db.unit_of_work() as s:
                actor = accounts.actor_by_email(s, "bench@japan.example")
                created = drafts.create(s, actor, p.old, "last session's text")
                drafts.save(s, actor, created.id, 1, p.new, "this session's text")
                p.draft_id = created.id
    db.index_worker.start()
    db.index_worker.submit(collected)
    db.wait_for_index(timeout=3600)  # the index worker idle before anything is timed
    return app, db, token


def stages(app, db, p: Pair) -> tuple[float, float, float]:
    """(load, diff, serialise) ms of a cold request's work, stage by stage, as compare and
    the route do them."""
    clear_caches()
    with db.session() as s:
        actor = accounts.actor_by_email(s, "bench@japan.example")
        t0 = time.perf_counter()
        draft = policy.require(actor, policy.HISTORY, queries.draft(s, p.draft_id), p.draft_id)
        if hasattr(drafts, "_stored_texts"):
            texts = drafts._stored_texts(s, draft, (1, 2))
            old, new = (drafts._read_document(draft.id, n, *texts[n]) for n in (1, 2))
        else:  # the code before issue #10's change, for a run on an older checkout
            old, new = (drafts._stored_document(draft.id, drafts._revision(s, draft, n)) for n in (1, 2))
        t1 = time.perf_counter()
        diff = diff_documents(old, new)
        t2 = time.perf_counter()
        with app.test_request_context():
            app.json.response({"from": 1, "to": 2, **_diff_json(diff)}).get_data()
        t3 = time.perf_counter()
    return (t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000


def measure(app, db, token: str, pairs: list[Pair], budget_ms: float, max_rounds: int) -> dict:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    bodies = {}

    def api(p: Pair, cold: bool):
        if cold:
            clear_caches()
        t0 = time.perf_counter()
        answer = client.get(f"/api/drafts/{p.draft_id}/diff?from=1&to=2", headers=headers)
        t = (time.perf_counter() - t0) * 1000
        if answer.status_code != 200:
            raise SystemExit(f"{p.label}: {answer.status_code} {answer.get_data(as_text=True)[:200]}")
        bodies[p.label] = len(answer.get_data())
        return t

    def peer(p: Pair):
        t0 = time.perf_counter()
        difflib_diff(p)
        return (time.perf_counter() - t0) * 1000

    def split(p: Pair):
        return stages(app, db, p)

    for p in pairs[:5]:  # the process's first requests (imports, caches of SQLAlchemy) untimed
        api(p, True), split(p)
    out = {}
    for k, p in enumerate(pairs):
        # warm-up: one of each, and an estimate of a round's cost for the number of rounds
        first = api(p, True) + peer(p) + api(p, False) + sum(split(p))
        rounds = max(3, min(max_rounds, int(budget_ms / max(first, 0.01))))
        times = {"cold": [], "warm": [], "difflib": [], "split": []}
        kinds = ["cold", "warm", "difflib", "split"]
        for r in range(rounds):
            order = kinds[r % 4:] + kinds[:r % 4]
            for kind in order:
                if kind == "cold":
                    times["cold"].append(api(p, True))
                elif kind == "warm":
                    times["warm"].append(api(p, False))
                elif kind == "difflib":
                    times["difflib"].append(peer(p))
                else:
                    times["split"].append(split(p))
        out[p.label] = times
        if (k + 1) % 50 == 0:
            print(f"  {k + 1} / {len(pairs)} pairs", flush=True)
    return {"times": out, "bytes": bodies}


def summarise(pairs: list[Pair], m: dict) -> dict:
    rows = []
    for p in pairs:
        t = m["times"][p.label]
        load, diff, ser = (median([s[i] for s in t["split"]]) for i in range(3))
        rows.append({"pair": p, "cold": median(t["cold"]), "warm": median(t["warm"]),
                     "difflib": median(t["difflib"]), "load": load, "diff": diff, "ser": ser,
                     "rounds": len(t["cold"]), "bytes": m["bytes"][p.label]})
    return rows


def report(rows, facts, command, elapsed) -> str:
    L = []
    add = L.append
    total = {k: sum(r[k] for r in rows) for k in ("cold", "warm", "difflib", "load", "diff", "ser")}
    worst = max(rows, key=lambda r: r["cold"] / r["difflib"])
    worst_warm = max(rows, key=lambda r: r["warm"] / r["difflib"])
    slower = sum(r["cold"] >= r["difflib"] for r in rows)
    largest = max(rows, key=lambda r: r["pair"].paragraphs)
    add(SECTION)
    add("")
    add(f"Command: `{command}`, on {facts['date']}, took {elapsed:.0f} s. Machine: nproc {facts['nproc']} "
        f"({facts['cpu']}), {facts['python']}; load average at start {facts['load']}. Code: {facts['commit']}.")
    add("")
    add(f"{len(rows)} pairs: every resolution of sessions 76–78 adopted under the title of exactly one "
        "resolution of the session before (and once itself), ids re-aligned with `align_ids`; each a draft "
        "of a fresh SQLite database with the two texts as revisions 1 and 2, requested as "
        "`GET /api/drafts/<id>/diff?from=1&to=2` through the Flask test client (API token). "
        "*Cold*: every cache emptied before the request; *warm*: the same request again. "
        "Peer: difflib `SequenceMatcher` over the `\\S+\\s*` tokens of the joined paragraph texts, "
        "autojunk=True, tokenising included. Per pair the median of 3–"
        f"{max(r['rounds'] for r in rows)} rounds (fewer for large pairs), the four measurements "
        "of a round in rotating order; the garbage collector on.")
    add("")
    add(f"**Worst ratio over all pairs, cold API / difflib: ×{worst['cold'] / worst['difflib']:.2f}** "
        f"({worst['pair'].label}, {worst['pair'].paragraphs} paragraphs: {ms(worst['cold'])} ms vs "
        f"{ms(worst['difflib'])} ms); pairs where the cold request is not faster than difflib: {slower} "
        f"of {len(rows)}. Warm: worst ×{worst_warm['warm'] / worst_warm['difflib']:.2f} "
        f"({worst_warm['pair'].label}).")
    add("")
    add(f"Largest pair, {largest['pair'].label} ({largest['pair'].paragraphs} paragraphs, "
        f"{largest['pair'].words:,} tokens): cold {ms(largest['cold'])} ms, warm {ms(largest['warm'])} ms, "
        f"difflib {ms(largest['difflib'])} ms (load {ms(largest['load'])}, diff {ms(largest['diff'])}, "
        f"serialise {ms(largest['ser'])} ms).")
    add("")
    add("| paragraphs (newer text) | pairs | cold API median ms (sum) | warm median ms | difflib median ms (sum) | "
        "cold/difflib median, worst | load / diff / serialise median ms | rest of the request |")
    add("|---|---:|---:|---:|---:|---|---|---:|")
    for lo, hi in BUCKETS:
        b = [r for r in rows if lo <= r["pair"].paragraphs <= hi]
        if not b:
            continue
        ratios = [r["cold"] / r["difflib"] for r in b]
        rest = median([r["cold"] - r["load"] - r["diff"] - r["ser"] for r in b])
        add(f"| {lo}–{hi if hi < 10_000 else '…'} | {len(b)} | {ms(median([r['cold'] for r in b]))} "
            f"({sum(r['cold'] for r in b) / 1000:.1f} s) | {ms(median([r['warm'] for r in b]))} | "
            f"{ms(median([r['difflib'] for r in b]))} ({sum(r['difflib'] for r in b) / 1000:.1f} s) | "
            f"×{median(ratios):.2f}, ×{max(ratios):.2f} | {ms(median([r['load'] for r in b]))} / "
            f"{ms(median([r['diff'] for r in b]))} / {ms(median([r['ser'] for r in b]))} | {ms(rest)} |")
    add(f"| all | {len(rows)} | ({total['cold'] / 1000:.1f} s) | ({total['warm'] / 1000:.1f} s) | "
        f"({total['difflib'] / 1000:.1f} s) | | ({total['load'] / 1000:.1f} / {total['diff'] / 1000:.1f} / "
        f"{total['ser'] / 1000:.1f} s) | |")
    add("")
    add("Sums are of the per-pair medians. The split is timed in this script on the calls the route "
        "makes, caches emptied (load: the draft's policy check, both revisions read and decoded; diff: "
        "`diff_documents`; serialise: `_diff_json` and the JSON response); \"rest\" is the cold request "
        "minus the three (routing, the token check, the session and its commit).")
    add("")
    add("difflib does less: one flat token diff, no paragraph ids, moves, numbering, semantic clean-up "
        "or JSON; the API also reads both revisions from the database.")
    return "\n".join(L)


def main(argv=None) -> int:
    def options(parser):
        parser.add_argument("--quick", action="store_true", help="every 10th pair and the largest; print only")
        parser.add_argument("--budget-ms", type=float, default=150.0,
                            help="time aimed at per pair, in rounds (at least 3)")
        parser.add_argument("--max-rounds", type=int, default=9)
        parser.add_argument("--only", help="pairs whose label contains this")

    run = cli.start(__doc__, argv, options)
    if run is None:
        return 2
    args, facts = run.args, run.facts
    print(f"reading {AKN} …", flush=True)
    pairs = build_pairs()
    if args.only:
        pairs = [p for p in pairs if args.only in p.label]
    elif args.quick:
        largest = max(pairs, key=lambda p: p.paragraphs)
        pairs = [p for k, p in enumerate(pairs) if k % 10 == 0 or p is largest]
    print(f"{len(pairs)} pairs; database …", flush=True)
    with tempfile.TemporaryDirectory(prefix="diff-bench-") as tmp:
        app, db, token = setup(tmp, pairs)
        gc.collect()
        print("timing …", flush=True)
        m = measure(app, db, token, pairs, args.budget_ms, args.max_rounds)
        db.dispose()
    rows = summarise(pairs, m)
    elapsed = run.elapsed()
    command = ".venv/bin/python bench/diff_bench.py" + (" --quick" if args.quick else "")
    section = report(rows, facts, command, elapsed)
    print(section)
    worst = sorted(rows, key=lambda r: r["cold"] / r["difflib"], reverse=True)[:8]
    print("\nworst pairs (cold/difflib):")
    for r in worst:
        print(f"  {r['pair'].label:<40}{r['pair'].paragraphs:>5} par  cold {ms(r['cold']):>7}  warm {ms(r['warm']):>7}  "
              f"difflib {ms(r['difflib']):>7}  load {ms(r['load'])} diff {ms(r['diff'])} ser {ms(r['ser'])}")
    if not (args.no_write or args.quick or args.only):
        write_section(REPO / "BENCHMARKS.md", SECTION, section)
        print(f"wrote {REPO / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
