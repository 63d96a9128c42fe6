"""Roman numerals and letter counters, the one place they are computed (numbering.py
prints marks with them; wording.py numbers annexes with them)."""
from __future__ import annotations

_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(n: int) -> str:
    """4 → "iv" (lower case; .upper() for "IV")."""
    out = []
    for value, letters_ in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters_ * count)
    return "".join(out)


def letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (the Editorial Manual doubles letters past z)."""
    letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
    return letter * ((n - 1) // 26 + 1)
