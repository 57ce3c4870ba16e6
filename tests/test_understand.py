"""Understanding one sheet on its own (no file, no database): header row, what each column means, the
sheet's kind, and which rows are data."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest

from indicators.read import RawSheet
from indicators.understand.headers import detect_header_row, match_field, year_of_header
from indicators.understand.records import record_number
from indicators.understand.rows import body_columns
from indicators.understand.sheet import understand_sheet
from indicators.understand.vocabulary import ACTIVITIES, PARTICIPANTS, STATISTICS_WIDE, UNKNOWN


def sheet(rows, merged=(), name="s", first_row=0):
    return RawSheet(name, [list(r) for r in rows], list(merged), first_row, 0)


@pytest.mark.parametrize("header, parent, field", [
    ("ชื่อกิจกรรม", "", "title"),
    ("จำนวนผู้เข้าร่วม (คน)", "", "participants_total"),
    ("ชาย", "จำนวนผู้เข้าร่วม (คน)", "participants_male"),
    ("รวม", "จำนวนผู้เข้าร่วม", "participants_total"),
    ("Activity Name", "", "title"),
    ("ปีงบประมาณ", "", "fiscal_year"),
    ("Something else", "", None),
])
def test_match_field(header, parent, field):
    assert match_field(header, parent).field == field


def test_age_band_and_year_headers():
    column = match_field("หญิง 60 ปีขึ้นไป")
    assert (column.field, column.age_min, column.age_max, column.sex) == ("age_band", 60, None, "female")
    assert match_field("พ.ศ. 2567").year == 2024
    assert year_of_header("2020") == 2020 and year_of_header("ปี 2563") == 2020 and year_of_header("1800") is None


def test_the_header_is_the_row_naming_most_known_columns():
    rows = [["รายงานกิจกรรมการเรียนรู้ ปี 2567"], [], ["ลำดับ", "ชื่อกิจกรรม", "วันที่", "เขต"], [1, "อบรม", "15/01/2567", "เหนือ"]]
    assert detect_header_row(rows) == 2
    assert detect_header_row([["a", "b"], [1, 2]]) is None


def test_two_row_merged_header_totals_and_notes():
    rows = [
        ["ทะเบียนกิจกรรม"],
        ["ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม (คน)", None, None],
        [None, None, "ชาย", "หญิง", "รวม"],
        ["อบรมอาชีพ", "15/01/2567", 10, 20, 30],
        ["รวมพลังชุมชน", "16/01/2567", 1, 2, 3],  # a title that starts with รวม: data
        ["รวม", None, 11, 22, 33],
        ["หมายเหตุ: ข้อมูลจากสำนักงานเขต"],
    ]
    merged = [(1, 2, 1, 4), (1, 0, 2, 0), (1, 1, 2, 1)]
    plan = understand_sheet(sheet(rows, merged, first_row=4))
    assert plan.kind == ACTIVITIES
    assert plan.header_rows == [6, 7]  # Excel rows: the sheet starts at row 5
    assert [c.field for c in plan.columns] == ["title", "date", "participants_male", "participants_female",
                                               "participants_total"]
    assert plan.data_rows == [3, 4]
    assert [(d.row, d.reason) for d in plan.dropped] == [(10, "totals"), (11, "footnote")]
    assert plan.title_text == "ทะเบียนกิจกรรม"


def test_a_lone_total_after_the_sexes_of_a_one_row_header_is_their_total():
    plan = understand_sheet(sheet([["ชื่อกิจกรรม", "ผู้เข้าร่วม ชาย", "ผู้เข้าร่วม หญิง", "รวม"], ["x", 1, 2, 3]]))
    assert [c.field for c in plan.columns] == ["title", "participants_male", "participants_female",
                                               "participants_total"]


def test_kinds():
    linked = understand_sheet(sheet([["รหัสกิจกรรม", "อายุ 0-14 ปี", "อายุ 60 ปีขึ้นไป"], ["A-1", 3, 4]]))
    assert linked.kind == PARTICIPANTS
    wide = understand_sheet(sheet([["ตัวชี้วัด", "2563", "2564"], ["ประชากร", 100, 110]]))
    assert wide.kind == STATISTICS_WIDE and [c.year for c in wide.columns[1:]] == [2020, 2021]
    assert understand_sheet(sheet([["x", "y"], [1, 2]])).kind == UNKNOWN


def test_a_researchers_choice_wins_over_a_recognised_column():
    rows = [["ชื่อกิจกรรม", "หมายเหตุ", "เขต"], ["x", "ออนไลน์", "เหนือ"]]
    plan = understand_sheet(sheet(rows), overrides={"หมายเหตุ": "mode", "เขต": "ignored"})
    assert [(c.field, c.note) for c in plan.columns] == [("title", ""), ("mode", "chosen"), ("ignored", "chosen")]


def test_the_segmenters_word_set_answers_as_pythainlps_trie():
    """The dictionary is a set standing in for PyThaiNLP's Trie (built node by node it took a second per
    process): at every position of headers and glued lexicon words it finds the same words, in the same
    order, and newmm cuts the same segments."""
    from pythainlp.corpus.common import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import dict_trie

    from indicators.understand.words import _word_set_trie, lexicon_thai_words

    dictionary = set(thai_words()) | lexicon_thai_words()
    trie, word_set = dict_trie(dictionary), _word_set_trie(dictionary)
    lexicon = sorted(lexicon_thai_words())
    texts = ["จำนวนผู้เข้าร่วมกิจกรรมชายหญิงรวมทั้งสิ้น", "ผู้ใช้บริการห้องสมุดประชาชน", "ศพค.",
             "ร้อยละของครัวเรือนที่เข้าถึงอินเทอร์เน็ต", "abc ไม่ระบุ 2567"]
    texts += ["".join(lexicon[i:i + 4]) for i in range(0, len(lexicon), 4)]
    assert len(word_set) == len(trie)
    for text in texts:
        assert [word_set.prefixes(text, i) for i in range(len(text))] == [trie.prefixes(text, i) for i in range(len(text))]
        assert word_tokenize(text, custom_dict=word_set, engine="newmm") == word_tokenize(text, custom_dict=trie, engine="newmm")


def test_a_form_is_found_exactly_as_reading_every_cell_would_find_it():
    """labels_down_a_column stops reading a column's cells as headers once it cannot be a form's labels
    (too few distinct texts, a label written twice, too many other cells): its answer must be the one
    reading every distinct cell gives, on columns of known headers, titles, numbers and repeats."""
    import random

    from indicators.understand import forms
    from indicators.understand.vocabulary import load_field_catalogue

    catalogue = load_field_catalogue()
    headers = ["ชื่อโครงการ", "งบประมาณ (บาท)", "จำนวนผู้เข้าร่วม (คน)", "วันที่จัดกิจกรรม", "Venue", "สถานที่"]
    # blanks (None, NaN, spaces) and numbers as text among the other cells: a row-number column is "1", "2" …
    others = ["กิจกรรมวันเด็ก", "อบรมการทำขนมไทย", "ฟ้อนเล็บ", "Book club", 25000, 60, "ครั้งที่ 3", None, "  ",
              float("nan"), "12", "๓", 1.0]

    def reference(cells):
        cells = [c for c in cells if not (c is None or (isinstance(c, str) and not c.strip()))]
        known = {t: forms._known_header(t, catalogue) for t in {c for c in cells if isinstance(c, str)}}
        labels = [str(c).strip() for c in cells if isinstance(c, str) and known[c]]
        return len(labels) >= forms.MIN_LABELS and len(set(labels)) == len(labels) and 2 * len(labels) >= len(cells)

    def early(cells):
        return forms.form_labels(np.asarray(cells, dtype=object), catalogue) is not None

    chance = random.Random(19)
    answers = set()
    for _ in range(400):
        picked = chance.sample(headers, chance.randint(0, len(headers)))
        cells = picked + [chance.choice(others) for _ in range(chance.randint(0, 8))]
        if picked and chance.random() < 0.2:
            cells.append(picked[0])  # a label written twice
        chance.shuffle(cells)
        answers.add(reference(cells))
        assert early(cells) == reference(cells), cells
    assert answers == {True, False}  # both answers were met


def test_headers_known_in_one_batch_as_one_by_one():
    """The batch that reads a register's 200k titles (keys made by Arrow) knows the same headers as
    reading each text alone, over the Arrow path's size too: brackets, spacing, Thai digits, a colon."""
    from indicators.understand import forms
    from indicators.understand.vocabulary import load_field_catalogue

    catalogue = load_field_catalogue()
    texts = ["ชื่อโครงการ", " ชื่อโครงการ: ", "งบประมาณ (บาท)", "งบประมาณที่ได้รับ (บาท)", "จำนวน  ผู้เข้าร่วม (คน)",
             "กิจกรรมวันเด็ก", "Venue", "VENUE", "ปี ๒๕๖๗", "(หมายเหตุ)", "[x] y", "สถานที่\u200b", "Book club (online)"]
    rng = random.Random(5)
    batch = [rng.choice(texts) + rng.choice(["", " ", " (คน)", "ที่ 3"]) for _ in range(300)]
    assert forms._known_headers(batch, catalogue) == [forms._known_header(t, catalogue) for t in batch]
    assert {forms._known_header(t, catalogue) for t in batch} == {True, False}


