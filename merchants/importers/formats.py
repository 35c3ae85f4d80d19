"""The two store-file formats: their headers and how one row becomes a store record.

- SEMAS 소상공인시장진흥공단_상가(상권)정보: 39 columns, one row per store, national.
- 광주광역시_전통시장 점포 현황: 16 columns, one row per market stall.

A row is read by column *name*, so a file whose columns come in another order still
imports. Each parser returns a ParsedRow or raises RowRejected with a reason for the
official (in Korean, through gettext).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter

from django.utils.translation import gettext as _

from core import phones
from districts import geo

from .. import taxonomy

SEMAS_COLUMNS = [
    "상가업소번호", "상호명", "지점명", "상권업종대분류코드", "상권업종대분류명", "상권업종중분류코드",
    "상권업종중분류명", "상권업종소분류코드", "상권업종소분류명", "표준산업분류코드", "표준산업분류명", "시도코드",
    "시도명", "시군구코드", "시군구명", "행정동코드", "행정동명", "법정동코드", "법정동명", "지번코드",
    "대지구분코드", "대지구분명", "지번본번지", "지번부번지", "지번주소", "도로명코드", "도로명", "건물본번지",
    "건물부번지", "건물관리번호", "건물명", "도로명주소", "구우편번호", "신우편번호", "동정보", "층정보", "호정보",
    "경도", "위도",
]
MARKET_COLUMNS = [
    "시군구", "시장명", "점포명", "점포(ID)", "분류", "소재지도로명주소", "소재지지번주소", "위도", "경도",
    "전화번호", "홈페이지", "배달서비스", "취급품목", "주력상품", "비고", "데이터기준일자",
]

# Field widths of merchants.Store, so a long value is cut rather than failing the batch.
MAX_LENGTHS = {"name": 200, "branch": 100, "road_address": 255, "lot_address": 255, "floor": 20, "phone": 30,
               "market_name": 100}
MAX_EXTERNAL_ID = 40


class RowRejected(Exception):
    """The row cannot be imported; `reason` says why. The id/area, when read, protect it from a snapshot closure."""

    def __init__(self, reason: str, *, external_id: str = "", area_code: str = "", area_name: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.external_id = external_id
        self.area_code = area_code
        self.area_name = area_name


@dataclass(slots=True)
class ParsedRow:
    line: int
    external_id: str
    name: str
    lon: float
    lat: float
    area_code: str = ""  # 5-digit 시군구 code when the file has one
    area_name: str = ""  # e.g. "광주광역시 서구" or "북구"
    branch: str = ""
    road_address: str = ""
    lot_address: str = ""
    floor: str = ""
    phone: str = ""
    market_name: str = ""
    # ((code, name), ...) from 대분류 down; empty when the file gives no industry
    industry: tuple[tuple[str, str], ...] = ()


def _clip(values: dict) -> dict:
    return {key: (value[: MAX_LENGTHS[key]] if key in MAX_LENGTHS else value) for key, value in values.items()}


def parse_coordinates(lon_text: str, lat_text: str) -> tuple[float, float]:
    lon_text, lat_text = (lon_text or "").strip(), (lat_text or "").strip()
    if not lon_text or not lat_text:
        raise ValueError(_("The longitude or latitude is empty."))
    try:
        lon, lat = float(lon_text), float(lat_text)
    except ValueError:
        raise ValueError(
            _("The longitude or latitude is not a number (%(lon)s, %(lat)s).") % {"lon": lon_text, "lat": lat_text}
        ) from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError(
            _("The longitude or latitude is not a number (%(lon)s, %(lat)s).") % {"lon": lon_text, "lat": lat_text})
    min_lon, min_lat, max_lon, max_lat = geo.KOREA_BOUNDS
    if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
        raise ValueError(
            _("The point (%(lon)s, %(lat)s) lies outside Korea; check that longitude and latitude are not swapped.")
            % {"lon": lon_text, "lat": lat_text}
        )
    return lon, lat


class StoreFormat:
    key = ""
    source = ""
    required: tuple[str, ...] = ()

    def __init__(self, header: list[str]):
        self.header = header
        self.index = {name: i for i, name in enumerate(header)}
        missing = [name for name in self.required if name not in self.index]
        if missing:
            raise ValueError(_("The header lacks the column(s) %(columns)s.") % {"columns": ", ".join(missing)})

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return all(name in header for name in cls.required)

    def get(self, values: list[str], name: str) -> str:
        i = self.index.get(name)
        return values[i].strip() if i is not None and i < len(values) else ""

    def picker(self, names: tuple[str, ...]):
        """A function values -> [stripped value of each name] ('' for a column the file lacks); rows are
        checked to have the header's length before they get here."""
        positions = [self.index.get(name) for name in names]
        if None not in positions:
            get = itemgetter(*positions)  # C-level picking and stripping: this runs for every row of a big file
            return lambda values: list(map(str.strip, get(values)))
        return lambda values: [values[i].strip() if i is not None else "" for i in positions]

    def parse(self, line: int, values: list[str]) -> ParsedRow:  # pragma: no cover - overridden
        raise NotImplementedError


