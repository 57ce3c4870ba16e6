"""Chart labels broken onto lines: Thai at word starts, never inside a consonant's marks."""
import unicodedata

import pytest

from indicators.config.framework import load_framework
from indicators.measure.progress import STATUSES
from indicators.present.i18n import status_text
from indicators.present.label_wrap import visible_length, wrap, wrap_lines


def test_thai_status_breaks_where_the_second_word_starts():
    assert wrap_lines("↗ ก้าวหน้าปานกลาง", 11) == ["↗ ก้าวหน้า", "ปานกลาง"]
    assert wrap_lines("↘ ถดถอยปานกลาง", 11) == ["↘ ถดถอย", "ปานกลาง"]


def test_a_label_that_fits_is_left_whole_and_has_no_hidden_break_characters():
    assert wrap_lines("▲ ก้าวหน้ามาก", 11) == ["▲ ก้าวหน้ามาก"]
    assert "\u200b" not in wrap("ประโยชน์ในวงกว้างของการสร้างเมืองแห่งการเรียนรู้", 18)


def test_english_breaks_at_spaces_and_keeps_them_within_a_line():
    assert wrap_lines("Wider benefits of building a learning city", 18) == [
        "Wider benefits of", "building a", "learning city"]


def test_thai_marks_take_no_width():
    assert visible_length("ก้าวหน้า") == 6
    assert visible_length("ข้อมูล") == 4


def test_a_run_with_no_break_point_is_cut_at_the_width_but_never_before_a_mark():
    lines = wrap_lines("ก้้้้้้้้้้้้้้้้้้้้้้้้้้้้้้้ข้", 1)
    assert lines == ["ก้้้้้้้้้้้้้้้้้้้้้้้้้้้้้้้", "ข้"]
    assert all(unicodedata.category(line[0]) != "Mn" for line in wrap_lines("สวัสดีชาวโลกทั้งหลาย", 4))


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_framework_and_status_label_keeps_its_text_and_respects_the_width(lang):
    labels = [status_text(code, lang) for code in STATUSES]
    framework = load_framework()
    labels += [getattr(each, f"name_{lang}") for each in (*framework.parts, *framework.areas)]
    for label in labels:
        for width in (11, 18, 34):
            lines = wrap_lines(label, width)
            assert "".join(lines).replace(" ", "") == label.replace(" ", "")
            # only a single word longer than the width may exceed it, and then it is cut to the width
            assert all(visible_length(line) <= width for line in lines), (label, width, lines)



def test_a_known_word_inside_a_longer_one_is_not_a_break():
    assert wrap_lines("จำนวนกิจกรรมการเรียนรู้", 14) == ["จำนวนกิจกรรม", "การเรียนรู้"]
    assert "คณะกรรมการ" in wrap_lines("การประชุมคณะกรรมการเมืองแห่งการเรียนรู้", 21)[0]
