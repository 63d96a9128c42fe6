"""Benchmark of long texts (issue #7): the editor and the compare page on the largest real resolution.

    .venv/bin/python bench/long_text_bench.py              # writes "## Long texts (issue #7)" into BENCHMARKS.md
    .venv/bin/python bench/long_text_bench.py --no-write   # print only, leave BENCHMARKS.md alone

The text is the corpus's largest resolution, A/RES/77/248 (oceans and the law of the sea,
454 paragraphs), read in place from ../shared/corpus/akn with ``read_akn`` (never copied).
The app runs in this process (a temporary SQLite data folder), served by werkzeug's
``make_server`` in a thread; Debian's Chromium, driven by Playwright, logs in through
/login as a delegate created with ``accounts.create_user``.

1. The editor, ``/drafts/<id>/edit``, at 1366 and 390 px wide, against what a user could
   use instead: the plain read page ``/drafts/<id>`` (the UN layout, no editing), loaded
   the same way in the same rounds. Per load: time to interactive (navigation start →
   DOMContentLoaded done and the page's scripts run, or the end of the last main-thread
   long task if later, by a PerformanceObserver of "longtask"), the long tasks, the page
   height (``document.scrollingElement.scrollHeight``) as first shown and with every
   paragraph laid out (``content-visibility: visible`` forced by a style tag), the HTML
   bytes. The live check, ``POST /drafts/<id>/check``, with the form the page posts:
   server time in-process (Flask test client) and the browser's round trip.
2. The compare page, ``/drafts/<id>/compare?from=1&to=2``, of a second draft whose
   revision 2 rewords 8 paragraphs with the wording the next year's resolution on the same
   subject (A/RES/78/69, ids aligned with ``alignment.align_ids``) gave them: changes only
   (the default) and ``&all=1``; server time, page height at both widths, bytes. What a
   Python user could use instead: ``difflib.HtmlDiff().make_file`` over the two texts (one
   paragraph per line), in full and with ``context=True`` (as many lines of context as our
   page keeps), timed in the same rounds and its page loaded in the same browser.
"""
from __future__ import annotations

import argparse
import datetime
import difflib
import gzip
import logging
import re
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import replace
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import facts as machine_facts  # noqa: E402
from sections import write_section  # noqa: E402
from timing import interleaved, median, ms, p95  # noqa: E402
from workload import AKN, count_paragraphs, count_words  # noqa: E402

from resolutions.domain import editing  # noqa: E402
from resolutions.domain.alignment import align_ids  # noqa: E402
from resolutions.domain.document import Document, Paragraph  # noqa: E402
from resolutions.domain.footnote_markup import parse, render  # noqa: E402
from resolutions.formats.akn_reader import read_akn  # noqa: E402
from resolutions.services import accounts, drafts  # noqa: E402
from resolutions.web.review import CONTEXT  # noqa: E402

SECTION = "## Long texts (issue #7)"
BASE = AKN / "77" / "English" / "A_RES_77_248-2300140E.xml"
SUCCESSOR = "A_RES_78_69-*.xml"            # in AKN / "78" / "English"
REWORDED = 8
EMAIL, PASSWORD = "bench@example.org", "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
WIDTHS = (1366, 390)
HEIGHT = 900
SETTLE_MS = 500                             # after "load": long tasks still running are caught
BUSY_MS = 150                               # the long-task observer's self-check

