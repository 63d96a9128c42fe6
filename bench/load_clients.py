"""Simulated delegates: each logs in through the real form (CSRF, session cookie) for the
pages and uses its API token for the JSON calls, then runs the mix until time is up.
Two delegates share each delegation (two people on one text), so saves go stale for real."""
from __future__ import annotations

import http.client
import itertools
import json
import random
import re
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

# action: weight. Saves and page views dominate a negotiation day; search and agreed language
# are what a delegate does beside the editor.
MIX = {"open_draft": 20, "save": 20, "propose": 8, "comment": 8, "search": 12, "agreed_language": 12,
       "compare": 10, "export_docx": 5}
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
MARKS = itertools.count(1)  # unique over all runs of a process: a marker proves its own save only
THINK = (1.0, 3.0)  # seconds a delegate reads between two actions (uniform, seeded)
WORDS = ["drugs", "sustainable development", "climate", "human rights", "women", "oceans", "nuclear",
         "peacekeeping", "refugees", "health", "education", "terrorism"]


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    saves: list[tuple[int, int, str, str, str]] = field(default_factory=list)  # draft, rev, paragraph, marker, email
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    def __init__(self, base: str, token: str):
        parts = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.token, self.cookies = token, {}

    def request(self, method: str, path: str, body=None, api: bool = False, form: dict | None = None):
        headers = {"Authorization": f"Bearer {self.token}"} if api else {}
        if not api and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            body, headers["Content-Type"] = urllib.parse.urlencode(form), "application/x-www-form-urlencoded"
        elif body is not None:
            body, headers["Content-Type"] = json.dumps(body), "application/json"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                answer = self.conn.getresponse()
                data = answer.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                if attempt:
                    raise
        for name, value in answer.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return answer.status, data

    def log_in(self, email: str, password: str) -> None:
        _, page = self.request("GET", "/login")
        found = _CSRF.search(page.decode())
        status, _ = self.request("POST", "/login", form={"csrf_token": found.group(1) or found.group(2),
                                                         "email": email, "password": password})
        if status != 302:
            raise SystemExit(f"log-in of {email} answered {status}")


def _paragraphs(doc: dict) -> list[dict]:
    """Plain operative paragraphs without footnotes: an edit there shifts no footnote."""
    return [p for p in doc["operative"] if p.get("kind", "paragraph") == "paragraph" and not p.get("footnotes")
            and len(p["text"].split()) > 5]


def _reworded(text: str) -> str:
    """A proposal's wording that always differs from the paragraph's."""
    changed = text.replace(" the ", " all the ", 1)
    return changed if changed != text else text.rstrip(".;,") + ", as appropriate" + text[len(text.rstrip(".;,")):]


