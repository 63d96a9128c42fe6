"""The UN's metadata about resolutions 75–78, read into ResolutionFacts.

Country names are matched the way the importer matches them: by the delegations'
names and aliases in resolutions/data/delegations.csv, ignoring case, the kind of
apostrophe and white space. The corpus lines quoted here are real.
"""
from __future__ import annotations

import csv
import datetime
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from resolutions.domain.errors import InvalidDocument
from resolutions.domain.records import Vote
from resolutions.formats.un_metadata import nice_subject, read_metadata, sentence_case

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
METADATA = CORPUS / "metadata"
FILES = [METADATA / f"{n}.jsonl" for n in (75, 76, 77, 78)]


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'").replace("\u00a0", " ")).strip().casefold()


@pytest.fixture(scope="module")
def match():
    """Country name → delegation short name, from the project's delegations.csv."""
    text = resources.files("resolutions").joinpath("data/delegations.csv").read_text("utf-8")
    names = {}
    for row in csv.DictReader(text.splitlines()):
        for name in [row["name"], *filter(None, (row["aliases"] or "").split("|"))]:
            names[_key(name)] = row["name"]
    return lambda raw: names.get(_key(raw))


@pytest.fixture(scope="module")
def corpus(match):
    """Every result of the four files: (file, results)."""
    return {path.stem: list(read_metadata(path, match)) for path in FILES} if METADATA.is_dir() else {}


@pytest.fixture(scope="module")
def by_symbol(corpus):
    return {r.facts.symbol: r for results in corpus.values() for r in results if r.facts}


# --- the whole corpus ---------------------------------------------------------------

def test_every_line_of_the_four_files_is_read(corpus):
    lines = {stem: sum(1 for _ in open(METADATA / f"{stem}.jsonl", encoding="utf-8")) for stem in corpus}
    assert sum(lines.values()) == 1318
    for stem, results in corpus.items():
        assert [r.error for r in results if r.error] == [], stem
        assert {r.line for r in results} == set(range(1, lines[stem] + 1)), stem
    # "A/RES/75/101 A-B" and the like give one result per part.
    assert sum(len(results) for results in corpus.values()) == 1331


def test_nearly_every_sponsor_name_matches_a_delegation(corpus):
    facts = [r.facts for results in corpus.values() for r in results]
    matched = sum(len(f.sponsors) + len(f.additional_sponsors) for f in facts)
    unmatched = {name for f in facts for name in f.unmatched_names}
    assert matched > 39_000
    # Two fragments the UN's data splits badly ("SOLOMON" / "ISLANDS", "THE OF KOREA").
    assert unmatched <= {"ISLANDS", "THE OF KOREA"}
    assert matched / (matched + len(unmatched)) > 0.999


def test_every_recorded_vote_name_matches(corpus):
    for results in corpus.values():
        for r in results:
            vote = r.facts.vote
            assert vote is not None, r.facts.symbol
            if vote.kind == "recorded":
                assert vote.yes + vote.no + vote.abstentions > 0, r.facts.symbol


# --- particular lines -----------------------------------------------------------------

def test_a_resolution_submitted_by_the_president(by_symbol):
    facts = by_symbol["A/RES/78/1"].facts
    assert facts.adopted_on == datetime.date(2023, 9, 29)
    assert facts.meeting == "15th plenary meeting"
    assert facts.originating_document == "A/78/L.1"
    assert facts.committee == "Without reference to a Main Committee"
    assert facts.sponsors == () and facts.additional_sponsors == ()
    assert facts.sponsor_note == "Submitted by the President of the General Assembly"
    assert facts.vote == Vote("without vote")
    # The agenda items filed as subjects (["13", "A/78/251"]) are not subjects.
    assert facts.subjects == (
        "UN. High-Level Political Forum on Sustainable Development Convened under the Auspices of the "
        "General Assembly (2023 : New York)", "2030 Agenda for Sustainable Development",
        "Political Declaration of the Sustainable Development Goals Summit (2023)",
        "Sustainable development", "Declarations (text)")


@pytest.mark.parametrize("symbol, field, contains", [
    ("A/RES/78/10", "additional_sponsors", ("United States of America", "Viet Nam")),      # "X AND Y"
    ("A/RES/77/219", "additional_sponsors", ("Chile", "Dominican Republic")),             # "X,Y"
    ("A/RES/78/171", "sponsors", ("Mauritania", "United Republic of Tanzania")),
    ("A/RES/78/56", "sponsors", ("Nigeria", "Portugal")),              # "(ON BEHALF OF …) AND PORTUGAL"
    ("A/RES/78/208", "additional_sponsors", ("Bahamas", "Bosnia and Herzegovina", "Antigua and Barbuda",
                                              "Côte d’Ivoire")),
])
def test_names_are_split_and_matched(by_symbol, symbol, field, contains):
    names = getattr(by_symbol[symbol].facts, field)
    assert set(contains) <= set(names)
    assert len(names) == len(set(names))