# Runs before any script of every page: long tasks, and the first task after DOMContentLoaded
# (every listener of DOMContentLoaded has run, and the page's scripts with it).
INIT = """
window.__long = [];
try { new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]); })
  .observe({type: "longtask", buffered: true}); } catch (e) { window.__long = null; }
document.addEventListener("DOMContentLoaded", () => setTimeout(() => { window.__ready = performance.now(); }, 0));
"""
METRICS = """() => {
  const n = performance.getEntriesByType("navigation")[0], lt = window.__long || [];
  const ready = Math.max(window.__ready || 0, n.domContentLoadedEventEnd);
  const lastEnd = lt.length ? Math.max(...lt.map(([s, d]) => s + d)) : 0;
  const shown = [...document.querySelectorAll(".inline-diff .para")];
  return {dcl: n.domContentLoadedEventEnd, ready, tti: Math.max(ready, lastEnd), load: n.loadEventEnd,
          long_n: lt.length, long_total: lt.reduce((a, [, d]) => a + d, 0), long_max: Math.max(0, ...lt.map(([, d]) => d)),
          height: document.scrollingElement.scrollHeight, width: document.scrollingElement.scrollWidth,
          bytes: n.decodedBodySize, elements: document.getElementsByTagName("*").length,
          live: Boolean(document.querySelector("#editor.live")),
          paras_shown: shown.filter((e) => e.checkVisibility()).length, paras_in_page: shown.length};
}"""
LAID_OUT = b"*, *::before, *::after { content-visibility: visible !important; }"
LAID_OUT_URL = "/__bench/laid-out.css"
CHECK_FETCH = """async (runs) => { const form = document.getElementById("editor"); const out = [];
  const body = new URLSearchParams(new FormData(form)).toString();
  for (let i = 0; i < runs; i++) { const t0 = performance.now();
    const r = await fetch(form.dataset.check, {method: "POST", body: new URLSearchParams(new FormData(form)),
      headers: {"X-CSRFToken": form.elements.csrf_token.value, Accept: "application/json"}});
    if (!r.ok) throw new Error("check answered " + r.status); await r.json(); out.push(performance.now() - t0); }
  return {times: out, body}; }"""
BUSY_PAGE = (f"<!doctype html><title>busy</title><p>busy</p><script>const t0 = performance.now(); "
             f"while (performance.now() - t0 < {BUSY_MS}) {{}}</script>").encode()


# ---------------------------------------------------------------------------- workload


def shown(p: Paragraph) -> str:
    return render(p.text, p.footnotes)


def reworded(doc: Document, pid: str, markup: str) -> Document:
    """As the editor saves a paragraph: footnote ids kept in order, the italic opening kept
    while its words are."""
    old = doc.find(pid)
    text, notes = parse(markup.strip(), [n.id for n in old.footnotes])
    n = old.opening_length
    return editing.change(doc, pid, text=text, footnotes=notes,
                          opening_length=n if n is not None and text[:n] == old.text[:n] else None)


def lines(doc: Document) -> list[str]:
    return [shown(p).replace("\n", " ") for _, _, p in doc.walk()]


def workload() -> tuple[Document, Document, Document, list[tuple[str, int, int]]]:
    """(A/RES/77/248, A/RES/78/69 with ids aligned to it, revision 2, the reworded paragraphs
    as (id, words before, words after)): 8 of the paragraphs the next year reworded, evenly
    spread over them in reading order, get the next year's wording."""
    (base,) = read_akn(BASE)
    (after,) = read_akn(next((AKN / "78" / "English").glob(SUCCESSOR)))
    if after.title != base.title:
        raise SystemExit(f"{after.symbol} is not {base.symbol}'s successor: {after.title!r}")
    after = align_ids(base, after)
    changed = [p.id for _, _, p in base.walk() if after.find(p.id) and shown(after.find(p.id)) != shown(p)]
    picked = [changed[round(k * (len(changed) - 1) / (REWORDED - 1))] for k in range(REWORDED)]
    second = base
    for pid in picked:
        second = reworded(second, pid, shown(after.find(pid)))
    words = [(pid, len(shown(base.find(pid)).split()), len(shown(after.find(pid)).split())) for pid in picked]
    return base, after, second, words


# ---------------------------------------------------------------------------- the app


