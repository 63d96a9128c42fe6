"""Past resolutions through the API and the pages: read, search, agreed language,
start a draft. Real UN files, imported with the real importer."""
from __future__ import annotations

import pytest

from resolutions.services import drafts
from tests.conftest import SHARED_CORPUS, commit, draft_json, import_real_files

AKN = SHARED_CORPUS / "akn"
FILES = [
    AKN / "78/English/A_RES_78_131-2325898E.xml",
    AKN / "78/French/A_RES_78_131-2325898F.xml",
    AKN / "78/Chinese/A_RES_78_131-2325898C.xml",
    AKN / "78/Arabic/A_RES_78_131-2325898A.xml",
    AKN / "77/English/A_RES_77_238-2227851E.xml",
]


@pytest.fixture
def library(session, tmp_path):
    return import_real_files(session, tmp_path, FILES)


@pytest.fixture
def jp(api_for):
    return api_for("jp@example.org")


def test_read_a_resolution_with_its_metadata(library, jp):
    got = jp.get("/api/resolutions/A/RES/78/131").json
    assert got["symbol"] == "A/RES/78/131" and got["language"] == "en"
    assert got["document"]["title"].startswith("Enhancing action at the national, regional and international levels")
    assert len(got["document"]["preamble"]) == 18 and len(got["document"]["operative"]) == 9
    assert got["facts"]["originating_document"] == "A/78/L.24"
    assert "Japan" in got["facts"]["sponsors"] and "Austria" in got["facts"]["additional_sponsors"]
    assert got["facts"]["vote"]["kind"] in ("without vote", "recorded")
    assert set(got["languages"]) == {"ar", "zh", "en", "fr"}
    assert "United Nations" in got["acknowledgement"]
    french = jp.get("/api/resolutions/A/RES/78/131?lang=fr").json
    assert french["document"]["preamble"][0]["id"] == got["document"]["preamble"][0]["id"]
    assert jp.get("/api/resolutions/A/RES/78/999").status_code == 404
    assert "held in" in jp.get("/api/resolutions/A/RES/78/131?lang=ru").json["error"]


def test_search_words_phrases_filters_and_facets(library, jp):
    found = jp.get('/api/search?q="synthetic drugs"').json
    assert found["total"] >= 1
    hit = found["results"][0]
    assert hit["symbol"] == "A/RES/78/131" and hit["lang"] == "en"
    assert hit["snippets"] and "<mark>" in hit["snippets"][0]["html"]
    assert hit["snippets"][0]["paragraph"].startswith(("PP", "OP"))
    assert {f["value"] for f in found["facets"]["language"]} == {"en"}
    french = jp.get("/api/search?q=drogues synthétiques&lang=fr").json
    assert [r["lang"] for r in french["results"]] == ["fr"]
    assert jp.get("/api/search?q=session:77").json["results"][0]["symbol"] == "A/RES/77/238"


def test_a_malformed_or_nonsense_query_gets_a_helpful_message(library, jp):
    for query in ['"unclosed phrase', "(drugs AND", "colour:blue"]:
        response = jp.get("/api/search", query_string={"q": query})
        assert response.status_code in (400, 422), query
        assert response.json["error"], query
    assert jp.get("/api/search?q=drugs&page=0").status_code == 422
    assert jp.get("/api/search?q=drugs&order=sideways").status_code == 422


def test_private_drafts_are_never_found_by_others(library, api_for):
    us = api_for("us@example.org")
    created = us.post("/api/drafts", json={"body": "GA", "session": 80, "title": "Zanzibarian precursor controls",
                                           "operative": [{"text": "Decides to study zanzibarian precursors."}]}).json
    assert us.get("/api/search?q=zanzibarian").json["total"] == 1
    assert api_for("jp@example.org").get("/api/search?q=zanzibarian").json["total"] == 0
    assert api_for("sec@example.org").get("/api/search?q=zanzibarian").json["total"] == 1
    us.post(f"/api/drafts/{created['id']}/status", json={"status": "circulated"})
    assert api_for("jp@example.org").get("/api/search?q=zanzibarian").json["results"][0]["kind"] == "draft"


def test_another_delegations_private_drafts_change_nothing_a_delegation_finds(library, api_for):
    """Scores, ranks, totals and facets are computed from public texts only."""
    jp, us = api_for("jp@example.org"), api_for("us@example.org")
    queries = ["/api/search?q=synthetic+drugs", "/api/search?q=%22synthetic+drugs%22+OR+precursors",
               "/api/search?q=synth*&lang=en", "/api/search?q=drugs&order=date"]
    paragraph = ("Encourages Member States to enhance information exchange on the illicit manufacture of and "
                 "trafficking in synthetic drugs")
    ask = lambda: ([jp.get(q).json for q in queries],  # noqa: E731
                   jp.get("/api/precedents", query_string={"text": paragraph, "lang": "en"}).json)
    before = ask()
    private = us.post("/api/drafts", json={**draft_json(title="Synthetic drugs, synthetic drugs, precursors"),
                                           "operative": [{"text": paragraph + " synthetic drugs precursors."}]}).json
    assert ask() == before
    edited = {**private["document"], "title": "Synthetic drugs and precursors of synthetic drugs again"}
    assert us.put(f"/api/drafts/{private['id']}", json={"base_revision": 1, "document": edited}).status_code == 200
    assert ask() == before
    us.post(f"/api/drafts/{private['id']}/status", json={"status": "circulated"})  # now public: it may count
    after = ask()
    assert after[0][0]["total"] == before[0][0]["total"] + 1


