"""The CSV reader's fast path (a line with no quote split in C) gives exactly csv.reader's records."""
import csv
import random

import pytest

from indicators.read.csv_text import _lines, _lines_split, _records

PIECES = ["a", "ก", "12", ",", ";", '"', '""', "\n", "\r\n", " ", "\x00"]


def _csv_records(text: str, delimiter: str):
    try:
        return list(csv.reader(_lines(text), delimiter=delimiter, quotechar='"', doublequote=True, strict=True))
    except csv.Error:
        return "error"


def _fast_records(text: str, delimiter: str):
    try:
        return list(_records(text, delimiter))
    except csv.Error:
        return "error"


@pytest.mark.parametrize("seed", range(4))
def test_records_equal_csv_reader_on_random_texts(seed):
    rng = random.Random(seed)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        delimiter = rng.choice([",", ";"])
        assert _fast_records(text, delimiter) == _csv_records(text, delimiter), repr(text)


def test_a_lone_carriage_return_ends_a_line_as_in_csv():
    assert _fast_records("a,b\r1,2\r", ",") == [["a", "b"], ["1", "2"]]


def test_blank_lines_stay_rows_so_excel_numbers_hold():
    assert _fast_records("title\n\na,b\n", ",") == [["title"], [], ["a", "b"]]


def test_a_quoted_cell_over_lines_is_one_record():
    assert _fast_records('a,"x\ny",c\nd,e,f\n', ",") == [["a", "x\ny", "c"], ["d", "e", "f"]]


def test_lines_split_in_pieces_keep_their_endings():
    text = "ab\r\ncd\n\nefg"
    for chunk in (1, 2, 3, 64):
        assert list(_lines_split(text, chunk)) == ["ab\r\n", "cd\n", "\n", "efg"]


def test_a_cell_over_csvs_limit_is_still_refused():
    limit = csv.field_size_limit(10)
    try:
        with pytest.raises(csv.Error):
            list(_records("a,b\n" + "x" * 11 + ",y\n", ","))
    finally:
        csv.field_size_limit(limit)
