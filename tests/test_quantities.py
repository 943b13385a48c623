"""Counts: digits, words, qualifiers, ranges, vague quantities; never years, money, ages (§5, R10)."""

import pytest

from kzevents.quantities import find_counts
from kzevents.timex import find_timexes


def counts(sentence):
    masked = [(t.char_start, t.char_end) for t in find_timexes(sentence)]
    return [(c.value, c.qualifier, c.low, c.high, c.unit) for c in find_counts(sentence, masked)]


@pytest.mark.parametrize("sentence,expected", [
    ("more than 150 people were detained", (150, "more_than", 151, None, "people")),
    ("over 1,250 participants were detained", (1250, "more_than", 1251, None, "people")),
    ("access to 7044 materials was restricted", (7044, "exact", 7044, 7044, "materials")),
    ("at least 17 fatalities", (17, "at_least", 17, None, "people")),
    ("as many as 700 persons had been arrested", (700, "up_to", None, 700, "people")),
    ("almost 40 journalists were detained", (40, "up_to", None, 40, "people")),
    ("about 60 of them were fined", (60, "approx", 60, 60, "people")),
    ("approx. 200 incidents of torture", (200, "approx", 200, 200, "incidents")),
    ("seventy activists were assaulted", (70, "exact", 70, 70, "people")),
    ("seventeen defenders were tried", (17, "exact", 17, 17, "people")),
    ("a dozen activists were detained", (12, "exact", 12, 12, "people")),
    ("20-30 protesters were detained", (20, "range", 20, 30, "people")),
    ("between 40 and 50 protesters were held", (40, "range", 40, 50, "people")),
    ("dozens of individuals were detained", (None, "vague", 24, None, "people")),
    ("Several dozen participants were detained", (None, "vague", 24, None, "people")),
    ("hundreds of mothers protested", (None, "vague", 200, None, "people")),
    ("2 300 workers went on strike", (2300, "exact", 2300, 2300, "people")),
])
def test_count(sentence, expected):
    assert counts(sentence)[0] == expected


@pytest.mark.parametrize("sentence", [
    "Article 174 of the Criminal Code",
    "sentenced to 5 years' imprisonment",
    "a fine of USD 100-200",
    "fined 130-330 euros",
    "99.8% of judgments are convictions",
    "95.5 per cent of the votes",
    "citizens who reached the age of 18",
    "in 2018 the law changed",
    "see para. 84 below",
    "Opinion No. 16/2017",
    "sentenced, respectively, to 2 and 2,5 years in prison",
    "a jail term of seven and a half years",
])
def test_not_a_count(sentence):
    assert counts(sentence) == []
