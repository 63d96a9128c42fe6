"""Tracked changes made the way Word makes them, on a .docx our writer exported: what a
partner does in Word before e-mailing the file back (a helper for the upload tests)."""
from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
DATE = "2026-11-20T10:00:00Z"


class WordEdits:
    """Open a .docx, make tracked edits, save: ``WordEdits(data).replace(...).bytes()``."""

    def __init__(self, data: bytes):
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            self.root = etree.fromstring(package.read("word/document.xml"))
        self._id = 1000

    def _change(self, tag: str, author: str):
        self._id += 1
        el = etree.Element(W + tag)
        el.set(W + "id", str(self._id))
        el.set(W + "author", author)
        el.set(W + "date", DATE)
        return el

    def _paragraph(self, containing: str):
        for p in self.root.iter(W + "p"):
            if containing in "".join(t.text or "" for t in p.iter(W + "t")):
                return p
        raise AssertionError(f"no paragraph contains {containing!r}")

    def replace(self, author: str, old: str, new: str) -> "WordEdits":
        """``old`` (inside one run) struck out and ``new`` typed in its place."""
        for t in self.root.iter(W + "t"):
            if t.text and old in t.text:
                break
        else:
            raise AssertionError(f"no run holds {old!r}")
        run = t.getparent()
        before, after = t.text.split(old, 1)
        pieces = []
        if before:
            pieces.append(_run_like(run, before))
        deleted = self._change("del", author)
        deleted.append(_run_like(run, old, "delText"))
        pieces.append(deleted)
        if new:
            inserted = self._change("ins", author)
            inserted.append(_run_like(run, new))
            pieces.append(inserted)
        if after:
            pieces.append(_run_like(run, after))
        parent = run.getparent()
        at = parent.index(run)
        parent.remove(run)
        for offset, piece in enumerate(pieces):
            parent.insert(at + offset, piece)
        return self

    def delete_paragraph(self, author: str, containing: str) -> "WordEdits":
        p = self._paragraph(containing)
        for run in [r for r in p if r.tag == W + "r"]:
            for t in run.iter(W + "t"):
                t.tag = W + "delText"
            wrapper = self._change("del", author)
            run.addprevious(wrapper)
            wrapper.append(run)
        _mark(p).append(self._change("del", author))
        return self

    def insert_paragraph(self, author: str, after: str, text: str) -> "WordEdits":
        """A new paragraph typed after the one containing ``after``, in its style."""
        p = self._paragraph(after)
        new = etree.Element(W + "p")
        ppr = p.find(W + "pPr")
        if ppr is not None:
            new.append(copy.deepcopy(ppr))
            for old_mark in new.iter(W + "rPr"):
                for child in [c for c in old_mark if c.tag in (W + "ins", W + "del")]:
                    old_mark.remove(child)
        inserted = self._change("ins", author)
        run = etree.SubElement(inserted, W + "r")
        t = etree.SubElement(run, W + "t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        new.append(inserted)
        _mark(new).append(self._change("ins", author))
        p.addnext(new)
        return self

    def bytes(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(self.data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                body = (etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
                        if member.filename == "word/document.xml" else source.read(member.filename))
                target.writestr(member, body)
        return out.getvalue()


def _run_like(run, text: str, tag: str = "t"):
    new = etree.Element(W + "r")
    rpr = run.find(W + "rPr")
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    t = etree.SubElement(new, W + tag)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return new


def _mark(p):
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = etree.Element(W + "pPr")
        p.insert(0, ppr)
    rpr = ppr.find(W + "rPr")
    if rpr is None:
        rpr = etree.SubElement(ppr, W + "rPr")
    return rpr
