"""CSV reports of the rows an import left out: UTF-8 with BOM, so Excel opens them in Korean."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from core.exports import SafeCSVWriter


class RowReport:
    """A CSV written row by row, created on the first row only (no empty files)."""

    def __init__(self, path: Path, header: list[str], *, extra_columns: list[str]):
        self.path = path
        self.header = [*extra_columns, *header]
        self.count = 0
        self._file = None
        self._writer = None

    def add(self, *extra, values: list[str]) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in close()
            self._writer = SafeCSVWriter(self._file)  # rows come from uploaded files
            self._writer.writerow(self.header)
        self._writer.writerow([*extra, *values])
        self.count += 1

    def close(self) -> Path | None:
        if self._file is not None:
            self._file.close()
            return self.path
        return None


def rejected_report(path: Path, header: list[str]) -> RowReport:
    return RowReport(path, header, extra_columns=[_("Line"), _("Reason")])


def outside_report(path: Path, header: list[str]) -> RowReport:
    return RowReport(path, header, extra_columns=[_("Line"), _("Local government in the row")])
