"""The batch (Arrow) text functions give exactly what the per-cell Python functions give."""

from __future__ import annotations

import pytest

from indicators import text_batch
from indicators.cleaning import _clean_text
from indicators.rows import looks_like_number
from indicators.understand import normalise_header

TRICKY = [
    "ก\u0e48\u0e38ลาบ",  # tone mark typed before the vowel: NFC reorders them
    "อบรม\u200bอาชีพ", "\ufeffชื่อกิจกรรม", "a\u2060b", "ข้อ\x00มูล",  # zero-width characters and a NUL
    "  รวม   ทั้งสิ้น  ", "รวม\tประถม", "บรรทัด\nใหม่", "x\r\ny", "a\x0bb", "a\x1fb", "a\u00a0b", "a\u3000b",
    "ปี ๒๕๖๗", "๑๒", "1,234", " -3.5 ", "-", "1.", ".5", "12a", "", "   ", "\t", "๑,๒๓๔.๕",
    "Total:", ": หมายเหตุ :", "UPPER lower", "ÉCOLE", "e\u0301cole", "Straße", "ΣΊΣΥΦΟΣ", "Ǆ", "ﬁ",
    "😀 กิจกรรม", "مرحبا", "İstanbul", "K\u212a", "²³", "٣", "１２",
]
CORPUS = TRICKY + [f"กิจกรรมที่ {i} {'ABC'[i % 3]}" for i in range(100)]  # above SMALL: Arrow runs


@pytest.mark.parametrize("batch, per_cell", [
    (text_batch.clean_texts, _clean_text),
    (text_batch.header_keys, normalise_header),
    (text_batch.blanks, lambda text: not text.strip()),
    (text_batch.number_texts, looks_like_number),
])
def test_batch_equals_per_cell(batch, per_cell):
    assert len(CORPUS) > text_batch.SMALL
    assert batch(CORPUS) == [per_cell(text) for text in CORPUS]


def test_small_batches_use_the_per_cell_function_and_agree():
    assert text_batch.header_keys(TRICKY[:5]) == [normalise_header(t) for t in TRICKY[:5]]


def test_the_arrow_path_is_taken_for_safe_text():
    texts = ["  ปี ๒๕๖๗  ", "Total  Row"] * 40
    assert text_batch.header_keys(texts)[:2] == ["ปี 2567", "total row"]
    assert text_batch.clean_texts(texts)[:2] == ["ปี 2567", "Total Row"]


def test_cells_of_every_type_get_the_same_keys_in_a_batch():
    from datetime import date, datetime

    from indicators.understand import _cell_text, _cell_texts

    cells = CORPUS + [2567, 2567.0, 12.5, -3.0, True, False, date(2024, 1, 5), datetime(2024, 1, 5, 9, 30), 1e20]
    assert _cell_texts(cells) == [_cell_text(cell) for cell in cells]
