"""Temporal expressions -> uncertain windows (countertrial.extract.timex).

Three layers: the case set in tests/data/timex_cases.yaml (accuracy >= 95%, failures printed), focused
tests per pattern family with their near misses, and property tests over generated dates, ranges,
months and arbitrary text.
"""

from __future__ import annotations

import calendar
import os
import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from countertrial.extract.timex import TimeExpression, find_time_expressions, parse_time
from countertrial.extract.timex.evaluate import load_cases, score

#: TIMEX_FUZZ=20 multiplies the number of generated examples for a deeper run.
FUZZ = int(os.environ.get("TIMEX_FUZZ", "1"))
HERE = Path(__file__).resolve().parent
CASES = HERE / "data" / "timex_cases.yaml"
CORPUS = HERE.parent.parent / "shared" / "corpus" / "moscow-trials"

MONTH_NAMES = list(calendar.month_name)[1:]
MONTH_ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def windows(text, anchor=None, default_year=None):
    found = find_time_expressions(text, anchor, default_year)
    return [(x.text, x.window and (x.window.earliest, x.window.latest)) for x in found]


def only(text, anchor=None, default_year=None) -> TimeExpression:
    found = find_time_expressions(text, anchor, default_year)
    assert len(found) == 1, [x.text for x in found]
    return found[0]


def span_of(text, anchor=None, default_year=None):
    x = only(text, anchor, default_year)
    return x.text, (x.window.earliest, x.window.latest) if x.window else None


D = date


# ---------------------------------------------------------------------------------------------------
# The case set


def test_case_set_accuracy():
    cases = load_cases(CASES)
    assert len(cases) >= 320
    assert sum(1 for c in cases if c.get("source") == "corpus") >= 40
    assert sum(1 for c in cases if not c.get("expect")) >= 30, "near misses with no expression"
    s = score(cases)
    for case, problems in s.failures:
        print(f"FAIL [{case.get('family')}] {case['text']!r}")
        for p in problems:
            print(f"     {p}")
    print(f"timex accuracy {s.right}/{s.total} = {s.accuracy:.1%}")
    assert s.accuracy >= 0.95


