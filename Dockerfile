# The web image: gunicorn serving Django, static files through whitenoise.
# Two stages: the build stage installs the requirements into a virtualenv and collects
# the static files; the runtime stage copies only those, and runs as a user without a
# shell or a home that owns none of the code.

FROM python:3.11-slim AS build
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt

WORKDIR /app
COPY . .
# Static files get hashed names and compressed copies (production settings). Settings
# open no database connection, so collectstatic needs only a key.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput -v0


FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/venv/bin:$PATH \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_CACHE_URL=db://django_cache \
    DJANGO_MEDIA_ROOT=/data/media \
    GUNICORN_BIND=0.0.0.0:8000 \
    GUNICORN_ACCESS_LOG=-
# Tesseract and the six UN languages' data read scanned PDFs (letters/parsing/ocr.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
       tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-rus tesseract-ocr-ara \
       tesseract-ocr-chi-sim \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin archive \
    && mkdir -p /data/media && chown 10001 /data/media
# Prepared exports and dumps (a volume in compose, shared by web and worker).
VOLUME /data/media
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
USER 10001

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]
CMD ["scripts/start-web"]
