"""Settings for the health-content platform, read from the environment (docs/configuration.md)."""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from api.consumers.rates import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or DEBUG=true for "
            "local development (which uses a fixed development key)."
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "import_export",
    "axes",
    "corsheaders",
    "rest_framework_api_key",
    "symptoms",
    "api",
]

MIDDLEWARE = [
    "healthcontent.observability.RequestLogMiddleware",
    "healthcontent.health.HealthCheckMiddleware",
    "healthcontent.routers.ReplicaReadsMiddleware",
    "healthcontent.guards.QueryStringLimitMiddleware",
    # CORS headers depend on the caller's Origin and quotas count every request: both run
    # ahead of the representation cache, which replays the same bytes to everyone.
    "corsheaders.middleware.CorsMiddleware",
    "api.consumers.middleware.QuotaMiddleware",
    "api.delivery.representation.ContentVersionMiddleware",
    "api.delivery.representation.RepresentationCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.consumers.middleware.ContentLicenseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "healthcontent.guards.AdminAutocompleteNulMiddleware",
    "healthcontent.guards.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "healthcontent.urls"
WSGI_APPLICATION = "healthcontent.wsgi.application"

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
            ],
        },
    },
]
# Admin messages stay on the server, in the session: the one that shows a new webhook
# secret must not travel in a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    # In tests a replica is the default test database, so routed reads see the test's data.
    DATABASES[f"replica_{_number}"] = env.db_url_config(_url) | {"TEST": {"MIRROR": "default"}}
for _database in DATABASES.values():
    _database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    _database["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["healthcontent.routers.ReplicaRouter"]
# Safe requests under these paths are public reads: they may be answered from a replica.
REPLICA_READ_PATHS = ["/api/"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public GETs under these paths are answered from rendered bytes kept per content version.
REPRESENTATION_CACHE_PATHS = ["/api/v1/"]
API_REPRESENTATION_CACHE = env.bool("API_REPRESENTATION_CACHE", default=True)
API_REPRESENTATION_CACHE_MB = env.int("API_REPRESENTATION_CACHE_MB", default=32)
# The staleness bound: each process reads the content version again after this many seconds.
CONTENT_VERSION_TTL = env.float("CONTENT_VERSION_TTL", default=1.0)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "healthcontent.cache.CircuitBreakerRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.1),
                "SOCKET_TIMEOUT": env.float("REDIS_SOCKET_TIMEOUT", default=0.1),
                "CIRCUIT_BREAKER_SECONDS": env.float("REDIS_CIRCUIT_BREAKER_SECONDS", default=5),
            },
        }
    }
    # Sessions live in the database and are cached in Redis: any app server can serve any user.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Quota counters live in the cache: in local memory each worker would count alone, every
# limit multiplied by the number of workers and servers. Production needs the shared store.
ALLOW_PER_PROCESS_QUOTAS = env.bool("ALLOW_PER_PROCESS_QUOTAS", default=False)
if not (REDIS_URL or DEBUG or ALLOW_PER_PROCESS_QUOTAS):
    raise ImproperlyConfigured(
        "REDIS_URL is not set: each process would count API quotas on its own, so every "
        "limit would hold once per worker. Set REDIS_URL to the shared Redis, or "
        "ALLOW_PER_PROCESS_QUOTAS=true to accept per-process quotas (e.g. one worker, or "
        "quotas set to none), or DEBUG=true for local development."
    )

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, logins are refused for AXES_COOLOFF_HOURS, even with the
# right password. Locking by the pair keeps one attacker from locking everyone out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The address is the client's, found as the API quotas find it (API_NUM_PROXIES), not the
# proxy's: behind a proxy, locking (username, proxy) would lock that editor out for everyone.
AXES_CLIENT_IP_CALLABLE = "healthcontent.clients.client_address"
# Failures and lockouts are still logged; this only drops the start-up banner on stdout.
AXES_VERBOSE = False

# Only the admin has sessions: an editor signs in again after a working day, not a fortnight.
ADMIN_SESSION_HOURS = env.float("ADMIN_SESSION_HOURS", default=12)
if ADMIN_SESSION_HOURS <= 0:
    raise ImproperlyConfigured("ADMIN_SESSION_HOURS must be a number of hours above 0.")
SESSION_COOKIE_AGE = round(ADMIN_SESSION_HOURS * 3600)

