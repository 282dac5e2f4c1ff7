"""An indicator's small chart: baseline, goal and each measurement as an
inline SVG for the public page (no script, no outside file).

The vertical axis is the value (higher is up) for every indicator; the
direction is respected by what the chart marks: the goal's line, the caption
saying which way is better, and each measurement drawn as moving toward the
goal (filled, green) or away from it (hollow, amber) from the baseline. The
``<title>`` and ``<desc>`` say the same in words; the table under the chart
carries the numbers.
"""

from __future__ import annotations

from html import escape
from typing import Any

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 26
GOOD, BAD, NEUTRAL, GOAL, BASE = "#1b7a3a", "#a35a00", "#0b3954", "#1b7a3a", "#5b5b5b"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def indicator_chart_svg(ind: dict[str, Any], words: dict[str, str], chart_id: str) -> str:
    """The chart of one indicator of ``follow_up_view`` (its ``measurements``,
    ``baseline``, ``goal``, ``direction``); an empty string when there is
    nothing to draw."""
    values: list[float] = [float(m["value"]) for m in ind["measurements"]]
    refs: list[float] = [float(v) for v in (ind["baseline"], ind["goal"]) if v is not None]
    if not values and not refs:
        return ""
    low, high = min(values + refs), max(values + refs)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.12
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + (high - v) / (high - low) * plot_h

    # The baseline is the first point (column «LB»); then one column per measurement.
    columns = 1 + max(len(values), 1)

    def x(i: int) -> float:
        return LEFT + (i + 0.5) * plot_w / columns

    title = escape(f"{ind['name']}: {words['baseline']} {ind['baseline_text']}, {words['goal']} {ind['goal_text']}")
    described = "; ".join(f"{m['period']}: {m['value_text']}" for m in ind["measurements"]) or words["no_measurements"]
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{title}</title>',
        f'<desc id="{chart_id}-d">{escape(described)}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#c8c8c8"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end" class="tick">{escape(_fmt(high))}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end" class="tick">{escape(_fmt(low))}</text>',
    ]
    if ind["goal"] is not None:
        gy = y(ind["goal"])
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="{GOAL}" '
            'stroke-width="1.5" stroke-dasharray="6 3"/>'
        )
        parts.append(
            f'<text x="{LEFT + 3}" y="{gy - 3:.1f}" class="lbl" fill="{GOAL}">'
            f"{escape(words['goal'])} {escape(_fmt(ind['goal']))}</text>"
        )
    if ind["baseline"] is not None:
        by = y(ind["baseline"])
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{by:.1f}" y2="{by:.1f}" stroke="{BASE}" '
            'stroke-width="1" stroke-dasharray="2 3"/>'
        )
        parts.append(f'<circle cx="{x(0):.1f}" cy="{by:.1f}" r="4" fill="{BASE}"/>')
    parts.append(f'<text x="{x(0):.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="tick">LB</text>')
    points = [(x(i + 1), y(v)) for i, v in enumerate(values)]
    if ind["baseline"] is not None and points:
        points = [(x(0), y(ind["baseline"])), *points]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{NEUTRAL}" stroke-width="1.5"/>')
    step = max(1, len(values) // 6)  # at most some six period labels under the axis
    for i, m in enumerate(ind["measurements"]):
        cx, cy = x(i + 1), y(m["value"])
        toward = m["toward_goal"]
        color = GOOD if toward else BAD if toward is False else NEUTRAL
        fill = color if toward is not False else "#fff"
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{fill}" stroke="{color}" stroke-width="2"/>')
        if i % step == 0 or i == len(values) - 1:
            parts.append(
                f'<text x="{cx:.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="tick">{escape(m["period"])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def better_text(ind: dict[str, Any], words: dict[str, str]) -> str:
    """Which way is better, in words (shown with the chart)."""
    return {
        "ascendente": words["better_up"],
        "descendente": words["better_down"],
        "constante": words["better_same"],
    }.get(ind["direction"] or "", "")
