"""Breaking labels onto lines, Thai included.

Thai is written without spaces between words, so a line may only break where a word ends — and neither
Plotly nor every presentation program knows where that is (a hand-kept list of word starts, used
before, cut words it did not know: "ตุ/ลาคม" on a title slide). PyThaiNLP's newmm segmenter (a
dictionary, offline) finds the words. Its dictionary loads on the first Thai label (a fraction of a
second, once per process) and each distinct label is segmented once (lru_cache): labels are few and
repeat on every page run.

Brackets stay with the word they enclose and the repetition mark ๆ with the word it repeats. A single
word longer than the width is cut at the width as a last resort, never between a consonant and its
vowel or tone marks.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

THAI = re.compile("[\u0e00-\u0e7f]")
ZERO_WIDTH_SPACE = "\u200b"  # where a line may break, invisible where it does not
OPENING = tuple("([{“‘\"'")
CLOSING = tuple(")]}”’\"'.,:;!?%ๆฯ")


def _segment(text: str) -> list[str]:
    """Thai words of a text without spaces (PyThaiNLP newmm, imported on first use)."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=False)


@lru_cache(maxsize=8192)
def thai_words(chunk: str) -> tuple[str, ...]:
    """A run without spaces as the pieces a line may break between: words, with brackets and marks
    glued to their word. Text without Thai is one piece."""
    if not THAI.search(chunk):
        return (chunk,)
    pieces: list[str] = []
    pending_opening = ""
    for word in _segment(chunk):
        if pieces and word.startswith(CLOSING) and not pending_opening:
            pieces[-1] += word
        elif all(character in OPENING for character in word):
            pending_opening += word
        else:
            pieces.append(pending_opening + word)
            pending_opening = ""
    if pending_opening:
        pieces.append(pending_opening)
    return tuple(pieces)


def _words_with_spaces(text: str) -> list[tuple[str, bool]]:
    """(piece, follows a space) for every place a line may break, in order."""
    found: list[tuple[str, bool]] = []
    for chunk in text.split(" "):
        if not chunk:
            continue
        for index, piece in enumerate(thai_words(chunk)):
            if found and piece.startswith(CLOSING) and index == 0 and piece[0] in "ๆฯ":
                # "ต่าง ๆ": the mark belongs to the word before it, across the space
                word, spaced = found[-1]
                found[-1] = (f"{word} {piece}", spaced)
                continue
            found.append((piece, index == 0 and bool(found)))
    return found


def with_word_breaks(text: str) -> str:
    """The text with a zero-width space between Thai words: for renderers that have no Thai
    dictionary of their own (they break there instead of inside a word). Text without Thai is unchanged."""
    if not THAI.search(text):
        return text
    parts = []
    for piece, spaced in _words_with_spaces(text):
        parts.append((" " if spaced else ZERO_WIDTH_SPACE if parts else "") + piece)
    return "".join(parts)


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
    if visible_length(text) <= width and "  " not in text.strip():
        return [text.strip()] if text.strip() else []  # fits: no need to find its words
    lines, line = [], ""
    for word, spaced in _words_with_spaces(text):
        while visible_length(word) > width:
            if line:
                lines.append(line)
                line, spaced = "", False
            head, word = _split_at_width(word, width)
            lines.append(head)
        joined = f"{line}{' ' if spaced else ''}{word}" if line else word
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
