# syntax=docker/dockerfile:1
# Production image: dependencies built in one stage, a slim non-root runtime in the other.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
# The runtime dependencies listed in pyproject.toml, alone, so code changes reuse this layer.
COPY pyproject.toml /tmp/pyproject.toml
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH" \
    DJANGO_SETTINGS_MODULE=healthcontent.settings
RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY manage.py gunicorn.conf.py pyproject.toml ./
COPY healthcontent ./healthcontent
COPY symptoms ./symptoms
COPY api ./api
# Collected with a throwaway key: the real SECRET_KEY comes from the environment at run time,
# and so does REDIS_URL (the build serves nothing, so it counts no quotas).
RUN SECRET_KEY=collectstatic-only-build-key ALLOW_PER_PROCESS_QUOTAS=true \
    python manage.py collectstatic --noinput \
    && python -m compileall -q healthcontent symptoms api
USER app
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
