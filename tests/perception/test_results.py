"""The officials' results: figures with intervals, suppression under n 10, keywords, the district page, the poster and
its QR code, the Excel export; refused to anonymous visitors, merchants and other governments."""

import datetime
import io
import re

import pytest
import segno
from django.urls import reverse
from openpyxl import load_workbook

from perception import periods
from tests.conftest import client_for

from .conftest import answer, designated

pytestmark = pytest.mark.django_db

Q = periods.current_quarter()
TODAY = datetime.date.today()
TEXTS = ["주차 공간이 부족해요.", "주차 공간이 너무 좁아요", "온누리상품권 가맹점 표시가 잘 안 보여요.",
         "=HYPERLINK(\"http://evil.example\",\"클릭\") 연락 010-1234-5678", "가격 표시가 없어요", "가격 표시 부탁해요"]


@pytest.fixture
def world(government, bukgu):
    busy = designated(government, name="양동 맛집거리")
    quiet = designated(government, name="농성 골목")
    dong = government.dongs.order_by("name").first()
    for i, score in enumerate([5, 5, 4, 4, 4, 4, 3, 3, 2, 5, 4, 3]):  # 12 answers: mean 3.833
        answer(busy, satisfaction=score, recommend=score, onnuri_usability=4 if i % 2 else None,
               improvement=TEXTS[i % len(TEXTS)], dong=dong if i < 4 else None, answered_on=min(TODAY, Q))
    for _i in range(3):
        answer(quiet, satisfaction=1, recommend=1, improvement="가게가 너무 적어요", answered_on=Q)
    earlier = periods.add_quarters(Q, -1)
    for _i in range(10):
        answer(busy, satisfaction=3, recommend=3, answered_on=earlier)
    return {"busy": busy, "quiet": quiet, "dong": dong, "earlier": earlier}


def test_the_results_show_n_mean_interval_and_share_and_suppress_small_groups(official_client, world):
    response = official_client.get(reverse("perception:results"), {"quarter": periods.quarter_key(Q)})
    html = response.content.decode()
    assert response.status_code == 200
    busy_row = re.search(r"양동 맛집거리</a></th>(.*?)</tr>", html, re.S).group(1)
    assert ">12<" in busy_row and "3.8" in busy_row and "66.7%" in busy_row  # 8 of 12 gave 4 or 5
    low, high = re.search(r"(\d\.\d\d)–(\d\.\d\d)", busy_row).groups()
    assert float(low) < 3.83 < float(high)
    quiet_row = re.search(r"농성 골목</a></th>(.*?)</tr>", html, re.S).group(1)
    assert ">3<" in quiet_row and "비공개(응답 10건 미만)" in quiet_row and "1.00" not in quiet_row
    assert "응답이 10건 미만인 집단은 응답 수만 보여 줍니다" in html  # the on-screen explanation
    assert 'data-testid="perception-total"' in html and ">15<" in html  # 서구: 15 answers this quarter
    # The trend: an SVG with a title and a table twin, one row per quarter.
    assert 'role="img"' in html and "<title id=\"pc-trend-title\">" in html
    trend_table = html.split('id="pc-trend-table"')[1].split("</table>")[0]
    assert periods.quarter_label(world["earlier"]) in trend_table and periods.quarter_label(Q) in trend_table
    # Keywords from the free texts (Kiwi), counted once per answer.
    assert "주차 공간" in html and "가격 표시" in html


def test_filters_narrow_the_answers_and_a_small_selection_is_explained(official_client, world):
    response = official_client.get(reverse("perception:results"),
                                   {"quarter": periods.quarter_key(Q), "dong": world["dong"].pk})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="perception-suppressed"' in html
    assert "아직 응답이 4건입니다" in html and "주차 공간" not in html.split("perception-districts")[0]
    assert official_client.get(reverse("perception:results"), {"quarter": "2026Q9"}).status_code == 400


