"""The query language: what parses, and what a malformed query is told."""
from __future__ import annotations

import pytest

from resolutions.search import QueryError
from resolutions.search.query import And, Filter, Not, Or, Text, parse, positive_texts


def test_words_phrases_and_operators():
    assert parse("synthetic drugs") == And((Text("synthetic"), Text("drugs")))
    assert parse('"women decent" OR girls') == Or((Text("women decent", phrase=True), Text("girls")))
    assert parse("a b OR c") == Or((And((Text("a"), Text("b"))), Text("c")))  # AND binds tighter
    assert parse("(a OR b) AND c -d NOT e") == And((Or((Text("a"), Text("b"))), Text("c"), Not(Text("d")),
                                                    Not(Text("e"))))
    assert parse("develop*") == Text("develop", prefix=True)
    assert parse("“curly quotes”") == Text("curly quotes", phrase=True)
    assert parse("") is None and parse("   ") is None


def test_lowercase_operators_are_words():
    assert parse("sport and peace") == And((Text("sport"), Text("and"), Text("peace")))


def test_field_filters():
    assert parse("session:78") == Filter("session", (78, 78))
    assert parse("session:75..77") == Filter("session", (75, 77))
    assert parse('sponsor:"United States"') == Filter("sponsor", "united states")
    assert parse("symbol:a/res/78/131") == Filter("symbol", ("exact", "A/RES/78/131"))
    assert parse("symbol:A/RES/78/*") == Filter("symbol", ("prefix", "A/RES/78/"))
    assert parse("lang:French") == Filter("lang", "fr")
    assert parse("body:ga") == Filter("body", "GA")
    assert parse("kind:drafts") == Filter("kind", "draft")
    assert parse("agenda:125") == Filter("agenda", "125")
    assert parse('subject:"Narcotic drugs"') == Filter("subject", "narcotic drugs")
    assert parse("title:drugs") == Text("drugs", title_only=True)
    assert parse('title:"synthetic drugs"') == Text("synthetic drugs", phrase=True, title_only=True)


def test_a_colon_followed_by_a_space_is_text():
    assert parse("Nations: requests") == And((Text("Nations:"), Text("requests")))


def test_positive_texts_leave_out_negated_ones():
    node = parse('drugs -cannabis NOT (heroin OR "opium poppy")')
    assert [t.text for t in positive_texts(node)] == ["drugs"]


@pytest.mark.parametrize("text, expected", [
    ('"women decent', "unbalanced quotes: the phrase opened at character 1"),
    ("(drugs OR crime", 'unbalanced parentheses: the "(" at character 1 is never closed'),
    ("drugs OR crime)", 'unbalanced parentheses: the ")" at character 15 closes nothing'),
    ("colour:blue", 'unknown field "colour"'),
    ("AND drugs", "AND at character 1 has nothing before it"),
    ("drugs AND", "AND at character 7 needs a word, phrase or group after it (at the end)"),
    ("drugs OR OR crime", "OR at character 7 needs a word"),
    ("drugs NOT", "NOT at character 7 needs a word"),
    ("()", "empty parentheses at character 1"),
    ('""', "empty phrase"),
    ("session:abc", "a session is a number such as 78"),
    ("session:78..75", "the range runs backwards"),
    ("lang:klingon", "unknown language"),
    ("kind:memo", "kind is resolution or draft"),
    ("sponsor:", "needs a value right after the colon"),
    ("*", "a * goes at the end of a word of at least two letters"),
    ("dr*gs", "* is only allowed at the end of a word"),
])
def test_malformed_queries_say_what_is_wrong(text, expected):
    with pytest.raises(QueryError) as err:
        parse(text)
    assert expected in str(err.value)
    assert err.value.where == "query"
    assert err.value.status == 400


def test_unknown_field_lists_the_fields():
    with pytest.raises(QueryError) as err:
        parse("foo:bar")
    message = str(err.value)
    for field in ("symbol:", "session:", "sponsor:", "subject:", "agenda:", "body:", "lang:"):
        assert field in message


def test_punctuation_alone_is_not_a_word():
    assert parse("drugs ， — &") == Text("drugs")
    assert parse("—") is None
    assert parse("drugs OR (— NOT ，)") == Text("drugs")
