"""Benchmark of the compilation text (issue #7): its page with 100 open proposals.

    .venv/bin/python bench/negotiation_bench.py              # writes "## Negotiation (issue #7)" in BENCHMARKS.md
    .venv/bin/python bench/negotiation_bench.py --no-write   # print only
    .venv/bin/python bench/negotiation_bench.py --runs 60    # more rounds

A real General Assembly resolution of 60 paragraphs (A/RES/78/211, read from
../shared/corpus/akn) becomes a circulated draft; eight delegations make 100 open
proposals on it (replacing words or whole paragraphs, deleting, inserting after and
inside), a third of them joined by another delegation; the penholder accepts three more
(so later proposals are carried forward or outdated) and sets 15 paragraph statuses (5
with nested brackets). Then, through the app's test client with a logged-in session (the
whole request: routing, log-in check, services, SQLite, template), GET
/drafts/<id>/compilation is timed against GET /drafts/<id> (the plain draft page) in the
same run, round by round in rotating order: for the penholder (every form on the page)
and for a delegation. Target: the compilation page under 200 ms median.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sections import write_section  # noqa: E402
from timing import interleaved, median, ms, p95  # noqa: E402
from resolutions.domain.amendments import markup_of  # noqa: E402
from resolutions.domain.validation import accept  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402
from resolutions.services import accounts, compilation, drafts, proposals  # noqa: E402

SECTION = "## Negotiation (issue #7)"
SOURCE = REPO.parent / "shared" / "corpus" / "akn" / "78" / "English" / "A_RES_78_211-2326016E.xml"
PASSWORD = "correct horse battery"
PENHOLDER = ("us@bench.example", "United States of America")
DELEGATES = [("jp@bench.example", "Japan"), ("mx@bench.example", "Mexico"), ("eu@bench.example", "European Union"),
             ("br@bench.example", "Brazil"), ("za@bench.example", "South Africa"), ("no@bench.example", "Norway"),
             ("ph@bench.example", "Philippines"), ("ke@bench.example", "Kenya")]
TARGET_MS = 200.0
OPEN = 100


def _unique_word(markup: str, rng: random.Random) -> str | None:
    words = [w for w in re.findall(r"[A-Za-z]{6,}", markup) if markup.count(w) == 1]
    return rng.choice(words) if words else None


def seed(session, *, open_proposals: int = OPEN, seed_value: int = 7) -> int:
    """Users, the draft, the proposals, decisions and statuses; returns the draft's id."""
    rng = random.Random(seed_value)
    actors = {}
    for email, delegation in [PENHOLDER, *DELEGATES]:
        accounts.create_user(session, email, PASSWORD, delegation=delegation)
        actors[email] = accounts.actor_by_email(session, email)
    us = actors[PENHOLDER[0]]
    doc = accept(read_akn(SOURCE)[0].with_changes(symbol=None))
    draft = drafts.create(session, us, doc, "From A/RES/78/211")
    drafts.set_status(session, us, draft.id, "circulated")
    delegates = [actors[e] for e, _ in DELEGATES]
    paragraphs = [(section, depth, p) for section, depth, p in doc.walk()]

    def propose(i: int):
        actor = delegates[i % len(delegates)]
        section, depth, para = paragraphs[(i * 7) % len(paragraphs)]
        markup = markup_of(para)
        kind = ("replace-part", "replace-part", "replace", "delete", "insert")[i % 5]
        current = drafts.view(session, actor, draft.id).current_revision
        if kind == "replace-part" and (word := _unique_word(markup, rng)):
            return proposals.make(session, actor, draft.id, current, "replace", para.id, word.upper() + " (as agreed)",
                                  replaces=word, note=f"Proposal {i}: stronger wording.")
        if kind == "delete":
            return proposals.make(session, actor, draft.id, current, "delete", para.id, note="Not needed.")
        if kind == "insert":
            inside = section == "operative" and depth < 3 and i % 2
            return proposals.make(session, actor, draft.id, current, "insert", para.id,
                                  f"Encourages Member States to consider proposal {i} in their national plans;",
                                  position="inside" if inside else "after")
        return proposals.make(session, actor, draft.id, current, "replace", para.id,
                              markup.rstrip(",;.") + f", in line with proposal {i};")

    made = []
    i = 0
    while len(made) < open_proposals + 3:
        try:
            made.append(propose(i))
        except Exception:  # noqa: BLE001 - e.g. a twin of an earlier proposal: take the next
            pass
        i += 1
    for p in made[:3]:  # decided: the text moves on, later proposals are carried or outdated
        proposals.decide(session, us, draft.id, p.id, "accept", note="Agreed in informals.")
    for p in made[3::3][:open_proposals // 3]:  # a third joined by another delegation
        supporter = next(a for a in delegates if a.delegation_name not in p.delegations)
        proposals.support(session, supporter, draft.id, p.id)
    current = drafts.view(session, us, draft.id).document
    ids = [p.id for _, _, p in current.walk()]
    for pid in ids[:10]:
        compilation.set_status(session, us, draft.id, pid, "agreed_ad_ref")
    for pid in ids[10:15]:
        markup = markup_of(current.find(pid))
        words = markup.split(" ")
        if len(words) > 6:
            marked = " ".join(words[:2] + ["[" + words[2]] + words[3:4] + ["[" + words[4] + "]"] + [words[5] + "]"]
                              + words[6:])
            compilation.set_status(session, us, draft.id, pid, "bracketed", marked)
        else:
            compilation.set_status(session, us, draft.id, pid, "bracketed")
    return draft.id


def _logged_in(app, email: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302, answer.status_code
    return client


def measure(runs: int) -> dict:
    from resolutions.web import create_app
    data = Path(tempfile.mkdtemp(prefix="negotiation-bench-"))
    app = create_app({"data_dir": data, "secret_key": "bench", "secure_cookies": False})
    db = app.extensions["resolutions.db"]
    db.initialise()
    t0 = time.perf_counter()
    with db.unit_of_work() as session:
        draft_id = seed(session)
    seeded = time.perf_counter() - t0
    with db.session() as session:
        us = accounts.actor_by_email(session, PENHOLDER[0])
        found = compilation.view(session, us, draft_id)
        stats = {"paragraphs": sum(1 for r in found.rows if r.status != "proposed"), "open": found.open_proposals,
                 "outdated": sum(p.outdated for r in found.rows
                                 for p in r.proposals + ((r.proposed,) if r.proposed else ())),
                 "rows": len(found.rows), "revision": found.revision}
    out = {"stats": stats, "seeded": seeded}
    for who in (PENHOLDER[0], DELEGATES[0][0]):
        client = _logged_in(app, who)
        sizes = {}

        def get(url: str, name: str):
            def fn():
                answer = client.get(url)
                assert answer.status_code == 200, (url, answer.status_code)
                sizes[name] = len(answer.data)
            return fn
        timings = interleaved({"compilation": get(f"/drafts/{draft_id}/compilation", "compilation"),
                               "draft": get(f"/drafts/{draft_id}", "draft")}, runs=runs, warmup=3)
        out[who] = {name: (median(xs), p95(xs), sizes[name]) for name, xs in timings.items()}
    db.dispose()
    return out


def report(result: dict, runs: int) -> str:
    s = result["stats"]
    lines = [SECTION, "",
             f"Measured {time.strftime('%Y-%m-%d')} on this machine, SQLite, through the app's test client with a "
             f"logged-in session; {runs} rounds each, the two pages in rotating order. "
             "`.venv/bin/python bench/negotiation_bench.py`.", "",
             f"A/RES/78/211 as a circulated draft: {s['paragraphs']} paragraphs, {s['open']} open proposals by "
             f"{len(DELEGATES)} delegations ({s['outdated']} outdated), revision {s['revision']}, 15 statuses set; "
             f"{s['rows']} rows in the compilation (proposed new paragraphs included).", "",
             "| page | who | median | p95 | size |", "|---|---|---|---|---|"]
    for who, name in ((PENHOLDER[0], "penholder (every form)"), (DELEGATES[0][0], "a delegation (Japan)")):
        for page, label in (("compilation", "GET /drafts/<id>/compilation"), ("draft", "GET /drafts/<id> (baseline)")):
            med, high, size = result[who][page]
            lines.append(f"| {label} | {name} | {ms(med)} ms | {ms(high)} ms | {size / 1024:.0f} KB |")
    worst = max(result[w]["compilation"][0] for w in (PENHOLDER[0], DELEGATES[0][0]))
    lines += ["", f"Target: the compilation page under {TARGET_MS:.0f} ms median — "
              f"{'met' if worst < TARGET_MS else 'NOT met'} ({ms(worst)} ms at worst)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = measure(args.runs)
    text = report(result, args.runs)
    print(text)
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, text)


if __name__ == "__main__":
    main()
