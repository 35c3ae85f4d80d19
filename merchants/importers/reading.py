"""Streaming CSV reading: encoding detection, per-line decoding, row numbers.

A store file can be half a gigabyte, so it is never read whole: bytes are read line by
line, each line is decoded on its own (a line with bytes the encoding cannot decode is
marked, not fatal), and the decoded lines feed `csv.reader`, which also handles quoted
fields that span lines. Every row comes with the number of the line it starts on.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from django.utils.translation import gettext as _

SAMPLE_BYTES = 256 * 1024


def csv_error_message(exc: csv.Error) -> str:
    """What Python's csv module said, in words an official can act on (its own text is English parser talk)."""
    text = str(exc)
    if "field limit" in text:
        return _("a field is longer than %(limit)s characters; a quotation mark is probably not closed") % {
            "limit": f"{csv.field_size_limit():,}"}
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


# Caps applied before any parsing, so no upload can make a row (or csv's field buffer) large:
# a SEMAS row is about 1 KB; a line longer than this is rejected and skipped without being held.
MAX_LINE_BYTES = 64 * 1024
MAX_FIELD_CHARS = MAX_LINE_BYTES
# C0 and C1 control characters except tab, LF and CR (legitimate inside quoted fields). NUL in
# particular is refused by PostgreSQL and would fail a whole batch.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class LineProblem(StrEnum):
    UNDECODABLE = "undecodable"
    TOO_LONG = "too_long"
    CONTROL = "control"


class _LongLine:
    """A line longer than the cap; its bytes were skipped, not kept."""


LONG_LINE = _LongLine()


class DecodedLines:
    """Iterate a binary file's lines as text, counting bytes and remembering problem lines.

    The file is read in blocks of whole lines; a block that decodes at once (the normal case)
    costs one C call, and only a block with a bad byte, a control character or an over-long
    line is decoded line by line to find it. An over-long line is never held whole: its bytes
    are skipped up to the next line end and an empty line stands in for it.
    """

    BLOCK = 1024 * 1024

    def __init__(self, stream: BinaryIO, encoding: Encoding, *, max_line_bytes: int | None = None):
        self.stream = stream
        self.encoding = encoding
        self.max_line_bytes = max_line_bytes or MAX_LINE_BYTES
        self.bytes_read = 0
        self.line_number = 0
        self.problems: dict[int, LineProblem] = {}

    def _blocks(self) -> Iterator[bytes | _LongLine]:
        rest = b""
        skipping = False  # inside an over-long line: drop bytes up to its end
        while True:
            data = self.stream.read(self.BLOCK)
            if not data:
                if rest:
                    self.bytes_read += len(rest)
                    yield rest
                return
            if skipping:
                end = data.find(b"\n")
                if end < 0:
                    self.bytes_read += len(data)
                    continue
                self.bytes_read += end + 1
                data, skipping = data[end + 1:], False
            data = rest + data
            cut = data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                self.bytes_read += cut
                yield data[:cut]
            if len(rest) > self.max_line_bytes:  # no line end in sight: the line is too long
                self.bytes_read += len(rest)
                rest, skipping = b"", True
                yield LONG_LINE

    def __iter__(self) -> Iterator[str]:
        codec = self.encoding.codec
        first = True
        for block in self._blocks():
            if block is LONG_LINE:
                self.line_number += 1
                self.problems[self.line_number] = LineProblem.TOO_LONG
                yield "\n"
                continue
            if first:
                first = False
                if block.startswith(codecs.BOM_UTF8):
                    block = block[len(codecs.BOM_UTF8):]
            raw_lines = block.split(b"\n")
            if raw_lines[-1] == b"":
                raw_lines.pop()
                ends = True
            else:
                ends = False
            lines = None
            if len(block) <= self.max_line_bytes or max(map(len, raw_lines)) <= self.max_line_bytes:
                try:
                    text = block.decode(codec)
                except UnicodeDecodeError:
                    pass
                else:
                    if not CONTROL_CHARACTERS.search(text):
                        lines = text.split("\n")
                        if ends:
                            lines.pop()
            if lines is None:
                lines = [self._check_line(self.line_number + offset, raw, codec)
                         for offset, raw in enumerate(raw_lines, start=1)]
            last = len(lines) - 1
            for index, line in enumerate(lines):
                self.line_number += 1
                yield line + "\n" if (index < last or ends) else line

    def _check_line(self, number: int, raw: bytes, codec: str) -> str:
        """Decode one line of a block that did not pass whole; record its problem, if any."""
        if len(raw) > self.max_line_bytes:
            self.problems[number] = LineProblem.TOO_LONG
            return ""
        try:
            line = raw.decode(codec)
        except UnicodeDecodeError:
            self.problems[number] = LineProblem.UNDECODABLE
            return raw.decode(codec, errors="replace")
        if CONTROL_CHARACTERS.search(line):
            self.problems[number] = LineProblem.CONTROL
            return CONTROL_CHARACTERS.sub("", line)
        return line


@dataclass(slots=True)
class RawRow:
    line: int  # the line the row starts on (the header is line 1)
    values: list[str]
    problem: LineProblem | None = None
    problem_line: int = 0  # the line with the problem (a quoted field can span lines)
    csv_error: str = ""

    @property
    def undecodable(self) -> bool:
        return self.problem == LineProblem.UNDECODABLE


def describe_problem(raw: RawRow, *, encoding_label: str) -> str:
    """The Korean reason (msgid in English) a row with a reading problem is rejected for, or ''."""
    if raw.csv_error:
        return _("The row is not valid CSV: %(error)s") % {"error": raw.csv_error}
    if raw.problem == LineProblem.UNDECODABLE:
        return _("The row has bytes that are not valid %(encoding)s text.") % {"encoding": encoding_label}
    if raw.problem == LineProblem.TOO_LONG:
        return (_("Line %(line)d is longer than %(limit)s bytes and was skipped; the file is probably damaged "
                  "there.")
                % {"line": raw.problem_line, "limit": f"{MAX_LINE_BYTES:,}"})
    if raw.problem == LineProblem.CONTROL:
        return (_("Line %(line)d contains control characters (such as NUL) that are not text; remove them and "
                  "import the row again.") % {"line": raw.problem_line})
    return ""


class RowReader:
    """csv.reader over DecodedLines, yielding RawRow with line numbers; blank lines are skipped."""

    def __init__(self, stream: BinaryIO, encoding: Encoding, *, max_line_bytes: int | None = None):
        self.lines = DecodedLines(stream, encoding, max_line_bytes=max_line_bytes)
        # Process-wide in the csv module; a quoted field spanning lines is bounded by it.
        csv.field_size_limit(MAX_FIELD_CHARS)
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
                for line in range(start, self._last_line + 1):
                    self.lines.problems.pop(line, None)
                yield RawRow(start, [], csv_error=csv_error_message(exc))
                continue
            end = self._reader.line_num
            self._last_line = end
            problems = self.lines.problems
            if problems:
                spanned = [line for line in range(start, end + 1) if line in problems]
                if spanned:
                    found = {line: problems.pop(line) for line in spanned}
                    yield RawRow(start, values, problem=found[spanned[0]], problem_line=spanned[0])
                    continue
            if not values or (len(values) == 1 and not values[0].strip()):
                continue
            yield RawRow(start, values)
