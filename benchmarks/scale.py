"""Documents per second and peak memory of kzevents.extract_corpus on Dask, for corpora of report-style
documents generated here (in a temporary folder; nothing is stored in the repository).

Goals: cost linear in corpus size (10x the documents, about 10x the time, flat memory per worker);
two workers at least 1.6x one. Each measurement runs in a fresh process, so that peak memory is its
own. Run small first:

    python benchmarks/scale.py --docs 200 --workers 1 2
    python benchmarks/scale.py --docs 1000 10000 --workers 1 2      # minutes
    python benchmarks/scale.py --docs 1000 --workers 0 1 2          # 0: the serial engine, no Dask
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["Almaty", "Nur-Sultan", "Astana", "Zhanaozen", "Shymkent", "Aktobe", "Uralsk", "Karaganda", "Atyrau"]
ORGS = ["the Kazakhstan International Bureau for Human Rights", "Adil Soz", "Human Rights Watch",
        "Amnesty International", "the Office of the High Commissioner", "Freedom House", "Front Line Defenders"]
PEOPLE = ["people", "activists", "journalists", "protesters", "workers", "demonstrators", "bloggers"]
VERBS = ["were detained", "were arrested", "were fined", "were sentenced to 15 days of administrative arrest",
         "were convicted", "were released", "were questioned by the police", "were beaten"]
COUNTS = ["more than 150", "about 30", "12", "at least 7", "over 200", "some 40", "two", "five", "dozens of"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
BANNED = ["Confederation of Independent Trade Unions", "Democratic Choice of Kazakhstan movement",
          "newspaper Respublika", "Koshe Party", "website ratel.kz"]
TEMPLATES = [
    "On {date}, {count} {people} {verb} in {place}.",
    "According to {org}, {count} {people} {verb} in {place} on {date}.",
    "In {year}, {org} registered {tally} cases of threats against journalists.",
    "On {date}, a court in {place} banned the {banned}.",
    "The law on peaceful assemblies entered into force on {date}.",
    "Police dispersed a peaceful rally in {place} on {date} and detained {count} participants.",
    "{Count} oil workers in {place} went on strike on {date}, demanding higher wages.",
    "The Special Rapporteur met representatives of civil society in {place}.",
    "{Org} recommends that the Government ensure the right to peaceful assembly.",
    "Between {year} and {year2}, {tally} criminal cases were opened under article 174 of the Criminal Code.",
]
TITLES = ["Submission to the Universal Periodic Review of Kazakhstan", "Shadow report on freedom of assembly",
          "Press release: crackdown on peaceful protesters", "Briefing on human rights defenders in Kazakhstan"]


def _sentence(rng: random.Random) -> str:
    year = rng.randint(2011, 2023)
    values = {"date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}", "year": year,
              "year2": year + rng.randint(1, 3),
              "count": rng.choice(COUNTS), "people": rng.choice(PEOPLE), "verb": rng.choice(VERBS),
              "place": rng.choice(PLACES), "org": rng.choice(ORGS), "tally": rng.randint(10, 2000),
              "banned": rng.choice(BANNED)}
    values["Count"], values["Org"] = values["count"].capitalize(), values["org"][0].upper() + values["org"][1:]
    return rng.choice(TEMPLATES).format(**values)


def document(seed: int) -> str:
    """One report-style document: a title, a heading and numbered paragraphs (about 3 KB)."""
    rng = random.Random(seed)
    paragraphs = [f"{n}. " + " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
                  for n in range(1, rng.randint(6, 14))]
    return f"{rng.choice(TITLES)}\n\nI. Civic space\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(root: Path, n_docs: int) -> int:
    """Write ``n_docs`` documents and their manifest into ``root``; returns the characters written."""
    chars = 0
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["doc_id", "file", "title", "publisher", "published", "url", "sha256"])
        for i in range(n_docs):
            data = document(i).encode()
            chars += len(data)
            (root / f"doc{i:05d}.txt").write_bytes(data)
            writer.writerow([f"doc{i:05d}", f"doc{i:05d}.txt", f"Report {i}", "NGO", "2024-01-31", "",
                             hashlib.sha256(data).hexdigest()])
    return chars


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _warm() -> None:
    import kzevents

    kzevents.extract("On 10 May 2018 more than 150 people were detained in Almaty.", published="2019-01-01")


def measure(raw: str, workers: int) -> dict:
    """One run, in this process: seconds, documents per second and peak memory (MB)."""
    import kzevents

    started = time.perf_counter()
    if workers == 0:
        _warm()
        client = cluster = None
    else:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        for address in client.scheduler_info()["workers"]:  # warm each worker's task thread, as serial warms its own
            client.submit(_warm, workers=[address], pure=False).result()
    startup = time.perf_counter() - started
    started = time.perf_counter()
    mentions = kzevents.extract_corpus(raw, engine="dask" if workers else "serial", client=client)
    seconds = time.perf_counter() - started
    worker_mb = max(client.run(_peak_mb).values()) if client else 0.0
    if client:
        client.close()
        cluster.close()
    n_docs = sum(1 for _ in Path(raw).glob("*.txt"))
    return {"docs": n_docs, "workers": workers, "mentions": len(mentions), "startup_s": round(startup, 1),
            "seconds": round(seconds, 1), "docs_per_s": round(n_docs / seconds, 1),
            "main_peak_mb": round(_peak_mb()), "worker_peak_mb": round(worker_mb)}


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default: 1000 10000)")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="Dask workers; 0 = serial (default: 1 2)")
    p.add_argument("--measure", metavar="RAW", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.workers[0])))
        return
    results = []
    print(f"{'docs':>7} {'workers':>7} {'MB text':>8} {'mentions':>9} {'start s':>8} {'seconds':>8} {'docs/s':>8} "
          f"{'main MB':>8} {'worker MB':>9}", flush=True)
    for n_docs in args.docs:
        with tempfile.TemporaryDirectory(prefix="kzevents-scale-") as tmp:
            chars = generate(Path(tmp), n_docs)
            for workers in args.workers:
                done = subprocess.run([sys.executable, __file__, "--measure", tmp, "--workers", str(workers)],
                                      capture_output=True, text=True, check=True)
                r = json.loads(done.stdout.strip().splitlines()[-1])
                results.append(r)
                print(f"{r['docs']:>7} {workers:>7} {chars / 1e6:>8.1f} {r['mentions']:>9} {r['startup_s']:>8} "
                      f"{r['seconds']:>8} {r['docs_per_s']:>8} {r['main_peak_mb']:>8} {r['worker_peak_mb']:>9}",
                      flush=True)
    _verdicts(results)


def _verdicts(results: list[dict]) -> None:
    by = {(r["docs"], r["workers"]): r for r in results}
    sizes, workers = sorted({r["docs"] for r in results}), sorted({r["workers"] for r in results})
    for w in workers:
        for small, large in zip(sizes, sizes[1:]):
            a, b = by[(small, w)], by[(large, w)]
            print(f"{w} worker(s): {large / small:g}x the documents took {b['seconds'] / a['seconds']:.1f}x the time "
                  f"(linear: {large / small:g}x); worker peak {a['worker_peak_mb']} -> {b['worker_peak_mb']} MB")
    if 1 in workers and 2 in workers:
        for n in sizes:
            speedup = by[(n, 1)]["seconds"] / by[(n, 2)]["seconds"]
            print(f"{n} documents: 2 workers are {speedup:.2f}x one (goal: at least 1.6x)"
                  + ("" if speedup >= 1.6 else "  <- below the goal"))


if __name__ == "__main__":
    main()
