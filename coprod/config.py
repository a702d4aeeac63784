"""Environment-driven configuration, kept free of Django so the CLI can read it first."""

import ipaddress
import math
import os
import secrets
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

REPO_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding the SQLite file, the secret key and uploads."""
    path = Path(os.environ.get("COPROD_DATA_DIR") or REPO_DIR / "var").resolve()
    (path / "static").mkdir(parents=True, exist_ok=True)
    return path


def static_root() -> Path:
    """COPROD_STATIC_ROOT, else static/ in the data folder: where the static files are collected
    (several data folders may share one, as the tests' servers do)."""
    path = os.environ.get("COPROD_STATIC_ROOT")
    if not path:
        return data_dir() / "static"
    path = Path(path).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = data_dir() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def http_threads() -> int:
    """COPROD_HTTP_THREADS: request threads per `coprod serve` process (coprod/server/tuned.py)."""
    raw = os.environ.get("COPROD_HTTP_THREADS", "").strip()
    if not raw:
        return 2
    if not raw.isdecimal() or int(raw) < 1:
        raise ValueError(f"COPROD_HTTP_THREADS must be a whole number of at least 1, not {raw!r}")
    return int(raw)


SERVER_MODES = ("tuned", "stock")


def server_mode() -> str:
    """COPROD_SERVER: "tuned" (default) serves through coprod.server's tricks, "stock" runs the
    plain Django ASGI handler and Channels, touching nothing private of any library."""
    raw = os.environ.get("COPROD_SERVER", "").strip().lower() or "tuned"
    if raw not in SERVER_MODES:
        raise ValueError(f"COPROD_SERVER must be 'tuned' or 'stock', not {raw!r}")
    return raw


def trusted_proxies() -> list[str]:
    """COPROD_TRUSTED_PROXIES: addresses or networks (comma-separated) of the reverse proxies
    whose X-Forwarded-For and X-Forwarded-Proto are believed; none by default, so the client is
    the TCP peer. `*` believes every peer: only for a port that the proxy alone can reach."""
    raw = os.environ.get("COPROD_TRUSTED_PROXIES", "")
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    if entries == ["*"]:
        return entries
    for entry in entries:
        try:
            ipaddress.ip_network(entry) if "/" in entry else ipaddress.ip_address(entry)
        except ValueError:
            raise ValueError(
                "COPROD_TRUSTED_PROXIES must list IP addresses or networks "
                f"(e.g. 127.0.0.1,10.0.0.0/8), not {entry!r}"
            ) from None
    return entries


def max_connections() -> int:
    """COPROD_MAX_CONNECTIONS: open connections (WebSockets included) per server process past
    which HTTP requests are answered 503 at once."""
    raw = os.environ.get("COPROD_MAX_CONNECTIONS", "").strip()
    if not raw:
        return 2000
    if not raw.isdecimal() or int(raw) < 1:
        raise ValueError(
            f"COPROD_MAX_CONNECTIONS must be a whole number of at least 1, not {raw!r}"
        )
    return int(raw)


def header_timeout() -> float:
    """COPROD_HEADER_TIMEOUT: seconds a connection has to send a request's head (its request
    line and headers) before it is closed."""
    raw = os.environ.get("COPROD_HEADER_TIMEOUT", "").strip()
    if not raw:
        return 10.0
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds < math.inf:
        raise ValueError(f"COPROD_HEADER_TIMEOUT must be a number of seconds above 0, not {raw!r}")
    return seconds


class ConfigError(ValueError):
    """A malformed environment variable, named in the message: `coprod` prints it alone."""


LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def public_url() -> str:
    """COPROD_PUBLIC_URL: the site's address as people reach it (`https://atelier.example.fr`),
    without a trailing slash; "" when unset (a laptop: links follow the address a page was
    opened at)."""
    raw = os.environ.get("COPROD_PUBLIC_URL", "").strip()
    if not raw:
        return ""
    problem = (
        f"COPROD_PUBLIC_URL must be the site's address, such as https://atelier.example.fr "
        f"(http or https, a host name, an optional port, no path), not {raw!r}"
    )
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise ConfigError(problem) from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or any(char.isspace() for char in raw)
    ):
        raise ConfigError(problem)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _env_list(name: str) -> list[str]:
    return [entry.strip() for entry in os.environ.get(name, "").split(",") if entry.strip()]