def make_app(tmp: Path, base: Document, second: Document):
    from resolutions.web import create_app
    app = create_app({"data_dir": tmp, "database_url": f"sqlite:///{tmp}/bench.sqlite3", "secret_key": "bench",
                      "secure_cookies": False})
    db = app.extensions["resolutions.db"]
    db.initialise()
    with db.unit_of_work() as s:
        accounts.create_user(s, EMAIL, PASSWORD, delegation="Japan")
    draft = replace(base, symbol=None)
    with db.unit_of_work() as s:
        actor = accounts.actor_by_email(s, EMAIL)
        editor_id = drafts.create(s, actor, draft).id          # the editor and the read page
        compared = drafts.create(s, actor, draft).id           # the compare page: revisions 1 → 2
    with db.unit_of_work() as s:
        actor = accounts.actor_by_email(s, EMAIL)
        saved = drafts.save(s, actor, compared, 1, replace(second, symbol=None),
                            f"{REWORDED} paragraphs as A/RES/78/69 words them")
    assert saved.current_revision == 2, saved
    if not db.wait_for_index(timeout=120):      # the new data folder's index: built before measuring
        raise SystemExit("the search index did not catch up within 2 minutes")
    with db.unit_of_work() as s:
        summary = drafts.compare(s, accounts.actor_by_email(s, EMAIL), compared, 1, 2).summary_line()
    return app, editor_id, compared, summary


def with_pages(app, pages: dict[str, bytes]):
    """The app, and ``pages`` (path → HTML) served beside it: difflib's pages, the self-check."""
    def wsgi(environ, start_response):
        body = pages.get(environ.get("PATH_INFO", ""))
        if body is None:
            return app(environ, start_response)
        kind = "text/css" if environ["PATH_INFO"].endswith(".css") else "text/html; charset=utf-8"
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body]
    return wsgi


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def logged_in_client(app):
    client = app.test_client()
    r = client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                    "csrf_token": _csrf(client.get("/login").get_data(as_text=True))})
    assert r.status_code == 302, r.status_code
    return client


# ---------------------------------------------------------------------------- server times


def server_times(app, urls: dict[str, str], check_url: str, check_body: str, difflib_args, runs: int):
    """name → ms per run: each page through the test client (in-process, no HTTP), the live
    check with the form the editor posts, difflib's make_file; in the same rounds, order rotating."""
    client = logged_in_client(app)
    token = _csrf(client.get(urls["editor"]).get_data(as_text=True))
    fields = [(k, token if k == "csrf_token" else v) for k, v in urllib.parse.parse_qsl(check_body, keep_blank_values=True)]
    body = urllib.parse.urlencode(fields)
    headers = {"X-CSRFToken": token, "Accept": "application/json"}

    def get(url):
        def run():
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)
            return r
        return run

    def check():
        r = client.post(check_url, data=body, content_type="application/x-www-form-urlencoded", headers=headers)
        assert r.status_code == 200 and r.is_json, (r.status_code, r.get_data(as_text=True)[:300])
        return r

    a, b = difflib_args
    fns = {name: get(url) for name, url in urls.items()}
    fns["check"] = check
    fns["difflib"] = lambda: difflib.HtmlDiff().make_file(a, b, "Revision 1", "Revision 2")
    fns["difflib_context"] = lambda: difflib.HtmlDiff().make_file(a, b, "Revision 1", "Revision 2", context=True,
                                                                  numlines=CONTEXT)
    sizes = {name: len(get(url)().get_data()) for name, url in urls.items()}
    gz = {name: len(gzip.compress(get(url)().get_data(), 6)) for name, url in urls.items()}
    answer = check()
    return interleaved(fns, runs, warmup=2), sizes, gz, len(body.encode()), (answer.get_json(), len(answer.get_data()))


# ---------------------------------------------------------------------------- the browser


