"""Session numbers in words, as the UN prints the session line in each language:
78 → "Soixante-dix-huitième", "Septuagésimo octavo", "Семьдесят восьмая",
"الثامنة والسبعون", "七十八" (for "第七十八届会议"). Checked on the session-78 files
of each language (tests/domain/test_wording.py) for 78 and on every session named in
their texts ("à sa soixante-dix-neuvième session", "第七十九届会议" …).

The words agree with the noun they qualify: "session" and "сессия" and "الدورة" are
feminine, Spanish "período" masculine (apocopated "primer", "tercer" before the noun).
English is sessions.ordinal_words.
"""
from __future__ import annotations

_FR_UNITS = ("", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
             "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf")
_FR_TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante", "soixante", "quatre-vingt",
            "quatre-vingt")


def _fr_cardinal(n: int) -> str:
    """Traditional spelling, as the UN writes it: "soixante et onze", "quatre-vingt-un"."""
    if n < 20:
        return _FR_UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        if tens in (7, 9):
            unit += 10
        word = _FR_TENS[tens]
        if unit == 0:
            return word + ("s" if tens == 8 else "")
        joiner = " et " if unit in (1, 11) and tens not in (8, 9) else "-"
        return f"{word}{joiner}{_FR_UNITS[unit]}"
    hundreds, rest = divmod(n, 100)
    head = "cent" if hundreds == 1 else f"{_FR_UNITS[hundreds]} cent"
    return f"{head} {_fr_cardinal(rest)}" if rest else head + ("s" if hundreds > 1 else "")


def french(n: int) -> str:
    if n == 1:
        return "première"
    word = _fr_cardinal(n)
    if word.endswith("s") and word.endswith(("vingts", "cents")):
        word = word[:-1]
    if word.endswith("cinq"):
        return word + "uième"
    if word.endswith("neuf"):
        return word[:-1] + "vième"
    if word.endswith("e"):
        word = word[:-1]
    return word + "ième"


_ES_UNITS = ("", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno")
_ES_TENS = ("", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo", "sexagésimo",
            "septuagésimo", "octogésimo", "nonagésimo")
_ES_HUNDREDS = ("", "centésimo", "ducentésimo")


def spanish(n: int) -> str:
    """"primer", "undécimo", "decimotercer", "septuagésimo octavo", "centésimo primer"."""
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    words = [_ES_HUNDREDS[hundreds]] if hundreds else []
    if tens == 1 and unit in (1, 2):
        words.append(("undécimo", "duodécimo")[unit - 1])
    elif tens == 1 and unit:
        words.append("decimo" + _ES_UNITS[unit].replace("é", "e"))
    else:
        words += [w for w in (_ES_TENS[tens], _ES_UNITS[unit]) if w]
    return " ".join(words)


_RU_UNITS = ("", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_RU_TENS = ("", "десять", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
            "восемьдесят", "девяносто")
_RU_UNIT_ORDINALS = ("", "первая", "вторая", "третья", "четвертая", "пятая", "шестая", "седьмая",
                     "восьмая", "девятая", "десятая", "одиннадцатая", "двенадцатая", "тринадцатая",
                     "четырнадцатая", "пятнадцатая", "шестнадцатая", "семнадцатая", "восемнадцатая",
                     "девятнадцатая")
_RU_TEN_ORDINALS = ("", "десятая", "двадцатая", "тридцатая", "сороковая", "пятидесятая", "шестидесятая",
                    "семидесятая", "восьмидесятая", "девяностая")
_RU_HUNDREDS = ("", "сто", "двести")
_RU_HUNDRED_ORDINALS = ("", "сотая", "двухсотая")


def russian(n: int) -> str:
    """Feminine nominative ("сессия"): only the last word is ordinal, "семьдесят восьмая"."""
    hundreds, rest = divmod(n, 100)
    if not rest:
        return _RU_HUNDRED_ORDINALS[hundreds]
    tens, unit = divmod(rest, 10)
    words = [_RU_HUNDREDS[hundreds]] if hundreds else []
    if rest < 20:
        words.append(_RU_UNIT_ORDINALS[rest])
    elif unit:
        words += [_RU_TENS[tens], _RU_UNIT_ORDINALS[unit]]
    else:
        words.append(_RU_TEN_ORDINALS[tens])
    return " ".join(words)


_AR_UNITS = ("", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
             "التاسعة", "العاشرة")
_AR_TENS = ("", "", "العشرون", "الثلاثون", "الأربعون", "الخمسون", "الستون", "السبعون", "الثمانون", "التسعون")


def arabic(n: int) -> str:
    """Feminine, definite, nominative ("الدورة الثامنة والسبعون"); past 100 "… بعد المائة"."""
    hundreds, rest = divmod(n, 100)
    if hundreds:
        whole = "المائة" if hundreds == 1 else "المائتين"
        first = "الحادية" if rest == 1 else arabic(rest)
        return f"{first} بعد {whole}" if rest else ("المائة" if hundreds == 1 else "المائتان")
    tens, unit = divmod(n, 10)
    if n <= 10:
        return _AR_UNITS[n]
    if n < 20:
        return ("الحادية" if unit == 1 else _AR_UNITS[unit]) + " عشرة"
    if not unit:
        return _AR_TENS[tens]
    return f"{'الحادية' if unit == 1 else _AR_UNITS[unit]} و{_AR_TENS[tens]}"


_ZH_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """78 → "七十八", 10 → "十", 101 → "一百零一", 110 → "一百一十"."""
    hundreds, rest = divmod(n, 100)
    tens, unit = divmod(rest, 10)
    out = f"{_ZH_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _ZH_DIGITS[tens]) + "十"
    elif hundreds and unit:
        out += "零"
    if unit:
        out += _ZH_DIGITS[unit]
    return out


ORDINALS = {"fr": french, "es": spanish, "ru": russian, "ar": arabic, "zh": chinese}