def test_body_columns_are_the_rows_transposed_with_short_rows_padded():
    """Each column is the rows' cells at that position, the very objects, None where a row is short; rows
    longer than the width are cut."""
    rng = random.Random(11)
    cells = [None, "", "เมือง", "Total", 3, 2.5, True, object()]
    for _ in range(300):
        body = [[rng.choice(cells) for _ in range(rng.choice([0, 1, 3, 5, 5, 5, 7]))]
                for _ in range(rng.randint(0, 40))]
        width = rng.randint(0, 8)
        expected = [[row[j] if j < len(row) else None for row in body] for j in range(width)]
        columns = body_columns(body, width)
        assert len(columns) == width
        for got, want in zip(columns, expected):
            assert got.dtype == object and len(got) == len(body)
            assert all(a is b for a, b in zip(got, want))


@pytest.mark.parametrize("cell, number", [
    ("12", 12), ("0000012", 12), ("00000012", None), ("1234567", 1234567), ("0", None), ("00", None),
    ("๑๒", 12), ("12.", 12), (" 12 ", 12), ("²", None), ("1.5", None), ("", None), ("ที่", None),
    (12, 12), (12.0, 12), (12.5, None), (True, None), (None, None), (0, None),
])
def test_a_record_number_as_written(cell, number):
    """Up to seven digits (ASCII or Thai), a trailing dot allowed; never zero, a fraction or a superscript."""
    assert record_number(cell) == number


def test_numbered_cells_in_batches_as_one_by_one():
    """The batch that marks a 200k-row register's numbered rows (Arrow for ASCII digits, numpy for floats)
    says of every cell what record_number says, over texts, floats, ints, booleans, blanks and dates."""

    from indicators.understand.records import numbered_cells

    cells = ["12", "0000012", "00000012", "1234567", "0", "00", "๑๒", "12.", " 12 ", "²", "1.5", "", "ที่", "12\n",
             "١٢", 12, 12.0, 12.5, 0.0, -3.0, 9_999_999.0, 10_000_000.0, float("nan"), float("inf"), True, False,
             None, 0, 10**30, date(2024, 1, 1)]
    rng = random.Random(3)
    for size in (0, 1, 5, 400):
        sample = [rng.choice(cells) for _ in range(size)]
        assert numbered_cells(sample).tolist() == [record_number(c) is not None for c in sample], sample


