"""Join-code guessing limits, that never lock a village hall out.

Every phone of a hall may share one public address, so only **wrong** codes are limited: per
browser, and more loosely per address. A right code always gets in, however many wrong ones came
from the same address; the one cap on every look-up of a code is per address and far above what
a room of arrivals produces, so that a script cannot probe codes at full speed (or add voters)
once it has used up its wrong tries.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage, is_ratelimited

from coprod.workshops.models import Workshop

from . import services


class TooManyTries(Exception):
    """The client must wait before trying a code again (HTTP 429); `str()` says so in French."""


def _browser_key(group, request) -> str:
    # The session if this browser has one, else its CSRF cookie: a browser that never joined
    # has no session (none is created for a visit), but it has that cookie from the form.
    return (
        request.session.session_key
        or request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        or request.META.get("REMOTE_ADDR", "")
    )


def _wrong_code_checks():
    per_browser = settings.JOIN_ATTEMPTS_PER_MINUTE
    return [
        ("join-browser", _browser_key, f"{per_browser}/m"),
        ("join-ip", "ip", f"{per_browser * 6}/m"),
    ]


def _used_up(request, group, key, rate) -> bool:
    # Not is_ratelimited(increment=False): it only blocks once the count exceeds the limit,
    # which would let an 11th wrong try through at 10 per minute.
    usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def workshop_for_code(request, raw_code: str) -> Workshop:
    """The workshop a code opens, counting the try: ValidationError for a wrong code (counted),
    TooManyTries once this browser or address has used up its wrong tries, or when the address
    looks up codes faster than any room."""
    lookups = f"{settings.JOIN_LOOKUPS_PER_ADDRESS_PER_MINUTE}/m"
    if is_ratelimited(request, group="join-lookup", key="ip", rate=lookups, increment=True):
        raise TooManyTries(
            _("Trop de demandes depuis ce réseau. Patientez une minute avant de réessayer.")
        )
    try:
        return services.workshop_for_code(raw_code)
    except ValidationError:
        checks = _wrong_code_checks()
        if any(_used_up(request, *check) for check in checks):
            raise TooManyTries(
                _("Trop de codes erronés. Patientez une minute, puis vérifiez le code au tableau.")
            ) from None
        for group, key, rate in checks:
            is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
        raise
