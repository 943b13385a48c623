"""Property tests: extraction never raises on arbitrary text and every row validates."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzevents import extract
from kzevents.schema import validate_mentions

WORDS = ["On", "10", "May", "2018", "more", "than", "150", "people", "were", "detained", ";", "in", "the",
         "autumn", "of", "between", "2011-2017", "seventy", "activists", "assaulted", "banned", "court",
         "hunger", "strike", "next", "day", "dozens", "about", "1,413", "cases", "torture", "<sup>1</sup>",
         "\t", "\n\n", "13.", "- 33.**", "¹", "http://example.org/x", "according", "to", "sentenced", "years",
         "released", "parole", "law", "entered", "into", "force", ".", ",", "“", "”", "March", "USD", "%"]


def _check(text: str) -> None:
    df = extract(text, doc_id="prop", published="2020-01-01")
    validate_mentions(df)
    for _, r in df.iterrows():
        assert text[r.char_start:r.char_end] == r.quote
        assert r.date_start <= r.date_end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join))
def test_report_like_word_salad(text):
    _check(text)