def test_filled_cells_of_a_column_in_one_batch_as_one_by_one():
    """A form check counts a column's filled cells and texts in C, its blank texts in one Arrow batch: the
    same as headers.is_blank one by one, Unicode spaces (no-break, ideographic) and a zero-width space
    included; None is not filled, but NaN, 1, 1.0 and True each are (pandas counts 1 == 1.0 == True as one)."""
    from collections import Counter

    from indicators.understand import forms
    from indicators.understand.headers import is_blank

    texts = ["", " ", "\t", "\u00a0", "\u3000", "\u200b", "\x0b", "ชื่อ", " x ", "Venue", "๑๒"]
    rng = random.Random(8)
    for size, extra in ((300, []), (300, [None, 3, 2.5, float("nan"), 1, 1.0, True]), (10, [])):
        cells = [rng.choice(texts + extra) for _ in range(size)]
        column = np.empty(size, dtype=object)
        column[:] = cells
        filled = [c for c in cells if not is_blank(c)]
        counted = Counter(c for c in filled if isinstance(c, str))
        assert forms._filled_texts(column) == (len(filled), dict(counted))
        assert list(forms._filled_texts(column)[1]) == list(dict.fromkeys(c for c in filled if isinstance(c, str)))


def test_an_age_group_of_a_periods_figures_is_no_population_age_band():
    """'Loans … Children Under 12 - April 2023' is April's loans to children (stored, the age its
    qualifier), not a population's age band that a statistics table by month would leave unread; a
    header whose numbers say two age groups ('Young People Under 12 17') is stored without an age;
    a population's own age band ('ชาย < 1 ปี') stays one."""
    from indicators.understand.columns import read_column
    from indicators.understand.profile import profile_column
    from indicators.understand.vocabulary import load_field_catalogue

    catalogue = load_field_catalogue()
    numbers = profile_column([["h"], [1], [2]], 0, [1, 2])

    def read(header):
        return read_column(0, header, "", catalogue, numbers)

    children = read("Loans And Lending Children Under 12 - April 2023")
    assert children.field == "period_value" and children.note == ""
    assert "ages_in_a_period" in [s.code for s in children.evidence]
    unclear = read("Loans And Lending Young People Under 12 17 - April 2023")
    assert unclear.field == "period_value" and unclear.note == "ages_unclear"
    for band in ("ชาย < 1 ปี", "อายุ 15-24 ปี", "60+"):
        assert read(band).field == "age_band", band
    # the people follow a word of their own: e-books lent to children in April, not a count of children
    ebooks = read("Ebooks Children Under 12 - April 2023")
    assert (ebooks.field, ebooks.measure, ebooks.note) == ("period_value", None, "")
    # a header that is only the people and a period stays their age band: a person places it
    for band in ("Children Under 12 - April 2023", "Under 12 - April 2023", "จำนวนเด็กอายุ 0-5 ปี ม.ค. 2567"):
        assert read(band).field == "age_band", band


def test_a_measure_label_keeps_the_ages_after_its_dash():
    """Only a period is cut from a header's tail: 'Active Members - Teens (12-17)' is a label whole."""
    from indicators.understand.meaning import measure_label

    assert measure_label("Active Members - Teens (12-17)") == "Active Members - Teens (12-17)"
    assert measure_label("Active Members - Children (≤11)") == "Active Members - Children (≤11)"
    assert measure_label("Total Number Of Physical Events - April 2023") == "Total Number Of Physical Events"
    assert measure_label("จำนวนผู้เข้าร่วม - ปีงบประมาณ 2567") == "จำนวนผู้เข้าร่วม"


