"""The one settings module. Every value comes from a ``REINSTATE_*`` environment variable with a
safe default (see ``.env.example``); SQLite and an on-disk job queue need no other server.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from reinstate_web.env import env_bool, env_int, env_list, env_path, env_str
from reinstate_web.private_files import keep_private, sqlite_files

# Lets generic admin/form classes be subscripted at run time, as the type stubs describe them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("REINSTATE_DATA_DIR", Path.cwd() / "var")

DEBUG = env_bool("REINSTATE_DEBUG", False)

_secret = env_str("REINSTATE_SECRET_KEY")
if not _secret:
    if not DEBUG:
        raise ImproperlyConfigured(
            "REINSTATE_SECRET_KEY is not set. Reinstate refuses to start in production mode "
            "without a real secret key. Generate one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))' (make run writes one into .env for you), or set "
            "REINSTATE_DEBUG=true for local development."
        )
    _secret = secrets.token_urlsafe(50)  # development only: sessions end at restart
elif not DEBUG and (len(_secret) < 32 or _secret.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "REINSTATE_SECRET_KEY is too short or a placeholder. Use at least 32 random characters."
    )
SECRET_KEY = _secret
# Earlier secret keys, still accepted while sessions and links signed with them run out (and
# still opening credentials encrypted with a key derived from them): see docs/security.md.
SECRET_KEY_FALLBACKS = env_list("REINSTATE_SECRET_KEY_FALLBACKS", [])

# The SQLite database and the job queue live here; both need the folder before first use
# (made once the secret key is known to be usable).
# Seller data is owner-only: umask 077 for all this process writes from here on, and 0700/0600
# for the folder, uploads, database and job queue an older version may have left open.
keep_private(
    DATA_DIR,
    folders=[DATA_DIR / "uploads"],
    files=[*sqlite_files(DATA_DIR / "reinstate.sqlite3"), *sqlite_files(DATA_DIR / "jobs.sqlite3")],
)

ALLOWED_HOSTS = env_list("REINSTATE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("REINSTATE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "huey.contrib.djhuey",
    "reinstate_web.accounts",
    "reinstate_web.cases",
    "reinstate_web.notices",
    "reinstate_web.analysis",
    "reinstate_web.drafting",
    "reinstate_web.evidence",
    "reinstate_web.live",
    "reinstate_web.teams",
    "reinstate_web.submissions",
    "reinstate_web.mailbox",
    "reinstate_web.api",
    "reinstate_web.ops",  # /healthz, /metrics, the workers' heartbeat
    "ninja",  # the API docs' own static files
    "axes",  # sign-in and sign-up throttling (reinstate_web.accounts.throttle)
]

MIDDLEWARE = [
    "reinstate_web.ops.metrics.RequestMetricsMiddleware",  # first: times the whole answer
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reinstate_web.teams.audit.RequestOriginMiddleware",  # where a change came from (audit log)
    "reinstate_web.security.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the pause page
]

ROOT_URLCONF = "reinstate_web.urls"
WSGI_APPLICATION = "reinstate_web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# --- Database: SQLite (WAL) by default, PostgreSQL when a URL is given -------------------------
_database_url = env_str("REINSTATE_DATABASE_URL")
if _database_url:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server is an error within seconds (/healthz, a page), never a hang.
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "reinstate.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People --------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "reinstate_web.accounts.validators.LengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Anyone who reaches the app may create a user and their company or team (a local install);
# a shared server turns it off and owners invite their colleagues from the Team page.
SIGNUP_OPEN = env_bool("REINSTATE_SIGNUP", True)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account, or
# from one client address, within the cool-off, that account and that address are paused until
# the cool-off has passed since the last counted attempt (attempts while paused are not counted,
# so the pause ends by itself). Sign-up counts against the same limits (accounts/throttle.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("REINSTATE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("REINSTATE_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "reinstate_web.accounts.throttle.username"
AXES_CLIENT_IP_CALLABLE = "reinstate_web.accounts.throttle.client_address"
# Behind this many reverse proxies the client's address is read from X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int("REINSTATE_PROXY_COUNT", 0, minimum=0)
AXES_LOCKOUT_CALLABLE = "reinstate_web.accounts.throttle.lockout_response"
AXES_VERBOSE = False  # no start-up banner on every command
# E-mail (invitations): nothing leaves the machine unless an SMTP server is set; without one,
# each message is written as a file in DATA_DIR/outbox.
_smtp_host = env_str("REINSTATE_SMTP_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if _smtp_host
    else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "outbox"
EMAIL_HOST = _smtp_host or "localhost"
EMAIL_PORT = env_int("REINSTATE_SMTP_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("REINSTATE_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("REINSTATE_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("REINSTATE_SMTP_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("REINSTATE_MAIL_FROM") or "Reinstate <reinstate@localhost>"

# --- Language and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates with the month's name in each language ("7 December 2026", "2026年12月7日").
FORMAT_MODULE_PATH = ["reinstate_web.formats"]
USE_I18N = True
TIME_ZONE = env_str("REINSTATE_TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing folder
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
MEDIA_ROOT = DATA_DIR / "uploads"  # never served directly: views check access first
# Uploads above this many bytes stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = None
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880  # raised below to hold a pasted notice of the limit
# Documented limits (README): a notice, and one data export.
NOTICE_MAX_BYTES = env_int("REINSTATE_NOTICE_MAX_MB", 10, minimum=1) * 1024 * 1024
# A pasted notice travels as a form field: room for a paste of twice the limit, so one just over
# it is refused by the form with a clear message and the text kept, never by a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(DATA_UPLOAD_MAX_MEMORY_SIZE, 2 * NOTICE_MAX_BYTES + 1_048_576)
REPORT_MAX_BYTES = env_int("REINSTATE_REPORT_MAX_MB", 1024, minimum=1) * 1024 * 1024
# One evidence document (invoice, bill, letter): Amazon takes files under 50 MB.
EVIDENCE_MAX_BYTES = env_int("REINSTATE_EVIDENCE_MAX_MB", 20, minimum=1) * 1024 * 1024

# --- Background jobs: huey on SQLite by default, Redis when scaling out ------------------------
_redis_url = env_str("REINSTATE_REDIS_URL")
HUEY = {
    "name": "reinstate",
    "immediate": env_bool("REINSTATE_JOBS_IMMEDIATE", False),
    "consumer": {"workers": env_int("REINSTATE_WORKERS", 2, minimum=1), "worker_type": "thread"},
}
if _redis_url:
    # Timeouts: an unreachable Redis is an error within seconds, never a hang (the workers'
    # blocking read waits 1 s, well inside them).
    from redis import ConnectionPool

    _pool = ConnectionPool.from_url(_redis_url, socket_timeout=10, socket_connect_timeout=5)
    HUEY.update({"huey_class": "huey.RedisHuey", "connection": {"connection_pool": _pool}})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "jobs.sqlite3")})

# --- Operations: /metrics answers on loopback, or anywhere to "Authorization: Bearer <token>"
# when this is set (behind a reverse proxy, REINSTATE_PROXY_COUNT > 0, only to the token).
METRICS_TOKEN = env_str("REINSTATE_METRICS_TOKEN")

# --- Optional language model (off unless both URL and model are set) -------------------------
# An OpenAI-compatible chat-completions endpoint (OpenAI, or a local Ollama / vLLM server) that
# may rephrase a seller's free-text answers into English. Nothing leaves the machine otherwise.
LLM_URL = env_str("REINSTATE_LLM_URL")
LLM_MODEL = env_str("REINSTATE_LLM_MODEL")
LLM_API_KEY = env_str("REINSTATE_LLM_API_KEY")

# --- Optional live data from Amazon's Selling Partner API (nothing is fetched until a seller
# connects an account). The app credentials sellers enter are encrypted at rest with Fernet keys
# from REINSTATE_ENCRYPTION_KEY (comma-separated, newest first: older keys still decrypt), or with
# a key derived from the secret key when it is empty.
ENCRYPTION_KEYS = env_list("REINSTATE_ENCRYPTION_KEY", [])
for _key in ENCRYPTION_KEYS:
    from cryptography.fernet import Fernet

    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "REINSTATE_ENCRYPTION_KEY must hold Fernet keys (32 url-safe base64-encoded bytes). "
            "Generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        ) from None
# Backups (reinstate backup / restore, docs/backups.md): encrypted with age when this holds an
# age identity (AGE-SECRET-KEY-1…, encrypts and decrypts) or, on a machine that only makes
# backups, its recipient (age1…); empty: backups are not encrypted.
BACKUP_KEY = env_str("REINSTATE_BACKUP_KEY")
# Other hosts for the Selling Partner API and Login with Amazon (a sandbox or a local test
# server); empty means Amazon's own for the connected marketplace.
SP_API_ENDPOINT = env_str("REINSTATE_SP_API_ENDPOINT")
SP_API_TOKEN_URL = env_str("REINSTATE_SP_API_TOKEN_URL")

# --- Watching sellers' mailboxes for Amazon's answers (step 6; nothing is read until a seller
# connects a mailbox). How often each connected mailbox is checked, in minutes.
MAILBOX_POLL_MINUTES = env_int("REINSTATE_MAILBOX_POLL_MINUTES", 5, minimum=1)
# OAuth2 apps for signing in to Gmail and Outlook mailboxes with XOAUTH2 (the operator registers
# them with Google and Microsoft; empty: that sign-in is not offered). The redirect address to
# register is https://<this site>/mailbox/oauth/callback/.
MAILBOX_OAUTH_CLIENTS = {
    "google": (
        env_str("REINSTATE_GOOGLE_OAUTH_CLIENT_ID"),
        env_str("REINSTATE_GOOGLE_OAUTH_CLIENT_SECRET"),
    ),
    "microsoft": (
        env_str("REINSTATE_MICROSOFT_OAUTH_CLIENT_ID"),
        env_str("REINSTATE_MICROSOFT_OAUTH_CLIENT_SECRET"),
    ),
}
# Other OAuth2 endpoints for both (a local test server); empty: Google's and Microsoft's own.
MAILBOX_OAUTH_AUTHORIZE_URL = env_str("REINSTATE_MAILBOX_OAUTH_AUTHORIZE_URL")
MAILBOX_OAUTH_TOKEN_URL = env_str("REINSTATE_MAILBOX_OAUTH_TOKEN_URL")

# --- Security ------------------------------------------------------------------------------------
_https = env_bool("REINSTATE_HTTPS", False)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browsers remember to use HTTPS only (HSTS), only when it is on. Preload is a promise for the
# whole registered domain that only its owner makes (and submits to the browsers' list), so it
# is opt-in, and Django's reminder about it is silenced while it is off.
SECURE_HSTS_SECONDS = env_int("REINSTATE_HSTS_SECONDS", 31_536_000, minimum=0) * _https
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("REINSTATE_HSTS_INCLUDE_SUBDOMAINS", True) and _https
SECURE_HSTS_PRELOAD = env_bool("REINSTATE_HSTS_PRELOAD", False) and _https
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD or not _https else ["security.W021"]
# Content-Security-Policy (django-csp 4): scripts, styles, images, fonts and requests from this
# site only; no inline script or style anywhere (tests/web/test_security_csp.py keeps it so),
# no eval, no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Uploads owner-only whatever the umask (Django's default is 0644 files).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("REINSTATE_LOG_LEVEL", "INFO").upper()},
    # Libraries that narrate every step at INFO (weasyprint: seven lines per PDF drawn;
    # fontTools: each font subset) keep to warnings unless REINSTATE_LOG_LEVEL asks for DEBUG.
    "loggers": {
        name: {
            "level": "DEBUG"
            if env_str("REINSTATE_LOG_LEVEL", "INFO").upper() == "DEBUG"
            else "WARNING"
        }
        for name in ("huey", "weasyprint", "fontTools")
    },
}
