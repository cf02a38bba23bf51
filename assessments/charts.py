"""Geometry of a small line chart over dates, drawn as server-side SVG: no Django.

The template draws what this returns with SVG presentation attributes only (the
CSP forbids inline styles), so the chart reads without JavaScript.
"""

import math
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    value: float
    day: date


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    points: str  # "x,y x,y ..." for <polyline points>
    marks: list[Mark]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: the first and last date labels stay inside


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    lines: list[Line] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    band: tuple[float, float] | None = None  # y of the reference band's top and bottom
    zero_y: float | None = None

    @property
    def empty(self) -> bool:
        return not any(line.marks for line in self.lines)

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def band_height(self) -> float:
        return self.band[1] - self.band[0] if self.band else 0


def _nice_step(span: float) -> float:
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def line_chart(
    series: list[tuple[str, str, list[tuple[date, float]]]],
    *,
    width: int = 480,
    height: int = 210,
    band: tuple[float, float] | None = None,
    unit: str = "°",
) -> Chart:
    """Scale ``series`` of (key, label, [(day, value), ...]) into a chart of the given size.

    ``band`` is a (low, high) reference range shaded behind the lines.
    """
    chart = Chart(width=width, height=height, left=44, right=width - 12, top=12, bottom=height - 28)
    values = [value for _, _, points in series for _, value in points]
    days = [day for _, _, points in series for day, _ in points]
    if not values:
        chart.lines = [Line(key, label, "", []) for key, label, _ in series]
        return chart

    low, high = min([*values, 0.0]), max([*values, 0.0])
    if band:
        low, high = min(low, band[0]), max(high, band[1])
    if high - low < 5:
        high = low + 5
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step

    first, last = min(days), max(days)
    span_days = (last - first).days

    def x_of(day: date) -> float:
        if span_days == 0:
            return (chart.left + chart.right) / 2
        return chart.left + (day - first).days / span_days * chart.plot_width

    def y_of(value: float) -> float:
        return chart.bottom - (value - low) / (high - low) * (chart.bottom - chart.top)

    for key, label, points in series:
        marks = [Mark(round(x_of(d), 1), round(y_of(v), 1), v, d) for d, v in points]
        chart.lines.append(Line(key, label, " ".join(f"{m.x},{m.y}" for m in marks), marks))

    tick = low
    while tick <= high + step / 2:
        chart.y_ticks.append(Tick(round(y_of(tick), 1), f"{tick:g}{unit}"))
        tick += step
    unique_days = sorted(set(days))
    if len(unique_days) > 6:
        stride = math.ceil(len(unique_days) / 6)
        unique_days = unique_days[::stride]
    chart.x_ticks = [Tick(round(x_of(d), 1), d.strftime("%d %b %y")) for d in unique_days]
    if len(chart.x_ticks) > 1:
        first_tick, last_tick = chart.x_ticks[0], chart.x_ticks[-1]
        chart.x_ticks[0] = Tick(first_tick.position, first_tick.label, "start")
        chart.x_ticks[-1] = Tick(last_tick.position, last_tick.label, "end")
    if band:
        chart.band = (round(y_of(band[1]), 1), round(y_of(band[0]), 1))
    if low < 0 < high:
        chart.zero_y = round(y_of(0), 1)
    return chart
