"""Headers and labels as words, so the engine can read what they say instead of looking them up whole.

Thai runs words together ("ผู้เข้าร่วมชาย" is ผู้เข้าร่วม + ชาย); PyThaiNLP's newmm segmenter splits it, with
the lexicon's own words added to its dictionary so "ผู้รับบริการ" or "ศพค." stay whole. English headers
come as snake_case, camelCase, with punctuation or a pivot-table prefix ("SUM of population"): they
become lower-case words. Digits stay words of their own ("2567", "60"). Each distinct text is segmented
once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache

from indicators.base.memory import cell_cache
from indicators.base.text import clean_text
from indicators.config import config_path, read_yaml, vocabulary

THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+(?:\.[\u0e01-\u0e5b]+)*\.?")
CAMEL_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
PIVOT_PREFIX = re.compile(r"^(?:sum|count|average|avg|mean|max|min)\s+of\s+", re.IGNORECASE)
TOKEN = re.compile(r"[\u0e01-\u0e5b]+(?:\.[\u0e01-\u0e5b]+)*\.?|[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[<>+%≤≥]")


@lru_cache(maxsize=1)
def lexicon_data() -> dict:
    return read_yaml(config_path("lexicon.yaml"))


def lexicon_thai_words() -> set[str]:
    """Every Thai word of the lexicon and the cell vocabulary, for the segmenter's dictionary."""
    found: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, str):
            for part in node.split():
                if THAI_RUN.search(part):
                    found.add(part)
        elif isinstance(node, dict):
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(lexicon_data())
    collect(vocabulary())
    return found



@lru_cache(maxsize=1)
def _segmenter():
    """newmm over PyThaiNLP's dictionary plus the lexicon's words (loaded once)."""
    from pythainlp.corpus.common import thai_words
    from pythainlp.tokenize import word_tokenize

    dictionary = _word_set_trie(set(thai_words()) | lexicon_thai_words())
    return lambda text: word_tokenize(text, custom_dict=dictionary, engine="newmm", keep_whitespace=False)


def _word_set_trie(words: set[str]):
    """PyThaiNLP's Trie answered from a set: newmm only asks for the dictionary words that start at a position
    (`prefixes`), which a set answers with the same words in the same order (shortest first), while building
    the Trie node by node took a second of every process's first file (62,000 words)."""
    from pythainlp.util import Trie

    class WordSetTrie(Trie):
        def __init__(self, words: set[str]) -> None:  # no nodes: the set is the dictionary
            self.words = {w.strip() for w in words} - {""}
            self.lengths = sorted({len(w) for w in self.words})
            self._word_count = len(self.words)

        def prefixes(self, text: str, start: int = 0) -> list[str]:
            room = len(text) - start
            return [text[start:start + n] for n in self.lengths if n <= room and text[start:start + n] in self.words]

        def __contains__(self, key: str) -> bool:
            return key in self.words

        def __iter__(self):
            return iter(self.words)

        def add(self, word: str) -> None:
            word = word.strip()
            if word and word not in self.words:
                self.words.add(word)
                self.lengths = sorted({*self.lengths, len(word)})
                self._word_count += 1

        def remove(self, word: str) -> None:
            if word in self.words:
                self.words.discard(word)
                self.lengths = sorted({len(w) for w in self.words})
                self._word_count -= 1

    return WordSetTrie(words)


@cell_cache(maxsize=50_000)
def words(text: object) -> tuple[str, ...]:
    """The words of a header or label, lower case, Thai segmented, punctuation dropped
    ("<", ">", "+", "%" are kept: they carry meaning in age bands and rates)."""
    if text is None:
        return ()
    value = clean_text(str(text))
    value = PIVOT_PREFIX.sub("", value)
    value = CAMEL_BREAK.sub(" ", value).replace("_", " ")
    found: list[str] = []
    for piece in re.split(r"(\s+)", value.casefold()):
        if not piece.strip():
            continue
        position = 0
        for match in THAI_RUN.finditer(piece):
            found += TOKEN.findall(piece[position:match.start()])
            found += [w for w in _thai_words(match.group(0)) if w.strip()]
            position = match.end()
        found += TOKEN.findall(piece[position:])
    return tuple(w for w in found if w)


@cell_cache(maxsize=50_000)
def _thai_words(run: str) -> tuple[str, ...]:
    found = []
    for word in (w.strip() for w in _segmenter()(run)):
        if word and word not in ".":
            found += _lexicon_split(word)
    return tuple(found)


MIN_HEAD = 4  # characters: "ที่" or "ปี" at the start of a word ("ที่ดิน", "ปีก") is no word of its own


@lru_cache(maxsize=1)
def _known() -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    from pythainlp.corpus.common import thai_words

    known = frozenset(lexicon_thai_words())
    return known, tuple(w for w in sorted(known, key=len, reverse=True) if len(w) >= MIN_HEAD), \
        frozenset(thai_words()) | known


def _lexicon_split(word: str) -> list[str]:
    """A dictionary word that glues a lexicon word to another word ("ผู้ใช้บริการห้องสมุด" is ผู้ใช้บริการ +
    ห้องสมุด): split at the lexicon word, so what the header says can be read."""
    known, heads, dictionary = _known()
    if word in known or len(word) <= MIN_HEAD:
        return [word]
    for head in heads:
        if len(head) < len(word) and word.startswith(head):
            rest = _lexicon_split(word[len(head):])
            if all(part in dictionary for part in rest):
                return [head, *rest]
    return [word]


def has_thai(text: str) -> bool:
    return THAI_RUN.search(text or "") is not None
