"""Answers that the browser saves as a file: documents, open data, archives, exports."""

import json

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def json_attachment(data, filename: str) -> HttpResponse:
    """`data` as indented UTF-8 JSON, accents left readable."""
    body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    return attachment(body, "application/json; charset=utf-8", filename)
