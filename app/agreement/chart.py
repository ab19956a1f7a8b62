"""An indicator's values per period as an SVG line chart, rendered on the server (no JavaScript needed).

Pure: the caller passes the points (period label and value) in period order, the baseline and
target where the plan has them, and the language. The chart carries a title and a description
in words; each point has a tooltip with its period and value; baseline and target are dashed
lines that differ in pattern and label, not only in colour. Every text is escaped. The page shows
the same values in a table beside the chart.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .i18n import LANGUAGES, N_, gettext_for

DATA_COLOUR = "#1f4e79"
AXIS_COLOUR = "#555555"
GRID_COLOUR = "#d8dce1"
BASELINE_COLOUR = "#6b4e00"
TARGET_COLOUR = "#1e6b33"
BASELINE_DASH = "2 4"
TARGET_DASH = "8 4"
FONT_SIZE = 12
#: Estimated width of one character at FONT_SIZE, on the wide side so that labels do not touch.
CHAR_WIDTH = 6.8
#: At most this many period labels under the x axis, however wide the chart.
MAX_LABELS = 12
DECIMALS = 2
STEP_FACTORS = (1, 2, 2.5, 5)
NBSP = "\u00a0"

NO_VALUES = N_("Inga värden ännu")
ONE_VALUE = N_("Ett värde, %(period)s: %(value)s")
SEVERAL_VALUES = N_("%(n)s värden från %(first)s till %(last)s; senaste värdet %(value)s")
TARGET_WORDS = N_("mål %(value)s")
BASELINE_WORDS = N_("utgångsvärde %(value)s")
TARGET_LABEL = N_("Mål %(value)s")
BASELINE_LABEL = N_("Utgångsvärde %(value)s")

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Point:
    """One period's value."""

    period: str  # as the reader reads it: "2027 K1", "2027"
    value: float


def number(value: float, lang: str = "sv", decimals: int = DECIMALS) -> str:
    """Format a number as the language writes it: 12 500 and 2,5 in Swedish, 12,500 and 2.5 in English.

    At most `decimals` decimals, trailing zeros dropped; a whole number has none.
    """
    text = f"{round(float(value), decimals) + 0.0:,.{decimals}f}"  # + 0.0 turns -0.0 into 0.0
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if lang == "sv":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def _step_decimals(factor: float, exponent: int) -> int:
    return max(0, -exponent) + (1 if factor == 2.5 else 0)