def browser_loads(base_url: str, urls: dict[str, str], loads: int):
    """{width: {name: [metrics per load]}}, the browser's check round trips (ms), the form the
    editor posts, the observer's self-check, the browser's version."""
    from playwright.sync_api import sync_playwright
    out: dict[int, dict[str, list[dict]]] = {}
    round_trips, body, selfcheck = [], "", {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        version = browser.version
        for width in WIDTHS:
            ctx = browser.new_context(base_url=base_url, viewport={"width": width, "height": HEIGHT})
            ctx.add_init_script(INIT)
            page = ctx.new_page()
            page.goto("/login")
            page.fill("input[name=email]", EMAIL)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/")
            page.goto("/__bench/busy", wait_until="load")
            page.wait_for_timeout(SETTLE_MS)
            selfcheck[width] = page.evaluate(METRICS)
            names = list(urls)
            for name in names:                                   # warm-up: static files cached
                page.goto(urls[name], wait_until="load")
            runs: dict[str, list[dict]] = {name: [] for name in names}
            for r in range(loads):
                k = r % len(names)
                for name in names[k:] + names[:k]:
                    page.goto(urls[name], wait_until="load")
                    page.wait_for_timeout(SETTLE_MS)
                    m = page.evaluate(METRICS)
                    style = page.add_style_tag(url=LAID_OUT_URL)       # the app's CSP refuses inline styles
                    m["height_laid_out"] = page.evaluate("() => document.scrollingElement.scrollHeight")
                    m["width_laid_out"] = page.evaluate("() => document.scrollingElement.scrollWidth")
                    style.evaluate("(e) => e.remove()")
                    runs[name].append(m)
            if width == WIDTHS[0]:
                page.goto(urls["editor"], wait_until="load")
                got = page.evaluate(CHECK_FETCH, 12)
                round_trips, body = got["times"][1:], got["body"]      # the first one warms up
            out[width] = runs
            ctx.close()
        browser.close()
    return out, round_trips, body, selfcheck, version


# ---------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    return machine_facts(flask=metadata.version("flask"), werkzeug=metadata.version("werkzeug"),
                         playwright=metadata.version("playwright"))


def med(runs: list[dict], key: str) -> float:
    return median([r[key] for r in runs])


def px(x: float) -> str:
    return f"{x:,.0f}"


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


LABELS = {"editor": "Editor `/drafts/<id>/edit`", "read": "Read page `/drafts/<id>` (instead)",
          "compare": "Compare 1 → 2, changes only", "compare_all": "Compare 1 → 2, `&all=1`",
          "difflib": "`HtmlDiff().make_file` (instead)", "difflib_context": f"`make_file(context=True, numlines={CONTEXT})` (instead)"}


def pause_ms() -> str:
    """The editor's pause in typing before a check (static/editor-live.js)."""
    found = re.search(r"PAUSE_MS = (\d+)", (REPO / "static" / "editor-live.js").read_text("utf-8"))
    return f"{found.group(1)}-ms " if found else ""


