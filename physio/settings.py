"""Settings for physio. Every deploy-time value comes from the environment."""

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import pghistory
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def _refuse(name: str, value: str, accepted: str):
    from django.core.exceptions import ImproperlyConfigured

    return ImproperlyConfigured(f"{name}={value!r} is not understood: use {accepted}.")


def envbool(name: str, default: bool = False) -> bool:
    """The variable as on/off; unset or empty is the default, anything unknown an error."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    words = ", ".join(TRUE_WORDS) + " for on; " + ", ".join(FALSE_WORDS) + " or empty for off"
    raise _refuse(name, value, words)


def envint(name: str, default: int) -> int:
    """The variable as a whole number; unset or empty is the default, anything else an error."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise _refuse(name, value, "a whole number") from None


def envfloat(name: str, default: float) -> float:
    """The variable as a number; unset or empty is the default, anything else an error."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise _refuse(name, value, "a number such as 13.5") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)


def _key_file(path: Path) -> str:
    """The key kept in ``path``, made there once (readable by this user only)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    # `make serve` names a file under var/: the key is made there on first start and kept,
    # so sessions survive restarts and every process of this machine signs alike.
    key_file = os.environ.get("SECRET_KEY_FILE", "")
    if key_file:
        return _key_file(Path(key_file))
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a key made once and kept under var/, so sessions survive restarts.
    return _key_file(VAR_DIR / "secret_key")


SECRET_KEY = _secret_key()
# Rotating the key: put the old one here (comma-separated) while sessions, sign-in links
# and password-reset links signed with it run out; then remove it.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "bootstrap",
    "django_tasks",
    "django_tasks_db",
    "pgtrigger",
    "pghistory",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "physio",
    "exercises",
    "assessments",
    "programs",
    "messaging",
    "calendars",
    "pwa",
    "outcomes",
]

MIDDLEWARE = [
    # /healthz and /readyz for a load balancer, before host checks, redirects and sign-in.
    "physio.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed a second factor?
    "django_otp.middleware.OTPMiddleware",
    # Every view needs a signed-in user unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Each signed-in session's idle timeout, by role (after sessions and auth).
    "physio.sessions.IdleTimeoutMiddleware",
    # Every statement of a request carries who made it and the URL, for the change trail.
    "physio.middleware.TrailMiddleware",
    # A session waiting for its second factor (or an enrolment) reaches nothing else.
    "physio.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "physio.urls"
# While the database is unreachable pages answer 503 and ask to be tried again after this.
UNAVAILABLE_RETRY_AFTER_SECONDS = envint("UNAVAILABLE_RETRY_AFTER_SECONDS", 5)
WSGI_APPLICATION = "physio.wsgi.application"

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
                "physio.context_processors.roles",
                "physio.context_processors.fragment_cache",
            ],
        },
    },
]

# --- database -------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    from physio.embedded_db import embedded_database

    DATABASES = {"default": embedded_database(VAR_DIR / "pgdata")}
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- caches ---------------------------------------------------------------
# "fragments" holds rendered template fragments (library cards), in each process's
# memory. Every key is made from all the row data the entry shows (pk, updated_at,
# status, media), so a change makes a new key and nothing can go stale or show one
# clinic's or client's rows to another (the query decides which rows a page shows).
# FRAGMENT_CACHE_SECONDS is the lifetime of every entry: the cache's default, and the
# one every {% cache %} tag is given.
FRAGMENT_CACHE_SECONDS = envint("FRAGMENT_CACHE_SECONDS", 3600)
# With REDIS_URL set every cache is Redis (Django's built-in backend), so every worker and
# host sees the same fragments and counts; each has its own key prefix. Without it
# "default" and "fragments" live in each process's memory (safe with several hosts: every
# key is made from what it shows, so a process only ever misses), and "shared" -- where
# the rate limits count -- is a table in the database (created by migration physio 0005).
REDIS_URL = os.environ.get("REDIS_URL", "")


def _redis(prefix: str, **extra) -> dict:
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
        # A Redis that is down or restarting costs a request a second, not a hung worker.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        **extra,
    }


