"""Russian reports (issue 13, codebook §11): language, lexicon, dates, counts and the driver.

Every sentence here is our own, in the genre's style; none comes from tests/gold/dev_ru.
"""

from __future__ import annotations

import warnings
from datetime import date

import pandas as pd
import pytest

import kzevents
from kzevents.cli import main
from kzevents.language import detect_language, unread_language
from kzevents.lexicon import lexicon_for, russian_forms
from kzevents.parallel import extract_corpus
from kzevents.quantities import find_counts
from kzevents.timex import anchor, find_timexes
from kzevents.triggers import find_triggers

RU = lexicon_for("ru")
RULES = RU.data["trigger"]
RU_TEXT = ("Вчера в Уральске полиция задержала более 30 участников митинга против повышения цен на газ. "
           "Двоих активистов суд арестовал на 10 суток.")


def _types(sentence: str, rules=None) -> list[tuple[str, str]]:
    return [(t.event_type, t.subtype) for t in find_triggers(sentence, rules=rules, lexicon=RU)]


def _quiet_extract(text: str, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return kzevents.extract(text, **kwargs)


# --- the lexicon ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", RULES, ids=[r["name"] for r in RULES])
def test_every_russian_rule_matches_its_examples_and_not_its_counter_examples(raw):
    for sentence in raw["examples"]:
        assert (raw["type"], raw.get("subtype", "")) in _types(sentence), sentence
    for sentence in raw["counter_examples"]:
        assert raw["type"] not in [t for t, _ in _types(sentence)], sentence


@pytest.mark.parametrize("raw", [r for r in RULES if r.get("exception")], ids=lambda r: r["name"])
def test_every_russian_exception_cancels_its_examples_only(raw):
    rule = next(r for r in RU.triggers if r.name == raw["name"])
    for exc in raw["exception"]:
        for sentence in exc["examples"]:
            assert not _types(sentence, [rule]), sentence
        for sentence in exc["counter_examples"]:
            assert _types(sentence, [rule]), sentence


def test_one_entry_covers_every_case_and_both_aspects():
    forms = russian_forms("задержать|задерживать", "V")
    for form in ("задержали", "задержаны", "задержано", "задерживает", "задержанных", "задержав"):
        assert form in forms
    assert "задержка" not in forms  # a noun of another lexeme: a delay, not a detention
    with pytest.raises(ValueError, match="pymorphy3 knows no"):
        russian_forms("зкщвыпр", "V")


def test_the_russian_context_filter():
    assert _types("Активистов не задержали, их только переписали.") == []
    assert _types("Участникам акции грозит до десяти суток ареста.") == []
    assert "release" not in [t for t, _ in _types("Родственники требовали освобождения задержанных.")]
    assert _types("Не менее сорока человек задержали у здания акимата.") == [("detention", "detention")]
    assert _types("Профсоюз отстаивал право на забастовку в суде.") == []
    assert _types("Полиция стремилась не допустить проведения митинга у акимата.") == []
    assert _types("Он заранее выразил намерение принять участие в пикете.") == []
    assert "protest" not in [t for t, _ in _types("Акимат разъяснил им порядок проведения собраний, митингов и пикетов.")]
    assert [t for t, _ in _types("В городе прошли митинги и забастовки нефтяников.")] == ["protest", "strike"]


def test_an_administrative_arrest_is_a_detention_and_its_days_no_count():
    assert _types("Суд арестовал пикетчика на семь суток.") == [("detention", "administrative_arrest")]
    assert find_counts("Суд арестовал пикетчика на семь суток.", language="ru") == []


# --- dates ---------------------------------------------------------------------------------------

def _span(text: str, published: date | None = None):
    span = find_timexes(text, "ru")[0]
    resolved = anchor(span, None, published)
    return resolved.text, str(resolved.start), str(resolved.end), resolved.precision


@pytest.mark.parametrize("text, expected", [
    ("с 4 по 10 января 2021 года длилась забастовка", ("с 4 по 10 января 2021 года", "2021-01-04", "2021-01-10", "period")),
    ("4–5 января 2022 года прошли митинги", ("4–5 января 2022 года", "2022-01-04", "2022-01-05", "period")),
    ("в 2015–2017 гг. возбуждено 40 дел", ("2015–2017 гг.", "2015-01-01", "2017-12-31", "period")),
    ("в 2018 - 2019 г.г. судами рассмотрено", ("2018 - 2019 г.г.", "2018-01-01", "2019-12-31", "period")),
    ("В 2019 г. активисты получили угрозы", ("2019 г.", "2019-01-01", "2019-12-31", "year")),
    ("Решение суда от 14.03.2018 обжаловано", ("14.03.2018", "2018-03-14", "2018-03-14", "day")),
    ("в ночь на 7 апреля 2020 года задержали", ("в ночь на 7 апреля 2020 года", "2020-04-06", "2020-04-07", "period")),
    ("в сентябре 2016 года прошли пикеты", ("сентябре 2016 года", "2016-09-01", "2016-09-30", "month")),
    ("весь февраль 2014 года газета не выходила", ("февраль 2014 года", "2014-02-01", "2014-02-28", "month")),
])
def test_russian_dates(text, expected):
    assert _span(text) == expected


def test_news_dates_resolve_against_the_publication_date():
    published = date(2021, 6, 11)  # a Friday
    assert _span("Вчера у акимата задержали троих", published)[1:] == ("2021-06-10", "2021-06-10", "day")
    assert _span("в прошлую среду прошел пикет", published)[1:] == ("2021-06-09", "2021-06-09", "day")
    assert _span("во вторник суд оштрафовал блогера", published)[1:] == ("2021-06-08", "2021-06-08", "day")
    assert _span("Позавчера журналиста вызвали на допрос", published)[1] == "2021-06-09"


def test_ordinal_word_days_and_dates_relative_to_the_date_before():
    assert _span("пикет прошел двадцать третьего марта 2019 года") == (
        "двадцать третьего марта 2019 года", "2019-03-23", "2019-03-23", "day")
    before = find_timexes("12 мая 2017 года задержали двоих", "ru")[0]
    after = find_timexes("На следующий день их отпустили", "ru")[0]
    assert str(anchor(after, before, None).start) == "2017-05-13"
    same = find_timexes("Его задержали в тот же день", "ru")[0]
    assert str(anchor(same, before, None).start) == "2017-05-12"


def test_a_deadline_after_do_is_no_event_date():
    assert [t.text for t in find_timexes("суд продлил арест до 30 сентября", "ru")] == []
    assert [t.text for t in find_timexes("с 1 до 5 марта 2020 года", "ru")] == ["с 1 до 5 марта 2020 года"]


def test_a_month_in_guillemets_is_a_name():
    assert find_timexes("после событий «кровавого января» и «жаркого июля»", "ru") == []


def test_a_weekday_before_a_written_date_is_that_date():
    assert [t.text for t in find_timexes("В четверг, 3 июня 2021 года, прошел пикет", "ru")] == ["3 июня 2021 года"]


def test_a_year_less_day_takes_the_year_of_publication():
    assert _span("12 апреля прошел митинг", date(2022, 5, 1))[1] == "2022-04-12"


# --- counts --------------------------------------------------------------------------------------

def _count(text: str):
    c = find_counts(text, language="ru")[0]
    return c.text, c.value, c.qualifier, c.low, c.high, c.unit


@pytest.mark.parametrize("text, expected", [
    ("задержаны 1 340 человек", ("1 340 человек", 1340, "exact", 1340, 1340, "people")),
    ("собрались около 3 тыс. человек", ("около 3 тыс. человек", 3000, "approx", 3000, 3000, "people")),
    ("вышли примерно 1,5 тысячи жителей", ("примерно 1,5 тысячи", 1500, "approx", 1500, 1500, None)),
    ("полиция задержала троих активистов", ("троих активистов", 3, "exact", 3, 3, "people")),
    ("двое журналистов получили угрозы", ("двое журналистов", 2, "exact", 2, 2, "people")),
    ("в акции участвовали 15-ти активистов", ("15-ти активистов", 15, "exact", 15, 15, "people")),
    ("свыше сорока участников пикета", ("свыше сорока участников", 40, "more_than", 41, None, "people")),
    ("не менее 12 человек пострадали", ("не менее 12 человек", 12, "at_least", 12, None, "people")),
    ("по меньшей мере пять журналистов", ("по меньшей мере пять журналистов", 5, "at_least", 5, None, "people")),
    ("почти 200 рабочих бастовали", ("почти 200 рабочих", 200, "up_to", None, 200, "people")),
    ("от 300 до 400 человек вышли на площадь", ("от 300 до 400 человек", 300, "range", 300, 400, "people")),
    ("десятки активистов доставили в полицию", ("десятки активистов", None, "vague", 24, None, "people")),
    ("сотни людей вышли на улицы", ("сотни людей", None, "vague", 200, None, "people")),
    ("у акимата собралось около сотни человек", ("около сотни человек", 100, "approx", 100, 100, "people")),
])
def test_russian_counts(text, expected):
    assert _count(text) == expected


@pytest.mark.parametrize("text", ["штраф в размере 50 МРП", "арестован на 15 суток", "к пяти годам лишения свободы",
                                  "штраф 200 тысяч тенге", "пост набрал 300 репостов", "по ст. 174 УК"])
def test_durations_money_reposts_and_articles_are_not_counts(text):
    assert [c.value for c in find_counts(text, language="ru") if c.value] == []


# --- counts no number gives (R9, R24) --------------------------------------------------------------

def _row_counts(text: str) -> list[tuple[str, str]]:
    rows = _quiet_extract(text, language="ru", published="2020-12-31")
    return [[t, "none" if pd.isna(c) else str(c)] for t, c in zip(rows["event_type"], rows["count"])]


def test_a_list_of_named_people_counts_its_names():
    assert _row_counts("3 марта 2020 года Марата Ахметова, Дину Серикову и Олжаса Бекова задержали у суда.") == [["detention", "3"]]


def test_one_named_person_or_a_singular_participle_is_one():
    assert _row_counts("5 мая 2020 года блогер Айдос Каримов был оштрафован на 20 МРП.") == [["conviction", "1"]]
    assert _row_counts("5 мая 2020 года полиция задержала журналиста Ерлана Нуриева.") == [["detention", "1"]]
    assert _row_counts("5 мая 2020 года Суд Алматы приговорил активистов к штрафу.") == [["conviction", "none"]]


# --- language and dispatch -----------------------------------------------------------------------

def test_the_language_is_detected_per_document():
    assert detect_language(RU_TEXT) == "ru"
    assert detect_language("On 3 May 2019 police detained twelve people in Almaty.") == "en"
    assert detect_language("Алматыда полиция бейбіт шеруге қатысқан он адамды ұстады.") == "kk"
    assert detect_language("Die Polizei hat die Demonstranten und die Journalisten in der Stadt mit Gewalt festgenommen.") == "de"
    assert unread_language(RU_TEXT) is None


def test_a_russian_document_is_read_with_the_russian_lexicon():
    rows = _quiet_extract(RU_TEXT, doc_id="ru1", published="2021-06-11")
    got = rows[["event_type", "subtype", "date_start", "count", "count_qualifier", "language"]].astype(str).values.tolist()
    assert ["detention", "detention", "2021-06-10", "30", "more_than", "ru"] in got
    assert ["detention", "administrative_arrest", "2021-06-10", "2", "exact", "ru"] in got
    assert set(rows["language"]) == {"ru"}


def test_a_russian_document_is_noted_and_an_unread_language_is_reported_not_silently_empty():
    with pytest.warns(UserWarning, match=r"ru1: .*Russian.*first version"):
        kzevents.extract(RU_TEXT, doc_id="ru1", published="2021-06-11")
    with pytest.warns(UserWarning, match=r"kk1: .*Kazakh; kzevents reads English and Russian, so its events are not extracted"):
        rows = kzevents.extract("Алматыда полиция бейбіт шеруге қатысқан он адамды ұстады.", doc_id="kk1")
    assert rows.empty


def test_english_rows_say_english():
    rows = kzevents.extract("On 3 May 2019 police detained twelve people in Almaty.")
    assert rows["language"].tolist() == ["en"]


def test_cli_extract_language_forces_the_language(tmp_path, capsys):
    path = tmp_path / "note.txt"
    path.write_text(RU_TEXT)
    assert main(["extract", str(path), "--published", "2021-06-11", "--language", "en"]) == 0
    assert capsys.readouterr().out.strip().count("\n") == 0  # read as English: the header only
    assert main(["extract", str(path), "--published", "2021-06-11"]) == 0
    out = capsys.readouterr()
    assert "Russian" in out.err and ",ru," in out.out


def test_a_corpus_mixing_english_and_russian_builds_one_table(tmp_path):
    (tmp_path / "ru.txt").write_text(RU_TEXT)
    (tmp_path / "en.txt").write_text("On 3 May 2019 police detained twelve people in Almaty.")
    (tmp_path / "manifest.csv").write_text("doc_id,file,title,publisher,published,url,sha256\n"
                                           "ru,ru.txt,,,2021-06-11,,\nen,en.txt,,,2019-05-10,,\n")
    from kzevents.corpus import scan_corpus

    catalog = scan_corpus(tmp_path)
    mentions = extract_corpus(catalog)
    assert sorted(set(zip(mentions["doc_id"], mentions["language"]))) == [("en", "en"), ("ru", "ru")]
    from kzevents.corpus import documents_frame

    assert dict(zip(*documents_frame(catalog.records)[["doc_id", "language"]].T.values)) == {"ru": "ru", "en": "en"}
