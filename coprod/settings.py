"""Django settings: everything comes from the environment with working defaults (see config.py)."""

import os
from datetime import timedelta
from importlib.util import find_spec

import dj_database_url
from csp import constants as csp
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from coprod import config
from coprod.accounts import oidc_discovery
from coprod.core import logs

BASE_DIR = config.REPO_DIR
DATA_DIR = config.data_dir()

SECRET_KEY = config.secret_key()
DEBUG = config.env_bool("DEBUG")
# An event missing from realtime.events.EVENTS, or data of another shape, raises (it is logged
# and sent as a plain "something changed" otherwise): on with DEBUG and in the tests.
STRICT_EVENTS = config.env_bool("COPROD_STRICT_EVENTS", DEBUG)

# --- On a server (docs/deploy.md): the public address, HTTPS, the Content-Security-Policy. ---
# COPROD_PUBLIC_URL: the only host names answered (others get 400) and the base of every
# absolute link (coprod/core/links.py); unset on a laptop, which answers at any address.
COPROD_PUBLIC_URL = config.public_url()
ALLOWED_HOSTS = config.allowed_hosts()
CSRF_TRUSTED_ORIGINS = config.csrf_trusted_origins()
# COPROD_HTTPS=1: secure cookies, HSTS, plain http sent to https (the health probe aside).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = config.https()
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = config.hsts_seconds()
SECURE_HSTS_INCLUDE_SUBDOMAINS = config.hsts_subdomains()
# Whether a request came over HTTPS is uvicorn's word, not a header's. Its proxy middleware
# sets the request's scheme from X-Forwarded-Proto only when the TCP peer is one of
# COPROD_TRUSTED_PROXIES (coprod/server/launch.py), and Django reads that scheme. Django's
# SECURE_PROXY_SSL_HEADER would believe the header from any peer (a client reaching a web port
# directly, or through a proxy that passes the client's header on), so it stays unset.
SECURE_PROXY_SSL_HEADER = None
# Not warned about by `coprod check --deploy`: HSTS preload (a commitment for the whole
# domain, which a park's IT seldom owns alone) and, unless COPROD_HSTS_SUBDOMAINS=1, HSTS on
# subdomains that may still serve plain http (docs/deploy.md).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# Content-Security-Policy of every page, laptop and server alike (coprod/core/csp.py adds the
# page's own ws:/wss: to connect-src). No inline script but with the response's nonce (the
# slides, saved as one file, inline theirs). Style attributes are allowed: the bars of tallies
# and progress take their width from the data (style="width: 40%"); an attribute cannot run
# script, and a <style> element still needs the nonce. Old browsers that know neither
# style-src-elem nor style-src-attr (Safari before 15.4) read style-src, which allows both.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "style-src-elem": [csp.SELF, csp.NONCE],
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "template_partials",
    "csp",  # its checks name settings of django-csp 3 that 4 no longer reads
    "ninja",  # serves its API docs page from local static files, not a CDN
    "rules.apps.AutodiscoverRulesConfig",
    "axes",  # login throttling (coprod/accounts/throttle.py)
    # Django 6 has django.tasks built in; on 5.2 its backport provides it (coprod/core/tasks.py).
    *([] if find_spec("django.tasks") else ["django_tasks"]),
    "django_tasks_db",
    "coprod.core",
    "coprod.accounts",
    "coprod.organisations",
    "coprod.processes",
    "coprod.workshops",
    "coprod.jobs",
    "coprod.agenda",
    "coprod.participants",
    "coprod.proposals",
    "coprod.catalogue",
    "coprod.grouping",
    "coprod.voting",
    "coprod.action_sheets",
    "coprod.restitution",
    "coprod.archives",
    "coprod.privacy",
    "coprod.live",
    "coprod.demo",
    "coprod.realtime",
    "coprod.api",
    "coprod.health",
    "coprod.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: a policy on each stylesheet and script served would govern nothing.
    "coprod.core.csp.PolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coprod.core.middleware.RefuseControlCharacters",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coprod.urls"
