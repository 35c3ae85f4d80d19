"""Streaming reading: encodings detected, rows and line numbers right across block boundaries."""

import io

import pytest

from merchants.importers.reading import DecodedLines, Encoding, RowReader, detect_encoding

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
