"""Streaming reading: encodings detected, rows and line numbers right across block boundaries."""

import csv
import io

import pytest

from merchants.importers.reading import (
    DecodedLines,
    Encoding,
    LineProblem,
    RowReader,
    describe_problem,
    detect_encoding,
)

TEXT = '상가업소번호,상호명\r\n"A1","양동상회"\r\n\r\n"A2","멀티\n라인 상회"\r\nA3,끝집\r\n'


@pytest.mark.parametrize("encoding, label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("cp949", "CP949")])
def test_encodings_are_detected(encoding, label):
    assert detect_encoding(TEXT.encode(encoding)).label == label


def test_a_stray_bad_byte_does_not_turn_utf8_into_cp949():
    data = ("상호명\n" * 200).encode() + b"\xff\n" + ("양동\n" * 200).encode()
    assert detect_encoding(data).codec == "utf-8"


@pytest.mark.parametrize("block", [7, 16, 64, 1 << 20])
def test_rows_and_line_numbers_do_not_depend_on_the_block_size(monkeypatch, block):
    monkeypatch.setattr(DecodedLines, "BLOCK", block)
    data = TEXT.encode("utf-8")
    rows = list(RowReader(io.BytesIO(data), Encoding("utf-8")))
    assert [(r.line, r.values) for r in rows] == [
        (1, ["상가업소번호", "상호명"]), (2, ["A1", "양동상회"]), (4, ["A2", "멀티\n라인 상회"]), (6, ["A3", "끝집"])]
    assert not any(r.undecodable for r in rows)


@pytest.mark.parametrize("block", [5, 1 << 20])
def test_an_undecodable_line_is_marked_and_the_rest_read(monkeypatch, block):
    monkeypatch.setattr(DecodedLines, "BLOCK", block)
    data = "a,b\n1,양동\n".encode() + b"2,\xff\xfe\n" + "3,끝\n".encode()
    reader = RowReader(io.BytesIO(data), Encoding("utf-8"))
    rows = list(reader)
    assert [(r.line, r.undecodable) for r in rows] == [(1, False), (2, False), (3, True), (4, False)]
    assert rows[3].values == ["3", "끝"]
    assert reader.bytes_read == len(data)


def test_a_bom_is_dropped_and_counted():
    data = "\ufeffa,b\n1,2".encode()
    reader = RowReader(io.BytesIO(data), Encoding("utf-8", bom=True))
    assert [r.values for r in reader] == [["a", "b"], ["1", "2"]]
    assert reader.bytes_read == len(data)


@pytest.mark.parametrize("block", [5, 64, 1 << 20])
@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\x7f", "\x85"])
def test_a_line_with_a_control_character_is_marked_and_cleaned(monkeypatch, block, bad):
    monkeypatch.setattr(DecodedLines, "BLOCK", block)
    data = f"a,b\n1,양동\n2,나{bad}쁨\n3,끝\n".encode()
    rows = list(RowReader(io.BytesIO(data), Encoding("utf-8")))
    assert [(r.line, r.problem) for r in rows] == [(1, None), (2, None), (3, LineProblem.CONTROL), (4, None)]
    assert rows[2].values == ["2", "나쁨"] and rows[3].values == ["3", "끝"]


def test_tabs_and_line_ends_inside_quoted_fields_are_text_not_control_characters():
    data = 'a,b\r\n1,"양동\t상회\r\n2층"\r\n'.encode()
    rows = list(RowReader(io.BytesIO(data), Encoding("utf-8")))
    assert [(r.line, r.problem, r.values) for r in rows][1] == (2, None, ["1", "양동\t상회\r\n2층"])


@pytest.mark.parametrize("block", [7, 100, 1 << 20])
def test_an_over_long_line_is_skipped_unread_and_reported_with_its_number(monkeypatch, block):
    monkeypatch.setattr(DecodedLines, "BLOCK", block)
    data = b"a,b\n1,x\n" + b"," * 5_000 + b"\n2,y\n" + b"z" * 3_000
    reader = RowReader(io.BytesIO(data), Encoding("utf-8"), max_line_bytes=1_000)
    rows = list(reader)
    assert [(r.line, r.problem, r.values) for r in rows] == [
        (1, None, ["a", "b"]), (2, None, ["1", "x"]), (3, LineProblem.TOO_LONG, []), (4, None, ["2", "y"]),
        (5, LineProblem.TOO_LONG, [])]
    assert reader.bytes_read == len(data)
    assert "3번째 줄" in describe_problem(rows[2], encoding_label="UTF-8")


def test_a_quoted_field_that_never_closes_stops_at_the_field_limit(monkeypatch):
    monkeypatch.setattr("merchants.importers.reading.MAX_FIELD_CHARS", 2_000)
    data = b'a,b\n1,"open\n' + b"more text\n" * 1_000 + b"\n"
    try:
        rows = list(RowReader(io.BytesIO(data), Encoding("utf-8")))
    finally:
        csv.field_size_limit(131_072)  # the module's default, for the rest of the process
    assert "2,000자" in rows[1].csv_error and "따옴표" in rows[1].csv_error  # Korean, not the csv module's words
