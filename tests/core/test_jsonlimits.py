"""core.jsonlimits: JSON from outside is parsed with a depth limit and answered in Korean."""

import json

import pytest

from core import jsonlimits

DEEP = "[" * 100_000 + "]" * 100_000


def test_nesting_depth_counts_arrays_and_objects_but_not_brackets_in_strings():
    assert jsonlimits.nesting_depth('{"a": [1, {"b": "[[[[{{{"}], "c": "\\"]]"}') == 3
    assert jsonlimits.nesting_depth("42") == 0
    assert jsonlimits.nesting_depth(DEEP) == 100_000


def test_a_geojson_multipolygon_parses():
    feature = {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[[[1, 2], [3, 4]]]]}}
    assert jsonlimits.loads(json.dumps(feature)) == feature


@pytest.mark.parametrize(("text", "fragment"), [
    (DEEP, "100,000단계"),
    ("", "비어"),
    ("{not json", "1번째 줄 2번째 칸"),
    ('{"a": NaN}', "NaN"),
    ('{"a": "\\u0000"}', "NUL"),
    (b"\xff\xfe{", "UTF-8"),
])
def test_refusals_are_korean_and_never_the_parsers_english(text, fragment):
    with pytest.raises(jsonlimits.JSONInputError) as error:
        jsonlimits.loads(text)
    message = str(error.value)
    assert fragment in message
    assert "Expecting" not in message and "line 1 column" not in message
