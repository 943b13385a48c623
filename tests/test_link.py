"""kzevents.link: mentions of one real event linked into one row (codebook §7), on hand-made rows
and pinned on data/raw."""

from __future__ import annotations

import pandas as pd
import pytest

import kzevents
from kzevents.link import link, link_mentions
from kzevents.schema import Events, Mentions, validate_mentions


def mention(quote, event_type, start, end=None, *, doc_id="doc_a", kind="occurrence", subtype=None, count=None,
            qualifier="exact", text="", location="", subjects="", at=0, unit="people"):
    end = end or start
    low = None if count is None or qualifier == "up_to" else count + 1 if qualifier == "more_than" else count
    high = count if qualifier in ("exact", "up_to") else None
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return {"doc_id": doc_id, "paragraph": "1", "char_start": at, "char_end": at + len(quote), "quote": quote,
            "event_type": event_type, "subtype": subtype, "kind": kind, "trigger": "", "date_text": "",
            "date_start": start, "date_end": end,
            "date_precision": "day" if days == 0 else "month" if days < 31 else "year",
            "count_text": text, "count": count, "count_qualifier": None if count is None else qualifier,
            "count_low": low, "count_high": high, "count_unit": None if count is None else unit,
            "attributed_to": "", "cited_urls": "", "location": location, "subjects": subjects, "penalty": ""}


def frame(*rows) -> pd.DataFrame:
    return validate_mentions(pd.DataFrame(list(rows), columns=list(Mentions.to_schema().columns)))


def n_events(*rows) -> int:
    return len(link(frame(*rows)))


# --- the rules of §7, on sentences written for them ------------------------------------------

def test_two_reports_of_one_day_link_and_keep_both_figures_side_by_side():
    ev = link(frame(
        mention("On 6 June 2019 police detained at least 40 people in Almaty.", "detention", "2019-06-06",
                subtype="detention", count=40, qualifier="at_least", text="at least 40 people", location="Almaty"),
        mention("Some 35 protesters were detained in Almaty on 6 June 2019.", "detention", "2019-06-06",
                doc_id="doc_b", subtype="detention", count=35, text="Some 35 protesters", location="Almaty"),
    ))
    Events.validate(ev)
    row = ev.iloc[0]
    assert len(ev) == 1 and row["n_sources"] == 2 and row["n_mentions"] == 2 and row["doc_ids"] == "doc_a; doc_b"
    assert (row["count_low"], pd.isna(row["count_high"]), row["count_conservative"]) == (35, True, 35)
    assert row["counts_reported"] == "doc_a: at least 40 people | doc_b: Some 35 protesters"
    assert bool(row["count_conflict"]) and not bool(row["date_conflict"])


def test_different_subtypes_and_a_tally_against_an_occurrence_stay_apart():
    assert n_events(
        mention("On 2 March 2020 four people were killed in Korday.", "violence", "2020-03-02", subtype="killing", count=4),
        mention("On 2 March 2020 dozens were injured in Korday.", "violence", "2020-03-02", doc_id="doc_b",
                subtype="injury"),
    ) == 2
    assert n_events(
        mention("In 2019, 310 cases of pressure on journalists were recorded.", "threat", "2019-01-01", "2019-12-31",
                kind="tally", count=310, unit="cases"),
        mention("In 2019 a reporter was threatened by officials.", "threat", "2019-01-01", "2019-12-31",
                doc_id="doc_b", count=1),
    ) == 2


def test_a_missing_subtype_is_compatible_with_one():
    assert n_events(
        mention("On 9 May 2021 two activists were arrested in Shymkent.", "detention", "2021-05-09",
                subtype="detention", count=2, location="Shymkent"),
        mention("Two activists were held in Shymkent on 9 May 2021.", "detention", "2021-05-09", doc_id="doc_b",
                count=2, location="Shymkent"),
    ) == 1


def test_a_month_joins_the_only_day_event_of_its_month():
    day = mention("On 12 April 2019 a court closed the weekly Uralskaya Nedelya.", "ban", "2019-04-12",
                  subtype="media", count=1, unit="outlets")
    month = mention("In April 2019 a newspaper was closed by a court.", "ban", "2019-04-01", "2019-04-30",
                    doc_id="doc_b", subtype="media", count=1, unit="outlets")
    rival = mention("On 25 April 2019 the news site Ratel was closed.", "ban", "2019-04-25", doc_id="doc_c",
                    subtype="media", count=1, unit="outlets", subjects="Ratel")
    assert n_events(day, month) == 1
    # another event of the type in that month competes: the month stays on its own
    assert n_events(day, month, rival) == 3