def allowed_hosts() -> list[str]:
    """ALLOWED_HOSTS as listed, plus with COPROD_PUBLIC_URL its host and the loopback names a
    local health probe uses; without either, every host (a laptop answers at whatever address
    the hall's network gives it)."""
    hosts = _env_list("ALLOWED_HOSTS")
    if url := public_url():
        host = urlsplit(url).hostname or ""
        named = f"[{host}]" if ":" in host else host  # an IPv6 address, as Django compares it
        hosts += [name for name in [named, *LOOPBACK_HOSTS] if name not in hosts]
    return hosts or ["*"]


def csrf_trusted_origins() -> list[str]:
    """CSRF_TRUSTED_ORIGINS as listed, plus COPROD_PUBLIC_URL's origin."""
    origins = _env_list("CSRF_TRUSTED_ORIGINS")
    if (url := public_url()) and url not in origins:
        origins.append(url)
    return origins


# A year, as browsers' preload lists ask; preload itself is left off (docs/deploy.md).
HSTS_SECONDS = 365 * 24 * 60 * 60


def https() -> bool:
    """COPROD_HTTPS=1: the site is reached over HTTPS only, through a proxy that terminates TLS
    and is listed in COPROD_TRUSTED_PROXIES (coprod/core/checks.py says so when it is not)."""
    return env_bool("COPROD_HTTPS")


def hsts_seconds() -> int:
    return HSTS_SECONDS if https() else 0


def hsts_subdomains() -> bool:
    """COPROD_HSTS_SUBDOMAINS=1: HSTS for every subdomain too, only when they all serve HTTPS."""
    return https() and env_bool("COPROD_HSTS_SUBDOMAINS")


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")


def log_level() -> str:
    """COPROD_LOG_LEVEL: the level of coprod's own loggers and of the access lines (INFO by
    default); every other library logs from WARNING up."""
    raw = os.environ.get("COPROD_LOG_LEVEL", "").strip().upper() or "INFO"
    if raw not in LOG_LEVELS:
        raise ConfigError(f"COPROD_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {raw!r}")
    return raw


def log_format() -> str:
    """COPROD_LOG_FORMAT: "text" (default) or "json" (one JSON object per line)."""
    raw = os.environ.get("COPROD_LOG_FORMAT", "").strip().lower() or "text"
    if raw not in LOG_FORMATS:
        raise ConfigError(f"COPROD_LOG_FORMAT must be 'text' or 'json', not {raw!r}")
    return raw


def _number(name: str, default: float, kind=int):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = -1
    if not 0 < value < math.inf:
        raise ConfigError(f"{name} must be a number above 0, not {raw!r}")
    return value


def email_settings() -> dict:
    """Django's e-mail settings from the environment, under Django's own names (EMAIL_HOST,
    EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL,
    EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL, SERVER_EMAIL; COPROD_EMAIL_FROM for both senders).
    Without EMAIL_HOST (a laptop, often offline) the messages are written as files into the
    data folder's mails/ instead: none is lost, none waits for a server that is not there."""
    host = os.environ.get("EMAIL_HOST", "").strip()
    use_tls, use_ssl = env_bool("EMAIL_USE_TLS"), env_bool("EMAIL_USE_SSL")
    if use_tls and use_ssl:
        raise ConfigError("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: pick one")
    sender = os.environ.get("COPROD_EMAIL_FROM", "").strip() or "coprod <coprod@localhost>"
    default_from = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or sender
    return {
        "EMAIL_BACKEND": "django.core.mail.backends."
        + ("smtp.EmailBackend" if host else "filebased.EmailBackend"),
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": _number("EMAIL_PORT", 465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        # Django's default is no timeout: a request mailing an error would hang with the server.
        "EMAIL_TIMEOUT": _number("EMAIL_TIMEOUT", 10, float),
        "DEFAULT_FROM_EMAIL": default_from,
        "SERVER_EMAIL": os.environ.get("SERVER_EMAIL", "").strip() or default_from,
    }


