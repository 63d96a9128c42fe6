"""A date as the UN prints it: "5 November 2025", the day bound to its month.

One spelling for the Word files, the Akoma Ntoso files and the pages (the ``un_date``
filter of web/rendering.py), whatever the process locale: the English month names are
written here, not taken from strftime's %B (which follows the locale) or "%-d" (which
only glibc knows). The non-breaking space after the day is the UN's own (domain/
typography.py: 5,860 times in the GA's XML, never between month and year).

Other languages follow data/wording.toml's "date" pattern, with the month names of
CLDR (through Babel; Russian in the genitive its "format" context gives, "декабря")
and the UN's own Arabic months ("كانون الأول/ديسمبر"), as the session-78 files print
them: "19 décembre 2023", "1er janvier 2024", "19 de diciembre de 2023",
"19 декабря 2023 года", "19 كانون الأول/ديسمبر 2023", "2023年12月19日".
"""
from __future__ import annotations

import datetime

from babel.dates import get_month_names

from .phrasebook import table
from .typography import NBSP

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def today() -> datetime.date:
    """Today in UTC: the one clock every "today" of the app reads (a step's default date,
    a cover's date, a new draft's session), so they agree and tests can fix it."""
    return datetime.datetime.now(datetime.timezone.utc).date()


def un_date(day: datetime.date, language: str = "en") -> str:
    """"5 November 2025" (a no-break space after the day) for a date or a datetime;
    in ``language`` when given."""
    if language == "en" or language not in ("fr", "es", "ru", "ar", "zh"):
        return f"{day.day}{NBSP}{MONTHS[day.month - 1]} {day.year}"
    words = table(language)
    if language == "zh":
        month = str(day.month)
    elif "months" in words:
        month = words["months"][day.month - 1]
    else:
        month = get_month_names("wide", context="format", locale=language)[day.month]
    first = words.get("first_day") if day.day == 1 else None
    text = words["date"].format(day=first or day.day, month=month, year=day.year)
    # the day bound to its month, as in English
    return text.replace(f"{first or day.day} ", f"{first or day.day}{NBSP}", 1) if language != "zh" else text
