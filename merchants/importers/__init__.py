"""Store-file importers (SEMAS 상가(상권)정보 and the Gwangju traditional market store list)."""

from .core import BATCH_SIZE, ImportResult, import_stores, outside_dong_note
from .formats import FORMATS, MARKET_COLUMNS, SEMAS_COLUMNS, detect_format

__all__ = ["BATCH_SIZE", "FORMATS", "MARKET_COLUMNS", "SEMAS_COLUMNS", "ImportResult", "detect_format",
           "import_stores", "outside_dong_note"]
