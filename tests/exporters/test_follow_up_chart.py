"""An indicator's chart: well-formed SVG for any values, the goal and the
baseline where the numbers put them, and the direction respected (a
measurement that moved the way the indicator should is marked toward the
goal, filled; one that moved the other way hollow)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.follow_up_chart import better_text, indicator_chart_svg
from exporters.follow_up_words import WORDS

SVG = "{http://www.w3.org/2000/svg}"
numbers = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)


def indicator(baseline, goal, direction, values):
    toward = {
        "ascendente": lambda v: v > baseline,
        "descendente": lambda v: v < baseline,
        "constante": lambda v: v == baseline,
    }
    return {
        "name": "Indicador <b>",
        "baseline": baseline,
        "baseline_text": str(baseline),
        "goal": goal,
        "goal_text": str(goal),
        "direction": direction,
        "measurements": [
            {
                "period": f"2027-{i + 1:02d}",
                "value": v,
                "value_text": str(v),
                "toward_goal": None if baseline is None or direction is None else toward[direction](v),
            }
            for i, v in enumerate(values)
        ],
    }


@settings(max_examples=200, deadline=None)
@given(
    st.none() | numbers,
    st.none() | numbers,
    st.none() | st.sampled_from(["ascendente", "descendente", "constante"]),
    st.lists(numbers, max_size=14),
)
def test_any_indicator_draws_well_formed_svg_inside_its_box(baseline, goal, direction, values) -> None:
    svg = indicator_chart_svg(indicator(baseline, goal, direction, values), WORDS["es"], "g")
    if not values and baseline is None and goal is None:
        assert svg == ""
        return
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    for circle in root.iter(f"{SVG}circle"):
        assert 0 <= float(circle.get("cx")) <= 320 and 0 <= float(circle.get("cy")) <= 150
    assert root.find(f"{SVG}title").text.startswith("Indicador <b>")  # text, escaped in the markup


def test_a_descending_indicator_puts_its_goal_below_the_baseline_and_marks_progress_down() -> None:
    ind = indicator(18, 10, "descendente", [14, 20])
    root = ET.fromstring(indicator_chart_svg(ind, WORDS["es"], "g"))
    lines = [line for line in root.iter(f"{SVG}line")]
    goal_y, base_y = float(lines[0].get("y1")), float(lines[1].get("y1"))
    assert goal_y > base_y  # lower value, lower on the chart
    circles = list(root.iter(f"{SVG}circle"))[1:]  # after the baseline's point
    assert circles[0].get("fill") != "#fff" and circles[1].get("fill") == "#fff"
    assert better_text(ind, WORDS["es"]) == "Mejor hacia abajo"
    assert better_text(indicator(1, 2, "ascendente", []), WORDS["en"]) == "Higher is better"
