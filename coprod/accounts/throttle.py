"""Login throttling: what django-axes is told (settings.AXES_*) and what it shows.

Axes counts wrong passwords per username and client address and refuses a sign-in once they
reach AXES_FAILURE_LIMIT, until AXES_COOLOFF_TIME has passed or someone unlocks the username
(services.unlock_login). The lock-out page is the same whether the account exists or not.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The client's address: the TCP peer, or the forwarded address uvicorn's proxy middleware
    put in its place when that peer is one of COPROD_TRUSTED_PROXIES (coprod/server/launch.py).
    Never X-Forwarded-For itself, which any client can write."""
    return request.META.get("REMOTE_ADDR") or None


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    return f"{ip_address} on {path_info}"


def locked_out(request, original_response, credentials):
    """The page of a refused sign-in (429): when to come back, and who can unlock sooner."""
    username = get_client_username(request, credentials)
    last = AccessAttempt.objects.filter(
        username=username, ip_address=request.axes_ip_address
    ).aggregate(last=Max("attempt_time"))["last"]
    retry_at = (last or timezone.now()) + get_cool_off(request)
    return render(request, "accounts/locked_out.html", {"retry_at": retry_at}, status=429)


@dataclass(frozen=True)
class Lock:
    username: str
    until: datetime


def locks() -> list[Lock]:
    """The usernames locked out now (from at least one address), by username."""
    cool_off = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
        .exclude(username=None)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    until: dict[str, datetime] = {}
    for row in rows:
        end = row["last"] + cool_off
        until[row["username"]] = max(end, until.get(row["username"], end))
    return [Lock(name, until[name]) for name in sorted(until)]
