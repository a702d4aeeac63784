"""System checks of the environment's production switches (`coprod check --deploy`, and every
command that runs the checks, `coprod serve` first)."""

from django.conf import settings
from django.core.checks import Error, register

from coprod import config


@register("security")
def https_needs_a_trusted_proxy(app_configs, **kwargs):
    """With COPROD_HTTPS=1 a request is HTTPS only when a trusted proxy says so (settings.py,
    SECURE_PROXY_SSL_HEADER): with none listed, every request would be sent to https again, a
    redirect loop."""
    if not settings.SECURE_SSL_REDIRECT:
        return []
    try:
        proxies = config.trusted_proxies()
    except ValueError as error:
        return [Error(str(error), id="coprod.E002")]
    if proxies:
        return []
    return [
        Error(
            "COPROD_HTTPS=1 needs COPROD_TRUSTED_PROXIES: coprod serves plain HTTP, and only "
            "a listed proxy's X-Forwarded-Proto tells it a request came over HTTPS.",
            hint="List the address of the proxy that terminates TLS, e.g. "
            "COPROD_TRUSTED_PROXIES=127.0.0.1 (docs/deploy.md).",
            id="coprod.E001",
        )
    ]
