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


# --- issue 18: a real segmenter instead of a hand list -------------------------------------------------

def test_words_the_hand_list_did_not_know_are_never_cut():
    # "ตุลาคม" (October) broke mid-word ("ตุ/ลาคม") on the Thai title slide; "กิจกรรมตุลาคม" ran past the width
    assert wrap_lines("ผู้เข้าร่วมกิจกรรมตุลาคม", 8) == ["ผู้เข้าร่วม", "กิจกรรม", "ตุลาคม"]
    source = "การประชุมนานาชาติว่าด้วยเมืองแห่งการเรียนรู้ ปักกิ่ง ตุลาคม 2556"
    for width in range(6, 40):
        assert not any(line.endswith("ตุ") or line.startswith("ลาคม") for line in wrap_lines(source, width)), width


def test_every_break_falls_between_two_words_of_the_segmenter():
    from pythainlp.tokenize import word_tokenize

    label = "จำนวนผู้เข้าร่วมโครงการจำแนกตามเขตและปีงบประมาณ"
    ends, position = set(), 0
    words = word_tokenize(label, engine="newmm", keep_whitespace=False)
    for word in words:
        position += len(word)
        ends.add(position)
    for width in range(max(map(visible_length, words)), 30):  # a longer word alone may be cut
        position = 0
        for line in wrap_lines(label, width)[:-1]:
            position += len(line)
            assert position in ends, (width, line)


def test_brackets_stay_with_the_word_they_enclose():
    lines = wrap_lines("จำนวนผู้เข้าร่วมโครงการ (คน)", 12)
    assert "(คน)" in lines[-1] and not any(line.endswith("(") for line in lines)


def test_each_distinct_label_is_segmented_once(monkeypatch):
    from indicators.present import label_wrap

    calls = []
    real = label_wrap._segment

    def counting(text):
        calls.append(text)
        return real(text)

    label_wrap.thai_words.cache_clear()
    monkeypatch.setattr(label_wrap, "_segment", counting)
    for _ in range(3):
        wrap("การมีส่วนร่วมของภาคส่วนต่าง ๆ", 10)
    assert calls == ["การมีส่วนร่วมของภาคส่วนต่าง", "ๆ"] or calls == ["การมีส่วนร่วมของภาคส่วนต่าง"]


def test_word_breaks_mark_where_a_line_may_break_for_renderers_without_a_thai_dictionary():
    from indicators.present.label_wrap import with_word_breaks

    marked = with_word_breaks("ปักกิ่ง ตุลาคม 2556 การเรียนรู้ตลอดชีวิต")
    assert marked.replace("\u200b", "") == "ปักกิ่ง ตุลาคม 2556 การเรียนรู้ตลอดชีวิต"
    assert "ตุ\u200bลาคม" not in marked and "การเรียนรู้\u200bตลอดชีวิต" in marked
    assert with_word_breaks("Plain English") == "Plain English"
