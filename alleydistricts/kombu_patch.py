"""Keep the Celery worker alive when Redis goes away while it holds an unacknowledged message.

The failure (celery 5.7.0, kombu 5.7.0, redis-py 8.1.0): on a lost broker connection the
consumer first `collect()`s the connection, which detaches the transport
(`transport.client = None`), then closes it. Closing the default channel restores the
unacknowledged messages (an ETA task waiting in the worker, a late-acked task) through a new
Redis pool built from `transport.client.hostname`, and `None.hostname` raises AttributeError.
That is not a connection error, so the consumer's `ignore_errors` lets it through and the
worker stops with "Unrecoverable error: AttributeError("'NoneType' object has no attribute
'hostname'")". The same crash in the same place was reported as
https://github.com/celery/kombu/issues/582 (closed without a fix for this path).

The patch turns "no client any more" into the redis ConnectionError it really is; the
consumer already ignores those while closing and then reconnects. The messages that could
not be restored stay in Redis's unacked set and come back after the visibility timeout, and
the outbox (core/outbox.py) republishes any follow-up that never ran. Remove this when kombu
handles it (tests/faults/test_worker_survives_redis_restart.py shows whether it still does).
"""

import redis
from kombu.transport import redis as kombu_redis

_PATCHED = "_alley_detached_client_is_a_connection_error"


def apply() -> None:
    channel = kombu_redis.Channel
    if getattr(channel, _PATCHED, False):
        return
    original = channel._connparams

    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            raise redis.exceptions.ConnectionError("the broker connection was already closed")
        return original(self, asynchronous=asynchronous)

    channel._connparams = _connparams
    setattr(channel, _PATCHED, True)
