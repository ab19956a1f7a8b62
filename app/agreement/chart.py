"""An indicator's values over time as an SVG line chart, rendered on the server (no JavaScript needed).

Pure: the caller passes the points (period label and value), the baseline and target where the
plan has them, and the language. Every text is escaped; the chart carries a title and a
description in words, and the page shows the same values in a table beside it.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .i18n import N_, gettext_for

DATA_COLOUR = "#1f4e79"
AXIS_COLOUR = "#555555"
BASELINE_COLOUR = "#6b4e00"
TARGET_COLOUR = "#1e6b33"
MAX_LABELS = 12


@dataclass(frozen=True)
class Point:
    period: str  # as the reader reads it: "2027 K1", "2027"
    value: float


def number(value: float, lang: str) -> str:
    """Return a number as the language writes it: 12 500 and 2,5 in Swedish, 12,500 and 2.5 in English."""
    if float(value).is_integer():
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "sv":
        return text.replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")
    return text


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Return 4–6 round tick values (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering low..high."""
    if high <= low:
        high = low + (abs(low) or 1)
    raw = (high - low) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 0.5 and len(ticks) < 12:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 12, colour: str = AXIS_COLOUR) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{colour}" '
            f'font-family="inherit">{escape(text)}</text>')


def line_chart(title: str, points: list[Point], *, baseline: float | None = None, target: float | None = None,
               lang: str = "sv", width: int = 640, height: int = 280, chart_id: str | None = None) -> str:
    """Return an <svg> element showing the points left to right, with baseline and target lines."""
    _ = gettext_for(lang)
    ident = chart_id or "chart-" + hashlib.sha256(
        (title + "|" + "|".join(f"{p.period}={p.value}" for p in points)).encode()).hexdigest()[:10]
    if not points:
        desc = _("Inga värden ännu")
    else:
        parts = [_("%(n)s värden från %(first)s till %(last)s; senaste värdet %(value)s",
                   n=len(points), first=points[0].period, last=points[-1].period, value=number(points[-1].value, lang))]
        if target is not None:
            parts.append(_("mål %(value)s", value=number(target, lang)))
        if baseline is not None:
            parts.append(_("utgångsvärde %(value)s", value=number(baseline, lang)))
        desc = "; ".join(parts)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
            f'width="100%" style="max-width:{width}px" aria-labelledby="{ident}-title {ident}-desc">'
            f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>')
    if not points:
        return head + _text(width / 2, height / 2, _("Inga värden ännu"), size=14) + "</svg>"
    left, right, top, bottom = 64, 96, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [p.value for p in points] + [v for v in (baseline, target) if v is not None]
    ticks = nice_ticks(min(0.0, *values), max(values))
    low, high = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return top + plot_h - (value - low) / (high - low) * plot_h

    def x_of(index: int) -> float:
        return left + (plot_w / 2 if len(points) == 1 else index * plot_w / (len(points) - 1))

    parts = [head]
    for tick in ticks:
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d8dce1" '
                     f'stroke-width="1"/>')
        parts.append(_text(left - 8, y + 4, number(tick, lang), anchor="end"))
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}"/>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
                 f'stroke="{AXIS_COLOUR}"/>')
    every = max(1, math.ceil(len(points) / MAX_LABELS))
    for index, point in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            parts.append(_text(x_of(index), top + plot_h + 18, point.period))
    for value, label, colour, dash in ((baseline, N_("Utgångsvärde %(value)s"), BASELINE_COLOUR, "2 4"),
                                       (target, N_("Mål %(value)s"), TARGET_COLOUR, "8 4")):
        if value is None:
            continue
        y = y_of(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{colour}" '
                     f'stroke-width="2" stroke-dasharray="{dash}"/>')
        parts.append(_text(left + plot_w + 6, y + 4, _(label, value=number(value, lang)), anchor="start",
                           colour=colour))
    coordinates = [(x_of(i), y_of(p.value)) for i, p in enumerate(points)]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{DATA_COLOUR}" stroke-width="2.5"/>')
    for (x, y), point in zip(coordinates, points):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{DATA_COLOUR}">'
                     f'<title>{escape(point.period)}: {escape(number(point.value, lang))}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)