def _ticks(low: float, high: float) -> tuple[list[float], int]:
    """The ticks covering low..high and the decimals they need."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1)
    span = high - low
    if not math.isfinite(span):
        raise ValueError("the values are too large to chart")
    exponent = math.floor(math.log10(span)) - 1  # a step this small gives at least ten intervals
    while True:
        for factor in STEP_FACTORS:
            step = factor * 10.0 ** exponent
            first = math.floor(low / step + 1e-9)
            last = math.ceil(high / step - 1e-9)
            if last - first <= 5:  # steps grow at most twofold, so this is also at least three intervals
                decimals = _step_decimals(factor, exponent)
                return [round(k * step, decimals) + 0.0 for k in range(first, last + 1)], decimals
        exponent += 1


def nice_ticks(low: float, high: float) -> list[float]:
    """Return 4–6 round tick values (a step of 1, 2, 2.5 or 5 × 10ⁿ) from at most `low` to at least `high`."""
    return _ticks(low, high)[0]


def _clean(text: str) -> str:
    """Drop the characters XML cannot carry at all (control characters)."""
    return _NOT_XML.sub("", str(text))


def _coordinate(value: float) -> str:
    text = f"{value + 0.0:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _tag(name: str, attributes: dict[str, object], content: str | None = None) -> str:
    """An element; attribute values are quoted and escaped, `content` must already be markup."""
    attrs = "".join(f" {key}={quoteattr(_coordinate(value) if isinstance(value, float) else str(value))}"
                    for key, value in attributes.items())
    return f"<{name}{attrs}/>" if content is None else f"<{name}{attrs}>{content}</{name}>"


def _text(x: float, y: float, text: str, *, anchor: str = "middle", colour: str = AXIS_COLOUR) -> str:
    return _tag("text", {"x": float(x), "y": float(y), "dy": "0.35em", "text-anchor": anchor, "fill": colour},
                escape(_clean(text)))


def _width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _finite(value: float | None, name: str) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{name} is not a finite number: {value!r}")


def _chart_id(chart_id: str | None, payload: object) -> str:
    if chart_id is not None:
        if not _ID.match(chart_id):
            raise ValueError(f"not a usable element id: {chart_id!r}")
        return chart_id
    digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()
    return f"chart-{digest[:12]}"


def _spread(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move label positions (in order) apart so that neighbours are at least `gap` apart, within low..high."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [ys[i] for i in order]
    for i in range(1, len(placed)):
        if placed[i] - placed[i - 1] < gap:
            middle = (placed[i] + placed[i - 1]) / 2
            placed[i - 1], placed[i] = middle - gap / 2, middle + gap / 2
    if placed and placed[0] < low:
        placed = [y + low - placed[0] for y in placed]
    if placed and placed[-1] > high:
        placed = [y - (placed[-1] - high) for y in placed]
    result = [0.0] * len(ys)
    for rank, i in enumerate(order):
        result[i] = placed[rank]
    return result


def line_chart(title: str, points: list[Point], *, baseline: float | None = None, target: float | None = None,
               lang: str = "sv", width: int = 640, height: int = 280, chart_id: str | None = None) -> str:
    """Return an <svg> element, safe to embed in HTML, drawing the points left to right in the given order.

    `chart_id` names the title and description elements the chart is labelled by; without it
    the id is derived from the input, so the same chart on one page twice needs one.
    """
    lang = lang if lang in LANGUAGES else "sv"
    gettext = gettext_for(lang)
    for point in points:
        _finite(point.value, f"the value for {point.period!r}")
    _finite(baseline, "the baseline")
    _finite(target, "the target")
    ident = _chart_id(chart_id, [title, [[p.period, p.value] for p in points], baseline, target, lang, width, height])

    references = []  # (value, label, colour, dash), drawn in this order
    if baseline is not None:
        references.append((baseline, gettext(BASELINE_LABEL, value=number(baseline, lang)), BASELINE_COLOUR,
                           BASELINE_DASH))
    if target is not None:
        references.append((target, gettext(TARGET_LABEL, value=number(target, lang)), TARGET_COLOUR, TARGET_DASH))

    if not points:
        words = [gettext(NO_VALUES)]
    elif len(points) == 1:
        words = [gettext(ONE_VALUE, period=points[0].period, value=number(points[0].value, lang))]
    else:
        words = [gettext(SEVERAL_VALUES, n=len(points), first=points[0].period, last=points[-1].period,
                         value=number(points[-1].value, lang))]
    if target is not None:
        words.append(gettext(TARGET_WORDS, value=number(target, lang)))
    if baseline is not None:
        words.append(gettext(BASELINE_WORDS, value=number(baseline, lang)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'viewBox="0 0 {int(width)} {int(height)}" width="100%" '
        f'font-family="inherit" font-size="{FONT_SIZE}" class="line-chart">',
        _tag("title", {"id": f"{ident}-title"}, escape(_clean(title))),
        _tag("desc", {"id": f"{ident}-desc"}, escape(_clean("; ".join(words)))),
    ]
    if not points:
        parts.append(_text(width / 2, height / 2, gettext(NO_VALUES)))
        parts.append("</svg>")
        return "\n".join(parts)

    values = [p.value for p in points] + [r[0] for r in references]
    ticks, tick_decimals = _ticks(min(0.0, *values), max(values))
    tick_labels = [number(t, lang, max(tick_decimals, 0)) for t in ticks]
    periods = [_clean(p.period) for p in points]

    left = max(_width(label) for label in tick_labels) + 14
    right = max([_width(r[1]) + 14 for r in references] + [16.0])
    top, bottom = FONT_SIZE, 2 * FONT_SIZE + 12
    plot_w, plot_h = width - left - right, height - top - bottom
    if plot_w < 40 or plot_h < 40:
        raise ValueError(f"a chart of {width}×{height} has no room to draw in")
    plot_right, plot_bottom = left + plot_w, top + plot_h
    low, high = ticks[0], ticks[-1]
    slot = plot_w / len(points)

    def x_of(index: int) -> float:
        return left + (index + 0.5) * slot

    def y_of(value: float) -> float:
        return top + (high - value) / (high - low) * plot_h

    for tick, label in zip(ticks, tick_labels):
        y = y_of(tick)
        parts.append(_tag("line", {"x1": left, "y1": y, "x2": plot_right, "y2": y, "stroke": GRID_COLOUR,
                                   "stroke-width": 1}))
        parts.append(_text(left - 8, y, label, anchor="end"))
    parts.append(_tag("line", {"x1": left, "y1": float(top), "x2": left, "y2": plot_bottom, "stroke": AXIS_COLOUR}))
    parts.append(_tag("line", {"x1": left, "y1": plot_bottom, "x2": plot_right, "y2": plot_bottom,
                               "stroke": AXIS_COLOUR}))
    if low < 0 < high:
        parts.append(_tag("line", {"x1": left, "y1": y_of(0), "x2": plot_right, "y2": y_of(0),
                                   "stroke": AXIS_COLOUR, "stroke-width": 1}))

    # One tick mark per period; a label on every k-th, counted back from the latest period,
    # and none that would touch the one to its right.
    gap = 4.0
    every = max(1, math.ceil(len(points) / MAX_LABELS), math.ceil((max(map(_width, periods)) + gap) / slot))
    label_y = plot_bottom + 6 + FONT_SIZE
    labels = []
    limit = float(width)
    for index in range(len(points)):
        parts.append(_tag("line", {"x1": x_of(index), "y1": plot_bottom, "x2": x_of(index), "y2": plot_bottom + 4,
                                   "stroke": AXIS_COLOUR}))
    for index in range(len(points) - 1, -1, -1):
        x = x_of(index)
        if (len(points) - 1 - index) % every:
            continue
        half = _width(periods[index]) / 2
        x = min(max(x, half + 2), width - half - 2)
        if x + half > limit - gap and labels:
            continue
        labels.append(_text(x, label_y, periods[index]))
        limit = x - half
    parts.extend(reversed(labels))

    label_ys = _spread([y_of(r[0]) for r in references], FONT_SIZE + 3, FONT_SIZE / 2, height - FONT_SIZE / 2)
    for (value, label, colour, dash), label_y in zip(references, label_ys):
        y = y_of(value)
        parts.append(_tag("line", {"x1": left, "y1": y, "x2": plot_right, "y2": y, "stroke": colour,
                                   "stroke-width": 2, "stroke-dasharray": dash}))
        parts.append(_text(plot_right + 6, label_y, label, anchor="start", colour=colour))

    coordinates = [(x_of(i), y_of(p.value)) for i, p in enumerate(points)]
    if len(points) > 1:
        parts.append(_tag("polyline", {"points": " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in coordinates),
                                       "fill": "none", "stroke": DATA_COLOUR, "stroke-width": 2.5,
                                       "stroke-linejoin": "round"}))
    for (x, y), period, point in zip(coordinates, periods, points):
        tooltip = _tag("title", {}, escape(f"{period}: {number(point.value, lang)}"))
        parts.append(_tag("circle", {"cx": x, "cy": y, "r": 4, "fill": DATA_COLOUR, "stroke": "#ffffff",
                                     "stroke-width": 1.5}, tooltip))
    parts.append("</svg>")
    return "\n".join(parts)
