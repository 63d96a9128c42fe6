"""``python -m resolutions.search.buildpart JOB``: write one segment of a parallel rebuild.

Started by build.build with the path of a pickled job (the spool, the part of it to
index, where to hand over its term counts and where the common terms will appear);
writes the finished segment, pickled, to the job's result path. Exits non-zero (with
the traceback on stderr) on any error.
"""
from __future__ import annotations

import pickle
import sys

from .build import build_part


def main(argv: list[str]) -> int:
    with open(argv[1], "rb") as f:
        job = pickle.load(f)
    build_part(job)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
