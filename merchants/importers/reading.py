"""Streaming CSV reading: encoding detection, per-line decoding, row numbers.

A store file can be half a gigabyte, so it is never read whole: bytes are read line by
line, each line is decoded on its own (a line with bytes the encoding cannot decode is
marked, not fatal), and the decoded lines feed `csv.reader`, which also handles quoted
fields that span lines. Every row comes with the number of the line it starts on.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _

SAMPLE_BYTES = 256 * 1024


def csv_error_message(exc: csv.Error) -> str:
    """What Python's csv module said, in words an official can act on (its own text is English parser talk)."""
    text = str(exc)
    if "field limit" in text:
        return _("a field is longer than 131,072 characters; a quotation mark is probably not closed")
    return _("quotation marks or line breaks are broken; check the quotes in this row")


@dataclass(frozen=True)
class Encoding:
    codec: str  # "utf-8" or "cp949"
    bom: bool = False

    @property
    def label(self) -> str:
        if self.codec == "cp949":
            return "CP949"
        return "UTF-8 (BOM)" if self.bom else "UTF-8"


def detect_encoding(head: bytes) -> Encoding:
    """UTF-8 (with or without BOM) or CP949, from the first bytes of a file.

    SEMAS publishes UTF-8 since 2023 and CP949 before. Lines of the sample that do not
    decode as UTF-8 point to CP949; one stray bad byte in a UTF-8 file does not.
    """
    if head.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8", bom=True)
    if len(head) >= SAMPLE_BYTES:  # the sample may end inside a character: keep whole lines
        head = head[: head.rfind(b"\n") + 1] or head
    lines = head.splitlines()
    utf8_bad = sum(1 for line in lines if not _decodes(line, "utf-8"))
    if utf8_bad == 0:
        return Encoding("utf-8")
    cp949_bad = sum(1 for line in lines if not _decodes(line, "cp949"))
    return Encoding("cp949") if cp949_bad < utf8_bad else Encoding("utf-8")


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


class DecodedLines:
    """Iterate a binary file's lines as text, counting bytes and remembering undecodable lines.

    The file is read in blocks of whole lines; a block that decodes at once (the normal case)
    costs one C call, and only a block with a bad byte is decoded line by line to find it.
    """

    BLOCK = 1024 * 1024

    def __init__(self, stream: BinaryIO, encoding: Encoding):
        self.stream = stream
        self.encoding = encoding
        self.bytes_read = 0
        self.line_number = 0
        self.bad_lines: set[int] = set()

    def _blocks(self) -> Iterator[bytes]:
        rest = b""
        while True:
            data = self.stream.read(self.BLOCK)
            if not data:
                if rest:
                    yield rest
                return
            data = rest + data
            cut = data.rfind(b"\n") + 1
            if cut == 0:  # no line end yet: keep reading
                rest = data
                continue
            rest = data[cut:]
            yield data[:cut]

    def __iter__(self) -> Iterator[str]:
        codec = self.encoding.codec
        first = True
        for block in self._blocks():
            if first:
                first = False
                if block.startswith(codecs.BOM_UTF8):
                    self.bytes_read += len(codecs.BOM_UTF8)
                    block = block[len(codecs.BOM_UTF8):]
            self.bytes_read += len(block)
            raw_lines = block.split(b"\n")
            if raw_lines[-1] == b"":
                raw_lines.pop()
                ends = True
            else:
                ends = False
            try:
                lines = block.decode(codec).split("\n")
                if ends:
                    lines.pop()
            except UnicodeDecodeError:
                lines = []
                for offset, raw in enumerate(raw_lines, start=1):
                    try:
                        lines.append(raw.decode(codec))
                    except UnicodeDecodeError:
                        self.bad_lines.add(self.line_number + offset)
                        lines.append(raw.decode(codec, errors="replace"))
            last = len(lines) - 1
            for index, line in enumerate(lines):
                self.line_number += 1
                yield line + "\n" if (index < last or ends) else line


@dataclass(slots=True)
class RawRow:
    line: int  # the line the row starts on (the header is line 1)
    values: list[str]
    undecodable: bool = False
    csv_error: str = ""


class RowReader:
    """csv.reader over DecodedLines, yielding RawRow with line numbers; blank lines are skipped."""

    def __init__(self, stream: BinaryIO, encoding: Encoding):
        self.lines = DecodedLines(stream, encoding)
        self._reader = csv.reader(self.lines)
        self._last_line = 0

    @property
    def bytes_read(self) -> int:
        return self.lines.bytes_read

    def __iter__(self) -> Iterator[RawRow]:
        while True:
            start = self._last_line + 1
            try:
                values = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._last_line = self._reader.line_num
                yield RawRow(start, [], csv_error=csv_error_message(exc))
                continue
            end = self._reader.line_num
            self._last_line = end
            if not values or (len(values) == 1 and not values[0].strip()):
                continue
            if any("\x00" in value for value in values):  # csv accepts NUL; PostgreSQL would not store it
                yield RawRow(start, [], csv_error=_("the line contains a NUL character; save the file again as CSV "
                                                    "from the spreadsheet program"))
                continue
            undecodable = False
            if self.lines.bad_lines:
                spanned = set(range(start, end + 1))
                undecodable = bool(spanned & self.lines.bad_lines)
                self.lines.bad_lines -= spanned
            yield RawRow(start, values, undecodable)
