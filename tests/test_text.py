"""The one text normaliser: the batch (Arrow) functions give exactly what the per-cell Python functions
give, and each stage's keys come from it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from indicators.base import text

TRICKY = [
    "ก\u0e48\u0e38ลาบ",  # tone mark typed before the vowel: NFC reorders them
    "อบรม\u200bอาชีพ", "\ufeffชื่อกิจกรรม", "a\u2060b", "ข้อ\x00มูล",  # zero-width characters and a NUL
    "soft\u00adhyphen", "left\u200eto\u200fright",  # other invisible format characters
    "  รวม   ทั้งสิ้น  ", "รวม\tประถม", "บรรทัด\nใหม่", "x\r\ny", "a\x0bb", "a\x1fb", "a\u00a0b", "a\u3000b",
    "ปี ๒๕๖๗", "๑๒", "1,234", " -3.5 ", "-", "1.", ".5", "12a", "", "   ", "\t", "๑,๒๓๔.๕",
    "Total:", ": หมายเหตุ :", "UPPER lower", "ÉCOLE", "e\u0301cole", "Straße", "ΣΊΣΥΦΟΣ", "Ǆ", "ﬁ",
    "😀 กิจกรรม", "مرحبا", "İstanbul", "K\u212a", "²³", "٣", "１２",
]
CORPUS = TRICKY + [f"กิจกรรมที่ {i} {'ABC'[i % 3]}" for i in range(100)]  # above SMALL: Arrow runs


@pytest.mark.parametrize("batch, per_cell", [
    (text.clean_texts, text.clean_text),
    (text.header_keys, text.header_key),
    (text.blanks, text.is_blank_text),
    (text.number_texts, text.is_number_text),
])
def test_batch_equals_per_cell(batch, per_cell):
    assert len(CORPUS) > text.SMALL
    assert batch(CORPUS) == [per_cell(t) for t in CORPUS]


def test_small_batches_use_the_per_cell_function_and_agree():
    assert text.header_keys(TRICKY[:5]) == [text.header_key(t) for t in TRICKY[:5]]


def test_the_arrow_path_is_taken_for_safe_text():
    texts = ["  ปี ๒๕๖๗  ", "Total  Row"] * 40
    assert text.header_keys(texts)[:2] == ["ปี 2567", "total row"]
    assert text.clean_texts(texts)[:2] == ["ปี 2567", "Total Row"]


def test_cells_of_every_type_get_the_same_keys_in_a_batch():
    cells = CORPUS + [2567, 2567.0, 12.5, -3.0, True, False, date(2024, 1, 5), datetime(2024, 1, 5, 9, 30), 1e20]
    assert text.header_keys(cells) == [text.header_key(cell) for cell in cells]


def test_invisible_characters_are_removed_everywhere():
    assert text.clean_text("soft\u00adhyphen left\u200eto\u200fright\u2060") == "softhyphen lefttoright"
    assert text.header_key("\ufeffชื่อ\u200bกิจกรรม :") == "ชื่อกิจกรรม"
    assert text.category_key(" Digital\u00a0 SKILLS ") == "digital skills"


def test_keywords_and_activity_texts_are_prepared_alike():
    assert text.keyword_key("E-Learning!") == "e learning"
    assert text.keyword_key("volunteer*") == "volunteer*"
    assert text.keyword_texts(["E-Learning: ๑ day"]) == ["e learning 1 day"]
    assert text.keyword_key(None) is None and text.keyword_key("  ") is None


def test_every_invisible_format_and_control_character_is_removed():
    import sys
    import unicodedata

    every = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    controls = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cc" and not chr(c).isspace()}
    assert set(text.INVISIBLE) == every | controls
    assert text.clean_text("North\x01 \x1b[31mdistrict\x7f") == "North [31mdistrict"
    assert text.clean_texts(["North\x01"] * 100) == ["North"] * 100  # the Arrow path too
