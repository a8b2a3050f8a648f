"""The strict YAML reader: typing, positions, and every rejection with its exact place."""

import datetime as dt
import math

import pytest

from macros import yamlstrict


def parse(text, offset=0):
    return yamlstrict.parse(text, "f.yml", offset)


def codes(text):
    return [(d.code, d.line, d.col) for d in parse(text)[2]]


@pytest.mark.parametrize("text, value", [
    ("a: true", True), ("a: False", False), ("a: ~", None), ("a: null", None), ("a:", None),
    ("a: 42", 42), ("a: -7", -7), ("a: 0", 0), ("a: 0x1F", 31), ("a: 1.5", 1.5), ("a: .5", 0.5),
    ("a: 2023-01-16", dt.date(2023, 1, 16)), ("a: hello world", "hello world"),
    ("a: '0123'", "0123"), ('a: "no"', "no"), ("a: |\n  line\n", "line\n"), ("a: 开源", "开源"),
])
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text, value):
    data, _, problems = parse(text)
    assert problems == []
    assert data == {"a": value}
    assert type(data["a"]) is type(value)


def test_infinity_is_a_float():
    data, _, _ = parse("a: -.inf")
    assert math.isinf(data["a"])


@pytest.mark.parametrize("value, meaning", [
    ("no", "false"), ("Yes", "true"), ("ON", "true"), ("off", "false"), ("y", "true"),
    ("0123", "an octal number"), ("1_000", "a number"), ("1:30", "a base-60 number"),
    ("1e3", "a number"), ("0b101", "a number"), ("2022-01-01 10:00", "a timestamp"),
])
def test_values_yaml_1_1_reads_differently_are_rejected(value, meaning):
    _, _, problems = parse(f"k: x\nv: {value}\n")
    assert [(p.code, p.line, p.col) for p in problems] == [("CSR110", 2, 4)]
    assert problems[0].args["meaning"] == meaning
    assert f'"{value}"' in problems[0].hint("en")


@pytest.mark.parametrize("value, problem", [
    ("2022-13-01", "month must be in 1..12"), ("2023-02-30", "day is out of range for month"),
    ("2022-1-5", "two digits"),
])
def test_impossible_dates_are_errors_not_strings(value, problem):
    _, _, problems = parse(f"published: {value}")
    assert [p.code for p in problems] == ["CSR111"]
    assert problem in problems[0].message("en")


def test_positions_of_nested_keys_and_list_items_are_exact():
    text = "title: x\nclaims:\n  - indicator: a\n    status: b\n  - indicator: c\n    evidence:\n      - url: u\n"
    _, positions, _ = parse(text, offset=1)
    assert positions.key(("claims",)) == (3, 1)
    assert positions.key(("claims", 0)) == (4, 5)
    assert positions.value(("claims", 0, "status")) == (5, 13)
    assert positions.key(("claims", 1, "indicator")) == (6, 5)
    assert positions.key(("claims", 1, "evidence", 0, "url")) == (8, 9)
    # unknown paths fall back to the nearest ancestor
    assert positions.value(("claims", 1, "nope")) == positions.value(("claims", 1))


def test_duplicate_keys_name_both_lines():
    problems = parse("a: 1\nb:\n  c: 1\n  c: 2\n")[2]
    assert [(p.code, p.line, p.col) for p in problems] == [("CSR107", 4, 3)]
    assert "first on line 3" in problems[0].message("en")


def test_anchors_aliases_and_tags_are_rejected_everywhere():
    found = codes("a: &x [1]\nb: *x\nc: !!python/object/apply:os.system ['id']\nd: !custom x\n")
    assert found == [("CSR105", 1, 4), ("CSR105", 2, 4), ("CSR106", 3, 4), ("CSR106", 4, 4)]


def test_alias_bomb_is_rejected_without_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
    value, _, problems = parse(bomb)
    assert {p.code for p in problems} == {"CSR105"}


def test_tabs_syntax_errors_and_nesting_have_locations():
    assert codes("a:\n\t- b\n") == [("CSR104", 2, 1)]
    assert codes("a: [1, 2\n")[0][0] == "CSR103"
    assert codes("[" * 40 + "]" * 40)[0][0] == "CSR112"


def test_keys_are_text_and_null_keys_are_rejected():
    data, _, problems = parse("2022: a\n~: b\n")
    assert "2022" in data
    assert [(p.code, p.line) for p in problems] == [("CSR110", 2)]


def test_complex_keys_are_rejected():
    assert codes("? [a]\n: 1\n")[0][0] == "CSR103"
