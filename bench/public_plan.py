"""How long a published plan's public outputs take, and how big they are:
the view model, the public page, the JSON, progress.csv, the Atom and
iCalendar feeds and one commitment's informe final (PDF), for a plan of 20
commitments × 10 activities with 12 months of updates each (a report and a
link per month, the odd activities verified), two indicators per commitment
measured monthly and a six-month review.

Each output is rendered ``--runs`` times in this process; the table gives
the median and worst wall time, the median CPU time of this process and the size (bytes; gzip level 6 beside,
what a server sending it compressed would send).

Run: ``.venv/bin/python bench/public_plan.py [--runs 5] [--commitments 20]
[--activities 10] [--months 12]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporters.follow_up_csv import export_progress_csv  # noqa: E402
from exporters.follow_up_feeds import export_atom, export_ical  # noqa: E402
from exporters.follow_up_html import render_public_page  # noqa: E402
from exporters.follow_up_json import export_public_json  # noqa: E402
from exporters.follow_up_report import render_report  # noqa: E402
from exporters.follow_up_view import follow_up_view  # noqa: E402
from tests.support.follow_up_sample import large_plan  # noqa: E402

TODAY = dt.date(2027, 12, 31)


CPU: list[float] = []  # the CPU time of the last measure() call's runs


def measure(runs: int, make: Callable[[], bytes | dict]) -> tuple[list[float], bytes | dict]:
    """Wall times of ``runs`` calls (and their CPU times in ``CPU``: the
    fairer figure on a busy machine) and the last output."""
    times = []
    CPU.clear()
    out: bytes | dict = b""
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        out = make()
        times.append(time.perf_counter() - start)
        CPU.append(time.process_time() - cpu)
    return times, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commitments", type=int, default=20)
    parser.add_argument("--activities", type=int, default=10)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    plan = large_plan(args.commitments, args.activities, args.months)
    print(
        f"plan: {len(plan.commitments)} commitments × {args.activities} activities, "
        f"{len(plan.updates)} updates, {len(plan.evidence)} files, {len(plan.measurements)} measurements"
    )
    view_times, view = measure(args.runs, lambda: follow_up_view(plan, TODAY))
    assert isinstance(view, dict)
    now = dt.datetime(2027, 12, 31, 12, tzinfo=dt.UTC)
    outputs: dict[str, Callable[[], bytes]] = {
        "page (HTML)": lambda: render_public_page(view),
        "JSON": lambda: export_public_json(view),
        "progress.csv": lambda: export_progress_csv(view),
        "feed.atom": lambda: export_atom(view),
        "calendar.ics": lambda: export_ical(view, now),
        "informe final (PDF, 1 commitment)": lambda: render_report(view, "c-1", "pdf")[0],
        "informe final (DOCX, 1 commitment)": lambda: render_report(view, "c-1", "docx")[0],
    }
    view_cpu = list(CPU)
    print(f"{'output':36} {'median ms':>10} {'worst ms':>10} {'CPU ms':>8} {'bytes':>11} {'gzip bytes':>11}")
    print(
        f"{'view model':36} {statistics.median(view_times) * 1000:10.1f} {max(view_times) * 1000:10.1f} "
        f"{statistics.median(view_cpu) * 1000:8.1f}"
    )
    for name, make in outputs.items():
        times, data = measure(args.runs, make)
        assert isinstance(data, bytes)
        print(
            f"{name:36} {statistics.median(times) * 1000:10.1f} {max(times) * 1000:10.1f} "
            f"{statistics.median(CPU) * 1000:8.1f} {len(data):11,} {len(gzip.compress(data, 6)):11,}"
        )
    page_total = [a + b for a, b in zip(view_times, measure(args.runs, outputs["page (HTML)"])[0], strict=True)]
    print(f"{'view + page (a request)':36} {statistics.median(page_total) * 1000:10.1f} {max(page_total) * 1000:10.1f}")


if __name__ == "__main__":
    main()