class SemasFormat(StoreFormat):
    key = "semas"
    source = "semas"
    required = ("상가업소번호", "상호명", "경도", "위도")
    used = ("상가업소번호", "상호명", "지점명", "시도명", "시군구코드", "시군구명", "행정동코드", "경도", "위도",
            "도로명주소", "지번주소", "층정보", "상권업종대분류코드", "상권업종대분류명", "상권업종중분류코드",
            "상권업종중분류명", "상권업종소분류코드", "상권업종소분류명")

    def __init__(self, header):
        super().__init__(header)
        if "시군구코드" not in self.index and "시군구명" not in self.index:
            raise ValueError(_("The header lacks the column(s) %(columns)s.") % {"columns": "시군구코드 / 시군구명"})
        self.pick = self.picker(self.used)
        self._chains: dict[tuple, tuple] = {}

    def _industry(self, c1, n1, c2, n2, c3, n3) -> tuple:
        key = (c1, n1, c2, n2, c3, n3)
        chain = self._chains.get(key)
        if chain is None:
            chain = []
            for code, name in ((c1, n1), (c2, n2), (c3, n3)):
                if not code:
                    break
                chain.append((code[:6], name or code))
            chain = self._chains[key] = tuple(chain)
        return chain

    def parse(self, line, values):
        (external_id, name, branch, sido, area_code, sigungu, dong_code, lon_text, lat_text, road, lot, floor,
         c1, n1, c2, n2, c3, n3) = self.pick(values)
        area_code = area_code or _area_from_dong_code(dong_code)
        area_name = f"{sido} {sigungu}".strip()

        def rejected(reason: str) -> RowRejected:
            return RowRejected(reason, external_id=external_id, area_code=area_code, area_name=area_name)

        if not external_id:
            raise rejected(_("The store number (상가업소번호) is empty."))
        if len(external_id) > MAX_EXTERNAL_ID:
            raise rejected(_("The store number (상가업소번호) is longer than %(max)d characters.")
                           % {"max": MAX_EXTERNAL_ID})
        if not name:
            raise rejected(_("The store name (상호명) is empty."))
        if not area_code and not area_name:
            raise rejected(_("The row names no 시군구 (시군구코드 and 시군구명 are empty)."))
        try:
            lon, lat = parse_coordinates(lon_text, lat_text)
        except ValueError as exc:
            raise rejected(str(exc)) from None
        return ParsedRow(line=line, external_id=external_id, lon=lon, lat=lat, area_code=area_code,
                         area_name=area_name, industry=self._industry(c1, n1, c2, n2, c3, n3),
                         name=name[:200], branch=branch[:100], road_address=road[:255], lot_address=lot[:255],
                         floor=floor[:20])


def _area_from_dong_code(dong_code: str) -> str:
    """The 시군구 part of an 8- or 10-digit 행정동코드."""
    dong_code = dong_code.strip()
    return dong_code[:5] if len(dong_code) in (8, 10) and dong_code.isdigit() else ""


class MarketFormat(StoreFormat):
    key = "market"
    source = "market"
    required = ("시군구", "점포명", "점포(ID)", "위도", "경도")

    def parse(self, line, values):
        get = self.get
        external_id = get(values, "점포(ID)")
        area_name = get(values, "시군구")
        road, lot = get(values, "소재지도로명주소"), get(values, "소재지지번주소")
        context = {"external_id": external_id, "area_name": f"{_province_of(road or lot)} {area_name}".strip()}
        if not external_id:
            raise RowRejected(_("The stall id (점포(ID)) is empty."), **context)
        if len(external_id) > MAX_EXTERNAL_ID:
            raise RowRejected(_("The stall id (점포(ID)) is longer than %(max)d characters.")
                              % {"max": MAX_EXTERNAL_ID}, **context)
        name = get(values, "점포명")
        if not name:
            raise RowRejected(_("The stall name (점포명) is empty."), **context)
        if not area_name:
            raise RowRejected(_("The row names no 시군구 (the 시군구 column is empty)."), **context)
        try:
            lon, lat = parse_coordinates(get(values, "경도"), get(values, "위도"))
        except ValueError as exc:
            raise RowRejected(str(exc), **context) from None
        code = taxonomy.market_code_for(get(values, "분류"))
        return ParsedRow(line=line, external_id=external_id, lon=lon, lat=lat, area_name=context["area_name"],
                         industry=tuple(taxonomy.chain_for(code)) if code else (),
                         **_clip({"name": name, "road_address": road, "lot_address": lot,
                                  "phone": phones.normalise_or_keep(get(values, "전화번호")),
                                  "market_name": get(values, "시장명")}))


def _province_of(address: str) -> str:
    """'광주광역시 서구 천변좌로 262' -> '광주광역시'."""
    return address.split()[0] if address.strip() else ""


FORMATS = {cls.key: cls for cls in (SemasFormat, MarketFormat)}


def normalise_header(values: list[str]) -> list[str]:
    return [value.strip().strip('"').lstrip("\ufeff").strip() for value in values]


def detect_format(header: list[str], requested: str = "auto") -> StoreFormat:
    """The format object for this header; ValueError with a message when it fits no known format."""
    if requested and requested != "auto":
        cls = FORMATS.get(requested)
        if cls is None:
            raise ValueError(_("Unknown format '%(format)s'.") % {"format": requested})
        return cls(header)
    for cls in FORMATS.values():
        if cls.matches(header):
            return cls(header)
    raise ValueError(_(
        "The file's header fits neither the SEMAS store data (상가업소번호, 상호명, …) nor the traditional market "
        "store list (시군구, 시장명, 점포명, 점포(ID), …). First columns found: %(columns)s."
    ) % {"columns": ", ".join(header[:5]) or "-"})


def belongs_to(government, *, area_code: str, area_name: str) -> bool:
    """Is a row of this local government? By 시군구 code when the row has one, else by name.

    A name alone ("서구") exists in several cities, so when the row also names its 시도
    (or its address does) the 시도 must match the government's too.
    """
    if area_code:
        return area_code == government.code
    parts = area_name.split()
    if not parts:
        return False
    gov_parts = government.name.split()
    if parts[-1] != gov_parts[-1]:
        return False
    return len(parts) == 1 or len(gov_parts) == 1 or parts[0] == gov_parts[0]
