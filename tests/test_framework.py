"""The framework as data: verified areas, provisional features, own translations marked."""

from __future__ import annotations

import pytest
import yaml

from indicators.config.framework import FRAMEWORK_FILE, load_framework

VERIFIED_AREAS = {
    "1.1": "Individual empowerment and social cohesion",
    "1.2": "Economic development and cultural prosperity",
    "1.3": "Sustainable development",
    "2.1": "Inclusive learning in the education system",
    "2.2": "Re-vitalised learning in families and communities",
    "2.3": "Effective learning for and in the workplace",
    "2.4": "Extended use of modern learning technologies",
    "2.5": "Enhanced quality in learning",
    "2.6": "A vibrant culture of learning throughout life",
    "3.1": "Strong political will and commitment",
    "3.2": "Governance and participation of all stakeholders",
    "3.3": "Mobilisation and utilisation of resources",
}


def test_three_parts_twelve_verified_areas():
    framework = load_framework()
    assert [p.emblem for p in framework.parts] == ["pediment", "columns", "foundation steps"]
    assert {a.code: a.name_en for a in framework.areas} == VERIFIED_AREAS
    assert all(a.part_code == a.code[0] for a in framework.areas)


def test_features_are_provisional_and_thai_translations_marked():
    framework = load_framework()
    assert all(f.provisional for a in framework.areas for f in a.features)
    own = {a.code for a in framework.areas if a.name_th_own_translation}
    assert own == {"1.1", "1.2", "1.3", "3.1", "3.2", "3.3"}  # 2.1-2.6 use the Equitable Education Fund wording
    assert framework.area("2.3").name_th == "ส่งเสริมการเรียนรู้อย่างมีประสิทธิภาพในที่ทำงาน"
    assert {a.code for a in framework.areas if a.name_th_source == "eef"} == {f"2.{i}" for i in range(1, 7)}
    assert "wording to be checked against UIL/2015/ME/H/5" in framework.provisional_note_en
    assert "UIL/2015/ME/H/5" in framework.provisional_note_th
    assert framework.area("1.1").name("th") != framework.area("1.1").name("en")


def test_code_does_not_depend_on_the_number_of_features(tmp_path):
    data = yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8"))
    data["areas"][0]["features"] = data["areas"][0]["features"][:1]
    data["areas"][1]["features"].append({"code": "1.2.9", "name_en": "Extra", "name_th": "เพิ่ม"})
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    framework = load_framework(path)
    assert len(framework.area("1.1").features) == 1
    assert framework.feature("1.2.9").name_th == "เพิ่ม"
    assert framework.feature("1.2.9").provisional  # the file's default: every feature is provisional
    with pytest.raises(KeyError):
        framework.feature("1.1.2")
