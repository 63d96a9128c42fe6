"""Style warnings name the real problem, in grammatical English, with a fix where one
exists; on real session-78 texts edited as a drafter slips."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from resolutions.domain.style import check
from resolutions.formats.akn_reader import read_akn
from tests.conftest import SHARED_CORPUS

AKN = next((SHARED_CORPUS / "akn/78/English").glob("A_RES_78_131-*.xml"))


@pytest.fixture(scope="module")
def doc():
    return read_akn(AKN)[0]


def _with_first(doc, section: str, text: str):
    paras = getattr(doc, section)
    first = replace(paras[0], text=text, opening_length=None)
    return replace(doc, **{section: (first, *paras[1:])}), first.id


def _warning(doc, section, text):
    edited, pid = _with_first(doc, section, text)
    found = [w for w in check(edited) if w.paragraph_id == pid]
    assert len(found) == 1, found
    return found[0]


def test_a_lower_case_start_is_named_with_the_capitalised_phrase(doc):
    text = doc.preamble[0].text
    got = _warning(doc, "preamble", text[:1].lower() + text[1:])
    assert got.message == "This preambular paragraph starts with a lower-case letter."
    assert got.fix.startswith("Start with a capital: “" + text.split(" ")[0])


def test_an_operative_verb_in_the_preamble_suggests_the_participle(doc):
    got = _warning(doc, "preamble", "Welcomes the work of the Commission on Narcotic Drugs,")
    assert got.message.startswith("“Welcomes” is an operative verb form; a preambular paragraph opens with")
    assert got.fix == "Write “Welcoming”."
    got = _warning(doc, "operative", "Recalling its resolution 77/238;")
    assert got.message.startswith("“Recalling” is a preambular participle; an operative paragraph opens with")
    assert got.fix == "Write “Recalls”."


def test_a_misspelt_opening_suggests_the_closest_known_one(doc):
    rest = doc.operative[0].text.split(" ", 1)[1]
    got = _warning(doc, "operative", "Encourgaes " + rest)
    assert got.message == "“Encourgaes” is not a usual operative opening: is it misspelt?"
    assert got.fix == "Did you mean “Encourages”?"


def test_no_opening_at_all_gets_a_grammatical_article(doc):
    got = _warning(doc, "preamble", "The Assembly recalls its resolution 77/238,")
    assert got.message.startswith("A preambular paragraph opens with a participle")
    got = _warning(doc, "operative", "The Assembly decides to remain seized of the matter;")
    assert got.message.startswith("An operative paragraph opens with a verb")


def test_endings_say_which_mark_to_use(doc):
    edited, pid = _with_first(doc, "preamble", doc.preamble[0].text.rstrip(",") + ";")
    assert [w.fix for w in check(edited) if w.paragraph_id == pid] == ["Replace the final “;” with “,”."]


def test_every_message_on_real_texts_is_grammatical():
    """No "An preambular", no "a operative", across every session-78 English text."""
    bad = re.compile(r"\b(An [b-df-hj-np-tv-z]|[Aa] [aeiou])\w*")
    for path in sorted((SHARED_CORPUS / "akn/78/English").glob("*.xml"))[:200]:
        for document in read_akn(path):
            for warning in check(document):
                assert not bad.search(warning.message), (path.name, warning.message)
