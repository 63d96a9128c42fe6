"""A draft written in another official language: chosen on the new-draft form, its
page prints the masthead, session line, agenda line, enacting formula and sponsor
line in that language, as the UN's own files of session 78 do (domain/wording.py)."""
from __future__ import annotations

import html
import re


def _document_text(page: str) -> str:
    article = page[page.index('<article class="un-doc"'):page.index("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article))).replace("\u00a0", " ")


def _create(b, language: str, title: str) -> str:
    response = b.post("/drafts/new", {"body": "GA", "session": "80", "agenda_item": "125",
                                      "title": title, "language": language})
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    return b.get(response.location.replace("/edit", "")).get_data(as_text=True)


def test_the_new_draft_form_offers_six_languages_in_their_own_names(browser_for):
    page = browser_for("mx@example.org").get("/drafts/new").get_data(as_text=True)
    for name in ("العربية", "中文", "English", "Français", "Русский", "Español"):
        assert f">{name}</option>" in page


def test_a_french_and_an_arabic_draft_print_their_cover_in_their_language(browser_for):
    b = browser_for("mx@example.org")
    french = _create(b, "fr", "Renforcer la coopération internationale")
    words = _document_text(french)
    for line in ("Nations Unies", "Assemblée générale", "Projet", "Quatre-vingtième session",
                 "Point 125 de l’ordre du jour", "Mexique : projet de résolution", "L’Assemblée générale"):
        assert line in words, (line, words)
    assert '<article class="un-doc" lang="fr" dir="ltr"' in french
    arabic = _create(b, "ar", "تعزيز التعاون الدولي")
    words = _document_text(arabic)
    for line in ("الأمم المتحدة", "الجمعية العامة", "الدورة الثمانون", "البند 125 من جدول الأعمال",
                 "المكسيك: مشروع قرار", "إن الجمعية العامة"):
        assert line in words, (line, words)
    assert '<article class="un-doc" lang="ar" dir="rtl"' in arabic
    assert "Eightieth session" not in words and "draft resolution" not in words
