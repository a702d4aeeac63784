"""A log filter that drops Django's line for each /healthz answer that is not 200.

Django logs every response of 400 and above on `django.request`: a probe every ten seconds
during a database outage would write (and with ADMINS, e-mail) the same line again and again,
while the probe itself already says it. Django-free.
"""

import logging

PATH = "/healthz"


class QuietHealthProbe(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return getattr(request, "path", None) != PATH
