"""Every main page on a 390 px phone and for assistive technology, in a real browser.

One seeded app (the demo's negotiated GA draft, an issued CND draft, a 454-paragraph
draft from A/RES/77/248 and the imported A/RES/78/131) is walked page by page: no
sideways scroll, the header's "Log out" visible and clickable, and axe-core (injected by
Playwright) reporting no serious or critical violation. Then the editor's keyboard
details: Enter in a single-line field never saves, and the icon buttons name their paragraph.
"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from resolutions.formats.akn_reader import read_akn
from resolutions.services import corpus_import, demo, drafts
from tests.conftest import SHARED_CORPUS, commit

from .conftest import login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LARGEST = SHARED_CORPUS / "akn/77/English/A_RES_77_248-2300140E.xml"  # 454 paragraphs
LIBRARY = SHARED_CORPUS / "akn/78/English/A_RES_78_131-2325898E.xml"
SERIOUS = {"serious", "critical"}
AXE = Axe()


@pytest.fixture
def seeded(session):
    """The demo's drafts and logins, a 454-paragraph draft and one library resolution; the ids."""
    demo.load(session)
    us = next(a for a in _actors(session) if a.email == "us@demo.example")
    (doc,) = read_akn(LARGEST)
    big = drafts.create(session, us, replace(doc, symbol=None)).id
    commit(session)
    assert corpus_import.import_path(session.info["database"].unit_of_work, LIBRARY).failed == []
    listed = drafts.visible(session, us)
    return {"ga": next(d.id for d in listed if d.body == "GA" and d.id != big),
            "cnd": next(d.id for d in listed if d.body == "CND"), "big": big}


def _actors(session):
    from resolutions.services import accounts
    return [accounts.actor_by_email(session, email) for email, _ in demo.USERS]


def demo_login(page, email: str) -> None:
    login(page, email, demo.PASSWORD)


def main_pages(ids: dict) -> list[tuple[str, str]]:
    """(who, path) of every main page; who logs in first ("" for the login page)."""
    ga, cnd, big = ids["ga"], ids["cnd"], ids["big"]
    us, jp, sec = "us@demo.example", "jp@demo.example", "secretariat@demo.example"
    return [
        ("", "/login"),
        (us, "/"), (us, "/drafts/new"), (us, f"/drafts/{ga}"), (us, f"/drafts/{ga}/edit"),
        (us, f"/drafts/{big}"), (us, f"/drafts/{big}/edit"), (us, f"/drafts/{ga}/history"),
        (us, f"/drafts/{ga}/compare?from=1"), (us, f"/drafts/{ga}/compare?from=1&view=side"),
        (jp, f"/drafts/{ga}/compilation"), (jp, "/search?q=synthetic+drugs"),
        (jp, "/resolutions/A/RES/78/131"), (jp, "LIBRARY_PARAGRAPH"),
        (jp, "/account"), (jp, "/notifications"), (sec, "/audit"), (sec, f"/drafts/{cnd}"),
        (us, "/drafts/upload"), (us, f"/drafts/{ga}/upload"), (us, "LIFECYCLE_REFUSED"),
    ]


def visit(page, path: str) -> None:
    if path == "LIBRARY_PARAGRAPH":  # a paragraph's page, reached from the resolution's text
        page.goto("/resolutions/A/RES/78/131")
        page.goto(page.locator("a.para-link").first.get_attribute("href"))
    elif path == "LIFECYCLE_REFUSED":  # a lifecycle step refused (not the penholder's to take)
        page.goto("/")
        page.evaluate("""() => { const f = document.createElement('form'); f.method = 'post';
            f.action = location.pathname.replace(/\\/$/, '') + '/drafts/' + %s + '/lifecycle';
            f.innerHTML = '<input name=action value=issue><input name=symbol value="A/80/L.9">' +
              '<input name=csrf_token value="' + document.querySelector('input[name=csrf_token]').value + '">';
            document.body.append(f); setTimeout(() => f.submit()); }""" % visit.ga)
        page.wait_for_url(re.compile(r"/lifecycle$"))
    else:
        page.goto(path)


def serious_violations(page) -> list[str]:
    found = AXE.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if len(n["target"]) == 1
                                                                  else str(n["target"]) for n in v["nodes"][:4])
            for v in found if v["impact"] in SERIOUS]


def test_every_main_page_fits_a_phone_keeps_log_out_and_passes_axe(new_context, seeded):
    visit.ga = seeded["ga"]
    contexts: dict[str, object] = {}
    problems: list[str] = []
    for who, path in main_pages(seeded):
        if who not in contexts:
            contexts[who] = new_context(viewport=PHONE).new_page()
            if who:
                demo_login(contexts[who], who)
        page = contexts[who]
        visit(page, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: {width} px wide at 390")
        if who:
            log_out = page.locator("header").get_by_role("button", name="Log out", exact=True)
            if not log_out.is_visible():
                problems.append(f"{path}: Log out hidden")
            else:
                box = log_out.bounding_box()
                if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]:
                    problems.append(f"{path}: Log out off-screen at x={box['x']:.0f}")
                log_out.click(trial=True)  # actionable: visible, stable, not covered
        problems += [f"{path}: {v}" for v in serious_violations(page)]
    assert not problems, "\n".join(problems)


def test_the_draft_and_library_pages_have_the_title_as_their_h1(new_context, seeded):
    page = new_context(viewport=PHONE).new_page()
    demo_login(page, "jp@demo.example")
    page.goto("/resolutions/A/RES/78/131")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Enhancing action at the national, regional")
    page.goto(f"/drafts/{seeded['ga']}")
    expect(page.get_by_role("heading", level=1)).to_have_text(page.locator(".draft-bar-title").inner_text())


def test_enter_in_a_single_line_field_never_saves_and_the_icon_buttons_name_their_paragraph(
        new_context, session, seeded):
    page = new_context(viewport=PHONE).new_page()
    demo_login(page, "us@demo.example")
    page.goto(f"/drafts/{seeded['ga']}/edit")
    before = drafts.header(session, _actors(session)[0], seeded["ga"]).current_revision
    for field in (page.locator("#f-title"), page.get_by_label("Agenda item", exact=True),
                  page.get_by_label("What changed (optional)")):
        field.focus()
        page.keyboard.press("End")
        page.keyboard.type(" x")
        page.keyboard.press("Enter")
    page.wait_for_timeout(300)  # a submit would have navigated by now
    assert re.search(r"/edit$", page.url)
    session.expire_all()
    assert drafts.header(session, _actors(session)[0], seeded["ga"]).current_revision == before

    op2 = page.locator(".para-edit").filter(has=page.locator(".para-label", has_text=re.compile(r"^OP2$")))
    op2_id = op2.get_attribute("data-id")
    op2.locator(".rendered").click()  # its tools show while it is being edited
    for name in ("↑ Move OP2 up", "↓ Move OP2 down", "Delete OP2"):
        expect(op2.get_by_role("button", name=name, exact=True)).to_be_visible()
    page.keyboard.press("Alt+ArrowUp")  # it becomes OP1: the live check renumbers it and its buttons
    moved = page.locator(f"#para-{op2_id}")
    expect(moved.locator(".para-label")).to_have_text("OP1")
    for name in ("↑ Move OP1 up", "↓ Move OP1 down", "Delete OP1"):
        expect(moved.get_by_role("button", name=name, exact=True)).to_be_visible()
    below = page.locator(".para-edit").filter(has=page.locator(".para-label", has_text=re.compile(r"^OP2$")))
    expect(below.locator('[data-op="delete"]')).to_have_attribute("aria-label", "Delete OP2")
