"""One cover-page parser for every reader (domain/cover_page.py)."""
from __future__ import annotations

import datetime

import pytest

from resolutions.domain import wording
from resolutions.domain.cover_page import CoverLine, agenda_of, is_masthead, parse, session_of, sponsor_of


def test_an_issued_draft():
    facts = parse(["United Nations", "A/80/L.10", "General Assembly", "Distr.: Limited",
                   "3 November 2025", "Original: English", "Eightieth session", "Agenda item 125",
                   "Strengthening of the United Nations system",
                   "Japan, Mexico and Trinidad and Tobago:* revised draft resolution",
                   CoverLine("Improving things", bold=True)])
    assert (facts.symbol, facts.session, facts.agenda_item) == ("A/80/L.10", 80, "125")
    assert facts.agenda_title == "Strengthening of the United Nations system"
    assert facts.sponsors == ("Japan", "Mexico", "Trinidad and Tobago") and facts.revised
    assert facts.sponsor_line == "Japan, Mexico and Trinidad and Tobago: revised draft resolution"
    assert facts.title == "Improving things"


def test_an_adopted_resolution():
    facts = parse(["A/RES/78/1", "Seventy-eighth session", "Agenda item 5",
                   "Resolution adopted by the General Assembly on 19 December 2023",
                   "[without reference to a Main Committee (A/78/L.24)]",
                   CoverLine("78/1. Political declaration", bold=True)])
    assert facts.title == "Political declaration" and facts.symbol == "A/RES/78/1"
    assert facts.adopted_on == datetime.date(2023, 12, 19) and facts.originating == "A/78/L.24"
    assert facts.sponsors == ()


def test_session_and_agenda_lines_in_other_languages():
    assert [session_of(s) for s in ("Eightieth session", "80th session", "Quatre-vingtième session",
                                    "Octogésimo período de sesiones", "第七十八届会议")] == [80, 80, 80, 80, 78]
    assert agenda_of("Point 125 de l’ordre du jour") == ("125", "")
    assert agenda_of("Temas 13 y 117 del programa") == ("13 y 117", "")
    assert agenda_of("Item 5 of the provisional agenda") == ("5", "")
    assert agenda_of("Recalling its resolution 77/1,") is None


def test_sponsor_lines():
    assert sponsor_of("Italy and Turkmenistan:* draft resolution") == (("Italy", "Turkmenistan"), False)
    assert sponsor_of("Draft resolution submitted by the President of the General Assembly") == ((), False)
    assert sponsor_of("Recalling its resolution 77/1,") is None


def test_sponsor_lines_in_the_other_languages_give_english_names():
    assert sponsor_of("Japon, Mexique et Trinité-et-Tobago : projet de résolution", "fr") == (
        ("Japan", "Mexico", "Trinidad and Tobago"), False)
    assert sponsor_of("Japón, México y Trinidad y Tabago: proyecto de resolución revisado", "es") == (
        ("Japan", "Mexico", "Trinidad and Tobago"), True)
    assert sponsor_of("ترينيداد وتوباغو، والمكسيك، واليابان: مشروع قرار", "ar") == (
        ("Trinidad and Tobago", "Mexico", "Japan"), False)
    assert sponsor_of("日本、墨西哥和特立尼达和多巴哥：决议草案", "zh") == (
        ("Japan", "Mexico", "Trinidad and Tobago"), False)
    assert sponsor_of("Projet de résolution", "fr") == ((), False)


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "ar", "zh"])
def test_an_adopted_resolutions_cover_in_every_language(language):
    day = datetime.date(2023, 12, 19)
    facts = parse(["A/RES/78/131", wording.words(language)["general_assembly"],
                   wording.session_line(language, 78), wording.agenda_line(language, "125"),
                   wording.adopted_line(language, "GA", day, "A/RES/78/131"),
                   wording.committee_line(language, "GA", "A/78/L.24"),
                   CoverLine("78/131. Enhancing action", bold=True)], language)
    assert (facts.session, facts.agenda_item, facts.adopted_on) == (78, "125", day)
    assert facts.originating == "A/78/L.24"
    assert (facts.title, facts.agenda_title) == ("Enhancing action", "")


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar", "zh"])
def test_a_drafts_masthead_in_every_language_is_not_its_agenda_title(language):
    words = wording.words(language)
    masthead = [words["united_nations"], words["general_assembly"], words["distr_limited"],
                wording.original_line(language), wording.masthead_date(datetime.date(2025, 11, 3), language)]
    assert all(is_masthead(line) for line in masthead)
    # The UN's PDFs put the masthead's right column after the session and agenda lines.
    facts = parse(["A/80/L.10", wording.session_line(language, 80), wording.agenda_line(language, "13 and 117"),
                   *masthead, CoverLine("Title words", bold=True)], language)
    assert (facts.symbol, facts.session, facts.title, facts.agenda_title) == ("A/80/L.10", 80, "Title words", "")
