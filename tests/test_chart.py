"""The indicator chart as a reader meets it: every value drawn in order, baseline and target, words for all."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from app.agreement.chart import Point, line_chart, nice_ticks, number

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_each_value_is_a_point_left_to_right_higher_values_higher_up() -> None:
    points = [Point("2027 K1", 5), Point("2027 K2", 12), Point("2027 K3", 9)]
    root = parse(line_chart("Antal deltagare", points, target=20, baseline=5))
    circles = root.findall("s:circle", NS)
    assert len(circles) == 3
    xs = [float(c.get("cx")) for c in circles]
    ys = [float(c.get("cy")) for c in circles]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert ys[1] < ys[2] < ys[0]  # 12 above 9 above 5
    assert [c.find("s:title", NS).text for c in circles] == ["2027 K1: 5", "2027 K2: 12", "2027 K3: 9"]
    assert root.find("s:title", NS).text == "Antal deltagare"
    desc = root.find("s:desc", NS).text
    assert "senaste värdet 12" not in desc and "senaste värdet 9" in desc and "mål 20" in desc
    assert "utgångsvärde 5" in desc
    texts = [t.text for t in root.findall("s:text", NS)]
    assert "Mål 20" in texts and "Utgångsvärde 5" in texts
    dashes = {line.get("stroke-dasharray") for line in root.findall("s:line", NS) if line.get("stroke-dasharray")}
    assert len(dashes) == 2  # baseline and target differ by more than colour


def test_a_typed_title_cannot_inject_markup() -> None:
    svg = line_chart('<script>alert(1)</script> & "x"', [Point("2027", 1)])
    assert "<script>" not in svg
    assert parse(svg).find("s:title", NS).text == '<script>alert(1)</script> & "x"'


def test_round_ticks() -> None:
    assert nice_ticks(0, 97) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 9) == [0, 2.5, 5, 7.5, 10]
    assert nice_ticks(-3, 4) == [-4, -2, 0, 2, 4]
    ticks = nice_ticks(0, 0.7)
    assert ticks[0] == 0 and ticks[-1] >= 0.7 and 4 <= len(ticks) <= 6


def test_no_values_one_value_and_flat_values() -> None:
    empty = parse(line_chart("Tom", []))
    assert empty.find("s:circle", NS) is None and "Inga värden ännu" in [t.text for t in empty.findall("s:text", NS)]
    one = parse(line_chart("En", [Point("2027", 4)]))
    assert len(one.findall("s:circle", NS)) == 1 and one.find("s:polyline", NS) is None
    flat = parse(line_chart("Platt", [Point("2027", 0), Point("2028", 0)]))
    assert len({c.get("cy") for c in flat.findall("s:circle", NS)}) == 1


def test_numbers_in_each_language() -> None:
    assert number(12500, "sv") == "12\u00a0500" and number(2.5, "sv") == "2,5"
    assert number(12500, "en") == "12,500" and number(2.5, "en") == "2.5"
    root = parse(line_chart("Timmar", [Point("2027 Q1", 2.5)], target=12500, lang="en"))
    assert "2.5" in root.find("s:desc", NS).text and "12,500" in root.find("s:desc", NS).text


def test_many_periods_get_labels_that_do_not_crowd() -> None:
    points = [Point(f"{2027 + i // 4} K{i % 4 + 1}", i) for i in range(40)]
    root = parse(line_chart("Lång", points))
    period_labels = [t.text for t in root.findall("s:text", NS) if " K" in (t.text or "")]
    assert len(root.findall("s:circle", NS)) == 40 and len(period_labels) <= 13
    assert period_labels[-1] == "2036 K4"
