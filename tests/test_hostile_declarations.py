"""Hostile declarations are refused with one line naming the file and line, before anything is expanded."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from khlang.cli import main
from khlang.declarations import load_catalog, yamlsource
from khlang.declarations.yamlsource import YamlProblems, load
from khlang.errors import DeclarationError
from khlang.quality.suite import load_suite

REPO = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


@pytest.fixture
def built(monkeypatch) -> list[int]:
    """Counts the values the loader builds into Python data (a bomb must be refused before any is built)."""
    calls = [0]
    original = yamlsource._Builder.build

    def counting(self, node, loc):  # noqa: ANN001, ANN202
        calls[0] += 1
        return original(self, node, loc)

    monkeypatch.setattr(yamlsource._Builder, "build", counting)
    return calls


def _refusal(path: Path) -> str:
    with pytest.raises(YamlProblems) as err:
        load(path)
    assert len(err.value.problems) == 1
    return str(err.value.problems[0])


@pytest.mark.parametrize("name, line", [("billion_laughs.yaml", 7), ("merge_bomb.yaml", 10)])
def test_alias_bombs_are_refused_before_anything_is_expanded(name, line, built):
    tracemalloc.start()
    message = _refusal(HOSTILE / name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert message.startswith(f"{HOSTILE / name}:{line}: (file): more than 1,000,000 values once aliases are expanded")
    assert built[0] == 0
    assert peak < 5 * 1024 * 1024


def test_the_expansion_bound_is_a_setting_and_a_file_within_it_loads(tmp_path, monkeypatch, built):
    monkeypatch.setenv("KHLANG_MAX_DECLARATION_NODES", "100")
    small = tmp_path / "aliases.yaml"
    small.write_text("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n", encoding="utf-8")
    assert "more than 100 values" in _refusal(small)
    assert built[0] == 0
    monkeypatch.setenv("KHLANG_MAX_DECLARATION_NODES", "200")
    assert load(small).data["b"][8] == list(range(1, 10))


def test_recursive_alias_is_one_sentence():
    message = _refusal(HOSTILE / "recursive_alias.yaml")
    assert message == (f"{HOSTILE / 'recursive_alias.yaml'}:4: (file): recursive alias *loop "
                       "(it refers to a value that contains it)")


def test_deep_nesting_is_refused_at_its_line(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("datasets:\n  - " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    message = _refusal(path)
    assert message == f"{path}:2: (file): nested deeper than 64 levels (KHLANG_MAX_DECLARATION_DEPTH)"


def test_deep_json_suite_is_refused_too(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"name": ' + "[" * 20_000 + "]" * 20_000 + "}", encoding="utf-8")
    with pytest.raises(DeclarationError, match="nested deeper than 64 levels"):
        load_suite(path)


def test_a_list_as_a_key_is_reported_not_a_type_error():
    with pytest.raises(YamlProblems) as err:
        load(HOSTILE / "list_key.yaml")
    assert [str(p) for p in err.value.problems] == [f"{HOSTILE / 'list_key.yaml'}:3: datasets[0]: keys must be text"]


def test_a_declaration_symlinked_to_a_device_is_not_read(tmp_path):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    assert _refusal(link) == (f"{link}: (file): not a regular file (a folder, device or pipe): "
                              "declarations are files")


def test_an_oversized_suite_is_refused_without_being_parsed(tmp_path, built):
    path = tmp_path / "huge.json"
    values = ", ".join(['"ค่า"'] * 1_200_000)  # ~11 MB of UTF-8
    path.write_text('{"name": "huge", "expectations": [{"value_set": [' + values + "]}]}", encoding="utf-8")
    assert path.stat().st_size > 10 * 1024 * 1024
    with pytest.raises(DeclarationError) as err:
        load_suite(path)
    assert str(err.value) == (f"{path}: (file): larger than 10,485,760 bytes, the most a declaration may hold "
                              "(KHLANG_MAX_DECLARATION_BYTES)")
    assert built[0] == 0


def test_a_long_value_set_is_refused_at_the_first_item_beyond_the_limit(tmp_path, monkeypatch, built):
    monkeypatch.setenv("KHLANG_MAX_LIST_ITEMS", "1000")
    path = tmp_path / "long.json"
    items = ",\n".join(f'"{i}"' for i in range(5000))
    path.write_text('{"name": "long",\n "expectations": [{"value_set": [\n' + items + "]}]}", encoding="utf-8")
    with pytest.raises(DeclarationError) as err:
        load_suite(path)
    assert str(err.value) == f"{path}:1003: (file): a list longer than 1,000 items (KHLANG_MAX_LIST_ITEMS)"
    assert built[0] == 0


def test_a_bad_limit_setting_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("KHLANG_MAX_DECLARATION_DEPTH", "deep")
    path = tmp_path / "ok.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(Exception, match="KHLANG_MAX_DECLARATION_DEPTH='deep': expected a positive whole number"):
        load(path)


@pytest.fixture
def hostile_home(tmp_path, monkeypatch) -> Path:
    """A Khlang home with the bundled catalogue, for `khlang catalog validate`."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copytree(REPO / "catalog", home / "catalog")
    shutil.copytree(REPO / "expectations", home / "expectations")
    monkeypatch.setenv("KHLANG_HOME", str(home))
    monkeypatch.setenv("KHLANG_VAR_DIR", str(home / "var"))
    monkeypatch.setenv("KHLANG_DATA_DIR", str(home / "data"))
    for var in ("KHLANG_CATALOG_DIR", "KHLANG_EXPECTATIONS_DIR", "KHLANG_STORE_URL", "KHLANG_DATA_ROOTS"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.mark.parametrize("name", ["billion_laughs.yaml", "merge_bomb.yaml", "recursive_alias.yaml",
                                  "list_key.yaml", "deep", "zero"])
def test_catalog_validate_says_one_sentence_and_exits_2(name, hostile_home, capsys):
    target = hostile_home / "catalog" / "datasets" / "hostile.yaml"
    if name == "deep":
        target.write_text("[" * 20_000 + "]" * 20_000, encoding="utf-8")
    elif name == "zero":
        target.symlink_to("/dev/zero")
    else:
        shutil.copy(HOSTILE / name, target)
    assert main(["catalog", "validate"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith(f"khlang: error: {target}:") or lines[0].startswith(f"khlang: error: {target}: ")
    assert all(str(target) in line for line in lines if "hostile" in line)


def test_bundled_declarations_stay_within_the_limits():
    load_catalog(REPO / "catalog")
    for suite in sorted((REPO / "expectations").glob("*.json")):
        assert load_suite(suite).expectations
