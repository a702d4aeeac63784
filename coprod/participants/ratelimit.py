"""Join-code guessing limits: failed tries per client, and a looser cap per network address.

Every phone of a village hall may share one public address, so successful joins are never
counted, and the per-address cap is well above what a room of honest typos produces.
"""

from django.conf import settings
from django_ratelimit.core import get_usage, is_ratelimited


def _client_key(group, request) -> str:
    # The session cookie tells apart phones behind one address; its absence falls back on it.
    return request.session.session_key or request.META.get("REMOTE_ADDR", "")


def _checks():
    per_client = settings.JOIN_ATTEMPTS_PER_MINUTE
    return [
        ("join-client", _client_key, f"{per_client}/m"),
        ("join-ip", "ip", f"{per_client * 6}/m"),
    ]


def join_blocked(request) -> bool:
    """True when this client has used up its failed tries for the minute."""
    # Not is_ratelimited(increment=False): it only blocks once the count exceeds the limit,
    # which would let an 11th failed try through at 10 per minute.
    for group, key, rate in _checks():
        usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def count_failed_join(request) -> None:
    for group, key, rate in _checks():
        is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
