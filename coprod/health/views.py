"""GET /healthz: the state of what the site needs, as JSON, for systemd, compose and monitoring.

HTTP 503 only when the database is down: it is the one thing without which no page works, so a
proxy or an orchestrator should take this process out. Everything else (Redis, the worker, a
filling disk) leaves the room working, only slower or without documents: 200 with "degraded",
for a monitoring probe to alert on, not a reason to restart the web processes.

Nothing here reads the session or sets a cookie; GET and HEAD are safe, so CSRF never applies.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import checks


@never_cache
@require_safe
def healthz(request):
    state = checks.run_all()
    status = 503 if state["status"] == checks.DOWN else 200
    return JsonResponse(state, status=status, json_dumps_params={"ensure_ascii": False})
