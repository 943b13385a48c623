"""The fast path of issue 12 changes no output: frames built with the schema's dtypes and checked
in one vectorised pass equal the frames of the pandera path, the cheap check accepts nothing that
pandera refuses, and the literal gates in front of costly patterns never drop a match."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest
from hypothesis import given, settings, strategies as st

import kzevents
from kzevents import schema, timex
from kzevents.extract import extract_rows
from kzevents.frame import finish
from kzevents.language import detect_language
from kzevents.lexicon import LiteralGate, fold, required_literals

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "data" / "raw", ROOT / "tests" / "gold" / "dev" / "docs"]


def _validated_path(corpus) -> pd.DataFrame:
    """The frame as extract_corpus made it before issue 12: a DataFrame of raw rows per document,
    finished, concatenated and coerced and validated by pandera."""
    frames = []
    for doc in corpus:
        rows = extract_rows(doc.text, doc_id=doc.doc_id, published=doc.published or None,
                            covers=doc.covers or None, language=detect_language(doc.text))
        frame = finish(rows, doc.text, doc.sha256)
        for column in ("date_start", "date_end"):
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        frames.append(frame)
    return schema.validate_mentions(pd.concat([f for f in frames if len(f)], ignore_index=True))


@pytest.fixture(scope="module", params=CORPORA, ids=["data/raw", "dev"])
def corpus(request):
    return kzevents.load_corpus(request.param)


@pytest.mark.slow
def test_the_fast_path_gives_the_validated_paths_frame(corpus):
    slow = _validated_path(corpus)
    assert len(slow) > 100
    pd.testing.assert_frame_equal(kzevents.extract_corpus(corpus), slow)
    texts = pd.Series({d.doc_id: d.text for d in corpus})
    published = pd.Series({d.doc_id: d.published or None for d in corpus})
    covers = {d.covers for d in corpus}
    if covers == {""}:  # one covers for all texts: extract_texts takes one
        batch = kzevents.extract_texts(texts, published=published)
        assert (batch["text_index"] == batch["doc_id"]).all()
        pd.testing.assert_frame_equal(batch.drop(columns="text_index"), slow)


def _valid_frame() -> pd.DataFrame:
    return kzevents.extract("3. On 2 May 2018 ten people were detained in Almaty; on 4 May 2018 a court "
                            "fined 3 of them.\n\n4. In 2017 a court banned the party.", published="2019")


CORRUPTIONS = {
    "empty quote_text": lambda f: f.assign(quote_text=f["quote_text"].where(f.index != 0, "")),
    "unknown event type": lambda f: f.assign(event_type=f["event_type"].where(f.index != 0, "riot")),
    "a subtype of another type": lambda f: f.assign(subtype=f["subtype"].astype(object).where(f.index != 0, "fine")
                                                    .astype("string")),
    "start after end": lambda f: f.assign(date_start=f["date_end"] + pd.Timedelta(days=1)),
    "count_low above count_high": lambda f: f.assign(count_low=pd.array([9] * len(f), dtype="Int64"),
                                                     count_high=pd.array([3] * len(f), dtype="Int64")),
    "negative count": lambda f: f.assign(count=pd.array([-1] * len(f), dtype="Int64")),
    "duplicate mention_id": lambda f: f.assign(mention_id=f["mention_id"].iloc[0]),
    "quote not the span": lambda f: f.assign(char_end=f["char_end"] + 1),
    "missing doc_id": lambda f: f.assign(doc_id=f["doc_id"].where(f.index != 0, None)),
    "an unknown column": lambda f: f.assign(extra=1),
    "a column missing": lambda f: f.drop(columns="kind"),
    "unknown language": lambda f: f.assign(language=pd.array(["kk"] * len(f), dtype="string")),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_the_cheap_check_refuses_what_pandera_refuses(name):
    frame = _valid_frame()
    assert schema.fast_check_passes(frame)
    schema.Mentions.validate(frame)  # what the cheap check passes, pandera passes
    bad = CORRUPTIONS[name](frame.copy())
    assert not schema.fast_check_passes(bad)
    with pytest.raises(pandera.errors.SchemaErrors):
        schema.Mentions.validate(bad, lazy=True)
    with pytest.raises(pandera.errors.SchemaErrors):
        schema.check_mentions(bad)  # reported by pandera, as validate_mentions reports it


def test_a_frame_of_other_dtypes_or_order_is_coerced_as_before():
    frame = _valid_frame()
    for loose in (frame.astype({"char_start": "int32", "quote": object}), frame[[*frame.columns[1:], "doc_id"]]):
        assert not schema.fast_check_passes(loose)
        pd.testing.assert_frame_equal(schema.check_mentions(loose), frame)


def test_every_check_of_the_schema_has_a_cheap_form():
    columns, rules = schema._compiled(schema.Mentions)
    assert len(rules) == len(schema.Mentions.to_schema().checks)
    checked = {c.name for c in columns if c.checks}
    assert checked == {n for n, c in schema.Mentions.to_schema().columns.items() if c.checks}


# --- literal gates --------------------------------------------------------------------------------

def test_required_literals_spell_out_small_alternations():
    assert required_literals(r"(?:in|over) the (?:past|last) week") == {
        "in the past week", "in the last week", "over the past week", "over the last week"}
    assert required_literals(r"\bthe\s+(?:next|following)\s+day\b", re.IGNORECASE) == {
        "the next day", "the following day"}
    assert required_literals(r"(?:very\s+)?(?:hot|cold)") == {"hot", "cold"}
    # counter-examples: an alternative with no literal, or only optional parts, requires nothing
    assert required_literals(r"\w{4}|yesterday") is None
    assert required_literals(r"\d{4}|yesterday") == {*"0123456789", "yesterday"}  # a digit is required
    assert required_literals(r"(?:yesterday)?\w+") is None


WORDS = ["the", "next", "day", "following", "last", "week", "year", "on", "Monday", "Sunday's", "in",
         "past", "three", "days", "earlier", "later", "recently", "to", "date", "during", "reporting",
         "period", "ſame", "ı", "K", "12th", "the 3rd", "\n", "  ", ",", "that", "month", "after", "events", "of"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.booleans())
def test_the_date_gate_never_drops_a_sentence_the_hint_matches(words, title):
    sentence = " ".join(w.capitalize() if title else w for w in words)
    if timex._LEXICAL_HINT.search(sentence):
        assert timex._LEXICAL_GATE.admits(fold(sentence)), sentence


def test_the_date_gate_admits_every_corpus_sentence_the_hint_matches():
    from kzevents.extract.fields import matching_text
    from kzevents.segment import segment

    matched = 0
    for root in CORPORA:
        for doc in kzevents.load_corpus(root):
            for sent in segment(doc.text):
                quote = matching_text(doc.text[sent.start:sent.end])
                if timex._LEXICAL_HINT.search(quote):
                    matched += 1
                    assert timex._LEXICAL_GATE.admits(fold(quote)), quote
    assert matched > 20


def test_a_gate_admits_the_case_variants_ignorecase_matches():
    gate = LiteralGate(re.compile(r"\bsame day\b", re.IGNORECASE))
    assert re.search(r"\bsame day\b", "the ſAME DAY", re.IGNORECASE)
    assert gate.admits(fold("the ſAME DAY")) and not gate.admits(fold("the same week"))


def test_days_are_made_from_their_parts_as_dateparser_reads_them():
    for text, parts in [("2 May 2018", (2018, 5, 2)), ("March 31, 2016", (2016, 3, 31)),
                        ("1st of Sept. 2019", (2019, 9, 1)), ("29 February 2020", (2020, 2, 29))]:
        assert timex.parse_day(text) == date(*parts) == timex._safe_day(*parts, text)
    assert timex._safe_day(2019, 2, 29, "29 February 2019") is None  # neither makes a day of it


def test_the_trigger_gates_admit_every_rule_that_matches():
    from kzevents.lexicon import LEXICON, lexicon_for
    from kzevents.triggers import find_triggers

    sentences = ["On 3 May 2018 police DETAINED twelve strikers; a court later fined them.",
                 "The authorities blocked access to the website and banned the movement.",
                 "Activists were beaten and injured while picketing the akimat.",
                 "Nobody was arrested, and the march was not banned."]
    for lexicon, texts in ((LEXICON, sentences), (lexicon_for("ru"), ["Вчера в Алматы задержали троих активистов."])):
        for text in texts:
            admitted = lexicon.trigger_gates.admitted(fold(text))
            assert all(i in admitted for i, rule in enumerate(lexicon.triggers) if rule.pattern.search(text)), text
            ungated = find_triggers(text, rules=list(lexicon.triggers), lexicon=lexicon)  # rules given: no gate
            assert find_triggers(text, lexicon=lexicon) == ungated
