"""Absolute addresses of the site's pages, for what leaves the screen: the board's join link and
QR code, posters, links to copy to another computer or to share.

On a server, COPROD_PUBLIC_URL is the base: the request's Host header is the client's word, and
a link printed on a poster must not depend on who opened the page. On a laptop (no public URL)
the address the page was opened at is the one the hall's phones can reach."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(request, path: str) -> str:
    """`path` (starting with /) as a full address."""
    if base := settings.COPROD_PUBLIC_URL:
        return base + path
    return request.build_absolute_uri(path)


def site_host(request) -> str:
    """The host (and port) people type to reach the site, as the board shows it."""
    return urlsplit(absolute_url(request, "/")).netloc
