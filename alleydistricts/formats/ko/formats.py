"""Korean short dates as Koreans write them (2026. 11. 27.), the CLDR form; Django's own ko
short format is 2026-11-27. Django's ko DATETIME_FORMAT puts 오전/오후 after the time
("3:04 오전"); Korean says it first ("오전 3:04"), as its TIME_FORMAT already does.
The other long formats (2026년 11월 27일) come from Django unchanged."""

SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
DATETIME_FORMAT = "Y년 n월 j일 A g:i"