class Delegate(threading.Thread):
    def __init__(self, number: int, person, others_circulated: list[int], base: str, password: str,
                 until: float, results: Results, seed: int, think: tuple[float, float] | None = THINK,
                 client: Client | None = None):
        super().__init__(daemon=True)
        self.number, self.person, self.circulated = number, person, others_circulated
        self.base, self.password, self.until, self.results = base, password, until, results
        self.random, self.client, self.seq, self.kept = random.Random(seed), client, 0, None
        self.think = think

    def log_in(self) -> Client:
        """A delegate logs in once a day: the caller keeps the client for later runs (a
        password check costs more CPU than any action, so not inside a measured run)."""
        if self.client is None:
            self.client = Client(self.base, self.person.token)
            self.client.log_in(self.person.email, self.password)
        return self.client

    def run(self) -> None:
        names, weights = list(MIX), list(MIX.values())
        if self.think:  # people do not all start the same second
            time.sleep(self.random.uniform(0, self.think[1]))
        while time.monotonic() < self.until:
            self.act(self.random.choices(names, weights)[0])
            if self.think:  # a person reads the page before the next action
                time.sleep(max(0.0, min(self.random.uniform(*self.think), self.until - time.monotonic())))

    def act(self, action: str) -> None:
        """Run one action and record its time and outcome."""
        started = time.perf_counter()
        try:
            outcome = getattr(self, action)()
        except Exception as error:  # noqa: BLE001 - an exception is an error of the run
            outcome = f"error: {type(error).__name__}: {error}"
        elapsed = (time.perf_counter() - started) * 1000
        with self.results.lock:
            self.results.times[action].append(elapsed)
            if outcome.startswith("error"):
                self.results.errors[action].append(outcome[:300])
            else:
                self.results.outcomes[f"{action}:{outcome}"] += 1

    def _check(self, status: int, data: bytes, ok=(200,)) -> str:
        return "ok" if status in ok else f"error: {status} {data[:200]!r}"

    def _some_draft(self) -> int:
        return self.random.choice([self.person.draft_id] + self.circulated)

    def open_draft(self) -> str:
        return self._check(*self.client.request("GET", f"/drafts/{self._some_draft()}"))

    def compare(self) -> str:
        return self._check(*self.client.request("GET", f"/drafts/{self._some_draft()}/compare"))

    def export_docx(self) -> str:
        return self._check(*self.client.request("GET", f"/drafts/{self._some_draft()}/export.docx"))

    def search(self) -> str:
        q = urllib.parse.quote(self.random.choice(WORDS))
        return self._check(*self.client.request("GET", f"/search?q={q}"))

    def agreed_language(self) -> str:
        status, data = self.client.request("GET", f"/api/drafts/{self._some_draft()}", api=True)
        if status != 200:
            return self._check(status, data)
        text = self.random.choice(_paragraphs(json.loads(data)["document"]) or [{"text": "Decides"}])["text"]
        return self._check(*self.client.request("GET", "/precedents.json?lang=en&text=" + urllib.parse.quote(text[:600])))

    def save(self) -> str:
        """Edit one paragraph and save; a third of saves go from the revision read last time
        (the editor left open while a colleague saved): merged, or 409 when the words clash."""
        draft = self.person.draft_id
        if self.kept and self.random.random() < 0.35:
            base, doc = self.kept
        else:
            status, data = self.client.request("GET", f"/api/drafts/{draft}", api=True)
            if status != 200:
                return self._check(status, data)
            got = json.loads(data)
            base, doc = got["current_revision"], got["document"]
        candidates = _paragraphs(doc)
        if not candidates:
            return "no paragraph"
        para = self.random.choice(candidates[:2] if self.random.random() < 0.4 else candidates)
        self.seq += 1
        marker = f"consultation-{self.number}-{next(MARKS)}"
        words = para["text"].split(" ")
        words.insert(self.random.randrange(1, len(words)), marker)
        para["text"] = " ".join(words)
        status, data = self.client.request("PUT", f"/api/drafts/{draft}", api=True,
                                           body={"base_revision": base, "document": doc, "message": marker})
        if status == 409:
            self.kept = None
            return "conflict"
        if status != 200:
            return self._check(status, data)
        saved = json.loads(data)
        self.kept = (saved["current_revision"], saved["document"])
        with self.results.lock:
            self.results.saves.append((draft, saved["current_revision"], para["id"], marker, self.person.email))
        return "merged" if saved.get("merged_with") else "saved"

    def _circulated_doc(self):
        draft = self.random.choice(self.circulated) if self.circulated else self.person.draft_id
        status, data = self.client.request("GET", f"/api/drafts/{draft}", api=True)
        return draft, status, data

    def propose(self) -> str:
        draft, status, data = self._circulated_doc()
        if status != 200:
            return self._check(status, data)
        got = json.loads(data)
        para = self.random.choice(_paragraphs(got["document"]) or got["document"]["operative"])
        status, data = self.client.request("POST", f"/api/drafts/{draft}/proposals", api=True, body={
            "base_revision": got["current_revision"], "kind": "replace", "paragraph": para["id"],
            "text": _reworded(para["text"]), "note": "As discussed in informals."})
        if status == 201:  # keep one open proposal per delegate and draft: withdraw it again
            made = json.loads(data)
            return self._check(*self.client.request("POST", f"/api/drafts/{draft}/proposals/{made['id']}/withdraw",
                                                    api=True, body={}))
        return self._check(status, data, ok=(201,))

    def comment(self) -> str:
        draft, status, data = self._circulated_doc()
        if status != 200:
            return self._check(status, data)
        para = self.random.choice(json.loads(data)["document"]["operative"])
        return self._check(*self.client.request("POST", f"/api/drafts/{draft}/comments", api=True, body={
            "paragraph": para["id"], "text": f"Our delegation can support this with a small change ({self.seq})."}),
            ok=(201,))
