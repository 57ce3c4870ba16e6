"""Breaking chart labels onto lines, Thai included.

Thai is written without spaces between words, so a label can only be broken where a word starts. Plotly
does not do that, and a full word segmenter (ICU, PyThaiNLP) is a heavy dependency for a few dozen
labels; the labels come from our own framework and status texts, whose words are few and known. Break
points are therefore offered before the words listed below; a run longer than the width with none of
them is cut at the width as a last resort, never between a consonant and its vowel or tone marks.
"""
from __future__ import annotations

import re
import unicodedata

# Words that begin a new word in the framework's part and area names, the indicator names and the status texts.
THAI_WORDS_THAT_START_A_WORD = ("ของ", "เมือง", "แห่ง", "การ", "ความ", "และ", "ใน", "ทาง", "ที่", "มาก", "ปานกลาง",
                                "เล็กน้อย", "ไม่", "เป้าหมาย", "จนถึง", "อย่าง", "ทุก", "กิจกรรม", "ด้าน", "ต่อ",
                                "ประชากร", "หน่วยงาน", "สิ่งแวดล้อม", "วัฒนธรรม", "ผู้", "สูงอายุ",
                                "แหล่ง", "ชั่วโมง", "สัดส่วน", "งบประมาณ", "หรือ", "ผสมผสาน", "สมาชิก", "เครือข่าย")
THAI = re.compile("[\u0e00-\u0e7f]")
_BREAK = "\u200b"  # zero-width space: a place a line may break, invisible where it does not
# ... except where the word is the end of a longer one: คณะกรรม|การ is one word (committee)
_BEFORE_WORD = re.compile(rf"(?<=[\u0e00-\u0e7f])(?<!คณะกรรม)(?=(?:{'|'.join(THAI_WORDS_THAT_START_A_WORD)}))")
_PIECES = re.compile(rf"([ {_BREAK}])")


def visible_length(text: str) -> int:
    """Characters that take width: Thai vowel and tone marks above or below a consonant take none."""
    return sum(1 for character in text if unicodedata.category(character) not in ("Mn", "Cf"))


def _split_at_width(word: str, width: int) -> tuple[str, str]:
    """The first `width` visible characters of a word (with their marks), and the rest."""
    seen = 0
    for index, character in enumerate(word):
        if unicodedata.category(character) != "Mn":
            seen += 1
            if seen > width:
                return word[:index], word[index:]
    return word, ""


def wrap_lines(text: str, width: int) -> list[str]:
    """The label as lines of at most `width` visible characters where the words allow it."""
    hinted = _BEFORE_WORD.sub(_BREAK, text)
    pieces = _PIECES.split(hinted)  # word, separator, word, separator, ...
    lines, line = [], ""
    for index in range(0, len(pieces), 2):
        word, separator = pieces[index], (pieces[index - 1] if index else "")
        while visible_length(word) > width:
            if line:
                lines.append(line)
                line, separator = "", ""
            head, word = _split_at_width(word, width)
            lines.append(head)
        joined = f"{line}{' ' if separator == ' ' else ''}{word}" if line else word
        if line and visible_length(joined) > width:
            lines.append(line)
            line = word
        else:
            line = joined
    if line:
        lines.append(line)
    return [each for each in lines if each]


def wrap(text: str, width: int) -> str:
    """The label with Plotly line breaks."""
    return "<br>".join(wrap_lines(text, width))
