"""kzevents.extract_texts (issue 12): many texts in, one validated mentions frame out, each row
linked to its input by ``text_index``; ``extract`` is its one-text case."""

from __future__ import annotations

import pandas as pd
import pytest

import kzevents
from kzevents import schema

DETAINED = "On 3 April 2019 the police detained 14 activists in Shymkent."
BANNED = "In 2016 a court in Astana banned the opposition movement."
FINED = "On 12 June 2020 a court fined two bloggers over a post."


def test_a_series_with_its_own_index_gives_rows_labelled_with_it():
    texts = pd.Series([DETAINED, None, "", BANNED], index=["r17", "r18", "r19", "r20"])
    rows = kzevents.extract_texts(texts)
    assert rows["text_index"].tolist() == ["r17", "r20"]  # None and "" give no rows
    assert rows["doc_id"].tolist() == ["r17", "r20"]
    assert rows["event_type"].tolist() == ["detention", "ban"]
    joined = rows.join(texts.rename("text"), on="text_index")  # back to the input, as a user would
    assert joined["text"].tolist() == [DETAINED, BANNED]


def test_a_list_gives_positions_and_doc_ids_name_the_texts():
    rows = kzevents.extract_texts([BANNED, FINED], doc_ids=["hrw-1", "amn-2"])
    assert rows["text_index"].tolist() == [0, 1]
    assert rows["doc_id"].tolist() == ["hrw-1", "amn-2"]
    with pytest.raises(ValueError, match="doc_ids has 1 values for 2 texts"):
        kzevents.extract_texts([BANNED, FINED], doc_ids=["only-one"])


def test_a_numeric_index_keeps_its_dtype_and_nan_is_no_text():
    texts = pd.Series([FINED, float("nan"), DETAINED], index=[1005, 1006, 1007])
    rows = kzevents.extract_texts(texts)
    assert rows["text_index"].tolist() == [1005, 1007]
    assert rows["text_index"].dtype.kind == "i"


def test_published_is_one_date_or_one_per_text():
    texts = pd.Series(["Yesterday 30 workers went on strike in Zhanaozen."] * 2, index=["a", "b"])
    rows = kzevents.extract_texts(texts, published=pd.Series({"b": "2021-03-02", "a": "2020-05-06"}))
    assert rows.set_index("text_index")["date_start"].dt.strftime("%Y-%m-%d").to_dict() == {
        "a": "2020-05-05", "b": "2021-03-01"}
    same = kzevents.extract_texts(texts, published="2020-05-06")
    assert same["date_start"].dt.strftime("%Y-%m-%d").tolist() == ["2020-05-05"] * 2


def test_extract_is_the_one_text_case():
    one = kzevents.extract(FINED, doc_id="d", published="2021")
    batch = kzevents.extract_texts([FINED], doc_ids=["d"], published="2021")
    pd.testing.assert_frame_equal(one, batch.drop(columns="text_index"))
    assert "text_index" not in one


def test_nothing_in_gives_an_empty_valid_frame():
    for texts in ([], pd.Series([], dtype=object), [None, ""]):
        rows = kzevents.extract_texts(texts)
        assert len(rows) == 0 and list(rows.columns) == schema.MENTION_COLUMNS + ["text_index"]
        schema.Mentions.validate(rows.drop(columns="text_index"))


def test_one_validation_for_the_whole_batch(monkeypatch):
    calls = []
    real = schema.arrays_pass
    monkeypatch.setattr(schema, "arrays_pass", lambda arrays: calls.append(len(arrays["doc_id"])) or real(arrays))
    rows = kzevents.extract_texts([DETAINED, BANNED, FINED])
    assert calls == [len(rows)] == [3]


def test_wrong_inputs_say_what_to_pass():
    with pytest.raises(TypeError, match=r"pass one column, e.g. extract_texts\(df\['text'\]\)"):
        kzevents.extract_texts(pd.DataFrame({"text": [FINED]}))
    with pytest.raises(TypeError, match="for one text use extract"):
        kzevents.extract_texts(FINED)
    with pytest.raises(TypeError, match="text 1 is int, not str"):
        kzevents.extract_texts([FINED, 7])


def test_the_same_text_twice_gets_distinct_mention_ids():
    rows = kzevents.extract_texts(pd.Series([FINED, FINED], index=[5, 5]))
    assert rows["mention_id"].is_unique and len(rows) == 2
    assert rows["mention_id"].iloc[1] == rows["mention_id"].iloc[0] + "-2"
