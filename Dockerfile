# Production image: gunicorn + whitenoise. Front-end packages come from npm at
# build time and are served by Django staticfiles (no CDN at run time).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN DEBUG=0 SECRET_KEY=build-only-for-collectstatic-never-used-at-run-time-0123456789 ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && useradd --system --home /app alley && mkdir -p /data/media && chown -R alley /data
USER alley
ENV DEBUG=0 MEDIA_ROOT=/data/media
EXPOSE 8000
CMD ["gunicorn", "alleydistricts.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
