"""Who sends a file: its source. A new upload from the same source replaces that source's years."""

from __future__ import annotations

import re
from pathlib import Path

VERSION_MARKS = re.compile(r"(?<![a-z])(?:v|ver|version|rev)\s*[0-9๐-๙]+|(?<![a-z])(?:final|copy|new|revised|corrected|updated)"
                           r"(?![a-z])|ฉบับแก้ไข|แก้ไข|ล่าสุด|สำเนา|ฉบับใหม่")


# An encoding written into a file name ("กิจกรรม_cp874.csv") says how it was saved, not who sent it.
ENCODING_MARKS = re.compile(r"(?<![a-z])(?:cp[\s_-]?874|tis[\s_-]?620|windows[\s_-]?874|iso[\s_-]?8859[\s_-]?11|"
                            r"utf[\s_-]?(?:8|16)(?:[\s_-]?(?:sig|bom))?|ansi)(?![a-z0-9])")


def default_source(file_name: str) -> str:
    """Who sends this kind of file, from its name without years and numbers: next year's file from the
    same office ("activities_2568.xlsx") is recognised as a replacement of "activities_2567.xlsx"."""
    stem = Path(file_name).stem.lower()
    stem = VERSION_MARKS.sub(" ", stem)  # "_v2", "final", "แก้ไข": the same file again, corrected
    stem = ENCODING_MARKS.sub(" ", stem)
    stem = re.sub(r"[0-9๐-๙]+", " ", stem)
    stem = re.sub(r"[\s_\-.()]+", "_", stem).strip("_")
    return stem or "upload"
