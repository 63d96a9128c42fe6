"""The JSON API under /api, authenticated with ``Authorization: Bearer <token>``.

One blueprint (base.py: the door); each module adds its feature's routes to it.
"""
from . import comments, drafts, library, notifications, proposals  # noqa: F401  (their routes join the blueprint)
from . import akn  # noqa: F401  (Akoma Ntoso exports, #8)
from . import lifecycle  # noqa: F401  (submit, issue, revise, act: #8)
from .base import bp

__all__ = ["bp"]