ASGI_APPLICATION = "coprod.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'coprod.sqlite3'}",
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the board read while a phone writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# Under ASGI every request runs in a fresh thread, so persistent connections would leak. The
# tuned server (coprod.server.tuned) keeps them: its threads live as long as the process.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Instances sharing one Redis (tests, benchmarks, several sites) keep apart by this prefix.
REDIS_PREFIX = os.environ.get("COPROD_REDIS_PREFIX", "coprod")
if REDIS_URL:
    # channels-redis's pub/sub layer (no per-process queue to overflow, far cheaper than the
    # list layer) behind one that delivers in-process first and survives Redis outages.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "coprod.realtime.layers.LocalFirstRedisLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": REDIS_PREFIX},
        }
    }
    CACHES = {
        "default": {
            # The tuned server reuses Redis clients (coprod.server.cache); both survive an outage.
            "BACKEND": (
                "coprod.server.cache.RedisCache"
                if config.server_mode() == "tuned"
                else "coprod.core.cache.RedisCache"
            ),
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_PREFIX,
            # A Redis that hangs must not hold a request for long: the cache then misses.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # Room for every phone's session and token in a few full workshops: at Django's default of
    # 300 entries, a room of more than about 300 phones evicted its own sessions (a query on
    # every page again).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

# Heavy work (imports, documents, archives) runs outside the request threads, in the worker that
# `coprod serve` starts (or `coprod worker`), which reads its tasks from the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz (coprod/health/checks.py): each check's time limit; a worker's heartbeat older than
# this is stale; the data folder's free space below which the disk is "degraded" (MB, and %).
HEALTH_CHECK_SECONDS = 2.0
HEALTH_WORKER_STALE_SECONDS = 60
HEALTH_MIN_FREE_MB = int(os.environ.get("COPROD_HEALTH_MIN_FREE_MB", "1024"))
HEALTH_MIN_FREE_PERCENT = 5
# Days a finished job's files (its upload, its document) and its page are kept.
JOBS_KEEP_DAYS = 2

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Single sign-on with OpenID Connect (ProConnect) when COPROD_OIDC_ISSUER is set
# (coprod/config.py, docs/deploy.md): COPROD_OIDC, the configuration, and mozilla-django-oidc's
# OIDC_* settings, whose endpoints are read from the provider at the first sign-on.
globals().update(oidc_discovery.settings_for(config.oidc()))
if COPROD_OIDC:  # noqa: F821  (set just above)
    AUTHENTICATION_BACKENDS.append("coprod.organisations.sso.Backend")
    # Signing out is a form whose answer redirects to the provider's end-session endpoint
    # (on the issuer's host): browsers hold such a redirect to the page's form-action.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        config.origin(COPROD_OIDC["issuer"])  # noqa: F821
    )
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workshops:list"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# A password-reset link works once, for two hours (the e-mail says so). Reset e-mails asked
# for one address per hour, three times as many per client address (coprod/accounts/views.py).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
PASSWORD_RESETS_PER_HOUR = 3
# Login throttling (django-axes, coprod/accounts/throttle.py): COPROD_LOGIN_ATTEMPTS wrong
# passwords in a row for one username from one address lock that username out from that
# address for COPROD_LOGIN_COOLOFF_MINUTES, even with the right password. Per username *and*
# address, so that nobody elsewhere can lock a colleague out. Tries made during a lock-out do
# not prolong it: the page tells when to come back, and that time holds.
AXES_FAILURE_LIMIT = config.login_attempts()
AXES_COOLOFF_TIME = timedelta(minutes=config.login_cooloff_minutes())
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client's address is the one uvicorn believed (COPROD_TRUSTED_PROXIES), never a header.
AXES_CLIENT_IP_CALLABLE = "coprod.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "coprod.accounts.throttle.locked_out"
# Log lines name the address, not what was typed as a username (at times a password).
AXES_CLIENT_STR_CALLABLE = "coprod.accounts.throttle.client_str"
# No table of every successful sign-in (personal data with no use here yet).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Sessions read through the cache (Redis with several processes): a phone's page or re-fetch
# skips the session query; writes still go to the database, so a restart loses nothing.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "coprod" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected by `coprod serve` when the sources change (coprod/core/storage.py): hashed names,
# cached for good, gzip and Brotli beside each file.
STATIC_ROOT = config.static_root()
# Pages name static files only through {% static %}, hence by their hashed names: the unhashed
# copies are not kept. Source maps (the API docs' 5 MB) are for developers' tools: not compressed.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "coprod.core.storage.StaticStorage"},
}

# Wrong join codes per browser and minute (six times as many per network address); see
# coprod/participants/ratelimit.py. Every look-up of a code, right or wrong, is also capped per
# address, far above a room's arrivals (benchmarks joining 1,000 phones at once raise it).
JOIN_ATTEMPTS_PER_MINUTE = 10
# While the cache (Redis) is unreachable the limits cannot count: let people in rather than out.
RATELIMIT_FAIL_OPEN = True
JOIN_LOOKUPS_PER_ADDRESS_PER_MINUTE = int(os.environ.get("COPROD_JOIN_LOOKUPS_PER_MINUTE", "600"))
# A fast typist writes about 5 proposals a minute; 10 leaves room for a burst of short ones.
PROPOSALS_PER_MINUTE = int(os.environ.get("COPROD_PROPOSALS_PER_MINUTE", "10"))
# An invitation to a colleague works this many days (a resent one starts again).
INVITATION_DAYS = int(os.environ.get("COPROD_INVITATION_DAYS", "7"))

# E-mail: SMTP from the environment, else files in DATA_DIR/mails (coprod/config.py).
_mail = config.email_settings()  # lower case: not a setting itself
EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
EMAIL_HOST = _mail["EMAIL_HOST"]
EMAIL_PORT = _mail["EMAIL_PORT"]
EMAIL_HOST_USER = _mail["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _mail["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _mail["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _mail["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _mail["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = _mail["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = _mail["SERVER_EMAIL"]
EMAIL_FILE_PATH = DATA_DIR / "mails"
# Who receives the server's errors (COPROD_ADMINS); the mails hide every secret.
ADMINS = config.admins()
DEFAULT_EXCEPTION_REPORTER_FILTER = "coprod.core.reporting.SafeReporterFilter"
EMAIL_SUBJECT_PREFIX = "[coprod] "

# Level and format from COPROD_LOG_LEVEL and COPROD_LOG_FORMAT; no secret in a line, the
# request id in each (coprod/core/logs.py).
LOGGING = logs.config(config.log_level(), config.log_format(), mail_admins=bool(ADMINS))
