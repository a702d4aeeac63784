"""Log lines never carry a secret: join codes and password-reset tokens in paths, board keys and
tokens in query strings.

Django logs every 4xx and 5xx with the request's path (« Bad Request: /j/KYZURP/ »), and whoever
reads a server's logs does not necessarily hold the workshops' codes. Django-free.
"""

import logging
import re

_JOIN_PATH = re.compile(r"/j/[^/\s?#\"']+")
_RESET_PATH = re.compile(r"/mot-de-passe/nouveau/[^\s?#\"']+")
_SECRET_PARAMS = re.compile(r"\b(cle|board|token)=[^&\s\"']+", re.IGNORECASE)


def redact(text: str) -> str:
    text = _JOIN_PATH.sub("/j/…", text)
    text = _RESET_PATH.sub("/mot-de-passe/nouveau/…", text)
    return _SECRET_PARAMS.sub(lambda m: f"{m.group(1)}=…", text)


class RedactSecrets(logging.Filter):
    """A logging filter that rewrites each record's message without the secrets above."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
