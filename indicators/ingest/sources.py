"""Who sends a file: its source. A new upload from the same source replaces that source's years."""

from __future__ import annotations

import re
from pathlib import Path

from indicators.base.thai import thai_digits_to_ascii

VERSION_MARKS = re.compile(r"\(\s*[0-9๐-๙]{1,3}\s*\)|(?<![a-z])(?:v|ver|version|rev)\s*[0-9๐-๙]+|"
                           r"(?<![a-z])(?:final|copy|new|revised|corrected|updated|amended|latest)"
                           r"(?![a-z])|ฉบับแก้ไข|แก้ไข|ฉบับปรับปรุง|ปรับปรุง|ล่าสุด|สำเนา|ฉบับใหม่|ข้อมูลใหม่|ฉบับสมบูรณ์")


# An encoding written into a file name ("กิจกรรม_cp874.csv") says how it was saved, not who sent it.
ENCODING_MARKS = re.compile(r"(?<![a-z])(?:cp[\s_-]?874|tis[\s_-]?620|windows[\s_-]?874|iso[\s_-]?8859[\s_-]?11|"
                            r"utf[\s_-]?(?:8|16)(?:[\s_-]?(?:sig|bom))?|ansi)(?![a-z0-9])")


# A year in a file name (CE or BE, ASCII or Thai digits, "BE2558", "FY2567", a split year "2023_24"): next
# year's file is the same kind of file. "2567-01" is a month of the year: its 01 stays.
YEAR_IN_NAME = re.compile(r"(?<![a-z])(?:be|ce|fy|พ\.?ศ\.?)?\s*(?<![0-9๐-๙])((?:19|20|24|25|26|๑๙|๒๐|๒๔|๒๕|๒๖)[0-9๐-๙]{2})"
                          r"(?:[-_/]([0-9๐-๙]{2}))?(?![0-9๐-๙])")


def _without_year(match: re.Match) -> str:
    year, tail = match.group(1), match.group(2)
    following = tail is not None and int(thai_digits_to_ascii(tail)) == (int(thai_digits_to_ascii(year)) + 1) % 100
    return " " if tail is None or following else f" {tail}"


def default_source(file_name: str) -> str:
    """Who sends this kind of file, from its name without its years and version marks: next year's file
    from the same office ("activities_2568.xlsx") is the same kind as "activities_2567.xlsx". Other numbers
    stay: "ไตรมาส 1" and "ไตรมาส 2", "activities_2567-01" and "-02", are files of their own, not versions of
    one (a new version of a source replaces its years)."""
    stem = Path(file_name).stem.lower()
    stem = VERSION_MARKS.sub(" ", stem)  # "_v2", "final", "แก้ไข": the same file again, corrected
    stem = ENCODING_MARKS.sub(" ", stem)
    stem = YEAR_IN_NAME.sub(_without_year, stem)
    stem = re.sub(r"[\s_\-.()]+", "_", stem).strip("_")
    return stem or "upload"
