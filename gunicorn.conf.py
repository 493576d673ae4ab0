"""Gunicorn settings for production, each one read from the environment (docs/configuration.md)."""

import os


def _cpu_count() -> int:
    """Cores this process may use: the container's CPU quota when set, else its CPU affinity."""
    cores = len(os.sched_getaffinity(0))
    try:
        with open("/sys/fs/cgroup/cpu.max") as cpu_max:
            quota, period = cpu_max.read().split()
    except (OSError, ValueError):
        return cores
    if quota == "max":
        return cores
    return max(1, min(cores, int(quota) // int(period)))


wsgi_app = "healthcontent.wsgi:application"
bind = os.environ.get("BIND", "0.0.0.0:8000")

# Sync workers: requests are short and spend most of their time waiting on PostgreSQL or
# Redis, so 2 x cores + 1 keeps the cores busy while some workers wait (gunicorn's advice).
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 0) or 2 * _cpu_count() + 1
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Recycling workers now and then bounds memory growth; jitter keeps them from restarting together.
# Each worker keeps hot API responses in memory: at 1,000 requests a busy worker would restart
# every second and start cold each time, so recycle after 100,000 (minutes at full load).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Loads the app before forking: a bad configuration fails the start, and workers share memory.
preload_app = True
# Containers often mount /tmp on disk; the heartbeat file belongs in memory.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The app logs one line per request itself (with its request id), so gunicorn's access log
# is off unless GUNICORN_ACCESS_LOG is "-" (stdout).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = (
    '{"remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Addresses of the proxy in front whose X-Forwarded-* headers gunicorn believes.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Runtime control goes through signals and the orchestrator; no socket in the home folder.
control_socket_disable = True

_debug = os.environ.get("DEBUG", "").lower() in ("1", "true", "yes", "on")
if os.environ.get("LOG_FORMAT", "text" if _debug else "json") == "json":
    # Gunicorn's own lines (start-up, worker restarts) in the app's JSON shape; the access
    # line is JSON already (access_log_format), so it is written as it is.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "healthcontent.observability.JsonFormatter"},
            "raw": {"format": "%(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "raw",
                "stream": "ext://sys.stdout",
            },
            "error_console": {"class": "logging.StreamHandler", "formatter": "json"},
        },
        "root": {"level": "INFO", "handlers": ["error_console"]},
        "loggers": {
            "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
            # With a logging config gunicorn always emits access lines: route them only when asked.
            "gunicorn.access": {
                "handlers": ["console"] if accesslog else [],
                "level": "INFO" if accesslog else "CRITICAL",
                "propagate": False,
            },
        },
    }
