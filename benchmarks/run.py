"""``make benchmark``: throughput (extract_corpus beside search_dates on data/raw and the dev
corpus), per-call latency (extract beside search_dates and datefinder, extract_texts on 10,000
sentences) and the date-finding peers, printed as one table with the goals of issue 12.
Run: python benchmarks/run.py"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dates  # noqa: E402
import latency  # noqa: E402
import throughput  # noqa: E402


def table() -> pd.DataFrame:
    """One row per figure: what was measured, of which tool, its value and the goal it has."""
    rows = []
    speed = throughput.results()
    for corpus, r in speed.iterrows():
        rows += [("throughput", corpus, "kzevents.extract_corpus", "chars/s", r["kzevents chars/s"], ""),
                 ("throughput", corpus, "dateparser.search_dates", "chars/s", r["search_dates chars/s"], ""),
                 ("throughput", corpus, "speed-up", "x search_dates", r["speed-up"], f">= {throughput.GOAL}")]
    calls, batch = latency.results()
    for tool, r in calls.iterrows():
        goal = f"<= {latency.GOAL_MS}" if tool == "kzevents.extract" else ""
        rows += [("latency", "1,000 gold sentences", tool, "median ms", r["median ms"], goal),
                 ("latency", "1,000 gold sentences", tool, "p95 ms", r["p95 ms"], "")]
    rows += [("batch", f"{batch['sentences']:,} sentences", "kzevents.extract_texts", "seconds", batch["seconds"], ""),
             ("batch", f"{batch['sentences']:,} sentences", "kzevents.extract_texts", "peak MB", batch["peak MB"], "")]
    scores, what = dates.results()
    for tool, r in scores.iterrows():
        for column, value in r.items():
            best = "best" if tool == "kzevents" else ""
            rows.append(("dates", what, tool, column, value, best))
    return pd.DataFrame(rows, columns=["benchmark", "on", "tool", "figure", "value", "goal"])


def main() -> None:
    out = table()
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
        print(out.assign(value=out["value"].map(lambda v: f"{v:,.3f}" if v < 100 else f"{v:,.0f}")).to_string(index=False))


if __name__ == "__main__":
    main()
