"""Scoring predicted mentions against gold rows (codebook §8, R19).

A predicted row matches a gold row of the same doc_id and event_type when the date intervals
overlap (lenient) or are equal (strict); a "count" match is a lenient match whose counts are equal
or both empty. Each gold row matches at most one predicted row (greedy, best overlap first).

>>> import pandas as pd
>>> gold = pd.DataFrame({"doc_id": ["d"], "event_type": ["ban"], "date_start": ["2017-01-04"], "date_end": ["2017-01-04"], "count": [1]})
>>> pred = gold.assign(count=[2])
>>> s = evaluate(pred, gold); (s.overall("strict").f1, s.overall("count").f1)
(1.0, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

MODES = ("lenient", "strict", "count")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 with the counts behind them."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Per-type and overall scores for each mode, accuracies over matched pairs, and the errors."""

    table: pd.DataFrame
    date_accuracy: float
    count_accuracy: float
    misses: pd.DataFrame = field(repr=False)
    false_positives: pd.DataFrame = field(repr=False)

    def overall(self, mode: str) -> PRF:
        row = self.table[(self.table["mode"] == mode) & (self.table["event_type"] == "overall")].iloc[0]
        return PRF(int(row.tp), int(row.fp), int(row.fn))

    def summary_lines(self) -> list[str]:
        """The three closing lines: ``overall lenient P=… R=… F1=…``, then strict, then count."""
        return [f"overall {m} P={self.overall(m).precision:.3f} R={self.overall(m).recall:.3f} "
                f"F1={self.overall(m).f1:.3f}" for m in MODES]


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy().reset_index(drop=True)
    out["date_start"] = pd.to_datetime(out["date_start"], errors="coerce")
    out["date_end"] = pd.to_datetime(out["date_end"], errors="coerce")
    out["count"] = pd.to_numeric(out.get("count"), errors="coerce").astype("Float64")
    return out


def _same_count(g, p) -> bool:
    a, b = g["count"], p["count"]
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return bool(a == b)


def _ok(g, p, mode: str) -> bool:
    if g.doc_id != p.doc_id or g.event_type != p.event_type:
        return False
    if mode == "strict":
        return g.date_start == p.date_start and g.date_end == p.date_end
    overlap = g.date_start <= p.date_end and p.date_start <= g.date_end
    if mode == "count":
        return overlap and _same_count(g, p)
    return overlap


def _closeness(g, p) -> tuple:
    inter = (min(g.date_end, p.date_end) - max(g.date_start, p.date_start)).days + 1
    union = (max(g.date_end, p.date_end) - min(g.date_start, p.date_start)).days + 1
    return (inter / union if union else 0, _same_count(g, p))


def match(pred: pd.DataFrame, gold: pd.DataFrame, mode: str) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs under ``mode``; each row used at most once."""
    candidates = []
    for d, g_rows in gold.groupby(["doc_id", "event_type"]):
        p_rows = pred[(pred.doc_id == d[0]) & (pred.event_type == d[1])]
        for gi, g in g_rows.iterrows():
            for pi, p in p_rows.iterrows():
                if _ok(g, p, mode):
                    candidates.append((_closeness(g, p), gi, pi))
    return greedy_pairs(candidates)


def greedy_pairs(candidates: list[tuple]) -> list[tuple]:
    """(gold, predicted) pairs from ``(closeness, gold, predicted)`` candidates, best first, each
    side used at most once (R19).

    >>> greedy_pairs([(0.5, "g1", "p1"), (1.0, "g1", "p2"), (0.9, "g2", "p2")])
    [('g1', 'p2')]
    """
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in sorted(candidates, key=lambda c: c[0], reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def evaluate(predicted: pd.DataFrame, gold: pd.DataFrame) -> Scores:
    """Score ``predicted`` mentions against ``gold`` rows (same columns as the gold CSV)."""
    pred, gold = _normalise(predicted), _normalise(gold)
    rows, matches = [], {}
    types = sorted(set(gold.event_type) | set(pred.event_type))
    for mode in MODES:
        pairs = match(pred, gold, mode)
        matches[mode] = pairs
        for t in types + ["overall"]:
            g_ids = set(gold.index if t == "overall" else gold.index[gold.event_type == t])
            p_ids = set(pred.index if t == "overall" else pred.index[pred.event_type == t])
            tp = sum(1 for gi, _ in pairs if gi in g_ids)
            prf = PRF(tp, len(p_ids) - tp, len(g_ids) - tp)
            rows.append({"mode": mode, "event_type": t, "n_gold": len(g_ids), "n_pred": len(p_ids),
                         "tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "precision": round(prf.precision, 3),
                         "recall": round(prf.recall, 3), "f1": round(prf.f1, 3)})
    lenient = matches["lenient"]
    exact_dates = sum(gold.loc[g].date_start == pred.loc[p].date_start and gold.loc[g].date_end == pred.loc[p].date_end
                      for g, p in lenient)
    same_counts = sum(_closeness(gold.loc[g], pred.loc[p])[1] for g, p in lenient)
    n = len(lenient) or 1
    matched_g = {g for g, _ in lenient}
    matched_p = {p for _, p in lenient}
    return Scores(pd.DataFrame(rows), exact_dates / n, same_counts / n,
                  gold.loc[sorted(set(gold.index) - matched_g)], pred.loc[sorted(set(pred.index) - matched_p)])


def format_scores(scores: Scores) -> str:
    """The score table as text, ending with the three ``overall`` lines."""
    wide = scores.table.pivot(index="event_type", columns="mode", values="f1")[list(MODES)]
    counts = scores.table[scores.table["mode"] == "lenient"].set_index("event_type")[["n_gold", "n_pred"]]
    body = counts.join(wide.add_prefix("F1_")).to_string()
    return "\n".join([body, "",
                      f"date-interval accuracy (matched pairs): {scores.date_accuracy:.3f}",
                      f"count accuracy (matched pairs): {scores.count_accuracy:.3f}", "",
                      *scores.summary_lines()])


@dataclass(frozen=True)
class LinkScores:
    """B-cubed precision, recall and F1 of linking, over the gold rows matched to a predicted mention."""

    precision: float
    recall: float
    f1: float
    n_matched: int
    n_gold: int

    def line(self) -> str:
        return (f"links B-cubed P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
                f"({self.n_matched} of {self.n_gold} gold rows matched)")


def bcubed(gold_labels: list, predicted_labels: list) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of a predicted clustering against a gold one, item by item.

    >>> bcubed(["a", "a", "b"], [1, 1, 1])
    (0.556, 1.0, 0.714)
    """
    if len(gold_labels) != len(predicted_labels):
        raise ValueError(f"bcubed: {len(gold_labels)} gold labels but {len(predicted_labels)} predicted")
    if not gold_labels:
        return 0.0, 0.0, 0.0
    pairs = list(zip(gold_labels, predicted_labels))
    both = pd.Series(pairs).value_counts()
    in_gold = pd.Series(gold_labels).value_counts()
    in_pred = pd.Series(predicted_labels).value_counts()
    p = sum(both[(g, e)] / in_pred[e] for g, e in pairs) / len(pairs)
    r = sum(both[(g, e)] / in_gold[g] for g, e in pairs) / len(pairs)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(float(p), 3), round(float(r), 3), round(float(f), 3)