if REDIS_URL:
    CACHES = {
        "default": _redis("default"),
        "fragments": _redis("fragments", TIMEOUT=FRAGMENT_CACHE_SECONDS),
        "shared": _redis("shared"),
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "TIMEOUT": FRAGMENT_CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": envint("FRAGMENT_CACHE_ENTRIES", 5000)},
        },
        "shared": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "physio_shared_cache",
        },
    }

# --- people and sign-in ---------------------------------------------------
AUTH_USER_MODEL = "physio.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes refuses a password sign-in (on /sign-in/ and /admin/login/) while the
# account or the address has SIGN_IN_FAILURE_LIMIT failures in the last
# SIGN_IN_COOLOFF_MINUTES. Its records live in the database (AccessAttempt rows, in the
# admin), or with REDIS_URL in Redis; either way every worker and host sees the same counts.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SIGN_IN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "physio.sign_in_throttle.attempted_email"
AXES_CLIENT_IP_CALLABLE = "physio.sign_in_throttle.client_address"
AXES_LOCKOUT_CALLABLE = "physio.sign_in_throttle.lockout_response"
if REDIS_URL:
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AXES_CACHE = "shared"
AXES_DISABLE_ACCESS_LOG = True  # the throttle needs failures only, not a log of sign-ins
# Two-factor sign-in (django-otp): TOTP from an authenticator app, recovery codes.
# Wrong codes lock the device for TWO_FACTOR_THROTTLE_SECONDS × 2^(failures − 1).
OTP_TOTP_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "physio")
OTP_TOTP_THROTTLE_FACTOR = envint("TWO_FACTOR_THROTTLE_SECONDS", 1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
# Staff need a second factor for the Django admin; off with DEBUG so the demo curator
# of `make run` signs in with a password alone.
ADMIN_REQUIRES_TWO_FACTOR = envbool("ADMIN_REQUIRES_TWO_FACTOR", not DEBUG)
INVITATION_DAYS = envint("INVITATION_DAYS", 7)
SIGN_IN_LINK_MINUTES = envint("SIGN_IN_LINK_MINUTES", 15)


def envrate(name: str, default: str) -> str:
    """A rate such as ``5/h`` or ``20/15m`` (count per period of s, m, h or d)."""
    value = os.environ.get(name) or default
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must look like 5/h or 20/15m, not {value!r}.")
    return value


# Requests for a password-reset or sign-in link (django-ratelimit, counted in the "shared"
# cache): per email address asked for, and per IP address asking.
MAIL_REQUEST_RATE_PER_EMAIL = envrate("MAIL_REQUEST_RATE_PER_EMAIL", "5/h")
MAIL_REQUEST_RATE_PER_IP = envrate("MAIL_REQUEST_RATE_PER_IP", "30/h")
RATELIMIT_USE_CACHE = "shared"
# Behind a proxy, the caller is the address the proxy adds last to X-Forwarded-For.
RATELIMIT_IP_META_KEY = "physio.ratelimits.client_ip"
# Sessions end after this long without a request: clinicians, curators and other staff
# soon, clients (on their own phones) later. physio.sessions sets each session's expiry.
STAFF_SESSION_IDLE_HOURS = envint("STAFF_SESSION_IDLE_HOURS", 8)
CLIENT_SESSION_IDLE_DAYS = envint("CLIENT_SESSION_IDLE_DAYS", 30)

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Health data (assessment photos) lives outside MEDIA_ROOT and is served only by views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Private health data (assessment photos): served only by access-checked views.
    "private": {"BACKEND": "assessments.models.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_AUTOREFRESH = DEBUG

# --- email ----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "physio <no-reply@physio.invalid>")
# Where mail sent outside a request (unread messages) points its links, e.g. https://physio.example.org
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)

# --- background tasks (the API Django 6 builds in) -------------------------
# docs/clinical.md §6: the pose model behind assessments/pose.py, and how well it must see
# a landmark to propose it (below this the clinician places it by hand).
ASSESSMENT_POSE_DETECTOR = os.environ.get(
    "ASSESSMENT_POSE_DETECTOR", "assessments.pose.MediapipePose"
)
ASSESSMENT_POSE_MIN_VISIBILITY = envfloat("ASSESSMENT_POSE_MIN_VISIBILITY", 0.5)

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# `manage.py run_worker` (physio/worker.py): each worker says it is alive this often; a
# running task whose worker has been silent for four beats is queued again, and fails
# for good (shown in the admin's Task results) once this many workers died running it.
TASK_WORKER_HEARTBEAT_SECONDS = envint("TASK_WORKER_HEARTBEAT_SECONDS", 5)
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 3)

