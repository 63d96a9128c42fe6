"""Non-breaking spaces where the UN binds words, one character for one."""
from __future__ import annotations

from resolutions.domain.typography import NBSP, bind, keep_phrase


def test_day_and_month_are_bound_not_month_and_year():
    assert bind("its resolution 78/10 of 21 November 2023,") == f"its resolution 78/10 of 21{NBSP}November 2023,"
    assert bind("le 20 décembre 2025") == f"le 20{NBSP}décembre 2025"
    assert bind("el 20 de diciembre de 2025") == f"el 20{NBSP}de{NBSP}diciembre de 2025"


def test_numbers_stay_with_their_units_and_their_words():
    assert bind("5 per cent of 10 million dollars") == f"5{NBSP}per cent of 10{NBSP}million dollars"
    assert bind("Supplement No. 47 (A/63/47), chap. I") == f"Supplement No.{NBSP}47 (A/63/47), chap.{NBSP}I"
    assert bind("article 5 and paragraph 3") == f"article{NBSP}5 and paragraph{NBSP}3"


def test_nothing_else_moves_and_lengths_hold():
    for text in ("in 2015 to 2030", "2030 Agenda", "resolution 217 A (III)", "", "Mayor of 3 Maytown"):
        assert bind(text) == text
        assert len(bind(text)) == len(text)
    line = "Japan and Mexico: draft resolution"
    assert keep_phrase(line, "draft resolution") == f"Japan and Mexico: draft{NBSP}resolution"
    assert bind(bind("21 November")) == bind("21 November")
