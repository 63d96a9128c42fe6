"""One sponsor-list rule for every reader (domain/sponsor_list.py)."""
from __future__ import annotations

import pytest

from resolutions.domain.sponsor_list import split


@pytest.mark.parametrize("line, names", [
    ("Japan", ("Japan",)),
    ("Japan and Mexico", ("Japan", "Mexico")),
    ("Japan, Mexico and Trinidad and Tobago", ("Japan", "Mexico", "Trinidad and Tobago")),
    ("Trinidad and Tobago", ("Trinidad and Tobago",)),
    ("Bosnia and Herzegovina and Saint Vincent and the Grenadines",
     ("Bosnia and Herzegovina", "Saint Vincent and the Grenadines")),
    ("Japan and Trinidad and Tobago", ("Japan", "Trinidad and Tobago")),
    # Unknown names: the last conjunction is the list's (the two readers disagreed here).
    ("Japan, Foo and Bar and Baz", ("Japan", "Foo and Bar", "Baz")),
    ("Japan, Foo and Mexico", ("Japan", "Foo", "Mexico")),
    ("Cuba (on behalf of the Group of 77 and China)", ("Cuba",)),
    ("Austria*, Brazil and Chile*", ("Austria", "Brazil", "Chile")),
    ("Austria, Brazil, and Chile", ("Austria", "Brazil", "Chile")),
    ("", ()),
])
def test_english_sponsor_lists(line, names):
    assert split(line) == names


def test_other_languages_use_their_conjunction():
    assert split("Japon, Mexique et Chili", "fr") == ("Japon", "Mexique", "Chili")
    assert split("Japón, México y Chile", "es") == ("Japón", "México", "Chile")
    assert split("Япония, Мексика и Чили", "ru") == ("Япония", "Мексика", "Чили")
