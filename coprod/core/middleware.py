"""The HTTP edge's safety net: a request whose parameters hold control characters gets a
French 400 before any view runs.

The services stay the authority (the command line and the archive import call them too); this
catches what reaches a view that stores or searches a parameter without a service's cleaning,
e.g. a `?q=` with a NUL that PostgreSQL cannot even compare. Names and values of the query
string and of form bodies are checked; JSON bodies are checked by the API's parser.
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from . import cleaning
from .text import has_control_characters, without_control_characters


def _refused_parameter(request) -> str | None:
    found = [request.GET]
    # A form body, parsed here as the view would; not under /api/, whose JSON bodies the API's
    # parser checks (parsing a multipart body here would leave django-ninja no body to read).
    if request.method == "POST" and not request.path.startswith("/api/"):
        found.append(request.POST)
    for params in found:
        for name, values in params.lists():
            if has_control_characters(name) or any(has_control_characters(v) for v in values):
                return without_control_characters(name)
    return None


class RefuseControlCharacters:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _refused_parameter(request) if request.GET or request.method == "POST" else None
        if name is None:
            return self.get_response(request)
        message = cleaning.invisible(name).messages[0]
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        if request.headers.get("HX-Request"):
            # Keep the form as typed: nothing is swapped, live.js shows the message.
            return HttpResponse(
                message,
                status=400,
                content_type="text/plain; charset=utf-8",
                headers={"HX-Reswap": "none"},
            )
        return render(request, "core/refused.html", {"message": message}, status=400)
