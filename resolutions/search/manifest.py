"""The manifest of an index folder: name, size and CRC-32 of every segment file.

Whoosh never rewrites a segment file once the segment is written (deletions live in
the TOC), so a file whose size or checksum differs from the manifest was damaged after
the fact: by the disk, a copy, a person. The writer records new files just before its
TOC makes them visible (whoosh_internals.open_writer's ``before_toc``), so a reader
that sees a segment always finds it in the manifest; only new files are checksummed
(the others keep their entry); entries of files Whoosh deleted after the commit are
dropped by ``prune``.

``check_segment`` compares one segment with the manifest (SearchIndex does so once per
process for every segment it opens, and ``verify()`` for all of them).
"""
from __future__ import annotations

import zlib
from pathlib import Path

from . import whoosh_internals as wi
from .files import read_json, write_json

MANIFEST = "manifest.json"
_CHUNK = 1 << 20


def checksum(path: Path) -> tuple[int, int]:
    """(size, CRC-32) of a file: about 0.5 ms a megabyte here."""
    crc, size = 0, 0
    with open(path, "rb") as f:
        while True:
            block = f.read(_CHUNK)
            if not block:
                break
            crc = zlib.crc32(block, crc)
            size += len(block)
    return size, crc


def load(folder: Path) -> dict[str, list[int]]:
    files = read_json(folder / MANIFEST).get("files")
    if not isinstance(files, dict):
        raise ValueError(f"{MANIFEST} has no file list")
    return files


def recorder(folder: Path, ix):
    """The ``before_toc`` hook of a writer of the index in ``folder``."""
    def record(segments: list) -> None:
        try:
            old = load(folder)
        except (OSError, ValueError):
            old = {}
        files: dict[str, list[int]] = {}
        for segment in segments:
            for name in wi.segment_files(ix, segment):
                known = old.get(name)
                size = (folder / name).stat().st_size
                files[name] = known if known and known[0] == size else list(checksum(folder / name))
        for name, entry in old.items():  # readers of the previous TOC still need these
            if name not in files and (folder / name).exists():
                files[name] = entry
        write_json(folder / MANIFEST, {"files": dict(sorted(files.items()))})
    return record


def prune(folder: Path) -> None:
    """After a commit: drop the entries of files Whoosh has deleted (merged or dropped
    segments). Not fsynced: if a crash loses this write, the extra entries name segments
    no TOC lists, which no check reads, and the next prune drops them (two fsyncs saved
    on nearly every update)."""
    try:
        files = load(folder)
    except (OSError, ValueError):
        return
    kept = {name: entry for name, entry in files.items() if (folder / name).exists()}
    if len(kept) != len(files):
        write_json(folder / MANIFEST, {"files": kept}, sync=False)


def check_segment(folder: Path, ix, segment, manifest: dict) -> list[str]:
    """What is wrong with one segment's files: missing, not recorded, changed."""
    sid = wi.segment_id(segment)
    names = set(wi.segment_files(ix, segment)) | {n for n in manifest if n.startswith(sid + ".")}
    if not names:
        return [f"segment {sid} has no files"]
    problems = []
    for name in sorted(names):
        path = folder / name
        expected = manifest.get(name)
        if expected is None:
            problems.append(f"{name} is not in the manifest")
            continue
        try:
            size = path.stat().st_size
            if size != expected[0]:
                problems.append(f"{name} has {size:,} bytes, the manifest says {expected[0]:,}")
            elif checksum(path)[1] != expected[1]:
                problems.append(f"{name} has changed (checksum differs from the manifest)")
        except FileNotFoundError:
            problems.append(f"{name} is missing")
    return problems
