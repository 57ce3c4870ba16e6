"""The C YAML parser reads every shipped YAML file into exactly what the pure-Python parser gives."""
import pytest
import yaml

from indicators.config import CONFIG_DIR, SAFE_LOADER, read_yaml

SHIPPED = sorted(CONFIG_DIR.glob("*.yaml"))


def test_every_shipped_yaml_file_is_checked():
    assert {p.name for p in SHIPPED} >= {"fields.yaml", "framework.yaml", "indicator_definitions.yaml",
                                          "measures.yaml", "strings.yaml", "vocabulary.yaml"}


def test_the_fast_parser_is_used_when_pyyaml_has_it():
    assert SAFE_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_same_data_as_the_python_parser(path):
    assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_only_plain_data_is_read(tmp_path):
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("x: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        read_yaml(unsafe)
