"""Small file helpers of the index folder: atomic JSON, fcntl locks."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import time
from contextlib import contextmanager
from pathlib import Path


def read_json(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} does not hold a JSON object")
    return data


def write_json(path: Path, data: dict, sync: bool = True) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False), sync)


def write_text_atomic(path: Path, text: str, sync: bool = True) -> None:
    """Readers see the old text or the new one, never a part (``os.replace``)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        if sync:
            os.fsync(f.fileno())
    os.replace(tmp, path)
    if not sync:
        return
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:  # pragma: no cover - platforms without directory fsync
        pass


@contextmanager
def flock(path: Path, timeout: float, busy, step: float = 0.05):
    """Hold an exclusive fcntl lock on ``path``, waiting up to ``timeout`` s (trying again
    every ``step`` s); ``busy()`` gives the exception raised after that. A lock belongs to
    an open file, so two SearchIndex objects of one process exclude each other as two
    processes do."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise busy() from None
                time.sleep(step)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def is_locked(path: Path) -> bool:
    """Whether some open file (any process, this one included) holds ``path``'s lock:
    a non-blocking attempt, released at once."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return True
            raise
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