def test_a_group_spokesperson_is_the_sponsor_and_the_group_a_note(by_symbol):
    facts = by_symbol["A/RES/78/56"].facts
    assert "Nigeria" in facts.sponsors
    assert facts.sponsor_note == ("Nigeria, on behalf of the States Members of the United Nations that are "
                                  "members of the Group of African States")


def test_a_note_split_over_two_entries_is_joined(by_symbol):
    facts = by_symbol["A/RES/77/150"].facts
    assert facts.sponsors == ()
    assert facts.sponsor_note == ("Submitted by the Vice-Chair of the Committee, Abdulrahman Abdulaziz Fahad "
                                  "Al-Thani (Qatar) and on the basis of informal consultations on draft resolution")
    assert by_symbol["A/RES/76/107"].facts.sponsor_note == (
        "Introduced in the Committee by the representative of Austria on behalf of the Bureau")


def test_a_recorded_vote(by_symbol):
    vote = by_symbol["A/RES/77/293"].facts.vote
    assert (vote.kind, vote.yes, vote.no, vote.abstentions) == ("recorded", 100, 9, 59)
    assert len(vote.in_favour) == 100 and len(vote.against) == 9 and len(vote.abstaining) == 58
    assert "Türkiye" in vote.in_favour + vote.against + vote.abstaining or "Türkiye" not in vote.in_favour
    # The UN lists 58 names for 59 abstentions: kept as given, and said.
    assert by_symbol["A/RES/77/293"].warnings == ("59 abstaining but 58 names listed",)


def test_a_list_given_twice_is_read_once(by_symbol):
    vote = by_symbol["A/RES/75/290 A"].facts.vote
    assert (vote.yes, len(vote.in_favour), vote.abstentions, len(vote.abstaining)) == (90, 90, 47, 47)


def test_a_line_for_two_parts_gives_both(by_symbol):
    a, b = by_symbol["A/RES/75/101 A"], by_symbol["A/RES/75/101 B"]
    assert a.line == b.line == 101
    # This line's date is written "2020-12-10 00:00:00".
    assert a.facts.adopted_on == b.facts.adopted_on == datetime.date(2020, 12, 10)
    assert "A/RES/75/101 A-B covers 2 parts" in a.warnings[0]


def test_dates_with_a_non_breaking_space_and_committee_tags(corpus):
    raw = [json.loads(line) for line in open(METADATA / "78.jsonl", encoding="utf-8")]
    nbsp = [k for k, record in enumerate(raw, 1) if "\u00a0" in record["adoption_date"]]
    assert len(nbsp) > 50
    dates = [r.facts.adopted_on for r in corpus["78"] if r.line in nbsp]
    assert all(isinstance(d, datetime.date) for d in dates)
    committees = {r.facts.committee for results in corpus.values() for r in results}
    assert "Fifth Committee" in committees and not any(c.startswith("#") for c in committees)


# --- made-up lines ------------------------------------------------------------------------

def _line(**fields) -> str:
    record = {"symbol": "A/RES/80/1", "adoption_date": "1 October 2025", "adoption_type": "Without a vote",
              "sponsors": [], "additional_sponsors": [], "subjects": []}
    record.update(fields)
    return json.dumps(record)


def test_a_malformed_line_does_not_stop_the_rest(match):
    text = "\n".join([
        _line(symbol="A/RES/80/1"),
        '{"symbol": "A/RES/80/2", "sponsors": [',
        "[1, 2, 3]",
        _line(symbol="not a symbol"),
        _line(symbol=""),
        "",
        _line(symbol="A/RES/80/7"),
    ])
    results = list(read_metadata(text, match))
    assert [r.line for r in results] == [1, 2, 3, 4, 5, 7]
    assert [r.facts.symbol for r in results if r.ok] == ["A/RES/80/1", "A/RES/80/7"]
    errors = [r.error for r in results if r.error]
    assert errors[0].startswith("line 2: not JSON")
    assert errors[1] == "line 3: a JSON object was expected, not list"
    assert errors[2].startswith("line 4: ") and "not a UN symbol" in errors[2]
    assert errors[3] == "line 5: no symbol"


def test_bytes_text_and_paths_are_all_sources(match, tmp_path):
    line = _line(symbol="a/res/80/3.", sponsors=["JAPAN", "TÜRKİYE", "COTE D'IVOIRE"])
    path = tmp_path / "80.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    for source in (line.encode("utf-8"), "\ufeff" + line, path, str(path)):
        (result,) = read_metadata(source, match)
        assert result.facts.symbol == "A/RES/80/3"
        assert result.facts.sponsors == ("Japan", "Türkiye", "Côte d’Ivoire")
    with pytest.raises(InvalidDocument, match="cannot read"):
        list(read_metadata(tmp_path / "missing.jsonl", match))