def admins() -> list[tuple[str, str]]:
    """COPROD_ADMINS: who receives the server's error e-mails, e.g.
    "Service informatique <informatique@example.fr>, astreinte@example.fr"."""
    raw = os.environ.get("COPROD_ADMINS", "")
    pairs = []
    for name, address in getaddresses([raw]) if raw.strip() else []:
        if "@" not in address:
            raise ConfigError(f"COPROD_ADMINS must list e-mail addresses, not {raw!r}")
        pairs.append((name or address, address))
    return pairs


def login_attempts() -> int:
    """COPROD_LOGIN_ATTEMPTS: wrong passwords in a row, for one account from one address, after
    which that account is locked out from that address (5 by default)."""
    return _number("COPROD_LOGIN_ATTEMPTS", 5)


def login_cooloff_minutes() -> int:
    """COPROD_LOGIN_COOLOFF_MINUTES: how long such a lock-out lasts (15 minutes by default)."""
    return _number("COPROD_LOGIN_COOLOFF_MINUTES", 15)


DEFAULT_OIDC_SCOPES = "openid email profile"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def oidc_domains(raw: str) -> dict[str, str]:
    """COPROD_OIDC_DOMAINS, "pnr-vexin.fr=vexin,cc-example.fr=cc": e-mail domain → slug of the
    organisation whose new accounts it makes."""
    domains = {}
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        domain, _, slug = (piece.strip().lower() for piece in entry.partition("="))
        if not domain or not slug or "@" in domain or any(c.isspace() for c in domain + slug):
            raise ConfigError(
                "COPROD_OIDC_DOMAINS must list domain=organisation pairs, such as "
                f"pnr-vexin.fr=vexin,cc-example.fr=cc, not {entry!r}"
            )
        domains[domain.lstrip(".")] = slug
    return domains


def oidc() -> dict | None:
    """Single sign-on with OpenID Connect (ProConnect or any provider), or None when
    COPROD_OIDC_ISSUER is unset: COPROD_OIDC_CLIENT_ID and COPROD_OIDC_CLIENT_SECRET (both
    needed), COPROD_OIDC_SCOPES, COPROD_OIDC_ACR_VALUES (e.g. eidas1), COPROD_OIDC_LABEL (the
    login page's button) and COPROD_OIDC_DOMAINS. The issuer is https, or http on loopback
    only (the tests' provider)."""
    issuer = os.environ.get("COPROD_OIDC_ISSUER", "").strip().rstrip("/")
    if not issuer:
        return None
    parts = urlsplit(issuer)
    secure = parts.scheme == "https" or (
        parts.scheme == "http" and _is_loopback(parts.hostname or "")
    )
    if not secure or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            "COPROD_OIDC_ISSUER must be the provider's https address, such as "
            f"https://auth.agentconnect.gouv.fr/api/v2, not {issuer!r}"
        )
    client_id = os.environ.get("COPROD_OIDC_CLIENT_ID", "").strip()
    client_secret = os.environ.get("COPROD_OIDC_CLIENT_SECRET", "").strip()
    if not client_id or not client_secret:
        raise ConfigError(
            "COPROD_OIDC_ISSUER needs COPROD_OIDC_CLIENT_ID and COPROD_OIDC_CLIENT_SECRET "
            "(given by the provider when coprod is registered)"
        )
    scopes = os.environ.get("COPROD_OIDC_SCOPES", "").split() or DEFAULT_OIDC_SCOPES.split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    return {
        "issuer": issuer,
        "client_id": client_id,
        "client_secret": client_secret,
        "scopes": " ".join(scopes),
        "acr_values": " ".join(os.environ.get("COPROD_OIDC_ACR_VALUES", "").split()),
        "label": os.environ.get("COPROD_OIDC_LABEL", "").strip(),
        "domains": oidc_domains(os.environ.get("COPROD_OIDC_DOMAINS", "")),
    }
