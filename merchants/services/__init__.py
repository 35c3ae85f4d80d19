"""Every write to stores, claims, merchants and imports. Views, the API, admin and tasks call these.

Split by subject; import from `merchants.services` (the names below are the interface).
"""

from .accounts import merchant_sign_up
from .claims import claim_approve, claim_reject, claim_store
from .imports import (
    store_import_cancel,
    store_import_create,
    store_import_retry,
    store_import_run,
    store_imports_recover,
)
from .stores import store_close, store_reopen, store_update, store_update_contact

__all__ = [
    "claim_approve", "claim_reject", "claim_store", "merchant_sign_up", "store_close", "store_import_cancel",
    "store_import_create", "store_import_retry", "store_import_run", "store_imports_recover", "store_reopen",
    "store_update", "store_update_contact",
]
