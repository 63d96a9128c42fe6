"""A date as the UN prints it: "5 November 2025", the day bound to its month.

One spelling for the Word files, the Akoma Ntoso files and the pages (the ``un_date``
filter of web/rendering.py), whatever the process locale: the English month names are
written here, not taken from strftime's %B (which follows the locale) or "%-d" (which
only glibc knows). The non-breaking space after the day is the UN's own (domain/
typography.py: 5,860 times in the GA's XML, never between month and year).
"""
from __future__ import annotations

import datetime

from .typography import NBSP

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def un_date(day: datetime.date) -> str:
    """"5 November 2025" (a no-break space after the day) for a date or a datetime."""
    return f"{day.day}{NBSP}{MONTHS[day.month - 1]} {day.year}"
