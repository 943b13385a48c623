"""Scoring per codebook §8, and a floor under the recorded figures on every gold file."""

import json

import pandas as pd
import pytest

import kzevents
from kzevents.evaluate import evaluate, format_scores


def frame(*rows):
    return pd.DataFrame(rows, columns=["doc_id", "event_type", "date_start", "date_end", "count"])


def test_lenient_strict_and_count_matching():
    gold = frame(("d", "detention", "2018-05-10", "2018-05-10", 150), ("d", "ban", "2017-01-01", "2017-12-31", None))
    pred = frame(("d", "detention", "2018-05-10", "2018-05-10", 151), ("d", "ban", "2017-03-01", "2017-03-31", None),
                 ("d", "threat", "2018-01-01", "2018-12-31", 5))
    s = evaluate(pred, gold)
    assert (s.overall("lenient").tp, s.overall("lenient").fp, s.overall("lenient").fn) == (2, 1, 0)
    assert s.overall("strict").tp == 1
    assert s.overall("count").tp == 1  # the ban: both counts empty
    assert s.date_accuracy == 0.5 and s.count_accuracy == 0.5
    assert format_scores(s).splitlines()[-3].startswith("overall lenient P=0.667 R=1.000")


def test_each_gold_row_matches_at_most_one_prediction():
    gold = frame(("d", "strike", "2011-05-01", "2011-12-31", None))
    pred = frame(("d", "strike", "2011-05-01", "2011-12-31", None), ("d", "strike", "2011-06-01", "2011-06-30", None))
    s = evaluate(pred, gold)
    assert (s.overall("strict").tp, s.overall("strict").fp) == (1, 1)


@pytest.mark.parametrize("gold_name,docs", [("seeds.csv", "data/raw"), ("reports.csv", "tests/gold/reports"),
                                            ("dev/gold.csv", "tests/gold/dev/docs"),
                                            ("heldout/gold.csv", "tests/gold/heldout/docs"),
                                            ("heldout2/gold.csv", "tests/gold/heldout2/docs"),
                                            ("dev_ru/gold.csv", "tests/gold/dev_ru/docs")])
def test_f1_does_not_fall_below_the_recorded_level(root, gold_name, docs):
    recorded = json.loads((root / "tests" / "gold" / "scores.json").read_text())[gold_name]
    gold = pd.read_csv(root / "tests" / "gold" / gold_name, dtype=str, keep_default_na=False).replace("", None)
    corpus = kzevents.load_corpus(root / docs)
    scores = evaluate(kzevents.extract_corpus(corpus), gold)
    for mode in ("lenient", "strict", "count"):
        assert scores.overall(mode).f1 >= recorded[mode] - 0.02, (gold_name, mode, scores.overall(mode).f1)
