"""The indicator chart as a reader meets it: every value drawn in order, baseline and target, words for all."""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from app.agreement.chart import (BASELINE_COLOUR, CHAR_WIDTH, DATA_COLOUR, TARGET_COLOUR, Point, line_chart,
                                 nice_ticks, number)

SVG = "{http://www.w3.org/2000/svg}"
NS = {"s": SVG[1:-1]}
QUARTERS = [Point("2027 K1", 5), Point("2027 K2", 12), Point("2027 K3", 9)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def circles(root: ET.Element) -> list[ET.Element]:
    return root.findall("s:circle", NS)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.findall("s:text", NS)]


def dashed(root: ET.Element) -> dict[str, ET.Element]:
    return {line.get("stroke"): line for line in root.findall("s:line", NS) if line.get("stroke-dasharray")}


def tick_labels(root: ET.Element) -> list[str]:
    return [t.text for t in root.findall("s:text", NS) if t.get("text-anchor") == "end"]


def test_the_root_is_an_accessible_image_with_title_and_description() -> None:
    root = parse(line_chart("Antal deltagare", QUARTERS, target=20, baseline=5, chart_id="chart-7"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("viewBox") == "0 0 640 280"
    assert root.get("aria-labelledby") == "chart-7-title chart-7-desc"
    assert root.find("s:title", NS).get("id") == "chart-7-title"
    assert root.find("s:title", NS).text == "Antal deltagare"
    assert root.find("s:desc", NS).get("id") == "chart-7-desc"
    assert root.find("s:desc", NS).text == ("3 värden från 2027 K1 till 2027 K3; senaste värdet 9; mål 20; "
                                            "utgångsvärde 5")
    assert root.get("font-family") == "inherit" and int(root.get("font-size")) >= 12
    assert not [e for e in root.iter() if e.get("font-size") and int(e.get("font-size")) < 12]


def test_each_value_is_a_point_left_to_right_and_higher_values_higher_up() -> None:
    root = parse(line_chart("Antal deltagare", QUARTERS, target=20, baseline=5))
    dots = circles(root)
    assert len(dots) == 3
    xs = [float(c.get("cx")) for c in dots]
    ys = [float(c.get("cy")) for c in dots]
    assert xs[0] < xs[1] < xs[2]
    assert ys[1] < ys[2] < ys[0]  # 12 above 9 above 5
    assert [c.find("s:title", NS).text for c in dots] == ["2027 K1: 5", "2027 K2: 12", "2027 K3: 9"]
    assert all(c.get("fill") == DATA_COLOUR for c in dots)
    line = root.find("s:polyline", NS)
    assert line is not None and line.get("fill") == "none" and line.get("stroke") == DATA_COLOUR
    assert [tuple(map(float, pair.split(","))) for pair in line.get("points").split()] == list(zip(xs, ys))


def test_points_keep_the_input_order_not_the_order_of_their_values() -> None:
    points = [Point("2027", 30), Point("2028", 10), Point("2029", 20), Point("2030", -5)]
    root = parse(line_chart("Ordning", points))
    dots = circles(root)
    assert [c.find("s:title", NS).text for c in dots] == ["2027: 30", "2028: 10", "2029: 20", "2030: -5"]
    xs = [float(c.get("cx")) for c in dots]
    assert all(a < b for a, b in zip(xs, xs[1:]))
    ys = [float(c.get("cy")) for c in dots]
    assert ys[0] < ys[2] < ys[1] < ys[3]


def test_baseline_and_target_are_dashed_lines_that_differ_in_pattern_and_label() -> None:
    root = parse(line_chart("Antal deltagare", QUARTERS, target=20, baseline=5))
    lines = dashed(root)
    assert set(lines) == {BASELINE_COLOUR, TARGET_COLOUR}
    assert lines[BASELINE_COLOUR].get("stroke-dasharray") != lines[TARGET_COLOUR].get("stroke-dasharray")
    assert "Mål 20" in texts(root) and "Utgångsvärde 5" in texts(root)
    assert float(lines[TARGET_COLOUR].get("y1")) < float(lines[BASELINE_COLOUR].get("y1"))  # 20 above 5
    # The baseline at 5 is at the height of the first point, 5.
    assert float(lines[BASELINE_COLOUR].get("y1")) == float(circles(root)[0].get("cy"))
    without = parse(line_chart("Antal deltagare", QUARTERS))
    assert dashed(without) == {} and "mål" not in without.find("s:desc", NS).text


def test_reference_labels_close_together_do_not_overlap_and_stay_inside() -> None:
    root = parse(line_chart("Nära", QUARTERS, target=12.5, baseline=12))
    labels = [t for t in root.findall("s:text", NS) if t.get("text-anchor") == "start"]
    assert len(labels) == 2
    a, b = sorted(float(t.get("y")) for t in labels)
    assert b - a >= 12
    for t in labels:
        assert float(t.get("x")) + len(t.text) * CHAR_WIDTH <= 640


def test_a_typed_title_or_period_cannot_inject_markup() -> None:
    title = '<script>alert(1)</script> & "x"'
    svg = line_chart(title, [Point("<b>2027</b>", 1), Point("2028 & co", 2)], chart_id="c1")
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert root.find("s:title", NS).text == title
    assert [c.find("s:title", NS).text for c in circles(root)] == ["<b>2027</b>: 1", "2028 & co: 2"]
    assert "<b>2027</b>" in texts(root)


def test_control_characters_in_a_title_still_give_well_formed_xml() -> None:
    root = parse(line_chart("Antal\x00 \x1bbesök", QUARTERS))
    assert root.find("s:title", NS).text == "Antal besök"


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0, 97, [0, 20, 40, 60, 80, 100]),
    (0, 9, [0, 2, 4, 6, 8, 10]),
    (-3, 4, [-4, -2, 0, 2, 4]),
    (0, 0.7, [0, 0.2, 0.4, 0.6, 0.8]),
    (0, 12500, [0, 2500, 5000, 7500, 10000, 12500]),
    (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
])
def test_round_ticks(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == expected


@pytest.mark.parametrize(("low", "high"), [
    (0, 1), (0, 3), (0, 7), (0, 13), (0, 97), (0, 101), (-0.3, 0.41), (-1234, 5678), (0, 1e-6), (3, 3),
    (0, 0), (-7, -7), (0, 999999), (17, 18), (-50, -2), (0.1, 0.3),
])
def test_ticks_are_four_to_six_round_steps_covering_the_range(low: float, high: float) -> None:
    ticks = nice_ticks(low, high)
    assert 4 <= len(ticks) <= 6
    assert ticks[0] <= low and ticks[-1] >= high and ticks[0] < ticks[-1]
    steps = {round(b - a, 12) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 9) in {1, 2, 2.5, 5}


def test_the_y_axis_starts_at_zero_for_positive_values_and_covers_the_target() -> None:
    root = parse(line_chart("Antal", [Point("2027", 40), Point("2028", 45)], target=97))
    assert tick_labels(root) == ["0", "20", "40", "60", "80", "100"]


def test_no_values_say_so_instead_of_an_empty_chart() -> None:
    root = parse(line_chart("Tom", [], target=20))
    assert circles(root) == [] and root.find("s:polyline", NS) is None
    assert texts(root) == ["Inga värden ännu"]
    assert root.find("s:desc", NS).text == "Inga värden ännu; mål 20"


def test_one_value_is_one_circle_without_a_line() -> None:
    root = parse(line_chart("En", [Point("2027", 4)]))
    assert len(circles(root)) == 1 and root.find("s:polyline", NS) is None
    assert root.find("s:desc", NS).text == "Ett värde, 2027: 4"
    x = float(circles(root)[0].get("cx"))
    axis = [line for line in root.findall("s:line", NS) if line.get("y1") == line.get("y2")][0]
    assert float(axis.get("x1")) < x < float(axis.get("x2"))


@pytest.mark.parametrize("value", [0, 7, -3, 0.25])
def test_equal_values_still_get_a_y_axis_with_height(value: float) -> None:
    root = parse(line_chart("Platt", [Point("2027", value), Point("2028", value), Point("2029", value)]))
    ys = {float(c.get("cy")) for c in circles(root)}
    assert len(ys) == 1
    ticks = tick_labels(root)
    assert 4 <= len(ticks) <= 6 and len(set(ticks)) == len(ticks)
    tick_ys = sorted(float(t.get("y")) for t in root.findall("s:text", NS) if t.get("text-anchor") == "end")
    assert tick_ys[0] <= ys.pop() <= tick_ys[-1]


def test_negative_values_are_drawn_below_a_zero_line() -> None:
    root = parse(line_chart("Resultat", [Point("2027", -40), Point("2028", 25)]))
    assert tick_labels(root)[0].startswith("-") and "0" in tick_labels(root)
    below, above = (float(c.get("cy")) for c in circles(root))
    assert above < below
    lowest = max(float(t.get("y")) for t in root.findall("s:text", NS) if t.get("text-anchor") == "end")
    assert below <= lowest


def test_numbers_in_each_language() -> None:
    assert number(12500, "sv") == "12\u00a0500" and number(2.5, "sv") == "2,5"
    assert number(12500, "en") == "12,500" and number(2.5, "en") == "2.5"
    assert number(12.0, "sv") == "12" and number(-1250.75, "sv") == "-1\u00a0250,75"
    assert number(1 / 3, "en") == "0.33" and number(-0.001, "sv") == "0" and number(2.999, "sv") == "3"


def test_the_chart_writes_numbers_in_the_readers_language() -> None:
    points = [Point("2027", 2.5), Point("2028", 12500)]
    sv = parse(line_chart("Timmar", points, target=15000.5, lang="sv"))
    assert "senaste värdet 12\u00a0500" in sv.find("s:desc", NS).text
    assert "mål 15\u00a0000,5" in sv.find("s:desc", NS).text
    assert [c.find("s:title", NS).text for c in circles(sv)] == ["2027: 2,5", "2028: 12\u00a0500"]
    assert "5\u00a0000" in tick_labels(sv)
    en = parse(line_chart("Timmar", points, target=15000.5, lang="en"))
    assert [c.find("s:title", NS).text for c in circles(en)] == ["2027: 2.5", "2028: 12,500"]
    assert "12,500" in en.find("s:desc", NS).text and "15,000.5" in en.find("s:desc", NS).text
    assert "5,000" in tick_labels(en)


def test_decimal_ticks_keep_their_decimals() -> None:
    root = parse(line_chart("Andel", [Point("2027", 0.1), Point("2028", 0.9)], lang="sv"))
    assert tick_labels(root) == ["0", "0,2", "0,4", "0,6", "0,8", "1"]


def test_many_periods_get_labels_that_do_not_crowd() -> None:
    points = [Point(f"{2027 + i // 4} K{i % 4 + 1}", i) for i in range(40)]
    root = parse(line_chart("Lång", points))
    assert len(circles(root)) == 40
    labels = [t for t in root.findall("s:text", NS) if " K" in (t.text or "")]
    assert 2 <= len(labels) <= 12
    assert labels[-1].text == "2036 K4"  # the latest period is always labelled
    xs = [float(t.get("x")) for t in labels]
    width = len("2027 K1") * CHAR_WIDTH
    assert all(b - a >= width for a, b in zip(xs, xs[1:]))
    assert xs[0] - width / 2 >= 0 and xs[-1] + width / 2 <= 640


def test_a_few_periods_are_all_labelled() -> None:
    root = parse(line_chart("Kort", QUARTERS))
    assert [t for t in texts(root) if " K" in t] == ["2027 K1", "2027 K2", "2027 K3"]
    two_years = [Point(f"{2027 + i // 4} K{i % 4 + 1}", 40 + i) for i in range(8)]
    root = parse(line_chart("Två år", two_years, baseline=40, target=1250.5))
    assert [t for t in texts(root) if " K" in t] == [p.period for p in two_years]


def test_the_same_input_gives_the_same_svg_and_different_charts_different_ids() -> None:
    assert line_chart("A", QUARTERS, target=3) == line_chart("A", QUARTERS, target=3)
    ids = {parse(line_chart(title, points)).find("s:title", NS).get("id")
           for title, points in (("A", QUARTERS), ("B", QUARTERS), ("A", QUARTERS[:2]))}
    assert len(ids) == 3


def test_a_chart_id_must_be_a_plain_id() -> None:
    with pytest.raises(ValueError):
        line_chart("A", QUARTERS, chart_id='x" onload="alert(1)')


def test_values_that_cannot_be_drawn_are_refused() -> None:
    with pytest.raises(ValueError):
        line_chart("A", [Point("2027", float("nan"))])
    with pytest.raises(ValueError):
        line_chart("A", QUARTERS, target=float("inf"))
