"""Recognised traditional markets and shopping districts: name matching and loading.

Store records name their market loosely: the 양동 store file says 양동시장 and
양동수산시장 where the national standard data says 광주양동시장 and 양동수산전통시장.
Both sides are reduced to a key (no spaces or brackets, no city prefix, no
"전통", no trailing 시장/상가/상점가), and a store matches a market when the keys
are equal. Aliases entered by an official add further keys.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.korean import particles

_BRACKETED = re.compile(r"[(（\[].*?[)）\]]")
_NOT_WORD = re.compile(r"[\s·.,\-_/]+")
_SUFFIXES = ("상점가", "상가시장", "시장", "상가")

STANDARD_DATA_SOURCE = "전국전통시장표준데이터 (소상공인시장진흥공단, data.go.kr 15012894)"


def _city_prefixes(government_name: str) -> list[str]:
    """'광주광역시 서구' -> ['광주광역시', '광주']: prefixes a market name may carry."""
    if not government_name:
        return []
    city = government_name.split()[0]
    short = re.sub(r"(특별자치시|특별자치도|특별시|광역시|자치시|시|도)$", "", city)
    return sorted({city, short} - {""}, key=len, reverse=True)


def market_key(name: str, government_name: str = "") -> str:
    """The comparable core of a market name: '광주양동시장' and '양동시장' both give '양동'."""
    text = _NOT_WORD.sub("", _BRACKETED.sub("", name or ""))
    for prefix in _city_prefixes(government_name):
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
            break
    core = text.replace("전통", "")
    for suffix in _SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[: -len(suffix)]
            break
    return core or text


def match_keys_for(name: str, aliases, government_name: str = "") -> list[str]:
    """Every key a market answers to: its name, a name given in brackets, and its aliases."""
    bracketed = [inner[1:-1] for inner in _BRACKETED.findall(name or "")]
    names = [name, *bracketed, *(aliases or [])]
    keys = {market_key(n, government_name) for n in names if n and n.strip()}
    return sorted(k for k in keys if k)


@dataclass
class MarketLoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    other_governments: int = 0


def _government_matches(row: dict, government) -> bool:
    """A row belongs to a government when its address names the city and the 시군구."""
    address = row.get("소재지도로명주소") or row.get("소재지지번주소") or ""
    parts = government.name.split()
    return all(part in address.split() for part in parts)


def _float_or_none(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def markets_load_standard_csv(*, path: str | Path, local_government) -> MarketLoadResult:
    """Load the 전국전통시장표준데이터 rows of one government. Idempotent (upsert by name).

    Aliases an official added are kept; the file only adds the names it knows.
    """
    from .models import RecognisedMarket

    try:
        text = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise DomainError(_("File not found: %(path)s") % {"path": path}) from exc
    for encoding in ("utf-8-sig", "cp949"):
        try:
            decoded = text.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("%(path)s%(path_neun)s is neither UTF-8 nor cp949 text.")
                          % particles({"path": path}, path="은/는"))
    rows = list(csv.DictReader(decoded.splitlines()))
    if rows and "시장명" not in rows[0]:
        raise DomainError(_("%(path)s has no 시장명 column: is it the traditional market standard data?")
                          % {"path": path})

    result = MarketLoadResult()
    with transaction.atomic():
        existing = {m.name: m for m in RecognisedMarket.objects.select_for_update().filter(
            local_government=local_government)}
        for row in rows:
            if not _government_matches(row, local_government):
                result.other_governments += 1
                continue
            name = row["시장명"].strip()
            values = {
                "kind": RecognisedMarket.Kind.TRADITIONAL_MARKET,
                "road_address": row.get("소재지도로명주소", "").strip(),
                "lot_address": row.get("소재지지번주소", "").strip(),
                "lat": _float_or_none(row.get("위도")),
                "lon": _float_or_none(row.get("경도")),
                "store_count": int(row["점포수"]) if (row.get("점포수") or "").isdigit() else None,
                "source": f"{STANDARD_DATA_SOURCE} {row.get('데이터기준일자', '')}".strip(),
            }
            market = existing.get(name)
            if market is None:
                RecognisedMarket.objects.create(local_government=local_government, name=name, **values)
                result.created.append(name)
            elif any(getattr(market, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(market, key, value)
                market.save()
                result.updated.append(name)
            else:
                result.unchanged.append(name)
    return result