def report(facts, base: Document, after: Document, words, summary, times, sizes, gz, check_bytes, answer,
           browser, round_trips, selfcheck, elapsed: float, command: str, loads: int, runs: int) -> str:
    n = count_paragraphs(base)
    checked, checked_bytes = answer
    ed, rd = {w: browser[w]["editor"] for w in WIDTHS}, {w: browser[w]["read"] for w in WIDTHS}
    L = [SECTION, "",
         f"Command: `.venv/bin/python bench/long_text_bench.py`; this run: `{command}`, on {facts['date']}, "
         f"took {elapsed:.0f} s.", "",
         f"Machine: nproc {facts['nproc']} ({facts['cpu']}), {facts['python']}, {facts['os']}; Flask "
         f"{facts['flask']}, Werkzeug {facts['werkzeug']}; Debian's Chromium {facts['chromium']} headless "
         f"(`{' '.join(CHROMIUM_ARGS)}`) through Playwright {facts['playwright']}. Load average at start: "
         f"{facts['load']}. Code: {facts['commit']}.", "",
         f"The text: {base.symbol} — *{base.title}*, the corpus's largest resolution ({n} paragraphs, "
         f"{count_words(base):,} words, {sum(len(p.footnotes) for _, _, p in base.walk())} footnotes), read in "
         "place with `read_akn` and made a draft (no symbol) of a delegate created with `accounts.create_user`; "
         "the app in this process (SQLite in a temporary folder), served by werkzeug's `make_server` in a "
         "thread, Chromium logged in through /login. The machine's two cores are shared and noisy (the server, "
         "the browser and the benchmark share them): trust the medians and the ratios, not single runs.", "",
         "Method. Browser figures: medians of "
         f"{loads} loads per page and width, the pages loaded round by round in rotating order after one "
         f"warm-up load each (static files cached), viewport {WIDTHS[0]}×{HEIGHT} and {WIDTHS[1]}×{HEIGHT}. "
         "*Interactive*: from navigation start to the later of the first task after DOMContentLoaded (every "
         "script of the page has run: the editor's are parser-blocking, and its form has the class `live`) "
         "and the end of the last main-thread long task (a `PerformanceObserver` of `longtask` registered "
         f"before any page script; tasks up to {SETTLE_MS} ms after `load` are counted). *Height*: "
         "`document.scrollingElement.scrollHeight` as first shown, and with every element laid out "
         "(`content-visibility: visible !important` added with a style tag; the editor lays out only the "
         "paragraphs in view and estimates the others). Server figures: the request through Flask's test "
         f"client in this process (no HTTP), {runs} rounds after 2 warm-ups, every request of the table in "
         "each round, order rotating, wall clock (`time.perf_counter`).", "",
         f"### The editor against the read page ({n} paragraphs)", "",
         "| Page | width | interactive ms | DOMContentLoaded ms | long tasks (total ms, longest) | height as shown px "
         "| height laid out px | elements | HTML |",
         "|---|---:|---:|---:|---|---:|---:|---:|---|"]
    for name in ("editor", "read"):
        for w in WIDTHS:
            r = browser[w][name]
            L.append(f"| {LABELS[name]} | {w} | {ms(med(r, 'tti'))} | {ms(med(r, 'dcl'))} | "
                     f"{med(r, 'long_n'):.0f} ({med(r, 'long_total'):.0f}, {med(r, 'long_max'):.0f}) | "
                     f"{px(med(r, 'height'))} | {px(med(r, 'height_laid_out'))} | {px(med(r, 'elements'))} | "
                     f"{kb(sizes[name])} ({kb(gz[name])} gzipped) |")
    live = all(m["live"] for w in WIDTHS for m in ed[w])
    L += ["", f"Every editor load ran its scripts (`#editor.live`): {'yes' if live else '**no**'}. The observer's "
          f"self-check, a page whose script spins {BUSY_MS} ms: "
          + "; ".join(f"at {w} px {selfcheck[w]['long_n']} long task of {selfcheck[w]['long_max']:.0f} ms"
                      for w in WIDTHS) + ".", "",
          "### Server time", "",
          "| Request | runs | median ms | p95 ms | answer |", "|---|---:|---:|---:|---|"]
    rows = [("editor", f"GET editor ({n} paragraphs)", f"{kb(sizes['editor'])} HTML"),
            ("read", "GET read page (instead)", f"{kb(sizes['read'])} HTML"),
            ("check", f"POST check, the editor's whole form ({kb(check_bytes)})",
             f"JSON, {len(checked['paragraphs'])} paragraphs ({kb(checked_bytes)})"),
            ("compare", "GET compare 1 → 2, changes only", f"{kb(sizes['compare'])} HTML"),
            ("compare_all", "GET compare 1 → 2, `&all=1`", f"{kb(sizes['compare_all'])} HTML"),
            ("difflib", "`difflib.HtmlDiff().make_file`, same two texts (instead)", f"{kb(sizes['difflib'])} HTML"),
            ("difflib_context", f"`make_file(context=True, numlines={CONTEXT})` (instead)",
             f"{kb(sizes['difflib_context'])} HTML")]
    for key, label, what in rows:
        L.append(f"| {label} | {len(times[key])} | {ms(median(times[key]))} | {ms(p95(times[key]))} | {what} |")
    L.append(f"| — the check as the browser sees it (`fetch` from the editor, as editor-live.js posts it, over HTTP) | "
             f"{len(round_trips)} | {ms(median(round_trips))} | {ms(p95(round_trips))} | |")
    L += ["", "### The compare page against difflib's", "",
          f"Revision 2 rewords {REWORDED} paragraphs with the words {after.symbol} (the next session's resolution "
          f"under the same title, ids aligned with `alignment.align_ids`) gave them: of the paragraphs it "
          f"rewords, {REWORDED} spread evenly in reading order ("
          + ", ".join(f"{pid} {a}→{b} words" for pid, a, b in words)
          + f"). `diff_documents` says: {summary}. difflib gets the same two texts, one paragraph per line "
          "(footnotes inline, as the editor shows them).", "",
          "| Page | width | height as shown px | height laid out px | width px | paragraphs shown | "
          "DOMContentLoaded ms | HTML |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for name in ("compare", "compare_all", "difflib", "difflib_context"):
        for w in WIDTHS:
            r = browser[w][name]
            shown_n = f"{med(r, 'paras_shown'):.0f} of {med(r, 'paras_in_page'):.0f}" if name.startswith("compare") else "—"
            L.append(f"| {LABELS[name]} | {w} | {px(med(r, 'height'))} | {px(med(r, 'height_laid_out'))} | "
                     f"{px(med(r, 'width'))} | {shown_n} | {ms(med(r, 'dcl'))} | {kb(sizes[name])} "
                     f"({kb(gz[name])} gzipped) |")
    L += ["", "*width px*: `scrollWidth`; above the viewport's width the page scrolls sideways. *paragraphs shown*: "
          "of the page's paragraphs, those not folded into a closed \"unchanged paragraphs\" fold. A height of "
          f"{HEIGHT} px is the viewport's: the page is no higher.", "",
          "### What the figures mean", ""]
    for w in WIDTHS:
        e, r = ed[w], rd[w]
        L.append(f"- At {w} px the editor is interactive in {ms(med(e, 'tti'))} ms, "
                 f"×{med(e, 'tti') / med(r, 'tti'):.1f} the read page's {ms(med(r, 'tti'))} ms; "
                 f"its page is {px(med(e, 'height'))} px high as first shown and {px(med(e, 'height_laid_out'))} px "
                 f"laid out (the estimate is {100 * (med(e, 'height') / med(e, 'height_laid_out') - 1):+.0f} %), "
                 f"×{med(e, 'height_laid_out') / med(r, 'height_laid_out'):.1f} the read page's "
                 f"{px(med(r, 'height_laid_out'))} px.")
    L += [f"- The editor's HTML is ×{sizes['editor'] / sizes['read']:.1f} the read page's (each paragraph carries its "
          "text area, its printed view, its tools and its hidden fields); the server builds it in "
          f"{ms(median(times['editor']))} ms against {ms(median(times['read']))} ms.",
          f"- The live check of the whole {n}-paragraph form takes {ms(median(times['check']))} ms of server time "
          f"({ms(median(round_trips))} ms as the browser waits for it, over HTTP to the threaded werkzeug "
          f"server); the editor sends it after each {pause_ms()}pause in typing, so this, added to the pause, is "
          "how long the numbering, italics and warnings take to follow the text.",
          f"- Changes only, the compare page shows {med(browser[WIDTHS[0]]['compare'], 'paras_shown'):.0f} of "
          f"{n} paragraphs: at {WIDTHS[1]} px it is {px(med(browser[WIDTHS[1]]['compare'], 'height'))} px high "
          f"against {px(med(browser[WIDTHS[1]]['compare_all'], 'height'))} px with `&all=1` and "
          f"{px(med(browser[WIDTHS[1]]['difflib_context'], 'height'))} px for difflib's context page. "
          + (f"It sends the same HTML as `&all=1` ({kb(sizes['compare'])} against {kb(sizes['compare_all'])}): the "
             "unchanged paragraphs are in the page, folded, so that opening a fold needs no request and no script."
             if abs(sizes["compare"] - sizes["compare_all"]) < 0.05 * sizes["compare_all"] else
             f"It sends {kb(sizes['compare'])} of HTML against {kb(sizes['compare_all'])} with `&all=1`."),
          f"- difflib's page is quicker to make ({ms(median(times['difflib']))} ms in full, "
          f"{ms(median(times['difflib_context']))} ms with context, the texts already in memory, against "
          f"{ms(median(times['compare']))} ms for our whole request: two revisions loaded, diffed and rendered) "
          "but it matches whole lines and marks the changed characters within them, not words; it has no "
          "paragraph labels or numbering, shows footnotes as their raw `^[…]` markup, and its lines do not wrap: "
          f"the page is {px(med(browser[WIDTHS[1]]['difflib'], 'width'))} px wide in full and "
          f"{px(med(browser[WIDTHS[1]]['difflib_context'], 'width'))} px with context at {WIDTHS[1]} px, "
          "read by scrolling sideways."]
    return "\n".join(L) + "\n"


DIFFLIB: dict[str, bytes] = {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=9, help="browser loads per page and width (≥ 5)")
    parser.add_argument("--runs", type=int, default=15, help="server-time rounds (≥ 10)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    if not BASE.is_file():
        print(f"the corpus is missing: {BASE}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    facts = machine()
    facts["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    command = " ".join([".venv/bin/python bench/long_text_bench.py", *(sys.argv[1:] if argv is None else argv)])
    print(f"reading {BASE.name} …", flush=True)
    base, after, second, words = workload()
    old_lines, new_lines = lines(base), lines(second)
    DIFFLIB["full"] = difflib.HtmlDiff().make_file(old_lines, new_lines, "Revision 1", "Revision 2").encode()
    DIFFLIB["context"] = difflib.HtmlDiff().make_file(old_lines, new_lines, "Revision 1", "Revision 2", context=True,
                                                      numlines=CONTEXT).encode()
    with tempfile.TemporaryDirectory(prefix="long-text-bench-") as tmp:
        app, editor_id, compared, summary = make_app(Path(tmp), base, second)
        print(f"{base.symbol}: {count_paragraphs(base)} paragraphs; revision 2: {summary}", flush=True)
        urls = {"editor": f"/drafts/{editor_id}/edit", "read": f"/drafts/{editor_id}",
                "compare": f"/drafts/{compared}/compare?from=1&to=2",
                "compare_all": f"/drafts/{compared}/compare?from=1&to=2&all=1"}
        pages = {"/__bench/difflib": DIFFLIB["full"], "/__bench/difflib-context": DIFFLIB["context"],
                 "/__bench/busy": BUSY_PAGE, LAID_OUT_URL: LAID_OUT}
        from werkzeug.serving import make_server
        logging.getLogger("werkzeug").setLevel(logging.WARNING)    # no line per request
        server = make_server("127.0.0.1", 0, with_pages(app, pages), threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            print("browser …", flush=True)
            browser, round_trips, body, selfcheck, facts["chromium"] = browser_loads(
                f"http://127.0.0.1:{server.server_port}",
                {**urls, "difflib": "/__bench/difflib", "difflib_context": "/__bench/difflib-context"}, args.loads)
        finally:
            server.shutdown()
            thread.join()
        print("server times …", flush=True)
        times, sizes, gz, check_bytes, checked = server_times(
            app, urls, f"/drafts/{editor_id}/check", body, (old_lines, new_lines), args.runs)
        app.extensions["resolutions.db"].dispose()
    elapsed = time.perf_counter() - started
    for name, key in (("difflib", "full"), ("difflib_context", "context")):
        sizes[name], gz[name] = len(DIFFLIB[key]), len(gzip.compress(DIFFLIB[key], 6))
    section = report(facts, base, after, words, summary, times, sizes, gz, check_bytes, checked, browser,
                     round_trips, selfcheck, elapsed, command, args.loads, args.runs)
    print("\n" + section)
    if not args.no_write:
        write_section(REPO / "BENCHMARKS.md", SECTION, section)
        print(f"wrote {REPO / 'BENCHMARKS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
