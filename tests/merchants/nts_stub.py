"""The National Tax Service client with its transport replaced by recorded answers (no network in tests).

Everything else (the request it builds, how it reads the answer) is the real client's code.
"""

import json
from pathlib import Path

from merchants.nts import NtsBusinessClient, NtsUnavailable

RECORDED = Path(__file__).parent / "nts_recorded"


class RecordedNtsClient(NtsBusinessClient):
    answer_file = "validate_valid.json"  # tests set this (monkeypatch) to pick the recorded answer
    sent: list = []  # the payloads the real client built, for the tests to inspect

    def post(self, payload: dict) -> dict:
        type(self).sent.append(payload)
        if self.answer_file is None:
            raise NtsUnavailable("recorded: service down")
        return json.loads((RECORDED / self.answer_file).read_text(encoding="utf-8"))