def test_a_month_naming_the_subject_joins_despite_rivals():
    ev = link(frame(
        mention("On 12 April 2019 a court sentenced Aigul Utepova to restriction of freedom.", "conviction",
                "2019-04-12", subtype="restriction", count=1, subjects="Aigul Utepova"),
        mention("On 20 April 2019 a court sentenced Erzhan Elshibayev.", "conviction", "2019-04-20",
                subtype="restriction", count=1, subjects="Erzhan Elshibayev", at=100),
        mention("In April 2019 journalist Aigul Utepova was convicted.", "conviction", "2019-04-01", "2019-04-30",
                doc_id="doc_b", count=1, subjects="Aigul Utepova"),
    ))
    utepova = ev[ev["subjects"].str.contains("Utepova")]
    assert len(ev) == 2 and utepova.iloc[0]["n_sources"] == 2 and utepova.iloc[0]["date_precision"] == "day"


def test_places_or_people_that_contradict_keep_events_apart():
    assert n_events(
        mention("On 1 May 2022 a rally was dispersed in Aktobe.", "protest", "2022-05-01", subtype="rally",
                location="Aktobe"),
        mention("On 1 May 2022 a rally was dispersed in Uralsk.", "protest", "2022-05-01", doc_id="doc_b",
                subtype="rally", location="Uralsk"),
    ) == 2
    # two people convicted on the same day are two events
    assert n_events(
        mention("On 3 March 2017 a court sentenced Zhanat Esentayev to three years.", "conviction", "2017-03-03",
                subtype="prison", count=1, subjects="Zhanat Esentayev"),
        mention("On 3 March 2017 blogger Ardak Ashim was sentenced.", "conviction", "2017-03-03", doc_id="doc_b",
                subtype="prison", count=1, subjects="Ardak Ashim"),
    ) == 2


def test_a_summary_and_its_detail_in_one_document_link():
    ev = link(frame(
        mention("On 21 May 2016 dozens of people were detained at the land rallies.", "detention", "2016-05-21",
                subtype="detention", text="dozens of people"),
        mention("More than 40 people were detained in Almaty on 21 May 2016.", "detention", "2016-05-21",
                subtype="detention", count=40, qualifier="more_than", at=500),
    ))
    assert len(ev) == 1 and ev.loc[0, "n_sources"] == 1 and ev.loc[0, "n_mentions"] == 2


def test_tallies_link_only_for_the_same_period_and_never_two_figures_of_one_document():
    a = mention("In 2018, 555 cases of threats against defenders were recorded.", "threat", "2018-01-01",
                "2018-12-31", kind="tally", count=555, unit="cases")
    assert n_events(a, {**a, "doc_id": "doc_b"}) == 1
    assert n_events(a, {**a, "date_start": "2014-01-01", "date_end": "2014-12-31", "count": 255,
                        "count_low": 255, "count_high": 255}) == 2
    assert n_events(a, {**a, "count": 101, "count_low": 101, "count_high": 101, "char_start": 300,
                        "char_end": 300 + len(a["quote"])}) == 2


def test_event_ids_are_stable_and_mentions_carry_them():
    rows = frame(
        mention("On 10 May 2018 more than 150 people were detained.", "detention", "2018-05-10", subtype="detention",
                count=150, qualifier="more_than"),
        mention("On 23 June 2018 more than 200 people were detained.", "detention", "2018-06-23",
                subtype="detention", count=200, qualifier="more_than", at=60),
    )
    linked = link_mentions(rows)
    assert linked["event_id"].nunique() == 2 and linked["mention_id"].is_unique
    shuffled = link_mentions(rows.iloc[::-1].reset_index(drop=True))
    assert dict(zip(linked["mention_id"], linked["event_id"])) == dict(zip(shuffled["mention_id"], shuffled["event_id"]))
    more = pd.concat([rows, frame(mention("On 4 June 2020 a rally was dispersed.", "protest", "2020-06-04",
                                          doc_id="doc_z"))], ignore_index=True)
    assert set(linked["event_id"]) <= set(link_mentions(more)["event_id"])