def _wide_csv(tmp_path, name, headers, rows):
    path = tmp_path / name
    path.write_text("\n".join(",".join(map(str, r)) for r in [headers, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_years_return_reads_its_columns_without_a_period_in_that_year(tmp_path):
    """A table of monthly figures April–March with members (a total and an age band) and devices '(31/03)'
    beside them: the members are the return's year, the devices as of 31 March 2024; none is lost."""
    from indicators import ingest, store

    months = [f"{m} 2023" for m in ("April", "May", "June", "July", "August", "Sept", "Oct", "Nov", "Dec")] + \
        [f"{m} 2024" for m in ("Jan", "Feb", "March")]
    headers = ["Authority", "Total Active Members", "Active Members - Teens (12-17)",
               *[f"Visits - {m}" for m in months], "Pcs In Service (31/03)", "Devices Loan (31/03)"]
    rows = [["Barnet", 900, 120, *range(10, 22), 54, 3], ["Camden", 800, 100, *range(20, 32), 40, 2]]
    con = store.open_database(tmp_path / "r.duckdb")
    outcome = ingest.ingest_files(con, [_wide_csv(tmp_path, "library_return_2023_24.csv", headers, rows)], "London")
    assert outcome.status == "committed", [p.message_en for p in outcome.problems]
    stored = con.execute("SELECT measure_label, age_min, age_max, period_start, period_months, sum(value), count(*) "
                         "FROM v_statistics WHERE period_months <> 1 GROUP BY ALL ORDER BY 1").fetchall()
    assert stored == [("Active Members - Teens (12-17)", 12, 17, date(2023, 4, 1), 12, 220.0, 2),
                      ("Devices Loan (31/03)", None, None, date(2024, 3, 31), 0, 5.0, 2),
                      ("Pcs In Service (31/03)", None, None, date(2024, 3, 31), 0, 94.0, 2),
                      ("Total Active Members", None, None, date(2023, 4, 1), 12, 1700.0, 2)]
    assert con.execute("SELECT count(*) FROM v_statistics").fetchone()[0] == 2 * 16  # every filled cell
    # the devices are their own measures, named by their headers, never the visits the months count
    assert con.execute("SELECT count(*) FROM v_statistics WHERE measure = 'visits'").fetchone()[0] == 2 * 12
    evidence = [s.code for p in outcome.plans for sh in p.sheets for s in sh.evidence]
    assert "read_in_the_span" in evidence and "on_a_day_of_the_span" in evidence


def test_a_column_without_a_period_beside_years_of_periods_is_asked_about(tmp_path):
    """Beside months of two years, a column with no period of its own belongs to no one period: the CLI
    refuses with the reading shown, naming the column, and writes nothing."""
    from indicators import ingest, store

    months = [f"{m} {y}" for y in (2022, 2023) for m in ("Jan", "Feb", "March", "April", "May", "June", "July",
                                                      "August", "Sept", "Oct", "Nov", "Dec")]
    headers = ["Authority", *[f"Visits - {m}" for m in months], "Total Active Members"]
    rows = [["Barnet", *range(10, 34), 900], ["Camden", *range(20, 44), 800]]
    con = store.open_database(tmp_path / "a.duckdb")
    outcome = ingest.ingest_files(con, [_wide_csv(tmp_path, "library_visits.csv", headers, rows)], "London")
    assert outcome.status == "refused"
    review = [s for p in outcome.plans for sh in p.sheets for s in sh.review]
    assert [(s.code, dict(s.values)) for s in review] == [
        ("no_period_of_its_own", {"header": "Total Active Members", "months": "24"})]
    assert con.execute("SELECT count(*) FROM statistics").fetchone()[0] == 0
    # confirmed as read, the visits are stored and the members are left out with a warning, never in silence
    from indicators.ingest.plan import plan_batch
    from indicators.ingest.recipes import recipe_of
    from indicators.read import read_workbook

    path = tmp_path / "library_visits.csv"
    (plan,) = plan_batch(con, [read_workbook(path)], "London")
    confirmed = ingest.ingest_files(con, [path], "London", recipe=recipe_of(plan))
    assert confirmed.status == "committed"
    assert con.execute("SELECT count(*) FROM statistics").fetchone()[0] == 2 * 24
    warned = [(p.severity, p.column) for p in confirmed.problems if p.code == "figures_not_stored"]
    assert warned == [("warning", "Total Active Members")]


def test_a_parent_header_spreads_where_its_row_has_no_merges(tmp_path):
    """Years written over two sub-headers without merges, on a sheet whose title and area column are
    merged: each year still heads both its columns, so the second of each pair is that year's too."""
    rows = [["สถิติการรับแจ้งและจับกุม พ.ศ. 2545-2546", None, None, None, None],
            ["จังหวัด", "พ.ศ. 2545", None, "พ.ศ. 2546", None],
            [None, "รับแจ้ง", "จับกุม", "รับแจ้ง", "จับกุม"],
            ["กระบี่", 95, 34, 112, 35], ["ตรัง", 80, 30, 90, 31], ["พังงา", 60, 20, 70, 21]]
    plan = understand_sheet(sheet(rows, [(0, 0, 0, 4), (1, 0, 2, 0)]))
    assert plan.kind == STATISTICS_WIDE
    assert [(c.header, c.year) for c in plan.columns[1:]] == [
        ("พ.ศ. 2545 / รับแจ้ง", 2002), ("พ.ศ. 2545 / จับกุม", 2002),
        ("พ.ศ. 2546 / รับแจ้ง", 2003), ("พ.ศ. 2546 / จับกุม", 2003)]
    assert plan.review == []


def test_a_wide_table_by_age_and_month_stores_every_figure(tmp_path):
    """Every filled cell of a table of loans by age group and month is stored, each with the ages its
    header says (none when it says two), none left unread in silence."""
    from indicators import ingest, store

    path = tmp_path / "library_loans_2023.csv"
    headers = ["Authority", "Loans Adult 18 - April 2023", "Loans Children Under 12 - April 2023",
               "Loans Young People Under 12 17 - April 2023", "Loans Children Under 12 - May 2023"]
    rows = [["Barnet", 500, 300, 40, 310], ["Camden", 450, 280, 35, 290]]
    path.write_text("\n".join(",".join(map(str, r)) for r in [headers, *rows]) + "\n", encoding="utf-8")
    con = store.open_database(tmp_path / "w.duckdb")
    outcome = ingest.ingest_files(con, [path], "London")
    assert outcome.status == "committed", [p.message_en for p in outcome.problems]
    stored = con.execute("SELECT measure_label, age_min, age_max, sum(value), count(*) FROM v_statistics "
                         "GROUP BY ALL ORDER BY 1").fetchall()
    assert stored == [("Loans Adult 18", 18, None, 950.0, 2), ("Loans Children Under 12", 0, 11, 1180.0, 4),
                      ("Loans Young People Under 12 17", None, None, 75.0, 2)]
    # "Young People" says whose loans they are: the loans are items, not persons
    assert con.execute("SELECT DISTINCT measure, unit FROM v_statistics").fetchall() == [("loans", "items")]


def test_a_column_of_numbers_among_the_records_is_never_dropped_for_the_text_below_them():
    """A signature written down the column of a count, with a totals row after it: the column's profile
    sees text as often as numbers, but its records hold numbers, so a person is asked; it is never just
    'not recognised' while the file is stored without those counts."""
    rows = [["ที่", "อำเภอ", "ชื่อศูนย์", "จำนวนครู (คน)", "จำนวนผู้ดูแล (พนักงานจ้าง", "จำนวนเด็ก (คน)"],
            [None, None, None, None, "ตามภารกิจ (คน)", None],
            [1, "เขาพนม", "บ้านโคก", 1, 1, 42], [2, "อ่าวลึก", "บ้านทะเล", 0, 2, 45],
            [3, "เหนือคลอง", "บ้านนา", 1, 2, 36], [4, "ลำทับ", "บ้านควน", 0, 2, 40],
            [None, None, None, 2, 7, 163], [None] * 6,
            [None, None, None, None, "ลงชื่อ ผู้รายงาน", None], [None, None, None, None, "(นายสมชาย ใจดี)", None],
            [None, None, None, None, "หัวหน้ากลุ่มงาน", None], [10, "รวมทั้งสิ้น", None, 4, 14, 326]]
    plan = understand_sheet(sheet(rows))
    unread = [c for c in plan.columns if c.field is None and c.header]
    assert [c.header for c in unread] == ["จำนวนผู้ดูแล (พนักงานจ้าง / ตามภารกิจ (คน)"]
    assert [(s.code, dict(s.values)["header"]) for s in plan.review] == [("numbers_unplaced", unread[0].header)]


def test_a_total_beside_a_years_months_that_does_not_add_up_is_asked_about(tmp_path):
    """'Total Visits' beside twelve months of visits is their total: checked and not stored when it adds
    up; when it does not, it is no figure of its own for the year (that would count the visits twice),
    so a person is asked."""
    from indicators import ingest, store

    months = [f"{m} 2023" for m in ("Jan", "Feb", "March", "April", "May", "June", "July", "August", "Sept",
                                    "Oct", "Nov", "Dec")]
    headers = ["Authority", *[f"Visits - {m}" for m in months], "Total Visits"]
    for name, extra in (("adds_up", 0), ("does_not", 5)):
        rows = [["Barnet", *range(10, 22), sum(range(10, 22)) + extra],
                ["Camden", *range(20, 32), sum(range(20, 32)) + extra],
                ["Ealing", *range(30, 42), sum(range(30, 42)) + extra]]
        con = store.open_database(tmp_path / f"{name}.duckdb")
        outcome = ingest.ingest_files(con, [_wide_csv(tmp_path, f"visits_{name}.csv", headers, rows)], "London")
        review = [s.code for p in outcome.plans for sh in p.sheets for s in sh.review]
        if extra:
            assert (outcome.status, review) == ("refused", ["counts_what_the_periods_count"])
        else:
            assert outcome.status == "committed" and review == []
            assert con.execute("SELECT count(*), sum(value) FROM v_statistics").fetchone() == (36, 918.0)


def test_a_fiscal_years_months_beside_a_population_are_a_table_of_periods(tmp_path):
    """Twelve Thai months (ต.ค. 66 – ก.ย. 67) of library users beside each district's population: the
    months hold the figures, so the sheet is a table of periods (one figure per row would read none of
    them); the population is read in their span, fiscal year 2567; the month is no part of a label."""
    from indicators import ingest, store

    months = ["ต.ค. 66", "พ.ย. 66", "ธ.ค. 66", "ม.ค. 67", "ก.พ. 67", "มี.ค. 67", "เม.ย. 67", "พ.ค. 67", "มิ.ย. 67",
              "ก.ค. 67", "ส.ค. 67", "ก.ย. 67"]
    headers = ["อำเภอ", "จำนวนประชากร (คน)", *[f"ผู้ใช้บริการห้องสมุด {m}" for m in months]]
    rows = [["เมือง", 1000, *range(10, 22)], ["แม่ริม", 800, *range(20, 32)], ["สันทราย", 700, *range(5, 17)]]
    con = store.open_database(tmp_path / "m.duckdb")
    outcome = ingest.ingest_files(con, [_wide_csv(tmp_path, "library_users.csv", headers, rows)], "Chiang Mai")
    assert outcome.status == "committed", [p.message_en for p in outcome.problems]
    assert outcome.plans[0].sheets[0].kind == STATISTICS_WIDE
    stored = con.execute("SELECT measure, measure_label, year, fiscal_year, period_months, count(*), sum(value) "
                         "FROM v_statistics GROUP BY ALL ORDER BY 1, 3").fetchall()
    assert stored == [("population", "จำนวนประชากร (คน)", 2024, 2024, 12, 3, 2500.0),
                      ("visits", "ผู้ใช้บริการห้องสมุด", 2023, 2024, 1, 9, 114.0),  # ต.ค.–ธ.ค. 66
                      ("visits", "ผู้ใช้บริการห้องสมุด", 2024, 2024, 1, 27, 504.0)]


def test_period_columns_in_a_table_of_one_figure_per_row_are_asked_about(tmp_path):
    """A table read as one figure per row reads no period columns: two yearly columns there are named in
    a doubt (correct the kind or say what they are), never left out while the rest is stored."""
    from indicators.understand.vocabulary import STATISTICS

    rows = [["อำเภอ", "จำนวนประชากร (คน)", "ชาย", "หญิง", "ผู้ใช้บริการห้องสมุด ปี 2566", "ผู้ใช้บริการห้องสมุด ปี 2567"],
            ["เมือง", 1000, 480, 520, 10, 11], ["แม่ริม", 800, 390, 410, 20, 21], ["สันทราย", 700, 340, 360, 5, 6]]
    plan = understand_sheet(sheet(rows))
    assert plan.kind == STATISTICS
    assert [dict(s.values)["header"] for s in plan.review if s.code == "periods_in_a_long_table"] == [
        "ผู้ใช้บริการห้องสมุด ปี 2566", "ผู้ใช้บริการห้องสมุด ปี 2567"]


@pytest.mark.parametrize("header", [
    ["ที่", "โครงการ/กิจกรรม", "งบประมาณ (บาท)", "เป้าหมาย (คน)", "ผลการดำเนินงาน (คน)", "ร้อยละ"],
    ["No.", "Activity name", "Budget (THB)", "Target (people)", "Actual (people)", "%"],
])
def test_a_projects_target_and_result_are_planned_and_achieved_people(header):
    """A project report's target beside its result, in Thai and English: the target is how many were
    planned (set aside with its reason, never a target group or participants), the result is the people
    who took part, and the percentage is the one over the other (checked, not stored)."""
    rows = [header, [1, "อบรมอาชีพผู้สูงอายุ", 50000, 100, 85, 85.0], [2, "ค่ายเยาวชนรักการอ่าน", 30000, 60, 72, 120.0],
            [3, "ห้องสมุดเคลื่อนที่", 20000, 200, 150, 75.0]]
    plan = understand_sheet(sheet(rows, name="ผลการดำเนินงาน 2567"))
    assert plan.kind == ACTIVITIES and plan.review == []
    fields = [(c.field, getattr(c.reason, "code", None)) for c in plan.columns[2:]]
    assert fields == [("budget", None), ("ignored", "target_set_aside"), ("participants_total", None),
                      ("ignored", "rate_of_columns")]
    # a target group written in words stays one
    groups = understand_sheet(sheet([["ชื่อกิจกรรม", "เป้าหมาย", "จำนวนผู้เข้าร่วม"], ["อบรม", "ผู้สูงอายุ", 30],
                                     ["ค่าย", "เยาวชน", 40]]))
    assert [c.field for c in groups.columns] == ["title", "target_group", "participants_total"]


def _quarters_workbook(tmp_path, name, title, headers, rows):
    import openpyxl

    book = openpyxl.Workbook()
    if title:
        book.active.append([title])
    for row in [headers, *rows]:
        book.active.append(row)
    book.save(path := tmp_path / name)
    return path


def test_quarters_without_a_year_are_the_three_months_of_the_year_the_sheet_names(tmp_path):
    """'ไตรมาส 1 … ไตรมาส 4 | รวม' under a fiscal year's title are its quarters (ไตรมาส 1 of FY 2567 is
    ต.ค.–ธ.ค. 2566) and their checked total; 'Q1 … Q4' under a calendar year are that year's; with no
    year anywhere, a person is asked (nothing stored)."""
    from indicators import ingest, store

    rows = [["เมือง", 100, 120, 130, 150, 500], ["แม่ริม", 50, 60, 70, 80, 260], ["สันทราย", 30, 40, 50, 60, 180]]
    thai = _quarters_workbook(tmp_path, "ผู้ใช้บริการห้องสมุด.xlsx",
                              "จำนวนผู้ใช้บริการห้องสมุดประชาชน จำแนกรายอำเภอ ปีงบประมาณ พ.ศ. 2567",
                              ["อำเภอ", "ไตรมาส ๑", "ไตรมาสที่ 2", "ไตรมาส 3", "ไตรมาส 4", "รวม"], rows)
    english = _quarters_workbook(tmp_path, "library_visits.xlsx", "Library visits by district, calendar year 2024",
                                 ["District", "Q1", "Q2", "Q3", "Q4", "Total"], rows)
    expected = {thai: [(date(2023, 10, 1), 2024, 180.0), (date(2024, 1, 1), 2024, 220.0),
                       (date(2024, 4, 1), 2024, 250.0), (date(2024, 7, 1), 2024, 290.0)],
                english: [(date(2024, 1, 1), 2024, 180.0), (date(2024, 4, 1), 2024, 220.0),
                          (date(2024, 7, 1), 2024, 250.0), (date(2024, 10, 1), 2025, 290.0)]}
    for path, quarters in expected.items():
        con = store.open_database(tmp_path / f"{path.stem}.duckdb")
        outcome = ingest.ingest_files(con, [path], "Chiang Mai")
        assert outcome.status == "committed", [p.message_en for p in outcome.problems]
        stored = con.execute("SELECT period_start, fiscal_year, sum(value) FROM v_statistics WHERE period_months = 3 "
                             "GROUP BY ALL ORDER BY 1").fetchall()
        assert stored == quarters, path.name
        assert con.execute("SELECT count(*) FROM v_statistics").fetchone()[0] == 12  # the total is not stored
        labels = [r[0] for r in con.execute("SELECT DISTINCT measure_label FROM v_statistics").fetchall()]
        assert len(labels) == 1 and not any(q in labels[0] for q in ("ไตรมาส", "Q1")), labels  # the title's
    asked = {"visits.xlsx": (None, "quarters_without_a_year"),
             # a year, but not whether fiscal (ไตรมาส 1 = ต.ค.–ธ.ค.) or calendar: Thai offices mean either
             "ผู้ใช้บริการ.xlsx": ("จำนวนผู้ใช้บริการห้องสมุด จำแนกรายอำเภอ พ.ศ. 2567", "quarters_fiscal_or_calendar"),
             "visits_2024.xlsx": ("Library visits by district, 2024", "quarters_fiscal_or_calendar")}
    for name, (title, doubt) in asked.items():
        path = _quarters_workbook(tmp_path, name, title, ["District", "Q1", "Q2", "Q3", "Q4"], [r[:5] for r in rows])
        con = store.open_database(tmp_path / f"asked_{len(name)}.duckdb")
        outcome = ingest.ingest_files(con, [path], "Chiang Mai")
        review = [s.code for p in outcome.plans for sh in p.sheets for s in sh.review]
        assert outcome.status == "refused" and doubt in review, (name, review)
        assert con.execute("SELECT count(*) FROM statistics").fetchone()[0] == 0


def test_months_across_beside_a_column_of_years_are_each_rows_months(tmp_path):
    """'ปี พ.ศ. | ม.ค. … ธ.ค. | รวม': each row's twelve months of its own year, their total checked, not
    twelve measures named for the months with the year's total stored beside them (twice the year).
    'ปีงบประมาณ | ต.ค. … ก.ย.': ต.ค. of fiscal 2567 is October 2566."""
    from indicators import ingest, store

    calendar = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    fiscal = calendar[9:] + calendar[:9]
    cases = {"ปี พ.ศ.": (calendar, [(2022, 1, 1266.0, 12), (2023, 1, 2466.0, 12)]),
             "ปีงบประมาณ": (fiscal, [(2021, 10, 303.0, 3), (2022, 1, 963.0 + 603, 9 + 3), (2023, 1, 1863.0, 9)])}
    for year_header, (months, expected) in cases.items():
        rows = [[2565, *range(100, 112)], [2566, *range(200, 212)]]
        path = _quarters_workbook(tmp_path, f"ผู้ใช้บริการห้องสมุด_{len(year_header)}.xlsx",
                                  "จำนวนผู้ใช้บริการห้องสมุดประชาชน รายเดือน", [year_header, *months, "รวม"],
                                  [r + [sum(r[1:])] for r in rows])
        con = store.open_database(tmp_path / f"{len(year_header)}.duckdb")
        outcome = ingest.ingest_files(con, [path], "Chiang Mai")
        assert outcome.status == "committed", [p.message_en for p in outcome.problems]
        stored = con.execute("SELECT year, min(month(period_start)), sum(value), count(*) FROM v_statistics "
                             "GROUP BY 1 ORDER BY 1").fetchall()
        assert stored == expected, year_header
        assert con.execute("SELECT count(DISTINCT measure) FROM v_statistics").fetchone()[0] == 1


def test_a_list_of_places_counts_the_places_once_and_their_figures_by_their_own_names(tmp_path):
    """A register of learning places with each one's yearly visitors and volunteers: the places are counted
    by their rows (3), the figures beside them are visitors and volunteers — never more learning places —
    and "(คน/ปี)" is a count in each year, not a column of years."""
    from indicators import ingest, store

    path = _quarters_workbook(tmp_path, "แหล่งเรียนรู้_2567.xlsx", "ทะเบียนแหล่งเรียนรู้ในชุมชน ปี 2567",
                              ["ที่", "ชื่อแหล่งเรียนรู้", "ตำบล", "ประเภท", "ผู้เข้าใช้บริการ (คน/ปี)", "อาสาสมัครประจำ (คน)"],
                              [[1, "พิพิธภัณฑ์วัดเกต", "วัดเกต", "พิพิธภัณฑ์", 5000, 4],
                               [2, "ห้องสมุดชุมชน", "ริมใต้", "ห้องสมุด", 1200, 2],
                               [3, "ศูนย์การเรียนรู้เกษตร", "สันทรายหลวง", "ศูนย์การเรียนรู้", 800, 3]])
    con = store.open_database(tmp_path / "p.duckdb")
    outcome = ingest.ingest_files(con, [path], "Chiang Mai")
    assert outcome.status == "committed", [p.message_en for p in outcome.problems]
    stored = dict(con.execute("SELECT measure_label, sum(value) FROM v_statistics GROUP BY 1").fetchall())
    spaces = con.execute("SELECT sum(value) FROM v_statistics WHERE measure = 'learning_spaces'").fetchone()[0]
    assert spaces == 3.0
    assert stored["ผู้เข้าใช้บริการ (คน/ปี)"] == 7000.0 and stored["อาสาสมัครประจำ (คน)"] == 9.0
    assert con.execute("SELECT DISTINCT year FROM v_statistics").fetchall() == [(2024,)]


def test_an_age_groups_own_word_names_its_ages_and_never_the_unit():
    """'Adults Age 18' are adults from 18 on, not people aged exactly 18; 'Young People' in 'Events Young
    People Between 12 And 17' says for whom the events were, not that events are persons."""
    from indicators.understand.meaning import read_header

    assert read_header("Physical Events Adults Age 18 - April 2023").age == (18, None)
    assert read_header("Age 18").age == (18, 18)
    events = read_header("Events Young People Between 12 And 17 - April 2023")
    assert (events.age, events.measure, events.unit) == ((12, 17), "events", "events")
    assert read_header("Number (people)").unit == "persons"


def test_two_tables_side_by_side_with_their_areas_in_another_order_are_asked_about():
    """'อำเภอ | ห้องสมุด | | อำเภอ | ศูนย์การเรียนรู้': the second table's areas in the same order are the
    same rows; in another order its figures would go to the first table's areas, so a person is asked.
    A finer area beside the first (ตำบล beside อำเภอ) is no second table."""
    def read(right_areas, header="อำเภอ"):
        rows = [["อำเภอ", "ห้องสมุด (แห่ง)", None, header, "ศูนย์การเรียนรู้ (แห่ง)"],
                *[[left, n, None, right, n + 2] for left, right, n in zip(["เมือง", "แม่ริม", "สันทราย"], right_areas,
                                                                          (5, 2, 1))]]
        return [s.code for s in understand_sheet(sheet(rows, name="ข้อมูลปี 2567")).review]

    assert "areas_side_by_side" not in read(["เมือง", "แม่ริม", "สันทราย"])
    assert "areas_side_by_side" in read(["สันทราย", "เมือง", "แม่ริม"])
    # a finer area, one of them named as its district ("ตำบลเมือง" in อำเภอเมือง)
    assert "areas_side_by_side" not in read(["เมือง", "ริมใต้", "สันทรายหลวง"], header="ตำบล")



def test_figures_beside_months_that_take_the_sheets_measure_are_asked_about(tmp_path):
    """Months named only by the title or file ('Jan 2023' in library_visits_2023): a 'Total Visits' that
    does not add up, a bare 'Total', and 'Pcs In Service (31/03)' naming no measure would each be stored as
    more visits of the year; a person is asked instead. Months out of the year's order ask too."""
    from indicators import ingest, store

    months = [f"{m} 2023" for m in ("Jan", "Feb", "March", "April", "May", "June", "July", "August", "Sept",
                                    "Oct", "Nov", "Dec")]
    for extra, doubt in (("Total Visits", "counts_what_the_periods_count"), ("Total", "names_no_measure_beside_periods"),
                         ("Pcs In Service (31/12)", "names_no_measure_beside_periods")):
        rows = [["Barnet", *range(10, 22), 500], ["Camden", *range(20, 32), 900], ["Ealing", *range(5, 17), 100]]
        con = store.open_database(tmp_path / f"{len(extra)}.duckdb")
        path = _wide_csv(tmp_path, "library_visits_2023.csv", ["Authority", *months, extra], rows)
        outcome = ingest.ingest_files(con, [path], "London")
        review = [s.code for p in outcome.plans for sh in p.sheets for s in sh.review]
        assert (outcome.status, review) == ("refused", [doubt]), extra
    fiscal_months = ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."]
    path = _quarters_workbook(tmp_path, "ผู้ใช้บริการ_รายเดือน.xlsx", "จำนวนผู้ใช้บริการห้องสมุด รายเดือน",
                              ["ปี พ.ศ.", *fiscal_months], [[2565, *range(100, 112)], [2566, *range(200, 212)]])
    outcome = ingest.ingest_files(store.open_database(":memory:"), [path], "Chiang Mai")
    review = [s.code for p in outcome.plans for sh in p.sheets for s in sh.review]
    assert outcome.status == "refused" and review == ["months_not_from_january"]


def test_a_parent_merged_down_heads_no_columns_beside_it():
    """'จำนวนประชากร (คน)' merged down over two header rows, beside a blank cell over 'ผู้ใช้บริการ ชาย |
    ผู้ใช้บริการ หญิง' (no merge in that row): the blank heads nothing, the users are no population."""
    rows = [["ข้อมูลปี 2567", None, None, None],
            ["อำเภอ", "จำนวนประชากร (คน)", None, None],
            [None, None, "ผู้ใช้บริการ ชาย", "ผู้ใช้บริการ หญิง"],
            ["เมือง", 1000, 60, 80], ["แม่ริม", 800, 30, 40], ["สันทราย", 700, 20, 25]]
    plan = understand_sheet(sheet(rows, [(0, 0, 0, 3), (1, 0, 2, 0), (1, 1, 2, 1)]))
    assert [c.header for c in plan.columns] == ["อำเภอ", "จำนวนประชากร (คน)", "ผู้ใช้บริการ ชาย", "ผู้ใช้บริการ หญิง"]


def test_months_count_what_the_sheet_counts_even_beside_a_column_of_its_measure(tmp_path):
    """A fiscal year's months 'ต.ค. 66 … ก.ย. 67' beside 'จำนวนผู้ใช้บริการ (คน)' (a year's figure that is not
    their sum, so it asks; confirmed, it is left out with a warning): every month is the title's visits —
    not a measure called 'measure', nor 'มี_ค_67' for the months whose abbreviation the word cutter splits."""
    from indicators import ingest, store
    from indicators.ingest.plan import plan_batch
    from indicators.ingest.recipes import recipe_of
    from indicators.read import read_workbook

    months = ["ต.ค. 66", "พ.ย. 66", "ธ.ค. 66", "ม.ค. 67", "ก.พ. 67", "มี.ค. 67", "เม.ย. 67", "พ.ค. 67", "มิ.ย. 67",
              "ก.ค. 67", "ส.ค. 67", "ก.ย. 67"]
    path = _quarters_workbook(tmp_path, "ผู้ใช้บริการ.xlsx", "จำนวนผู้ใช้บริการห้องสมุด ปีงบประมาณ 2567",
                              ["อำเภอ", *months, "จำนวนผู้ใช้บริการ (คน)"],
                              [[name, *range(base, base + 12), 999] for name, base in (("เมือง", 10), ("แม่ริม", 20))])
    con = store.open_database(tmp_path / "m.duckdb")
    assert ingest.ingest_files(con, [path], "Chiang Mai").status == "refused"
    (plan,) = plan_batch(con, [read_workbook(path)], "Chiang Mai")
    outcome = ingest.ingest_files(con, [path], "Chiang Mai", recipe=recipe_of(plan))
    assert outcome.status == "committed"
    assert con.execute("SELECT measure, count(*), sum(value) FROM v_statistics GROUP BY 1").fetchall() == [
        ("visits", 24, float(sum(range(10, 22)) + sum(range(20, 32))))]
    assert [p.column for p in outcome.problems if p.code == "figures_not_stored"] == ["จำนวนผู้ใช้บริการ (คน)"]
