"""JSON from outside: bounded in size and depth, UTF-8, no lone surrogates; never a 500."""
from __future__ import annotations

import json
import time

import pytest

from resolutions.domain.errors import DomainError
from resolutions.formats import document_json
from resolutions.formats.safe_json import MAX_BYTES, MAX_DEPTH, InvalidJSON, JSONTooLarge, depth, loads


def refused(data, **limits) -> DomainError:
    with pytest.raises(DomainError) as caught:
        loads(data, **limits)
    return caught.value


def test_ordinary_json_parses_from_bytes_and_text():
    value = {"title": "Устав — 宪章 — الميثاق 😀", "n": [1, 2.5, None, True]}
    assert loads(json.dumps(value).encode()) == value
    assert loads(json.dumps(value, ensure_ascii=False)) == value
    assert loads(bytearray(json.dumps(value).encode())) == value
    assert loads("\ufeff" + json.dumps(value)) == value
    assert loads(b"\xef\xbb\xbf" + json.dumps(value).encode()) == value
    assert loads('"\\ud83d\\ude00"') == "😀"  # a surrogate pair is one character


@pytest.mark.parametrize("data", [b"[" * 500 + b"]" * 500, b"[" * 100_000 + b"]" * 100_000,
                                  b'{"a":' * 5000 + b"1" + b"}" * 5000, b'{"title": ' + b"[" * 500 + b"]" * 500 + b"}",
                                  b"[" * 1_000_000])
def test_deep_json_is_refused_before_parsing(data):
    """Regression: JSON nested 500 deep answered 500 (RecursionError)."""
    error = refused(data)
    assert isinstance(error, InvalidJSON) and error.status == 400
    assert "levels deep; the limit is 16" in error.message


def test_the_depth_limit_is_exact_and_brackets_inside_strings_do_not_count():
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    assert "17 levels" in refused("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).message
    assert loads('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{", "b": "\\"[[[[[[[[[[[[[[[[[[[[["}')
    assert loads('[[[1]]]', max_depth=3) == [[[1]]]
    assert isinstance(refused('[[[1]]]', max_depth=2), InvalidJSON)


@pytest.mark.parametrize("text, expected", [
    ("1", 0), ('"[]"', 0), ("[]", 1), ('[{"a": [1, {"b": []}]}]', 5), ('["\\\\", ["]"]]', 2),
    ('[["\\"]"]]', 2), ('"unterminated [[[', 0), ("]]]", 0), ('{"a": "é[中"}', 1),
])
def test_depth_counts_arrays_and_objects_only(text, expected):
    assert depth(text) == expected


def test_the_depth_scan_is_linear_even_on_pathological_strings():
    started = time.perf_counter()
    for data in ['"' + '\\"' * 500_000 + "\\", '[' + '[],' * 500_000 + '[]]', '"' * 1_000_001, '[{' * 500_000]:
        depth(data)
    assert time.perf_counter() - started < 5  # quadratic would take hours


def test_too_large_json_is_413():
    error = refused(b" " * 101 + b"1", max_bytes=100)
    assert isinstance(error, JSONTooLarge) and error.status == 413 and "limit is 100 bytes" in error.message
    assert isinstance(refused("中" * 40, max_bytes=100), JSONTooLarge)  # 120 bytes in UTF-8
    assert loads(" " * 99 + "1", max_bytes=100) == 1
    assert MAX_BYTES >= 8 * 1024 * 1024


@pytest.mark.parametrize("data, says", [
    (b'{"title": "\xff\xfe"}', "not UTF-8: byte 0xff at offset 11"),
    (b'{"title": "\xed\xa0\x80"}', "not UTF-8"),  # a surrogate encoded as UTF-8
    (b"\xfe\xff\x00{", "not UTF-8"),
    (b'{"a": NaN}', "NaN is not a JSON number"),
    (b"[Infinity]", "Infinity"),
    (b"1" * 5000, "not valid JSON"),
    (b"[1, 2", "line 1, column 6"),
    (b"", "not valid JSON"),
    (b"{'a': 1}", "not valid JSON"),
])
def test_what_is_not_json_is_refused_with_the_reason(data, says):
    error = refused(data)
    assert isinstance(error, InvalidJSON) and error.status == 400 and says in error.message


def test_a_lone_surrogate_is_refused_with_its_path():
    """Regression: "\\ud800" in a title reached the pages, which could not encode it."""
    data = json.dumps({"title": "ok", "operative": [{"text": "fine"}, {"text": "bad \ud800"}]}).encode()
    error = refused(data)
    assert isinstance(error, InvalidJSON) and error.where == "operative[1].text" and "surrogate" in error.message
    assert refused('{"\\udc00": 1}').where == "'\\udc00'"
    assert refused(b'["\\uDBFF"]').where == "[0]"
    assert refused("\ud800".join(['"', '"'])).where == "body"  # a str can hold one directly
    assert refused('{"a": {"b": ["\\ud800\\ud800"]}}').where == "a.b[0]"


def test_other_types_are_refused():
    assert isinstance(refused(None), InvalidJSON)
    assert isinstance(refused(12), InvalidJSON)


def test_the_deepest_legal_document_fits_the_default_depth():
    deepest = {"text": "a.;", "footnotes": [{"text": "Note."}]}
    for _ in range(3):
        deepest = {"text": "Level:", "footnotes": [{"text": "Note."}], "subparagraphs": [deepest]}
    request = {"base_revision": 1, "document": {"body": "GA", "session": 80, "title": "T", "operative": [deepest]}}
    parsed = loads(json.dumps(request).encode())
    assert document_json.load(parsed["document"]).operative[0].subparagraphs[0].subparagraphs[0]
