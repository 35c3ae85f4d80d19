"""Korean short dates as Koreans write them (2026. 11. 27.), the CLDR form; Django's own ko
short format is 2026-11-27. Long formats (2026년 11월 27일) come from Django unchanged."""

SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
