"""The current session of each body from a date (bodies.toml's rule), at its boundaries,
and the explicit setting that overrides the date."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from resolutions.domain.bodies import get_body


@pytest.mark.parametrize("today, expected", [
    (date(2023, 9, 5), 78),     # A/RES/78/1 was adopted on 29 September 2023 (corpus metadata)
    (date(2024, 9, 6), 79),     # the 78th's last resolutions (6 September 2024) precede the 79th's opening
    (date(2025, 8, 31), 79),
    (date(2025, 9, 1), 80),     # the 80th session: September 2025 – September 2026
    (date(2026, 8, 31), 80),
    (date(2026, 9, 1), 81),
])
def test_the_general_assembly_session_opens_in_september(today, expected):
    assert get_body("GA").session_on(today) == expected


@pytest.mark.parametrize("today, expected", [
    (date(2024, 3, 14), 67),    # the 67th session, Vienna, 14–22 March 2024 (UN-FORMAT.md)
    (date(2025, 12, 31), 68),
    (date(2026, 1, 1), 69),
    (date(2026, 12, 10), 69),   # the reconvened 69th session
])
def test_the_cnd_session_is_the_calendar_year(today, expected):
    assert get_body("CND").session_on(today) == expected


def test_an_explicit_setting_wins_over_the_date():
    assert replace(get_body("GA"), current_session=80).session_on(date(2026, 12, 1)) == 80
