"""The logging configuration: level and format from the environment (COPROD_LOG_LEVEL,
COPROD_LOG_FORMAT), the request id on every line, no secret in any line.

settings.py calls `config()`; the access lines come from coprod.core.access. Django-free (the
handler class names below are strings, resolved by Django's logging set-up).
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

from coprod.core.redaction import redact

# The id of the request being handled, "-" outside any request (coprod.core.access sets it).
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# What an access line carries besides its message (coprod.core.access passes them as `extra`).
ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "client")


class RequestId(logging.Filter):
    """Stamps each record with the id of the request it was written for."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return redact(super().formatException(ei))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for journald or a log collector."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for name in ACCESS_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        elif record.exc_text:
            line["exception"] = redact(record.exc_text)
        return json.dumps(line, ensure_ascii=False, default=str)


def config(level: str = "INFO", log_format: str = "text", mail_admins: bool = False) -> dict:
    """settings.LOGGING: coprod's loggers (the access lines included) at `level`, every other
    library from WARNING up, on stderr; errors also mailed to ADMINS when `mail_admins`."""
    filters = ["request_id", "redact"]  # in this order: the id is not a secret
    handlers = {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": log_format,
            "filters": filters,
        }
    }
    if mail_admins:
        handlers["mail_admins"] = {
            "class": "coprod.core.reporting.MailAdmins",
            "level": "ERROR",
            "filters": filters,
            # Tracebacks, settings and request data without cookies, tokens or join codes.
            "reporter_class": "coprod.core.reporting.SafeReporter",
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "coprod.core.logs.RequestId"},
            # No join code, board key or token in a log line (coprod/core/redaction.py).
            "redact": {"()": "coprod.core.redaction.RedactSecrets"},
            "once_a_minute": {"()": "coprod.core.throttling.OncePerMinute"},
            "quiet_probe": {"()": "coprod.health.quiet.QuietHealthProbe"},
        },
        "formatters": {
            "text": {"()": "coprod.core.logs.TextFormatter"},
            "json": {"()": "coprod.core.logs.JsonFormatter"},
        },
        "handlers": handlers,
        "root": {"handlers": list(handlers), "level": "WARNING"},
        "loggers": {
            "coprod": {"level": level},
            # Django's own defaults would mail errors a second time, unredacted: replaced.
            "django": {"handlers": [], "level": "WARNING"},
            # A scanner's wrong Host header, a few times a minute: logged, never mailed.
            "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
            # A traceback a second while Redis is down (coprod/core/throttling.py).
            "channels_redis.pubsub": {"filters": ["once_a_minute"]},
            # /healthz says itself what is down: not one more line per probe (coprod/health/quiet.py).
            "django.request": {"filters": ["quiet_probe"]},
        },
    }