def test_first_published_comes_from_the_documents():
    rows = frame(mention("On 4 January 2017 a court banned the union.", "ban", "2017-01-04", subtype="organisation"),
                 mention("The union was banned on 4 January 2017.", "ban", "2017-01-04", doc_id="doc_b",
                         subtype="organisation"))
    docs = pd.DataFrame({"doc_id": ["doc_a", "doc_b"], "published": ["2019-03-28", "2018-02-01"]})
    assert link(rows, docs).loc[0, "first_published"] == "2018-02-01"


def test_bad_input_is_named():
    with pytest.raises(TypeError, match="mentions DataFrame"):
        link([1, 2])
    with pytest.raises(ValueError, match="no column.*date_start"):
        link(pd.DataFrame({"doc_id": ["a"], "event_type": ["ban"], "kind": ["occurrence"]}))


def test_the_module_is_callable_from_the_package():
    rows = frame(mention("On 4 January 2017 a court banned the union.", "ban", "2017-01-04"))
    assert kzevents.link(rows).equals(kzevents.link.link(rows))


# --- pinned on data/raw ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_linked(seed_mentions):
    return link_mentions(seed_mentions), link(seed_mentions)


def _on(linked, day, event_type, docs=None):
    rows = linked[(linked["event_type"] == event_type) & (linked["date_start"] == day) & (linked["date_end"] == day)]
    return rows if docs is None else rows[rows["doc_id"].str[:3].isin(docs)]


def test_zhanaozen_16_december_2011_is_one_event_per_type_told_by_000_and_004(seed_linked):
    linked, events = seed_linked
    day = pd.Timestamp("2011-12-16")
    for event_type, subtype in (("violence", "killing"), ("violence", "injury"), ("protest", "rally")):
        told = _on(linked, day, event_type, ("000", "004"))
        rows = told[told["subtype"] == subtype]
        assert {d[:3] for d in rows["doc_id"]} == {"000", "004"}, subtype
        assert rows["event_id"].nunique() == 1, subtype
        event = events.set_index("event_id").loc[rows["event_id"].iloc[0]]
        assert event["n_sources"] == 2 and {d[:3] for d in event["doc_ids"].split("; ")} == {"000", "004"}


def test_the_2018_threat_tally_of_002_and_003_is_one_event_and_2014_apart(seed_linked):
    linked, _ = seed_linked
    tallies = linked[(linked["event_type"] == "threat") & (linked["kind"] == "tally")]
    y2018 = tallies[tallies["date_start"] == pd.Timestamp("2018-01-01")]
    assert {d[:3] for d in y2018["doc_id"]} == {"002", "003"} and y2018["event_id"].nunique() == 1
    y2014 = tallies[tallies["date_start"] == pd.Timestamp("2014-01-01")]
    assert len(y2014) and not set(y2014["event_id"]) & set(y2018["event_id"])


def test_the_citu_ban_of_4_january_2017_is_one_event(seed_linked):
    linked, events = seed_linked
    bans = _on(linked, pd.Timestamp("2017-01-04"), "ban")
    assert {d[:3] for d in bans["doc_id"]} == {"003", "004"} and bans["event_id"].nunique() == 1


def test_the_detention_waves_of_10_may_and_23_june_2018_stay_apart(seed_linked):
    linked, _ = seed_linked
    may = _on(linked, pd.Timestamp("2018-05-10"), "detention")
    june = _on(linked, pd.Timestamp("2018-06-23"), "detention")
    assert len(may) and len(june) and not set(may["event_id"]) & set(june["event_id"])


def test_different_people_convicted_in_one_year_stay_apart(seed_linked):
    linked, _ = seed_linked
    convicted = linked[(linked["event_type"] == "conviction") & (linked["date_start"].dt.year == 2017)]
    kharkova = convicted[convicted["subjects"].str.contains("Kharkova")]
    khalabuzar = convicted[convicted["subjects"].str.contains("Khalabuzar")]
    assert len(kharkova) and len(khalabuzar)
    assert not set(kharkova["event_id"]) & set(khalabuzar["event_id"])