def by_publisher(predicted: pd.DataFrame, gold: pd.DataFrame, publishers: dict[str, str]) -> pd.DataFrame:
    """Scores per publisher (``publishers`` maps doc_id to publisher), to see whether what was learnt
    from one publisher helps the others.

    >>> gold = pd.DataFrame({"doc_id": ["a", "b"], "event_type": ["ban", "ban"], "date_start": ["2017-01-04"] * 2,
    ...                      "date_end": ["2017-01-04"] * 2, "count": [1, 1]})
    >>> by_publisher(gold.iloc[:1], gold, {"a": "UN", "b": "NGO"})[["n_gold", "F1_lenient"]].to_dict("index")
    {'NGO': {'n_gold': 1, 'F1_lenient': 0.0}, 'UN': {'n_gold': 1, 'F1_lenient': 1.0}}
    """
    rows = {}
    for publisher, docs in pd.Series(publishers).groupby(lambda d: publishers[d]):
        ids = set(docs.index)
        g, p = gold[gold["doc_id"].isin(ids)], predicted[predicted["doc_id"].isin(ids)]
        if g.empty:
            continue
        scores = evaluate(p, g)
        rows[publisher] = {"n_gold": len(g), "n_pred": len(p),
                           **{f"F1_{mode}": round(scores.overall(mode).f1, 3) for mode in MODES},
                           "P_lenient": round(scores.overall("lenient").precision, 3)}
    return pd.DataFrame.from_dict(rows, orient="index").sort_index()


def evaluate_links(linked: pd.DataFrame, gold: pd.DataFrame, clusters) -> LinkScores:
    """B-cubed scores of ``linked`` mentions (with ``event_id``) against ``clusters``, the gold
    cluster label of each row of ``gold`` (same order). Gold rows are matched to predicted
    mentions as in :func:`evaluate` (lenient); unmatched gold rows are left out."""
    gold = _normalise(gold).assign(cluster=list(clusters))
    pred = _normalise(linked)
    pairs = match(pred, gold, "lenient")
    p, r, f = bcubed([gold.at[g, "cluster"] for g, _ in pairs], [pred.at[i, "event_id"] for _, i in pairs])
    return LinkScores(p, r, f, len(pairs), len(gold))


def read_links(path, gold: pd.DataFrame, gold_name: str) -> list[str]:
    """The cluster label of each row of ``gold`` from a links CSV (``gold,row,doc_id,...,cluster``),
    checking that each row still is the one labelled; ``ValueError`` naming the line otherwise."""
    links = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"gold", "row", "doc_id", "event_type", "date_start", "cluster"} - set(links.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    mine = links[[str(g).endswith(gold_name) or gold_name.endswith(str(g)) for g in links["gold"]]]
    labels = {}
    for line, r in mine.iterrows():
        row = int(r["row"])
        if row >= len(gold) or (gold.iloc[row]["doc_id"], gold.iloc[row]["event_type"],
                                str(gold.iloc[row]["date_start"])[:10]) != (r["doc_id"], r["event_type"], r["date_start"]):
            raise ValueError(f"{path}: line {line + 2}: row {row} of {gold_name} is not "
                             f"{r['doc_id']} {r['event_type']} {r['date_start']}; the gold file changed")
        labels[row] = r["cluster"]
    absent = [i for i in range(len(gold)) if i not in labels]
    if absent:
        raise ValueError(f"{path}: no cluster for {len(absent)} row(s) of {gold_name}, first row {absent[0]}")
    return [labels[i] for i in range(len(gold))]