# CSV import/export in the admin (django-import-export): importing needs the model's change
# permission (new rows its add permission too, checked per row), exporting its view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    # The API is public and read-only: no sessions, so responses never vary by cookie.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "api.schema.generation.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.ContentNegotiation",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Health Content API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (BASE_DIR / "api" / "description.md").read_text(encoding="utf-8"),
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Keys are optional: they raise the rate limit (docs/api.md, "API keys and quotas").
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "ApiKeyAuthorization": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Api-Key <key>`",
            },
        }
    },
    "SECURITY": [{}, {"ApiKeyHeader": []}, {"ApiKeyAuthorization": []}],
    "ENUM_NAME_OVERRIDES": {
        "CauseCategoryEnum": "symptoms.models.Cause.Category",
        "ConditionCategoryEnum": "symptoms.models.Condition.Category",
        "DiagnosticKindEnum": "symptoms.models.Diagnostic.Kind",
        "TreatmentKindEnum": "symptoms.models.Treatment.Kind",
        "SectionKindEnum": "symptoms.models.SectionText.Kind",
        "ContentKindEnum": "symptoms.kinds.CHOICES",
    },
}

# Consumers: quotas, browser access, licence, HTTP caching and webhooks (docs/api.md).
API_ANON_RATE = env.str("API_ANON_RATE", default="60/min")
API_KEY_RATE = env.str("API_KEY_RATE", default="1200/min")
# Proxies in front of the app: the client address for quotas and admin lockouts is the one
# the outermost of them adds to X-Forwarded-For (healthcontent.clients).
API_NUM_PROXIES = env.int("API_NUM_PROXIES", default=0)
if API_NUM_PROXIES < 0:
    raise ImproperlyConfigured("API_NUM_PROXIES must be 0 (no proxy in front) or more.")
# Requests with an unknown, revoked or expired key, per client address: over it, any key sent
# is refused (429) unlooked-at until the window ends.
API_INVALID_KEY_RATE = env.str("API_INVALID_KEY_RATE", default="10/min")
for _name in ("API_ANON_RATE", "API_KEY_RATE", "API_INVALID_KEY_RATE"):
    try:
        parse_rate(globals()[_name])
    except ValueError as error:
        raise ImproperlyConfigured(f"{_name}: {error}") from None
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Link", "X-Content-License"]
CONTENT_LICENSE = env.str("CONTENT_LICENSE", default="CC-BY-4.0")
CONTENT_LICENSE_URL = env.str(
    "CONTENT_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
CONTENT_ATTRIBUTION = env.str(
    "CONTENT_ATTRIBUTION",
    default="Show the source of this content and link to it where you display it.",
)
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# Stored documents an edit builds itself after its commit; beyond, the background worker does.
DOCUMENTS_INLINE_LIMIT = env.int("DOCUMENTS_INLINE_LIMIT", default=20)
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.int("WEBHOOK_RETRY_BASE_SECONDS", default=30)
# Deliveries the worker sends at once (each in its own thread, bounded by the timeout above).
WEBHOOK_CONCURRENCY = env.int("WEBHOOK_CONCURRENCY", default=4)
# Off: endpoints on loopback, private, link-local or reserved addresses are refused.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False)

# HTTPS and browser hardening: secure by default when DEBUG is off (`check --deploy` is clean).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Only behind a proxy that sets this header itself (and strips it from clients): "header,value".
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be 'HEADER,value', e.g. 'HTTP_X_FORWARDED_PROTO,https'."
        )
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header)

LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}.")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "healthcontent.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "healthcontent.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # The access log already has one line per request; this would repeat 4xx/5xx ones.
        "django.request": {"level": "ERROR"},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}
# Content Security Policy (django-csp): everything from this site only, no CDN. Scripts
# need the per-response nonce (the API docs templates carry it); styles may be inline
# because Swagger UI, ReDoc and the admin set element styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"

# Request size limits: the API reads no bodies; the admin's forms stay far below these.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
MAX_QUERY_STRING_LENGTH = env.int("MAX_QUERY_STRING_LENGTH", default=4096)
# Content bundles uploaded in the admin (an export of all content is a few MB).
BUNDLE_UPLOAD_MAX_BYTES = env.int("BUNDLE_UPLOAD_MAX_BYTES", default=20 * 1000 * 1000)