def test_the_district_page_shows_its_trend_masked_texts_and_qr(official_client, world):
    busy = world["busy"]
    response = official_client.get(reverse("perception:district_results", args=[busy.pk]),
                                   {"quarter": periods.quarter_key(Q)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "***-****-****" in html and "010-1234-5678" not in html  # personal data masked
    assert f"/perception/{busy.pk}/" in html and 'class="pc-qr"' in html
    quiet = official_client.get(reverse("perception:district_results", args=[world["quiet"].pk])).content.decode()
    assert "가게가 너무 적어요" not in quiet  # n 3: no free texts either


def _modules_from_svg(svg: str, size: int) -> list[list[int]]:
    """Read segno's path back into a module matrix: 'M x y' / 'm dx dy' moves, 'h n' draws n dark modules."""
    path = re.search(r'<path[^>]*stroke="#000"[^>]* d="([^"]+)"', svg).group(1)  # the dark modules
    matrix = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, args in re.findall(r"([MmHhVv])([^MmHhVv]*)", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            for column in range(int(x), int(x + numbers[0])):
                matrix[int(y)][column] = 1
            x += numbers[0]
    return matrix


def test_the_poster_carries_a_qr_code_of_the_survey_url(official_client, world):
    busy = world["busy"]
    response = official_client.get(reverse("perception:poster", args=[busy.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "@page" not in html  # print CSS lives in the stylesheet
    url = f"http://testserver/perception/{busy.pk}/"
    assert url in html and "휴대전화 카메라로 QR 코드를 비춰 주세요" in html
    svg = re.search(r'<svg viewBox="[^"]+" class="pc-qr">.*?</svg>', html, re.S).group(0)
    expected = segno.make(url, error="m", micro=False)
    size = expected.symbol_size(scale=1, border=4)[0]
    bordered = [[0] * size for _ in range(4)] + [[0] * 4 + list(row) + [0] * 4 for row in expected.matrix] + [
        [0] * size for _ in range(4)]
    assert _modules_from_svg(svg, size) == bordered  # the very modules of the survey URL
    download = official_client.get(reverse("perception:qr_code", args=[busy.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/svg+xml"
    assert download.content.startswith(b"<?xml") and b"<svg" in download.content


def test_the_export_neutralises_formulas_masks_texts_and_suppresses_small_groups(official_client, world):
    response = official_client.get(reverse("perception:export"), {"quarter": periods.quarter_key(Q)})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    results, trend, texts = book.worksheets
    rows = {row[2]: row for row in results.iter_rows(min_row=2, values_only=True)}
    assert rows["양동 맛집거리"][3] == 12 and rows["양동 맛집거리"][4] == pytest.approx(3.8333, abs=1e-4)
    assert rows["농성 골목"][3] == 3 and rows["농성 골목"][4] is None and "10건 미만" in rows["농성 골목"][10]
    assert trend.max_row >= 3
    cells = [row[3] for row in texts.iter_rows(min_row=2, values_only=True)]
    assert "가게가 너무 적어요" not in cells  # the suppressed district's texts stay out
    formula = next(c for c in texts.iter_rows(min_row=2) if str(c[3].value).startswith("=HYPERLINK"))[3]
    assert formula.data_type == "s" and formula.quotePrefix  # text, never a formula
    assert "***-****-****" in formula.value and "1234" not in formula.value


@pytest.mark.parametrize("name", ["results", "export", "district_results", "poster", "qr_code"])
def test_officials_pages_are_refused_to_anonymous_merchants_and_other_governments(
        name, client, merchant_a, official_other, world):
    args = [world["busy"].pk] if name not in ("results", "export") else []
    target = reverse(f"perception:{name}", args=args)
    assert client.get(target).status_code == 302 and "/accounts/login/" in client.get(target)["Location"]
    assert client_for(merchant_a).get(target).status_code == 403
    other = client_for(official_other).get(target)
    if args:
        assert other.status_code == 404  # another government's district
    else:  # their own (empty) results: nothing of 서구 in them
        assert other.status_code == 200 and "양동 맛집거리" not in other.content.decode("utf-8", "replace")
