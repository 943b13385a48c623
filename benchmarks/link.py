"""Seconds that kzevents.link takes for N synthetic mentions (goal: 100,000 in under 10 s), wall and CPU.

The mentions are generated here: a few thousand real events, each told by one to four documents
at day, month or year precision, with places, named subjects and differing counts, so that
blocking by type and year, the interval and name indexes, and the merge are all exercised.

    python benchmarks/link.py                 # 100,000 mentions
    python benchmarks/link.py --mentions 10000 100000 200000
"""

from __future__ import annotations

import argparse
import random
import time

import pandas as pd

import kzevents
from kzevents.schema import Mentions, validate_mentions

TYPES = {"detention": "detention", "conviction": "prison", "ban": "organisation", "protest": "rally",
         "violence": "killing", "threat": None, "release": "release", "restriction": "travel_ban"}
PLACES = ["Almaty", "Astana", "Zhanaozen", "Shymkent", "Aktobe", "Uralsk", "Karaganda", "Atyrau", ""]
FIRST = ["Aigul", "Bolat", "Dana", "Erlan", "Gulnar", "Marat", "Nurlan", "Saule", "Timur", "Zhanna", "Askar",
         "Dinara", "Yerzhan", "Kairat", "Laura", "Ruslan", "Samal", "Daniyar", "Assel", "Murat"]
LAST = ["Nurova", "Sadykov", "Ermekova", "Tokhtarov", "Abenova", "Ospanov", "Zhakupova", "Iskakov", "Kenzhebaeva",
        "Temirov", "Baimukhanov", "Dzhaksybekova", "Rakhimov", "Seitkali", "Amanzholova", "Bekov", "Utegenova",
        "Mukanov", "Karimova", "Yesenov", "Alibekova", "Sarsenov", "Tulegenova", "Zhumabaev", "Kassymova"]
NAMES = [f"{f} {l}" for f in FIRST for l in LAST] + [""] * 500  # 500 people; half the events name nobody


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    """About ``n`` mention rows over 2005–2024, several documents telling each event."""
    rng = random.Random(seed)
    rows = []
    event = 0
    while len(rows) < n:
        event += 1
        event_type = rng.choice(list(TYPES))
        day = pd.Timestamp("2005-01-01") + pd.Timedelta(days=rng.randrange(20 * 365))
        place, name, count = rng.choice(PLACES), rng.choice(NAMES), rng.randrange(1, 400)
        tally = rng.random() < 0.1
        for k in range(rng.randint(1, 4)):
            precision = "year" if tally else rng.choice(["day", "day", "day", "month", "year"])
            start, end = {"day": (day, day),
                          "month": (day.replace(day=1), day + pd.offsets.MonthEnd(0)),
                          "year": (day.replace(month=1, day=1), day.replace(month=12, day=31))}[precision]
            figure = max(1, count + rng.randrange(-5, 6))
            quote = f"Event {event} as told by source {k}: {figure} people, {place or 'somewhere'}."
            at = rng.randrange(10**6)
            rows.append({"doc_id": f"doc{rng.randrange(n // 20 + 1)}", "paragraph": str(rng.randrange(100)),
                         "char_start": at, "char_end": at + len(quote), "quote": quote, "event_type": event_type,
                         "subtype": TYPES[event_type], "kind": "tally" if tally else "occurrence", "trigger": "",
                         "date_text": "", "date_start": start, "date_end": end, "date_precision": precision,
                         "count_text": f"{figure} people", "count": figure, "count_qualifier": "exact",
                         "count_low": figure, "count_high": figure, "count_unit": "people", "attributed_to": "",
                         "cited_urls": "", "location": place, "subjects": name, "penalty": ""})
    return validate_mentions(pd.DataFrame(rows[:n], columns=list(Mentions.to_schema().columns)))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mentions", type=int, nargs="+", default=[100_000])
    args = p.parse_args(argv)
    for n in args.mentions:
        mentions = synthetic(n)
        began, cpu = time.perf_counter(), time.process_time()
        events = kzevents.link(mentions)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        print(f"{n:>8,} mentions -> {len(events):>7,} events in {seconds:6.2f} s wall, {cpu:6.2f} s CPU "
              f"({n / seconds:,.0f} mentions/s){'' if seconds < 10 else '  SLOWER THAN THE 10 s GOAL'}")
        if cpu < 0.7 * seconds:
            print("          (the wall time is well above the CPU time: the machine is busy; time it again idle)")


if __name__ == "__main__":
    main()
