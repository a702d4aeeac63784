"""Error e-mails to ADMINS (COPROD_ADMINS) that carry no secret, and that never turn a failing
request into another failure when the mail server is down.

Django's reporter already hides settings and the session cookie; here also every cookie and
header that authenticates (sessions, CSRF, API tokens), the query string, and every GET, POST
or local variable named like a join code, a board key or a token; the rest of the text goes
through coprod.core.redaction like any log line.
"""

import logging
import re

from django.core.mail import get_connection
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from coprod.core.redaction import redact

logger = logging.getLogger("coprod.mail")

_SECRET_NAMES = re.compile(
    r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|COOKIE|SESSION|CSRF|CODE|CLE|BOARD|QUERY_STRING",
    re.IGNORECASE,
)


class SafeReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = _SECRET_NAMES

    def _cleansed(self, items) -> dict:
        return {
            key: self.cleansed_substitute if _SECRET_NAMES.search(key) else value
            for key, value in items
        }

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {k: redact(v) if isinstance(v, str) else v for k, v in meta.items()}

    def get_safe_cookies(self, request):
        # Every cookie here is a session, a CSRF secret or a participant's token.
        return dict.fromkeys(getattr(request, "COOKIES", {}), self.cleansed_substitute)

    def get_post_parameters(self, request):
        if request is None:
            return {}
        cleansed = request.POST.copy()
        for key in cleansed:
            if _SECRET_NAMES.search(key):
                cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, self.cleansed_substitute if _SECRET_NAMES.search(name) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def get_safe_get(self, request) -> list:
        return list(self._cleansed(request.GET.items()).items())


class SafeReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = self.filter.get_safe_get(self.request)
            if "request_insecure_uri" in data:  # the page's address, without its query string
                data["request_insecure_uri"] = redact(data["request_insecure_uri"].split("?")[0])
        return data

    def get_traceback_text(self):
        return redact(super().get_traceback_text())

    def get_traceback_html(self):
        return redact(super().get_traceback_html())


class MailAdmins(AdminEmailHandler):
    """Django's handler says nothing when the mail cannot go (fail_silently): here the log says
    why, and the request that failed still gets its error page."""

    def connection(self):
        return get_connection(backend=self.email_backend, fail_silently=False)

    def send_mail(self, subject, message, *args, **kwargs):
        try:
            super().send_mail(subject, message, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 (any failure of the mail server)
            logger.warning("The error e-mail to the administrators was not sent: %r", error)
