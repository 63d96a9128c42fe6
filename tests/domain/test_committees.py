"""The committee line of an adopted GA resolution, made and read back (domain/committees.py),
checked against every English resolution of ../shared/corpus and its metadata."""
from __future__ import annotations

import pytest

from resolutions.domain import committees as c
from resolutions.domain.bodies import get_body
from resolutions.domain.errors import InvalidDocument

from . import corpus

GA, CND = get_body("GA"), get_body("CND")


def test_the_originating_documents_are_the_last_issuance_and_its_addenda():
    assert c.originating_documents("A/80/L.24") == "A/80/L.24"
    assert c.originating_documents("A/75/L.111/Rev.1", ["A/75/L.111/Rev.1/Add.1"]) == \
        "A/75/L.111/Rev.1 and A/75/L.111/Rev.1/Add.1"
    assert c.originating_documents("A/80/L.24", ["A/80/L.24/Add.1", "A/80/L.24/Add.2"]) == \
        "A/80/L.24, A/80/L.24/Add.1 and A/80/L.24/Add.2"


def test_lines_both_ways():
    line = c.committee_line("Third Committee", "A/80/481, para. 10")
    assert line == "[on the report of the Third Committee (A/80/481, para. 10)]"
    assert (c.committee_of(line), c.originating_of(line)) == ("Third Committee", "A/80/481, para. 10")
    fourth = c.committee_line("Fourth Committee", "A/78/409, para. 89")
    assert fourth == "[on the report of the Special Political and Decolonization Committee (Fourth Committee) " \
                     "(A/78/409, para. 89)]"
    assert (c.committee_of(fourth), c.originating_of(fourth)) == ("Fourth Committee", "A/78/409, para. 89")
    plenary = c.committee_line("", "A/75/L.36/Rev.1 and A/75/L.36/Rev.1/Add.1")
    assert plenary == "[without reference to a Main Committee (A/75/L.36/Rev.1 and A/75/L.36/Rev.1/Add.1)]"
    assert (c.committee_of(plenary), c.originating_of(plenary)) == \
        (c.NO_COMMITTEE, "A/75/L.36/Rev.1 and A/75/L.36/Rev.1/Add.1")
    assert c.originating_of("[on the report of the Special Political and Decolonization Committee "
                            "(Fourth Committee)]") == ""


def test_the_default_line_is_the_bodys():
    assert c.default_line(GA, "A/80/L.24 and A/80/L.24/Add.1") == \
        "[without reference to a Main Committee (A/80/L.24 and A/80/L.24/Add.1)]"
    assert c.default_line(CND, "E/CN.7/2026/L.5") == ""


def test_typed_lines_are_checked_and_bracketed():
    assert c.checked_line(None, "[default]") == "[default]"
    assert c.checked_line("on the report of the Third Committee (A/80/481, para. 10)", "") == \
        "[on the report of the Third Committee (A/80/481, para. 10)]"
    assert c.checked_line("[x] y", "") == "[[x] y]"
    for value, message in (("x\ny", "one line"), ("[ ]", "empty"), ("x" * 301, "300 characters"), (7, "one line")):
        with pytest.raises(InvalidDocument, match=message) as raised:
            c.checked_line(value, "")
        assert raised.value.where == "committee"


def _printed_lines():
    """(symbol, the committee line as printed) of every English resolution in the corpus."""
    for session in (75, 76, 77, 78):
        for file in corpus.session_files(session):
            root = corpus.xml(file)
            numbers = list(root.iter(corpus.AKN_NS + "docNumber"))
            symbol = " ".join("".join(numbers[0].itertext()).split()) if numbers else None
            for proponent in root.iter(corpus.AKN_NS + "docProponent"):
                yield session, symbol, " ".join("".join(proponent.itertext()).split())


def test_every_printed_line_of_the_corpus_reads_back_and_is_made_again():
    lines = list(_printed_lines())
    assert len(lines) > 1000
    remade = [line for _, _, line in lines if c.committee_line(c.committee_of(line), c.originating_of(line)) == line]
    # the few left: a French file among the English ones, "Committee(Fourth Committee)" without its space
    assert len(remade) / len(lines) > 0.99, len(lines) - len(remade)


def test_the_lines_read_back_agree_with_the_uns_metadata():
    checked = agreed = 0
    for session, symbol, line in _printed_lines():
        record = corpus.metadata(session).get(symbol)
        if record is None:
            continue
        checked += 1
        agreed += (c.committee_of(line), c.originating_of(line)) == (record["committee"],
                                                                      record["originating_document"])
    # the metadata alone adds "(as amended in A/75/L.60)" and the like to some originating documents
    assert checked > 1000 and agreed / checked > 0.95, (checked, agreed)
