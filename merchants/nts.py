"""National Tax Service business registration check (국세청 사업자등록정보 진위확인, data.go.kr).

POST {NTS_VALIDATE_URL}?serviceKey=KEY with {"businesses": [{"b_no", "start_dt" (YYYYMMDD), "p_nm"}]};
the answer's data[0].valid is "01" when number, opening date and representative name match the
register, "02" when they do not; data[0].status.b_stt_cd is "01" for a business still operating.

Off unless settings.NTS_VERIFICATION_ENABLED. The client class comes from settings.NTS_CLIENT_CLASS
so tests replace the transport with a recorded answer (no network in tests).
"""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

VALID = "01"
OPERATING = "01"


class NtsUnavailable(Exception):
    """The service could not answer (network, quota, malformed answer): fall back to a document."""


@dataclass(frozen=True)
class NtsAnswer:
    matches: bool  # number, opening date and representative name are on the register together
    operating: bool  # not closed or suspended (계속사업자)
    message: str = ""

    @property
    def confirmed(self) -> bool:
        return self.matches and self.operating


class NtsBusinessClient:
    def __init__(self, *, url: str, service_key: str, timeout: float = 5.0):
        self.url, self.service_key, self.timeout = url, service_key, timeout

    def validate(self, *, number: str, opening_date: date, representative_name: str) -> NtsAnswer:
        payload = {"businesses": [{
            "b_no": number, "start_dt": opening_date.strftime("%Y%m%d"), "p_nm": representative_name.strip(),
            "p_nm2": "", "b_nm": "", "corp_no": "", "b_sector": "", "b_type": "",
        }]}
        try:
            answer = self.post(payload)
            row = answer["data"][0]
        except NtsUnavailable:
            raise
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise NtsUnavailable(f"unexpected answer: {exc!r}") from exc
        status = row.get("status") or {}
        return NtsAnswer(matches=row.get("valid") == VALID, operating=status.get("b_stt_cd") == OPERATING,
                         message=str(row.get("valid_msg") or status.get("b_stt") or ""))

    def post(self, payload: dict) -> dict:
        url = f"{self.url}?{urllib.parse.urlencode({'serviceKey': self.service_key, 'returnType': 'JSON'})}"
        request = urllib.request.Request(
            url, data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - fixed https URL
                return json.loads(response.read().decode())
        except (OSError, ValueError) as exc:
            log.warning("NTS business check unavailable: %s", exc)
            raise NtsUnavailable(str(exc)) from exc


def enabled() -> bool:
    return bool(settings.NTS_VERIFICATION_ENABLED)


def client() -> NtsBusinessClient:
    cls = import_string(settings.NTS_CLIENT_CLASS)
    return cls(url=settings.NTS_VALIDATE_URL, service_key=settings.NTS_SERVICE_KEY,
               timeout=settings.NTS_TIMEOUT_SECONDS)