def test_names_that_look_like_two_but_are_one(match):
    (result,) = read_metadata(_line(sponsors=[
        "BOSNIA AND HERZEGOVINA", "TRINIDAD AND TOBAGO AND SAINT KITTS AND NEVIS", "ANTIGUA AND BARBUDA",
        "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "NOWHERE AND JAPAN", "ANDORRA\u00a0"]), match)
    facts = result.facts
    assert facts.sponsors == ("Bosnia and Herzegovina", "Trinidad and Tobago", "Saint Kitts and Nevis",
                              "Antigua and Barbuda", "United Kingdom of Great Britain and Northern Ireland",
                              "Andorra")
    assert facts.unmatched_names == ("NOWHERE AND JAPAN",)


def test_roles_and_notes(match):
    (result,) = read_metadata(_line(
        sponsors=["CUBA, ON BEHALF OF THE STATES MEMBERS OF THE UNITED NATIONS THAT ARE MEMBERS OF THE GROUP "
                  "OF 77 AND CHINA", "ROMANIA (IN ITS CAPACITY AS CHAIR OF THE COMMITTEE ON THE PEACEFUL USES "
                  "OF OUTER SPACE)", "SENEGAL (OF BEHALF OF THE GROUP OF AFRICAN STATES)"],
        additional_sponsors=["THE AMENDMENT WAS REJECTED BY THE ASSEMBLY"]), match)
    facts = result.facts
    assert facts.sponsors == ("Cuba", "Romania", "Senegal")
    assert facts.sponsor_note.split("; ") == [
        "Cuba, on behalf of the States Members of the United Nations that are members of the Group of 77 and "
        "China", "Romania, in its capacity as Chair of the Committee on the Peaceful Uses of Outer Space",
        "Senegal, on behalf of the Group of African States", "The amendment was rejected by the Assembly"]


def test_votes_and_their_counts(match):
    (recorded, unknown, none) = read_metadata("\n".join([
        _line(adoption_type="By a recorded vote", MS_in_favour_count="2", MS_against_count="1",
              MS_abstaining_count="x", MS_in_favour=["JAPAN", "UNITED STATES", "JAPAN"], MS_against=["TURKEY"],
              MS_abstaining=["ATLANTIS"]),
        _line(adoption_type="By acclamation"),
        _line(adoption_type=""),
    ]), match)
    assert recorded.facts.vote == Vote("recorded", 2, 1, 0, ("Japan", "United States of America"),
                                       ("Türkiye",), ())
    assert recorded.facts.unmatched_names == ("ATLANTIS",)
    assert unknown.facts.vote is None and "By acclamation" in unknown.warnings[0]
    assert none.facts.vote is None


def test_a_date_that_is_no_date_is_left_out_with_a_warning(match):
    (result,) = read_metadata(_line(adoption_date="31 February 2025"), match)
    assert result.facts.adopted_on is None and "31 February 2025" in result.warnings[0]


def test_sentence_case_keeps_names_and_symbols():
    assert sentence_case("ON THE BASIS OF THE REPORT OF THE CREDENTIALS COMMITTEE (A/77/600)") == \
        "On the basis of the report of the Credentials Committee (A/77/600)"
    assert sentence_case("submitted by the Chair of the Committee") == "Submitted by the Chair of the Committee"
    assert sentence_case("SUBMITTED BY THE CHAIR ON THE RECOMMENDATION OF THE ECONOMIC AND SOCIAL COUNCIL "
                         "(RESOLUTION )") == \
        "Submitted by the Chair on the recommendation of the Economic and Social Council"


def test_subjects_in_sentence_case(match):
    assert [nice_subject(t, match) for t in (
        "SUSTAINABLE DEVELOPMENT", "HIV/AIDS", "COVID-19", "TERRITORIES OCCUPIED BY ISRAEL", "KOSOVO (SERBIA)",
        "BERMUDA QUESTION", "MIDDLE EAST SITUATION", "WHO", "Charter of the United Nations (1945)",
        "IRAN (ISLAMIC REPUBLIC OF)", "COORDINATION WITHIN UN SYSTEM")] == [
        "Sustainable development", "HIV/AIDS", "COVID-19", "Territories occupied by Israel", "Kosovo (Serbia)",
        "Bermuda question", "Middle East situation", "WHO", "Charter of the United Nations (1945)",
        "Iran (Islamic Republic of)", "Coordination within UN system"]
    (result,) = read_metadata(_line(subjects=[["FLOODS", "UNBIS Thesaurus"], ["13", "A/78/251"], ["FLOODS"],
                                              ["UN", "DHLAUTH"], "DROUGHT", [None], 7]), match)
    assert result.facts.subjects == ("Floods", "UN", "Drought")


def test_a_line_separator_inside_a_title_does_not_break_the_line(match):
    line = json.dumps({"symbol": "A/RES/80/4", "title": "One\u2028two\u0085three"}, ensure_ascii=False)
    for source in (line.encode("utf-8"), line + "\r\n" + _line(symbol="A/RES/80/5")):
        assert [r.line for r in read_metadata(source, match) if r.ok][:1] == [1]
        assert not [r.error for r in read_metadata(source, match) if r.error]