def test_precedents_find_agreed_language(library, jp):
    words = ("Encourages Member States to enhance information exchange on the illicit manufacture of and "
             "trafficking in synthetic drugs through existing international mechanisms").split()
    found = jp.get("/api/precedents", query_string={"text": " ".join(words), "lang": "en"}).json["results"]
    assert found and found[0]["symbol"] == "A/RES/78/131"
    assert found[0]["paragraph"].startswith("OP") and found[0]["text"].startswith("Encourages Member States")
    assert any(op["op"] != "equal" for op in found[0]["diff"])
    assert jp.get("/api/precedents?text=").status_code == 422


def test_start_a_draft_from_a_past_resolution(library, jp):
    created = jp.post("/api/resolutions/A/RES/78/131/start-draft", json={}).json
    assert created["document"]["session"] == drafts.current_session("GA")  # the body's session now
    original = jp.get("/api/resolutions/A/RES/78/131").json["document"]
    assert [p["id"] for p in created["document"]["operative"]] == [p["id"] for p in original["operative"]]
    assert created["sponsors"] == ["Japan"]


def test_the_resolution_page_acknowledges_the_un_and_links_languages(library, browser_for):
    b = browser_for("jp@example.org")
    page = b.get("/resolutions/A/RES/78/131").get_data(as_text=True)
    assert "Source: United Nations" in page and "A/78/L.24" in page
    assert "<em>Recognizing</em>" in page
    assert "/resolutions/A/RES/78/131?lang=fr" in page
    french = b.get("/resolutions/A/RES/78/131?lang=fr").get_data(as_text=True)
    assert 'lang="fr"' in french
    para = b.get("/resolutions/A/RES/78/131/paragraphs/para_20").get_data(as_text=True)
    assert "Calls upon Member States" in para and "Demande aux États Membres" in para or "中文" in para


def test_search_page_shows_hits_and_a_helpful_error(library, browser_for):
    b = browser_for("jp@example.org")
    page = b.get("/search?q=synthetic").get_data(as_text=True)
    assert "A/RES/78/131" in page and "<mark>" in page
    bad = b.get('/search?q="unclosed')
    assert bad.status_code == 400 and 'class="flash error"' in bad.get_data(as_text=True)


def test_agreed_language_in_the_editor_without_javascript(library, browser_for, session, actors):
    from resolutions.formats import document_json
    from resolutions.services import drafts
    from tests.web.test_pages import editor_fields
    doc = document_json.load({"body": "GA", "session": 80, "title": "Synthetic drugs", "agenda_item": "125",
                              "operative": [{"id": "mine", "text": "Encourages Member States to share information "
                                             "on the illicit manufacture of synthetic drugs;"}]})
    draft = drafts.create(session, actors["jp"], doc)
    commit(session)
    b = browser_for("jp@example.org")
    fields = editor_fields(b.get(f"/drafts/{draft.id}/edit").get_data(as_text=True))
    page = b.post(f"/drafts/{draft.id}/edit", fields + [("action", "precedents:mine")]).get_data(as_text=True)
    assert "of A/RES/78/131" in page and "Use this wording" in page
    import re
    use = re.search(r'value="(use:mine\|A/RES/78/131\|en\|[^"]+)"', page).group(1)
    page = b.post(f"/drafts/{draft.id}/edit", editor_fields(page) + [("action", use)]).get_data(as_text=True)
    assert "Agreed language from <span>A/RES/78/131 OP " in page
    saved = b.post(f"/drafts/{draft.id}/edit", editor_fields(page) + [("action", "save")])
    assert saved.status_code == 302
    stored = drafts.view(session, actors["jp"], draft.id).document.operative[0]
    assert stored.source.startswith("A/RES/78/131 OP") and stored.text.startswith("Encourages Member States")


def _cover_words(page: str) -> str:
    """The text of the page's document (the UN layout), tags removed, spaces as one."""
    import html
    import re
    article = page[page.index('<article class="un-doc"'):page.index("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article))).replace("\u00a0", " ")


_COVERS = [
    ("en", ["United Nations", "General Assembly", "Seventy-eighth session", "Agenda item 125",
            "Resolution adopted by the General Assembly on 18 December 2023",
            "without reference to a Main Committee (A/78/L.24)", "The General Assembly"]),
    ("fr", ["Nations Unies", "Assemblée générale", "Soixante-dix-huitième session", "Point 125 de l’ordre du jour",
            "Résolution adoptée par l’Assemblée générale le 18 décembre 2023",
            "sans renvoi à une grande commission (A/78/L.24)", "Distr. générale", "L’Assemblée générale"]),
    ("ar", ["الأمم المتحدة", "الجمعية العامة", "الدورة الثامنة والسبعون", "البند 125 من جدول الأعمال",
            "قرار اتخذته الجمعية العامة في 18 كانون الأول/ديسمبر 2023",
            "دون الإحالة إلى لجنة رئيسية (A/78/L.24)", "إن الجمعية العامة"]),
    ("zh", ["联合国", "大会", "第七十八届会议", "议程项目125", "2023年12月18日大会决议",
            "未经发交主要委员会而通过 (A/78/L.24)", "大会"]),
]


def test_the_resolution_page_is_in_the_language_shown(library, browser_for):
    """The cover as the UN's own file in that language prints it (akn/78/<Language>/
    A_RES_78_131): no English chrome, no bare "78"/"125" in place of the session and item."""
    b = browser_for("jp@example.org")
    for language, expected in _COVERS:
        page = b.get(f"/resolutions/A/RES/78/131?lang={language}").get_data(as_text=True)
        words = _cover_words(page)
        for line in expected:
            assert line in words, (language, line, words[:600])
        if language != "en":
            assert "Resolution adopted" not in words and "Main Committee" not in words
            assert "Seventy-eighth" not in words and "Agenda item" not in words
        assert f'<article class="un-doc" lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in page
