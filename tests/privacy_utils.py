"""Exports of personal data ask for a reason first: how tests download them."""

from urllib.parse import urlencode

EXPORT_REASON = "월간 현황 보고 자료 작성"


def export_with_reason(client, url, params=None, *, reason=EXPORT_REASON):
    """POST the reason form of an export (its filters stay in the query string) and return the file response."""
    query = f"?{urlencode(params, doseq=True)}" if params else ""
    return client.post(url + query, {"reason": reason})