# --- forms and messages ---------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {40: "danger"}

# --- security -------------------------------------------------------------
# HTTPS-only settings follow DEBUG unless HTTPS says otherwise.
HTTPS = envbool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the client's address
# from the X-Forwarded-For it appends (the access log); never otherwise.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws some controls with data: SVGs.
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# LOG_FORMAT=json writes every log record as one JSON object per line (physio/log_format.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise _refuse("LOG_FORMAT", LOG_FORMAT, "text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "physio.log_format.JsonLines"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- the trail: who changed and who saw clinical data -----------------------
# django-pghistory's triggers record every insert, update and delete of clinical rows
# with the request's user and URL (HistoryMiddleware) stored in the event row itself,
# and the event tables refuse UPDATE and DELETE (append-only).
PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
PGHISTORY_APPEND_ONLY = True
TRAIL_ENTRIES_PER_PAGE = envint("TRAIL_ENTRIES_PER_PAGE", 50)

# --- exercises: the library and its media ---------------------------------
EXERCISE_VIDEO_MAX_BYTES = envint("EXERCISE_VIDEO_MAX_BYTES", 200 * 1024 * 1024)
# Caps read from a video's headers before any frame is decoded (4K either way up, 5 min).
EXERCISE_VIDEO_MAX_LONG_SIDE = envint("EXERCISE_VIDEO_MAX_LONG_SIDE", 3840)
EXERCISE_VIDEO_MAX_SHORT_SIDE = envint("EXERCISE_VIDEO_MAX_SHORT_SIDE", 2160)
EXERCISE_VIDEO_MAX_SECONDS = envint("EXERCISE_VIDEO_MAX_SECONDS", 300)
EXERCISE_IMAGE_MAX_BYTES = envint("EXERCISE_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
EXERCISE_IMAGE_MAX_PIXELS = envint("EXERCISE_IMAGE_MAX_PIXELS", 40_000_000)
EXERCISES_PER_PAGE = envint("EXERCISES_PER_PAGE", 24)
# Files in S3-compatible storage: setting the bucket moves the library media (under
# AWS_LOCATION) and the private assessment files (under AWS_PRIVATE_LOCATION) into it.
# Every object is private (no ACL, no public URL): pages reach files only through the
# views that check access, which read them from the bucket. django-storages also reads
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (or the usual boto3 credential chain),
# AWS_S3_REGION_NAME and AWS_S3_ENDPOINT_URL (for MinIO and other S3-compatible servers).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")
    AWS_PRIVATE_LOCATION = os.environ.get("AWS_PRIVATE_LOCATION", "private")
    AWS_DEFAULT_ACL = None  # objects stay private: every file goes through an access check
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    STORAGES["private"] = {
        "BACKEND": "assessments.storage.PrivateBucketStorage",
        "OPTIONS": {"location": AWS_PRIVATE_LOCATION},
    }

# --- assessments: tests, photos and landmarks -----------------------------
# Assessment photos (private health data, under PRIVATE_MEDIA_ROOT): upload caps.
ASSESSMENT_PHOTO_MAX_BYTES = envint("ASSESSMENT_PHOTO_MAX_MB", 15) * 1024 * 1024
ASSESSMENT_PHOTO_MAX_PIXELS = envint("ASSESSMENT_PHOTO_MAX_MEGAPIXELS", 40) * 1_000_000
# Interpretation defaults a clinic may change (see assessments/reference.py and
# docs/clinical.md §2.2): mean FPPA above this is "above the reference" (8.4 + 5.1°), and
# changes or left-right differences under the SDD are "no detectable change".
ASSESSMENT_FPPA_UPPER_DEG = envfloat("ASSESSMENT_FPPA_UPPER_DEG", 13.5)
ASSESSMENT_SDD_DEG = envfloat("ASSESSMENT_SDD_DEG", 8.0)

# --- programs: programmes, logs and adherence -----------------------------
