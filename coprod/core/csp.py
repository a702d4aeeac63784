"""The Content-Security-Policy of every page (django-csp; the policy is in settings.py).

The live pages open their WebSocket at the address they were loaded from. CSP Level 3 lets
'self' match ws: and wss: of the page's own host, but older browsers (Safari before 15.4, among
the phones of a hall) only match http(s) with 'self': the WebSocket URLs of the host the page was
served at are named as well. That host is known per request only (a laptop answers at whatever
address the hall's network gives it), hence this middleware rather than a fixed setting.
"""

from csp.middleware import CSPMiddleware
from django.core.exceptions import DisallowedHost


class PolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        try:
            host = request.get_host()  # validated: no character that could end a directive
        except DisallowedHost:
            return parts  # the 400 of a foreign host: no page, no socket
        sockets = [f"ws://{host}", f"wss://{host}"]
        parts.update = {**(parts.update or {})}
        parts.update["connect-src"] = [*parts.update.get("connect-src", []), *sockets]
        return parts