def test_case_set_is_well_formed():
    for case in load_cases(CASES):
        assert set(case) <= {"family", "text", "anchor", "default_year", "expect", "source"}, case
        for e in case.get("expect") or []:
            assert e["span"] in case["text"], (e["span"], case["text"])
            assert set(e) <= {"span", "earliest", "latest", "kind", "anchored"}, e


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).lower()


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_corpus_cases_quote_the_corpus_briefly():
    """Corpus-sourced cases: their expressions occur in the real texts. Every case sentence is our own:
    it shares fewer than ten consecutive words with the corpus (which is not ours to redistribute)."""
    corpus = _norm(" ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))))
    for case in load_cases(CASES):
        if case.get("source") == "corpus":
            spans = [e["span"] for e in case["expect"]]
            assert any(_norm(s) in corpus for s in spans), spans
        words = _norm(case["text"]).split()
        for i in range(len(words) - 9):
            assert " ".join(words[i:i + 10]) not in corpus, case["text"]


# ---------------------------------------------------------------------------------------------------
# Full dates


@pytest.mark.parametrize("text,span,day", [
    ("on November 23, 1932", "November 23, 1932", D(1932, 11, 23)),
    ("on 23 November 1932", "23 November 1932", D(1932, 11, 23)),
    ("on Nov. 23, 1932", "Nov. 23, 1932", D(1932, 11, 23)),
    ("on the 3rd of December 1932", "the 3rd of December 1932", D(1932, 12, 3)),
    ("on 1932-11-23", "1932-11-23", D(1932, 11, 23)),
    ("on 23.11.1932", "23.11.1932", D(1932, 11, 23)),
    ("on 3.XII.1932", "3.XII.1932", D(1932, 12, 3)),
    ("on the twenty-third of November, 1932", "the twenty-third of November, 1932", D(1932, 11, 23)),
    ("on December the third, 1932", "December the third, 1932", D(1932, 12, 3)),
    ("on Wednesday, November 23, 1932", "Wednesday, November 23, 1932", D(1932, 11, 23)),
    ("ON 23 NOVEMBER 1932", "23 NOVEMBER 1932", D(1932, 11, 23)),
    ("on February 29, 1936", "February 29, 1936", D(1936, 2, 29)),
])
def test_full_dates(text, span, day):
    x = only(text)
    assert (x.text, x.window.earliest, x.window.latest, x.kind) == (span, day, day, "date")
    assert x.window.precision == "day" and x.window.text == span and not x.anchored


def test_year_less_dates_use_default_year_then_anchor_then_the_text():
    assert span_of("on December 3rd", default_year=1932) == ("December 3rd", (D(1932, 12, 3),) * 2)
    assert span_of("on December 3rd", anchor=D(1934, 5, 1)) == ("December 3rd", (D(1934, 12, 3),) * 2)
    x = only("on December 3rd")
    assert x.window is None and x.kind == "date"
    assert windows("In 1932 he came; on December 3rd he left.")[1] == ("December 3rd", (D(1932, 12, 3),) * 2)
    # default_year wins over the anchor's year; the text itself wins over both
    assert windows("on May 5", anchor=D(1930, 1, 1), default_year=1931) == [("May 5", (D(1931, 5, 5),) * 2)]


@pytest.mark.parametrize("text", [
    "on February 30, 1932", "on 31 April 1933", "on 1935-02-29", "on 32.11.1932", "on 1932-13-01",
])
def test_impossible_dates_are_not_dates(text):
    assert all(x.kind != "date" for x in find_time_expressions(text))


def test_slashed_dates_span_both_readings_when_ambiguous():
    assert span_of("posted 05/04/1933") == ("05/04/1933", (D(1933, 4, 5), D(1933, 5, 4)))
    assert span_of("posted 25/04/1933") == ("25/04/1933", (D(1933, 4, 25),) * 2)
    assert span_of("posted 04/25/1933") == ("04/25/1933", (D(1933, 4, 25),) * 2)


# ---------------------------------------------------------------------------------------------------
# Ranges


@pytest.mark.parametrize("text,span,a,b", [
    ("November 23-25, 1932", "November 23-25, 1932", D(1932, 11, 23), D(1932, 11, 25)),
    ("23–25 November 1932", "23–25 November 1932", D(1932, 11, 23), D(1932, 11, 25)),
    ("from May 11 to July 14, 1931", "from May 11 to July 14, 1931", D(1931, 5, 11), D(1931, 7, 14)),
    ("between 1931 and 1933", "between 1931 and 1933", D(1931, 1, 1), D(1933, 12, 31)),
    ("in 1931-33", "1931-33", D(1931, 1, 1), D(1933, 12, 31)),
    ("in 1993-4", "1993-4", D(1993, 1, 1), D(1994, 12, 31)),
    ("December 1935 - January 1936", "December 1935 - January 1936", D(1935, 12, 1), D(1936, 1, 31)),
    ("from December 16 to January 15, 1935", "from December 16 to January 15, 1935", D(1934, 12, 16), D(1935, 1, 15)),
    ("in April-May 1931", "April-May 1931", D(1931, 4, 1), D(1931, 5, 31)),
    ("from the end of 1932 to the spring of 1933", "from the end of 1932 to the spring of 1933",
     D(1932, 9, 1), D(1933, 5, 31)),
])
def test_ranges(text, span, a, b):
    x = only(text)
    assert (x.text, x.window.earliest, x.window.latest, x.kind) == (span, a, b, "range")


def test_reversed_or_invalid_ranges_do_not_combine():
    assert [t for t, _ in windows("from 1935 to 1931")] == ["from 1935", "1931"]  # "from 1935" alone: since
    assert all(x.kind != "range" for x in find_time_expressions("November 25-23, 1932"))
    assert windows("No. 52-53 of the bulletin") == []


def test_between_needs_and_and_and_needs_between():
    assert [t for t, _ in windows("in 1931 and 1933")] == ["1931", "1933"]
    assert span_of("between May and July 1932")[1] == (D(1932, 5, 1), D(1932, 7, 31))


# ---------------------------------------------------------------------------------------------------
# Months, seasons, parts


def test_months():
    assert span_of("in November 1932")[1] == (D(1932, 11, 1), D(1932, 11, 30))
    assert span_of("November of 1932")[1] == (D(1932, 11, 1), D(1932, 11, 30))
    assert span_of("in February 1932")[1] == (D(1932, 2, 1), D(1932, 2, 29))
    assert span_of("in November", default_year=1932)[1] == (D(1932, 11, 1), D(1932, 11, 30))
    assert parse_time("1936-10") == parse_time("October 1936").model_copy(update={"text": "1936-10"})


@pytest.mark.parametrize("text", [
    "He may come.", "May I ask?", "They march on.", "March on!", "an august body", "the October revolution",
    "after the October days", "May and June are names", "Jan van Heijenoort",
])
def test_month_words_that_are_not_months(text):
    assert windows(text) == []


def test_may_and_march_count_with_a_cue():
    assert span_of("in May", default_year=1931)[1] == (D(1931, 5, 1), D(1931, 5, 31))
    assert span_of("until March", default_year=1931)[1] == (None, D(1931, 3, 31))
    assert windows("before May could answer", default_year=1931) == []


@pytest.mark.parametrize("season,year,a,b", [
    ("spring", 1932, D(1932, 3, 1), D(1932, 5, 31)),
    ("summer", 1932, D(1932, 6, 1), D(1932, 8, 31)),
    ("fall", 1932, D(1932, 9, 1), D(1932, 11, 30)),
    ("autumn", 1931, D(1931, 9, 1), D(1931, 11, 30)),
    ("winter", 1932, D(1932, 12, 1), D(1933, 2, 28)),
    ("winter", 1935, D(1935, 12, 1), D(1936, 2, 29)),
])
def test_seasons_northern_hemisphere_winter_starts_in_december(season, year, a, b):
    for form in (f"the {season} of {year}", f"{season} of {year}", f"{season} {year}"):
        x = only(f"in {form}")
        assert (x.text, x.window.earliest, x.window.latest, x.kind) == (form, a, b, "season")


def test_winter_of_a_year_pair():
    assert span_of("the winter of 1921-22")[1] == (D(1921, 12, 1), D(1922, 2, 28))
    assert span_of("the winter of 1935/1936")[1] == (D(1935, 12, 1), D(1936, 2, 29))


@pytest.mark.parametrize("text", [
    "the fall of France", "after the fall of the government", "water from a spring", "the spring of his life",
    "prices fall", "we spring into action",
])
def test_season_words_that_are_not_seasons(text):
    assert windows(text, default_year=1932) == []


@pytest.mark.parametrize("text,a,b", [
    ("the middle of December 1935", D(1935, 12, 11), D(1935, 12, 20)),
    ("mid-December 1935", D(1935, 12, 11), D(1935, 12, 20)),
    ("early December 1935", D(1935, 12, 1), D(1935, 12, 10)),
    ("the beginning of December 1935", D(1935, 12, 1), D(1935, 12, 10)),
    ("late February 1933", D(1933, 2, 21), D(1933, 2, 28)),
    ("the end of February 1932", D(1932, 2, 21), D(1932, 2, 29)),
    ("the first half of May 1932", D(1932, 5, 1), D(1932, 5, 15)),
    ("the second half of May 1932", D(1932, 5, 16), D(1932, 5, 31)),
    ("the first days of May 1932", D(1932, 5, 1), D(1932, 5, 7)),
    ("the last week of May 1932", D(1932, 5, 25), D(1932, 5, 31)),
    ("early 1933", D(1933, 1, 1), D(1933, 4, 30)),
    ("the beginning of 1933", D(1933, 1, 1), D(1933, 4, 30)),
    ("mid-1933", D(1933, 5, 1), D(1933, 8, 31)),
    ("the end of 1932", D(1932, 9, 1), D(1932, 12, 31)),
    ("late 1932", D(1932, 9, 1), D(1932, 12, 31)),
    ("the first half of 1932", D(1932, 1, 1), D(1932, 6, 30)),
    ("the second half of 1932", D(1932, 7, 1), D(1932, 12, 31)),
    ("the third quarter of 1932", D(1932, 7, 1), D(1932, 9, 30)),
    ("early summer 1932", D(1932, 6, 1), D(1932, 6, 30)),
    ("late winter 1932", D(1933, 2, 1), D(1933, 2, 28)),
    ("the early 1930s", D(1930, 1, 1), D(1933, 12, 31)),
    ("the mid-1930s", D(1934, 1, 1), D(1936, 12, 31)),
    ("the late 1930s", D(1937, 1, 1), D(1939, 12, 31)),
])
def test_parts_of_periods(text, a, b):
    x = only(f"in {text}")
    assert (x.text, x.window.earliest, x.window.latest) == (text, a, b)


def test_parts_that_do_not_apply_are_not_combined():
    # "the first week of" a decade is not a thing; "the first years of the October Revolution" has no date
    assert [t for t, _ in windows("in the first week of the 1930s")] == ["the 1930s"]
    assert windows("during the first years of the October Revolution") == []


# ---------------------------------------------------------------------------------------------------
# Years, decades


@pytest.mark.parametrize("text,span", [
    ("in 1931", "1931"), ("since 1931", "since 1931"), ("(1932)", "1932"), ("the year 1932", "the year 1932"),
    ("Born 1883.", "1883"), ("1932, however, was quiet", "1932"), ("mid-1932", "mid-1932"),
])
def test_years_with_a_cue(text, span):
    assert only(text).text == span


@pytest.mark.parametrize("text", [
    "16 defendants", "13 questions", "page 1932", "p. 1932", "No. 1932", "$1932", "1932 rubles", "1500 men",
    "1932 %", "at 19:32", "19.32", "1,932 people", "f. 17, op. 3, d. 1932", "the 1936 Constitution",
    "1932", "room 2101", "in 1500 copies", "item 1931", "footnote 1931",
])
def test_numbers_that_are_not_years(text):
    assert windows(text) == []


def test_decades_and_centuries():
    assert span_of("in the 1920s")[1] == (D(1920, 1, 1), D(1929, 12, 31))
    assert span_of("in the 1930's")[1] == (D(1930, 1, 1), D(1939, 12, 31))
    assert span_of("the 19th century")[1] == (D(1800, 1, 1), D(1899, 12, 31))
    assert span_of("the twentieth century")[1] == (D(1900, 1, 1), D(1999, 12, 31))


def test_circa_widens():
    assert span_of("circa 1932")[1] == (D(1931, 1, 1), D(1933, 12, 31))
    assert span_of("around November 1932")[1] == (D(1932, 10, 1), D(1932, 12, 31))
    assert span_of("around 20 December 1935")[1] == (D(1935, 12, 17), D(1935, 12, 23))
    assert span_of("We talked about 1932.") == ("1932", (D(1932, 1, 1), D(1932, 12, 31)))


# ---------------------------------------------------------------------------------------------------
# Relative expressions


A = D(1932, 11, 25)


@pytest.mark.parametrize("text,a,b", [
    ("two days later", A + timedelta(2), A + timedelta(2)),
    ("the next day", A + timedelta(1), A + timedelta(1)),
    ("the following day", A + timedelta(1), A + timedelta(1)),
    ("the day before.", A - timedelta(1), A - timedelta(1)),
    ("a few days later", A + timedelta(2), A + timedelta(5)),
    ("a few days earlier", A - timedelta(5), A - timedelta(2)),
    ("several days later", A + timedelta(3), A + timedelta(7)),
    ("a week later", A + timedelta(4), A + timedelta(10)),
    ("the following month", D(1932, 12, 1), D(1932, 12, 31)),
    ("the previous month", D(1932, 10, 1), D(1932, 10, 31)),
    ("that year", D(1932, 1, 1), D(1932, 12, 31)),
    ("the following year", D(1933, 1, 1), D(1933, 12, 31)),
    ("that fall", D(1932, 9, 1), D(1932, 11, 30)),
    ("that winter", D(1932, 12, 1), D(1933, 2, 28)),
    ("a month later", D(1932, 12, 10), D(1933, 1, 9)),
    ("a year later", D(1933, 5, 25), D(1934, 5, 25)),
    ("three and a half years after.", D(1935, 11, 25), D(1936, 11, 25)),
    ("later that month", D(1932, 11, 26), D(1932, 11, 30)),
])
def test_relative_to_anchor(text, a, b):
    x = only(text, anchor=A)
    assert (x.window.earliest, x.window.latest, x.anchored) == (a, b, True)


def test_relative_without_reference_has_no_window():
    for text in ("two days later", "the next day", "a week later"):
        x = only(text)
        assert x.window is None and x.kind == "relative"


def test_offsets_from_an_event_or_from_now_have_no_window():
    for text in ("a few days before the trial", "sixteen days after the assassination", "eight years ago",
                 "two days after he left"):
        x = find_time_expressions(text, anchor=A)[0]
        assert x.window is None and x.kind == "relative", text


def test_offsets_chain_through_a_paragraph():
    got = windows("On May 5, 1932 he arrived. Two days later he left; the next day he was in Paris.")
    assert got == [("May 5, 1932", (D(1932, 5, 5),) * 2), ("Two days later", (D(1932, 5, 7),) * 2),
                   ("the next day", (D(1932, 5, 8),) * 2)]


def test_offsets_shift_a_whole_window():
    got = windows("In November 1932 he came; two days later he left.")
    assert got[1] == ("two days later", (D(1932, 11, 3), D(1932, 12, 2)))


# ---------------------------------------------------------------------------------------------------
# Open intervals, never, durations


@pytest.mark.parametrize("text,a,b,kind", [
    ("since 1927", D(1927, 1, 1), None, "since"),
    ("from 1929 on", D(1929, 1, 1), None, "since"),
    ("after December 1927", D(1928, 1, 1), None, "after"),
    ("until 1934", None, D(1934, 12, 31), "until"),
    ("till 1934", None, D(1934, 12, 31), "until"),
    ("by 1937", None, D(1937, 12, 31), "until"),
    ("before 1934", None, D(1933, 12, 31), "before"),
    ("prior to May 1934", None, D(1934, 4, 30), "before"),
    ("not later than February 18, 1963", None, D(1963, 2, 18), "until"),
    ("no earlier than March 1933", D(1933, 3, 1), None, "since"),
])
def test_open_intervals(text, a, b, kind):
    x = only(text)
    assert (x.window.earliest, x.window.latest, x.kind, x.window.precision) == (a, b, kind, "open")


def test_not_until_means_since():
    x = only("contact was not established until 1934")
    assert (x.text, x.window.earliest, x.window.latest) == ("until 1934", D(1934, 1, 1), None)


def test_from_dates_a_document_but_opens_a_state():
    assert span_of("a letter from May 1932") == ("May 1932", (D(1932, 5, 1), D(1932, 5, 31)))
    assert span_of("in prison from May 1932") == ("from May 1932", (D(1932, 5, 1), None))


@pytest.mark.parametrize("text,span", [
    ("I never met him", "never"), ("at no other time", "at no other time"), ("At no time", "At no time"),
    ("neither then nor at any other time", "at any other time"),
])
def test_never(text, span):
    x = [e for e in find_time_expressions(text) if e.kind == "never"][0]
    assert x.text == span and x.window is None


def test_at_any_other_time_without_negation_is_not_never():
    assert windows("you may come at any other time") == []


def test_durations_have_no_window():
    x = only("he stayed for two weeks")
    assert (x.text, x.kind, x.window) == ("for two weeks", "duration", None)


def test_offsets_from_a_following_date_shift_that_date():
    assert span_of("two days before December 3, 1932") == ("two days before December 3, 1932", (D(1932, 12, 1),) * 2)
    assert span_of("a week after 1 May 1937")[1] == (D(1937, 5, 5), D(1937, 5, 11))
    # "for N years before X" is a duration followed by an open interval
    assert [t for t, _ in windows("for eleven years before 1935")] == ["for eleven years", "before 1935"]


def test_the_year_and_the_month_only_as_periods_of_a_part():
    assert span_of("by the end of the year", anchor=D(1934, 3, 1))[1] == (None, D(1934, 12, 31))
    assert span_of("in the middle of the month", anchor=D(1935, 12, 2))[1] == (D(1935, 12, 11), D(1935, 12, 20))
    assert windows("the man of the year", anchor=D(1935, 12, 2)) == []


def test_lists_holidays_and_weekdays():
    assert span_of("the 6th, 12th and 18th of December 1934")[1] == (D(1934, 12, 6), D(1934, 12, 18))
    assert only("the 6th, 12th and 18th of December 1934").kind == "dates"
    assert span_of("at Christmas 1935")[1] == (D(1935, 12, 24), D(1935, 12, 26))
    assert windows("The May Day parade") == []
    got = windows("The following Sunday, December 4, he left.", anchor=D(1932, 11, 30))
    assert got == [("The following Sunday", (D(1932, 12, 4),) * 2), ("December 4", (D(1932, 12, 4),) * 2)]
    assert windows("In January and February 1933")[0] == ("January", (D(1933, 1, 1), D(1933, 1, 31)))


def test_year_less_dates_look_ahead_only_within_the_sentence():
    assert windows("He left on 5 May and returned on 9 May 1935.")[0] == ("5 May", (D(1935, 5, 5),) * 2)
    assert windows("On 20 December he left, returning on 5 January 1936.")[0][1] == (D(1935, 12, 20),) * 2
    assert windows("He left on 5 May. Much later, in 1935, he returned.")[0] == ("5 May", None)


def test_this_year_is_the_callers_year_that_year_the_narratives():
    text = "In 1931 he wrote; on July 31 of this year he testified; in May of that year he had written."
    got = windows(text, default_year=1936)
    assert got[1] == ("July 31 of this year", (D(1936, 7, 31),) * 2)
    assert got[2] == ("May of that year", (D(1936, 5, 1), D(1936, 5, 31)))  # the last year mentioned


def test_that_month_name_and_early_in():
    assert span_of("the trial held that August", anchor=D(1936, 1, 10))[1] == (D(1936, 8, 1), D(1936, 8, 31))
    assert windows("so that May would sign", default_year=1936) == []
    assert span_of("early in 1994") == ("early in 1994", (D(1994, 1, 1), D(1994, 4, 30)))
    assert span_of("late in the summer of 1932")[1] == (D(1932, 8, 1), D(1932, 8, 31))


def test_footnote_markers_glued_to_years_are_ignored():
    assert span_of("the trial in August 1936.9 At the second") == ("August 1936", (D(1936, 8, 1), D(1936, 8, 31)))


# ---------------------------------------------------------------------------------------------------
# parse_time


def test_parse_time():
    assert parse_time("the fall of 1932").earliest == D(1932, 9, 1)
    assert parse_time("in November 1932").latest == D(1932, 11, 30)
    assert parse_time("1932").earliest == D(1932, 1, 1)  # a bare year is fine as a whole expression
    assert parse_time("May", default_year=1931).latest == D(1931, 5, 31)
    assert parse_time("1931-05-11/1931-07-14").latest == D(1931, 7, 14)
    assert parse_time("two days later", anchor=D(1932, 1, 1)).earliest == D(1932, 1, 3)
    assert parse_time("never") is None
    assert parse_time("he came in 1932 and left") is None
    assert parse_time("") is None


# ---------------------------------------------------------------------------------------------------
# Properties

FORMATS = [
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{MONTH_ABBR[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"the {d.day}{_suffix(d.day)} of {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}{_suffix(d.day)}, {d.year}",
    lambda d: f"{d.day}{_suffix(d.day)} {MONTH_NAMES[d.month - 1]}, {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1].upper()} {d.day}, {d.year}",
]
SENTENCES = ["{}", "He arrived on {}.", "Q. When? A. On {}, in the evening.", "Register, {}: no arrivals.",
             "(letter of {})", "It was {} - I remember it well."]


def _suffix(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


dates = st.dates(min_value=D(1000, 1, 1), max_value=D(2199, 12, 31))


@settings(max_examples=300 * FUZZ, deadline=None)
@given(dates, st.sampled_from(FORMATS), st.sampled_from(SENTENCES))
def test_property_generated_dates(d, fmt, sentence):
    expr = fmt(d)
    text = sentence.format(expr)
    x = only(text)
    assert x.text == expr and text[x.start:x.end] == expr
    assert (x.window.earliest, x.window.latest) == (d, d)
    assert parse_time(expr) == x.window


@settings(max_examples=200 * FUZZ, deadline=None)
@given(dates, st.integers(1, 27), st.sampled_from(["-", "–", " to "]), st.booleans())
def test_property_generated_day_ranges(d, length, dash, day_first):
    last = calendar.monthrange(d.year, d.month)[1]
    a = min(d.day, last - 1)
    b = min(a + length, last)
    name = MONTH_NAMES[d.month - 1]
    expr = f"{a}{dash}{b} {name} {d.year}" if day_first else f"{name} {a}{dash}{b}, {d.year}"
    x = only(f"He stayed there {expr}.")
    assert x.text == expr
    assert (x.window.earliest, x.window.latest) == (D(d.year, d.month, a), D(d.year, d.month, b))


@settings(max_examples=200 * FUZZ, deadline=None)
@given(dates, dates, st.sampled_from(["from {} to {}", "between {} and {}", "{} - {}"]))
def test_property_generated_cross_ranges(d1, d2, template):
    a, b = min(d1, d2), max(d1, d2)
    if a == b:
        return
    fa = f"{MONTH_NAMES[a.month - 1]} {a.day}, {a.year}"
    fb = f"{MONTH_NAMES[b.month - 1]} {b.day}, {b.year}"
    expr = template.format(fa, fb)
    x = only(f"The file covers {expr}.")
    assert x.text == expr and (x.window.earliest, x.window.latest) == (a, b)


@settings(max_examples=200 * FUZZ, deadline=None)
@given(st.integers(1000, 2199), st.integers(1, 12), st.sampled_from(["{m} {y}", "{m} of {y}", "{m}, {y}", "{M} {y}"]))
def test_property_generated_months(y, m, fmt):
    expr = fmt.format(m=MONTH_NAMES[m - 1], M=MONTH_NAMES[m - 1].upper(), y=y)
    x = only(f"It was in {expr} that they met.")
    assert x.text == expr
    assert (x.window.earliest, x.window.latest) == (D(y, m, 1), D(y, m, calendar.monthrange(y, m)[1]))


@settings(max_examples=100 * FUZZ, deadline=None)
@given(st.integers(1000, 2190), st.integers(1, 9))
def test_property_generated_year_ranges(y, n):
    x = only(f"During {y}-{y + n} he was abroad.")
    assert (x.window.earliest, x.window.latest) == (D(y, 1, 1), D(y + n, 12, 31))
    short = str(y + n)[-2:]
    if (y + n) // 100 == y // 100:
        x = only(f"During {y}-{short} he was abroad.")
        assert (x.text, x.window.latest) == (f"{y}-{short}", D(y + n, 12, 31))


def _check_invariants(text: str, found: list[TimeExpression]) -> None:
    last_end = 0
    for x in found:
        assert 0 <= x.start < x.end <= len(text)
        assert text[x.start:x.end] == x.text
        assert x.start >= last_end, "overlap or disorder"
        last_end = x.end
        if x.window is not None:
            w = x.window
            assert w.earliest is None or w.latest is None or w.earliest <= w.latest
            assert w.earliest is not None or w.latest is not None


@settings(max_examples=400 * FUZZ, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.none() | dates, st.none() | st.integers(1000, 2199))
def test_property_arbitrary_text_never_crashes(text, anchor, year):
    _check_invariants(text, find_time_expressions(text, anchor, year))
    parse_time(text, anchor, year)


TOKENS = (MONTH_NAMES + MONTH_ABBR + ["1932", "1931-33", "23", "3rd", "the", "of", "in", "since", "until", "from",
          "to", "and", "between", "-", "–", ",", ".", "later", "days", "two", "a few", "weeks", "before", "after",
          "the end of", "early", "mid-", "summer", "winter", "fall", "that year", "the next day", "never", "for",
          "1930s", "No.", "p.", "May", "march", "(", ")", "on", "at the latest", "23.11.1932", "1932-11-23", "/"])


@settings(max_examples=400 * FUZZ, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=25), st.none() | dates, st.none() | st.integers(1000, 2199))
def test_property_time_word_soup(tokens, anchor, year):
    text = " ".join(tokens)
    _check_invariants(text, find_time_expressions(text, anchor, year))


@settings(max_examples=100 * FUZZ, deadline=None)
@given(dates, st.sampled_from(FORMATS), st.text(alphabet="xyz ,;", max_size=20),
       st.text(alphabet="xyz ,.;", max_size=20))
def test_property_dates_survive_surrounding_noise(d, fmt, before, after):
    expr = fmt(d)
    text = f"{before} {expr} {after}"
    found = find_time_expressions(text)
    assert [(x.text, x.window.earliest, x.window.latest) for x in found] == [(expr, d, d)]


# ---------------------------------------------------------------------------------------------------
# The real corpus


def _corpus_lines():
    return [ln for p in sorted(CORPUS.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_corpus_invariants_recall_and_speed():
    lines = _corpus_lines()
    month_year = re.compile(r"\b(" + "|".join(MONTH_NAMES) + r"),? (1[89]\d\d)\b")
    t0 = time.perf_counter()
    missed = []
    for ln in lines:
        found = find_time_expressions(ln)
        _check_invariants(ln, found)
        for m in month_year.finditer(ln):  # every "Month YYYY" is inside an expression covering that month
            mon, y = MONTH_NAMES.index(m.group(1)) + 1, int(m.group(2))
            inside = [x for x in found if x.start <= m.start() and m.end() <= x.end and x.window]
            ok = any((x.window.earliest is None or x.window.earliest <= D(y, mon, 28))
                     and (x.window.latest is None or x.window.latest >= D(y, mon, 1)) for x in inside)
            if not ok:
                missed.append(m.group())
    per_line = (time.perf_counter() - t0) / len(lines)
    assert not missed, missed
    assert per_line < 1e-3, f"{per_line * 1e6:.0f} us per line"
