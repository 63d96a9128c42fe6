"""The checks of verify() that need the code's own schema: the index's fields against
the ones this version writes, and a probe search through every part of the index."""
from __future__ import annotations

from .engine import Snapshot
from .schema import make_schema, text_field


def schema_problems(schema) -> list[str]:
    """The index's schema (pickled in its TOC) against the one this code writes."""
    want = make_schema()
    have_names, want_names = set(schema.names()), set(want.names())
    problems = []
    if have_names != want_names:
        problems.append("the index's fields differ from this version's: "
                        f"missing {sorted(want_names - have_names)}, extra {sorted(have_names - want_names)}")
    def kind(field) -> tuple:
        return type(field), repr(getattr(field, "analyzer", None)), type(field.column_type)
    problems += [f"field {name} of the index is not the one this version writes"
                 for name in sorted(have_names & want_names) if kind(schema[name]) != kind(want[name])]
    return problems


def probe(snap: Snapshot) -> list[str]:
    """A real search: a common term in each language (postings, lengths, statistics), the
    ``seq`` and stored fields of what it finds, and the last document of every segment."""
    try:
        for lang, words in sorted(snap.common.items()):
            for term in sorted(words)[:1]:
                for d in sorted(snap.term_scores(text_field(lang), term))[:1]:
                    snap.stored(d)
                    reader, offset, table = snap.segment_of(d)
                    table.sequence(reader, d - offset)
        for reader, offset, table, dels in snap.leaves:
            if len(table.doc_of):
                snap.stored(offset + len(table.doc_of) - 1)
        return []
    except Exception as exc:  # noqa: BLE001 - whatever a damaged index makes Whoosh raise
        return [f"a probe search failed: {type(exc).__name__}: {exc}"]
