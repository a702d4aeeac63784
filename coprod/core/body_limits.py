"""How large a request body may be, decided from its headers before any of it is read.

One anonymous 500 MB body used to grow a server from 107 MB to 1.1 GB, as the whole body was read
into memory before Django saw it. Now:

- a request with no session and no token (a phone before it joins, a script) may send
  `ANONYMOUS_MAX` bytes;
- any other request `SMALL_MAX` (forms, JSON), except a multipart upload from a signed-in
  account, which may send `UPLOAD_MAX` (the largest import, a workshop archive): whether the
  account is signed in is checked against the database once the body passes `SMALL_MAX`.

A larger declared `Content-Length` is refused at once, a larger streamed body as soon as it
passes the limit (413). Django-free: coprod/core/request_body.py applies it, in both servers.
"""

import contextlib
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie

ANONYMOUS_MAX = 256 * 1024
SMALL_MAX = 1024 * 1024
UPLOAD_MAX = 50 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    cap: int  # what may be read without asking who sends it
    session_key: str
    bearer: str
    multipart: bool
    declared: int | None  # Content-Length, when given

    @property
    def may_upload(self) -> bool:
        """Whether more than `cap` can be allowed, once the sender is known to be signed in."""
        return self.multipart and bool(self.session_key or self.bearer)

    @property
    def refused_at_once(self) -> bool:
        ceiling = UPLOAD_MAX if self.may_upload else self.cap
        return self.declared is not None and self.declared > ceiling


def _header(headers, name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def limits_of(headers, session_cookie: str) -> Limits:
    """The limits of a request with these ASGI headers (the session cookie named so)."""
    cookies = SimpleCookie()
    with contextlib.suppress(CookieError):  # a malformed cookie header counts as none
        cookies.load(_header(headers, b"cookie"))
    morsel = cookies.get(session_cookie)
    session_key = morsel.value if morsel else ""
    authorization = _header(headers, b"authorization")
    bearer = authorization[7:].strip() if authorization[:7].lower() == "bearer " else ""
    length = _header(headers, b"content-length").strip()
    declared = int(length) if length.isdigit() else None
    credentials = bool(session_key or bearer)
    return Limits(
        cap=SMALL_MAX if credentials else ANONYMOUS_MAX,
        session_key=session_key,
        bearer=bearer,
        multipart=_header(headers, b"content-type").lower().startswith("multipart/form-data"),
        declared=declared,
    )
