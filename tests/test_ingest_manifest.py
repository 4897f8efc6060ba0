"""manifest.csv: metadata per file, and every bad row reported with its line number."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from countertrial.ingest.dates import parse_date
from countertrial.ingest.manifest import read_manifest, read_manifest_rows
from countertrial.model import DocumentMeta, TimeWindow

HEADER = "file,title,author,date,kind,speaker,conditions,derived_from\n"


def manifest(tmp_path, body: str, header: str = HEADER, encoding: str = "utf-8", prefix: bytes = b""):
    path = tmp_path / "manifest.csv"
    path.write_bytes(prefix + (header + body).encode(encoding))
    return path


def errors(problems):
    return [(p.severity, p.line, p.message) for p in problems]


def test_full_row_is_read(tmp_path):
    path = manifest(
        tmp_path,
        'a.txt,"Title, with comma",Ann Author,1936-10-28,testimony,Ann Author; Bob Speaker,in custody,b.txt; c/d.txt\n',
    )
    metas, problems = read_manifest(path)
    assert problems == []
    assert metas == {
        "a.txt": DocumentMeta(
            title="Title, with comma",
            author="Ann Author",
            date="1936-10-28",
            date_window=TimeWindow(earliest=date(1936, 10, 28), latest=date(1936, 10, 28), precision="day", text="1936-10-28"),
            kind="testimony",
            speakers=["Ann Author", "Bob Speaker"],
            conditions="in custody",
            derived_from=["b.txt", "c/d.txt"],
        )
    }


def test_empty_fields_are_none_or_empty_lists(tmp_path):
    metas, problems = read_manifest(manifest(tmp_path, "a.txt,,,,,,,\n"))
    assert problems == []
    assert metas["a.txt"] == DocumentMeta()


def test_file_names_are_normalised_to_forward_slashes(tmp_path):
    metas, _ = read_manifest(manifest(tmp_path, "sub\\a.txt,,,,,,,\n./b.txt,,,,,,,\n"))
    assert set(metas) == {"sub/a.txt", "b.txt"}


def test_only_file_column_is_required_and_order_is_free(tmp_path):
    metas, problems = read_manifest(manifest(tmp_path, "1931,a.txt\n", header="Date, FILE\n"))
    assert problems == []
    assert metas["a.txt"].date_window.earliest == date(1931, 1, 1)


def test_missing_file_column_is_one_error_and_empty_result(tmp_path):
    metas, problems = read_manifest(manifest(tmp_path, "a.txt,T\n", header="name,title\n"))
    assert metas == {}
    assert len(problems) == 1
    assert problems[0].severity == "error" and problems[0].line == 1 and problems[0].file == "manifest.csv"
    assert "'file'" in problems[0].message


def test_extra_columns_are_ignored_with_a_warning(tmp_path):
    metas, problems = read_manifest(manifest(tmp_path, "a.txt,Title,x\n", header="file,title,notes\n"))
    assert metas["a.txt"].title == "Title"
    assert errors(problems) == [("warning", 1, problems[0].message)]
    assert "'notes'" in problems[0].message


def test_bad_date_keeps_the_row_without_the_date(tmp_path):
    body = "ok.txt,,,1936-10,,,,\nbad.txt,T,A,28/10/1936,testimony,,,\n"
    metas, problems = read_manifest(manifest(tmp_path, body))
    assert metas["bad.txt"].title == "T" and metas["bad.txt"].kind == "testimony"
    assert metas["bad.txt"].date is None and metas["bad.txt"].date_window is None
    assert [(p.line, p.file) for p in problems] == [(3, "manifest.csv")]
    assert "28/10/1936" in problems[0].message and "1936-10-28" in problems[0].message


@pytest.mark.parametrize("bad", ["1936-13", "1936-02-30", "1937-02-29", "1936-10-28/1936-10-01", "Oct 1936", "36"])
def test_impossible_dates_are_reported(tmp_path, bad):
    metas, problems = read_manifest(manifest(tmp_path, f"a.txt,,,{bad},,,,\n"))
    assert metas["a.txt"].date_window is None
    assert len(problems) == 1 and problems[0].line == 2


def test_leap_day_is_accepted():
    assert parse_date("1936-02-29").days == 1


def test_row_with_too_many_fields_is_skipped_with_its_line(tmp_path):
    body = "a.txt,,,,,,,\nb.txt,Title, with unquoted comma,,,,,,\nc.txt,,,,,,,\n"
    metas, problems = read_manifest(manifest(tmp_path, body))
    assert set(metas) == {"a.txt", "c.txt"}
    assert [(p.severity, p.line) for p in problems] == [("error", 3)]
    assert "9 fields" in problems[0].message


def test_row_with_fewer_fields_is_kept_with_a_warning(tmp_path):
    metas, problems = read_manifest(manifest(tmp_path, "a.txt,Short row\n"))
    assert metas["a.txt"].title == "Short row"
    assert [(p.severity, p.line) for p in problems] == [("warning", 2)]


def test_empty_file_name_and_duplicates_are_reported(tmp_path):
    body = "a.txt,First,,,,,,\n,No name,,,,,,\na.txt,Second,,,,,,\n/etc/passwd,,,,,,,\n"
    metas, problems = read_manifest(manifest(tmp_path, body))
    assert metas == {"a.txt": DocumentMeta(title="First")}
    assert [p.line for p in problems] == [3, 4, 5]
    assert "empty file name" in problems[0].message
    assert "already listed on line 2" in problems[1].message
    assert "relative" in problems[2].message


def test_line_numbers_count_quoted_newlines_and_blank_lines(tmp_path):
    body = 'a.txt,"two\nline title",,,,,,\n\nb.txt,,,not-a-date,,,,\n'
    metas, problems = read_manifest_rows(manifest(tmp_path, body))
    assert [r.line for r in metas] == [2, 5]
    assert [p.line for p in problems] == [5]


def test_bom_is_ignored(tmp_path):
    metas, problems = read_manifest(manifest(tmp_path, "a.txt,T,,,,,,\n", prefix=b"\xef\xbb\xbf"))
    assert problems == [] and metas["a.txt"].title == "T"


def test_manifest_in_legacy_encoding_warns_with_line(tmp_path):
    body = "a.txt,Plain,,,,,,\nb.txt,Caf\u00e9 Bristol in Z\u00fcrich,,,,,,\n"
    metas, problems = read_manifest(manifest(tmp_path, body, encoding="cp1252"))
    assert metas["b.txt"].title == "Caf\u00e9 Bristol in Z\u00fcrich"
    assert [(p.severity, p.line) for p in problems] == [("warning", 3)]
    assert "not valid UTF-8" in problems[0].message


def test_undecodable_manifest_is_one_error(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_bytes(b"file\n\x00\x01\x02")
    metas, problems = read_manifest(path)
    assert metas == {} and problems[0].severity == "error" and "binary" in problems[0].message


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, earliest, latest, precision",
    [
        ("1936-10-28", date(1936, 10, 28), date(1936, 10, 28), "day"),
        ("1936-10", date(1936, 10, 1), date(1936, 10, 31), "month"),
        ("1936-02", date(1936, 2, 1), date(1936, 2, 29), "month"),
        ("1931", date(1931, 1, 1), date(1931, 12, 31), "year"),
        ("1931-05-11/1931-07-14", date(1931, 5, 11), date(1931, 7, 14), "days"),
        ("1931-05/1931-07", date(1931, 5, 1), date(1931, 7, 31), "part_of_year"),
        ("1931/1933", date(1931, 1, 1), date(1933, 12, 31), "years"),
        ("1927/..", date(1927, 1, 1), None, "open"),
        ("../1938-03", None, date(1938, 3, 31), "open"),
        (" 1936-10 ", date(1936, 10, 1), date(1936, 10, 31), "month"),
    ],
)
def test_date_forms(text, earliest, latest, precision):
    window = parse_date(text)
    assert (window.earliest, window.latest, window.precision) == (earliest, latest, precision)
    assert window.text == text.strip()


@pytest.mark.parametrize("text", ["", "1936-10-28T10:00", "10/28/1936", "1936-1-2", "../..", "1931/1932/1933"])
def test_date_near_misses_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def _write(d: date, precision: str) -> tuple[str, date, date]:
    if precision == "day":
        return d.isoformat(), d, d
    if precision == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return f"{d.year:04d}-{d.month:02d}", d.replace(day=1), d.replace(day=last)
    return f"{d.year:04d}", date(d.year, 1, 1), date(d.year, 12, 31)


dates = st.dates(min_value=date(1000, 1, 1), max_value=date(9987, 12, 31))  # room for a 4000-day span
precisions = st.sampled_from(["day", "month", "year"])


@given(dates, precisions)
def test_single_dates_round_trip(d, precision):
    text, earliest, latest = _write(d, precision)
    window = parse_date(text)
    assert (window.earliest, window.latest, window.precision) == (earliest, latest, precision)
    assert d in (window.earliest, window.latest) or window.earliest < d < window.latest


@given(dates, st.integers(min_value=0, max_value=4000), precisions, precisions)
def test_intervals_round_trip(d, span, p1, p2):
    end = min(d + timedelta(days=span), date(9999, 12, 31))
    start_text, earliest, _ = _write(d, p1)
    end_text, _, latest = _write(end, p2)
    window = parse_date(f"{start_text}/{end_text}")
    assert (window.earliest, window.latest) == (earliest, latest)
    assert window.days == (latest - earliest).days + 1


@given(dates, st.integers(min_value=1, max_value=4000))
def test_reversed_day_intervals_are_refused(d, span):
    end = d - timedelta(days=span) if d.toordinal() - span >= date(1000, 1, 1).toordinal() else None
    if end is None:
        return
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_date(f"{d.isoformat()}/{end.isoformat()}")
