"""Hostile paragraph-id bookmarks in an uploaded Word file (formats/docx_bookmarks.py):
a name or document variable crafted to smuggle a bad id, overflow a decoder or cost
unbounded work never reaches the model: the paragraph gets a new, valid id and the
file is read as usual. And a tracked export of hostile-but-valid ids round-trips.
"""
from __future__ import annotations

import datetime
import io
import time

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from resolutions.domain.document import Document, Paragraph
from resolutions.domain.validation import is_valid_id
from resolutions.formats.docx_reader import read_docx
from resolutions.formats.docx_revisions import accept_all, reject_all
from resolutions.formats.docx_text import Tracking
from resolutions.formats.docx_writer import write_docx

HOSTILE_NAMES = [
    "_PE_x110000_", "_PE_x" + "f" * 5000 + "_", "_PE_x_", "_PE_u", "_PE_", "_PE_q", "_PE_x20_ab",
    "_PE_x0_", "_PE_x3c_script_x3e_", "_PE_xd800_", "_PH0000", "_PL" + "a" * 5000, "_PLA B", "_P",
    "_PLpara_1\x00", "_PX123", "_PE" + "_x41_" * 2000,
]


def _file(names, variables=()) -> bytes:
    document = docx.Document()
    document.add_paragraph().add_run("The General Assembly,").italic = True
    for k, name in enumerate(names):
        p = document.add_paragraph()
        start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{k}"/>')
        start.set(qn("w:name"), name)
        p._p.append(start)
        p.add_run(f"Recalling its resolution {k},")
        p._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{k}"/>'))
    document.add_paragraph("Decides to act.")
    if variables:
        holder = document.settings.element.find(qn("w:docVars"))
        if holder is None:
            holder = parse_xml(f'<w:docVars {nsdecls("w")}/>')
            document.settings.element.append(holder)
        for name, value in variables:
            var = parse_xml(f'<w:docVar {nsdecls("w")} w:name="x" w:val="y"/>')
            var.set(qn("w:name"), name)
            var.set(qn("w:val"), value)
            holder.append(var)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", [n.replace("\x00", "") for n in HOSTILE_NAMES])
def test_a_hostile_bookmark_name_gives_a_new_valid_id(name):
    doc = read_docx(_file([name])).document
    ids = doc.paragraph_ids()
    assert len(ids) == 2 and all(is_valid_id(i) for i in ids)
    assert doc.preamble[0].text == "Recalling its resolution 0,"


def test_hostile_document_variables_give_new_ids():
    keys = ["a" * 37, "b" * 37, "c" * 37]
    values = ["has space", "<script>", "x" * 65]
    doc = read_docx(_file([f"_PH{k}" for k in keys], [(f"ParagraphId_{k}", v) for k, v in zip(keys, values)])).document
    assert not set(values) & set(doc.paragraph_ids())
    assert all(is_valid_id(i) for i in doc.paragraph_ids())


def test_ten_thousand_bookmarks_in_a_paragraph_cost_little():
    document = docx.Document()
    document.add_paragraph().add_run("The General Assembly,").italic = True
    p = document.add_paragraph()
    for k in range(10_000):
        start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{k}" w:name="_PLp{k}"/>')
        p._p.append(start)
    p.add_run("Decides to act.")
    out = io.BytesIO()
    document.save(out)
    started = time.perf_counter()
    doc = read_docx(out.getvalue()).document
    assert time.perf_counter() - started < 5
    assert doc.operative[0].id == "p9999"  # the last one before the text


def test_ids_of_every_shape_round_trip_through_a_tracked_export():
    ids = ["para_21_list_point_أ", "para_32_list_point_أ_sublist_point_’1‘", "A1", "a1", "x" * 64, "p-3f9a0c12be"]
    old = Document("GA", 80, "T", preamble=(Paragraph(ids[0], "Recalling its resolution 1,", opening_length=9),),
                   operative=tuple(Paragraph(i, f"Decides {k};", opening_length=7) for k, i in enumerate(ids[1:])))
    new = old.with_changes(operative=old.operative[1:3] + (old.operative[0],) + old.operative[4:])
    data = write_docx(new, [], against=old, tracking=Tracking("Japan", datetime.datetime(2026, 1, 1)))
    assert read_docx(accept_all(data)).document.paragraph_ids() == new.paragraph_ids()
    assert read_docx(reject_all(data)).document.paragraph_ids() == old.paragraph_ids()
