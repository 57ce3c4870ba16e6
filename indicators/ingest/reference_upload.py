"""Files of reference figures — a province's, a region's, the nation's or the learning-city network's —
declared so at upload: their statistics are stored with that `level` and the area's name, kept apart
from the city's own figures (never added to them) and drawn beside them (measure/reference.py).

A reference file holds one area's statistics: activity registers, participants or outcomes cannot be
another area's, and a file naming districts is the city's own (or several areas, to upload one by one).
Either is refused before anything is written, saying why."""

from __future__ import annotations

import pandas as pd

from indicators.base.errors import LearningCityError
from indicators.ingest.plan import FilePlan
from indicators.measure.reference import check_level


def declare_reference(plans: list[FilePlan], level: str | None, area_name: str | None) -> list[FilePlan]:
    """Mark every statistic of `plans` as the reference area's (level, name); `level` None changes nothing."""
    level = check_level(level)
    if level is None:
        return plans
    name = (area_name or "").strip()
    if not name:
        raise LearningCityError("Name the area the reference figures are for (e.g. ประเทศไทย, Chiang Mai province).",
                                "กรุณาระบุชื่อพื้นที่ของตัวเลขอ้างอิง (เช่น ประเทศไทย จังหวัดเชียงใหม่)",
                                code="reference_name_needed")
    for plan in plans:
        other = sorted(t for t, frame in plan.frames.items() if t != "statistics" and len(frame))
        if other:
            raise LearningCityError(
                f"{plan.file_name}: reference figures are statistics only; this file holds {', '.join(other)}. "
                "Nothing was saved.",
                f"{plan.file_name}: ตัวเลขอ้างอิงต้องเป็นข้อมูลสถิติเท่านั้น ไฟล์นี้มี {', '.join(other)} จึงไม่ได้บันทึก",
                code="reference_not_statistics")
        frame = plan.frames.get("statistics")
        if frame is None or frame.empty or (frame["level"].eq(level).fillna(False).all()
                                            and frame["district"].eq(name).fillna(False).all()):
            continue  # nothing to mark, or marked already (a plan the page keeps between runs)
        districts = sorted(str(d) for d in frame["district"].dropna().unique())
        if districts:
            raise LearningCityError(
                f"{plan.file_name}: a reference file holds one area's figures; this one names areas "
                f"({', '.join(districts[:5])}). Upload it as the city's own, or one area per file. Nothing was saved.",
                f"{plan.file_name}: ไฟล์อ้างอิงต้องเป็นตัวเลขของพื้นที่เดียว ไฟล์นี้ระบุหลายพื้นที่ "
                f"({', '.join(districts[:5])}) กรุณาอัปโหลดเป็นข้อมูลของเมือง หรือแยกไฟล์ละพื้นที่ จึงไม่ได้บันทึก",
                code="reference_with_districts")
        frame["level"] = pd.Series(level, index=frame.index, dtype="string")
        frame["district"] = pd.Series(name, index=frame.index, dtype="string")
    return plans
