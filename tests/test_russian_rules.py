"""Russian rules of the genre added after the first reader (issue 13): holidays and their eves,
halves of a period, "since" to the document date, dates that are no event's, counts that are
not counts, counts of one, and the context that tells no new event.

Every sentence here is our own, in the genre's style; none comes from tests/gold/dev_ru.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kzevents
from kzevents.quantities import find_counts
from kzevents.timex import find_timexes


def _rows(text: str, published: str = "2021-06-30") -> list[tuple]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        df = kzevents.extract(text, published=published, language="ru")
    return [(r.event_type, str(r.date_start)[:10], str(r.date_end)[:10], None if pd.isna(r["count"]) else int(r["count"]))
            for _, r in df.iterrows()]


def _dates(text: str) -> list[tuple[str, str, str]]:
    return [(t.text, str(t.start), str(t.end)) for t in find_timexes(text, "ru") if t.start]


# --- holidays and their eves --------------------------------------------------------------------

def test_the_eve_of_a_holiday_is_the_week_before_it():
    rows = _rows("Накануне Дня Независимости в Алматы задержали пятерых активистов.", published="2021-12-20")
    assert rows == [("detention", "2021-12-09", "2021-12-15", 5)]


def test_a_holiday_is_its_own_day_and_its_calendar_date_dates_no_event():
    assert _rows("В День Республики в Уральске прошел митинг.", published="2021-11-02") == \
        [("protest", "2021-10-25", "2021-10-25", None)]
    # "который отмечается 16 декабря" is the holiday's calendar date: the eve still dates the arrest
    rows = _rows("Двоих активистов задержали накануне Дня Независимости, который отмечается 16 декабря.",
                 published="2021-12-17")
    assert rows == [("detention", "2021-12-09", "2021-12-15", 2)]


def test_the_eve_of_new_year_is_the_last_week_of_december():
    assert _dates("Накануне Нового года блогера снова оштрафовали.") == \
        [("Накануне Нового года", "1999-12-25", "1999-12-31")]  # year-less until anchored


# --- parts of a period and "since" --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("в первой половине марта 2021 года", ("первой половине марта 2021 года", "2021-03-01", "2021-03-15")),
    ("во второй половине февраля 2020 года", ("второй половине февраля 2020 года", "2020-02-16", "2020-02-29")),
    ("во второй половине 2019 года", ("второй половине 2019 года", "2019-07-01", "2019-12-31")),
    ("в первом полугодии 2018 года", ("первом полугодии 2018 года", "2018-01-01", "2018-06-30")),
])
def test_halves_of_a_month_or_a_year(text, expected):
    assert _dates(text) == [expected]


def test_since_a_month_runs_to_the_document_date():
    assert _rows("С начала мая в Жанаозене проходят пикеты безработных.", published="2021-05-20") == \
        [("protest", "2021-05-01", "2021-05-20", None)]
    assert _rows("С марта 2020 года блогер находится под домашним арестом.", published="2021-02-10")[0][1:3] == \
        ("2020-03-01", "2021-02-10")


def test_since_a_day_is_that_day_and_a_later_month_is_last_years():
    assert _rows("С 4 мая у жителей начались перебои с интернетом.", published="2021-05-20") == \
        [("ban", "2021-05-04", "2021-05-04", None)]
    assert _rows("С ноября в городе проходят одиночные пикеты.", published="2021-02-01")[0][1:3] == \
        ("2020-11-01", "2021-02-01")


# --- dates that date no event -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Поправки в закон должны вступить в силу 1 сентября.",
    "Рассмотрение дела блогера назначено на 12 мая.",
    "Митинг оппозиции состоится 3 июля в центре города.",
    "Суд продлил арест активиста до 15 августа.",
])
def test_due_planned_and_deadline_dates_are_no_event_dates(text):
    assert _dates(text) == []


def test_a_date_still_to_come_does_not_push_earlier_dates_back_a_year():
    text = ("Решение суда должно вступить в силу 21 марта. "
            "Пользователи сообщают, что доступ к сайту заблокировали 17 марта.")
    assert _rows(text, published="2021-03-18") == [("ban", "2021-03-17", "2021-03-17", None)]


# --- counts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Угрозы зафиксированы в 12-ти городах страны.",
    "Активистов судили по ч. 1 и 2 ст. 174 УК.",
    "Мониторинг охватил 40 журналистов[2] в пяти областях.",
])
def test_places_articles_and_footnote_marks_are_not_counts(text):
    values = [c.value for c in find_counts(text, language="ru")]
    assert not set(values) & {12, 1, 2, 174, 5}, values


def test_a_rally_that_gathered_n_people_takes_that_count():
    rows = _rows("10 июня митинг на площади у акимата собрал около 400 человек.")
    assert rows == [("protest", "2021-06-10", "2021-06-10", 400)]


def test_cases_tried_are_prosecution_with_their_count():
    rows = _rows("В 2019 году судами рассмотрено с вынесением приговора 57 дел о клевете.")
    assert rows == [("prosecution", "2019-01-01", "2019-12-31", 57)]


@pytest.mark.parametrize("text, n", [
    ("5 июня суд арестовал на 10 суток Марата Сейтова (Тараз), Дину Ахметову (Тараз), Ерлана Жумабаева, "
     "на 5 суток оштрафован Асан Оспанов.", 3),
    ("Асан Оспанов, Дина Ахметова и Ерлан Жумабаев 5 июня судом признаны виновными.", 3),
    ("5 июня журналиста задержали у здания акимата.", 1),
    ("Ерлана Жумабаева 5 июня признали виновным в распространении ложной информации.", 1),
    ("5 июня полиция задержала его у подъезда.", 1),
])
def test_counts_of_named_people_and_of_one(text, n):
    assert [r[3] for r in _rows(text)][:1] == [n]


def test_a_holiday_is_no_named_person():
    rows = _rows("Активистов оштрафовали накануне Дня Республики в Шымкенте.", published="2021-10-30")
    assert rows == [("conviction", "2021-10-18", "2021-10-24", None)]


# --- context: no new event ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Обзор всех трёх митингов 5 июня опубликует редакция.",
    "5 июня родственники потребовали прекратить преследование блогера и сразу освободить его из-под стражи.",
    "5 июня он провел под стражей сутки, ожидая итогов следствия и судебного процесса.",
])
def test_anaphora_demand_and_what_is_awaited_tell_no_new_event(text):
    types = [r[0] for r in _rows(text)]
    assert not {"protest", "release", "prosecution"} & set(types), types


def test_a_habit_takes_no_date_from_the_episode():
    text = "5 июня журналиста приговорили к трем годам. Его сторонники постоянно собираются у здания суда."
    assert [r[0] for r in _rows(text)] == ["conviction"]
    told = "5 июня журналиста приговорили к трем годам. Затем его сторонники собрались у здания суда."
    assert [r[0] for r in _rows(told)] == ["conviction", "protest"]


def test_a_death_is_a_killing_only_of_people():
    assert [r[0] for r in _rows("Сообщение о гибели 3 июня в изоляторе блогера вызвало протесты.")][:1] == ["violence"]
    assert _rows("Фермеры рассказали о гибели 3 июня урожая от засухи.") == []


# --- news periods against the publication date (R2) --------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("В прошлом году в Актобе задержали двадцать активистов.", ("2020-01-01", "2020-12-31")),
    ("В конце прошлого года в Актобе задержали двадцать активистов.", ("2020-01-01", "2020-12-31")),
    ("В этом году в Актобе задержали двадцать активистов.", ("2021-01-01", "2021-12-31")),
    ("В прошлом месяце в Актобе задержали двадцать активистов.", ("2021-05-01", "2021-05-31")),
    ("На прошлой неделе в Актобе задержали двадцать активистов.", ("2021-06-07", "2021-06-13")),
    ("На днях в Актобе задержали двадцать активистов.", ("2021-06-09", "2021-06-16")),
])
def test_news_periods_resolve_against_the_publication_date(text, expected):
    assert _rows(text, published="2021-06-16") == [("detention", *expected, 20)]


def test_the_night_from_one_day_to_the_next():
    assert _dates("в ночь с 6 на 7 апреля 2021 года") == [("в ночь с 6 на 7 апреля 2021 года", "2021-04-06", "2021-04-07")]


@pytest.mark.parametrize("text", [
    "5 июня его освобождение из колонии стало неожиданностью.",
    "5 июня он был признан подозреваемым по делу о клевете.",
])
def test_a_singular_pronoun_next_to_the_trigger_is_one(text):
    assert [r[3] for r in _rows(text)] == [1]


@pytest.mark.parametrize("text, n", [
    ("5 июня в Таразе были задержаны Марат Сейтов и Дина Ахметова, в Актобе — Ерлан Жумабаев.", 3),
    ("5 июня полиция задержала Марата Сейтова, Дину Ахметову, а также редактора Ерлана Жумабаева.", 3),
    ("5 июня суд оставил под стражей активистов Марата Сейтова и Дину Ахметову.", 2),
    ("Блогера Марата Сейтова 5 июня признали виновным в клевете.", 1),
])
def test_lists_of_names_by_town_and_a_name_before_a_date(text, n):
    assert [r[3] for r in _rows(text)][:1] == [n]
