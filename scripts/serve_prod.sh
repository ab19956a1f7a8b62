#!/bin/sh
# Serve Samverkansguiden in production: migrate once, then start gunicorn.
# The migration runs here, as one step before the workers start, never inside a worker.
#   HOST (127.0.0.1), PORT (8000), WEB_CONCURRENCY (2 x cores + 1, at most 9),
#   DATABASE_URL, SECRET_KEY (or instance/secret_key), FORWARDED_ALLOW_IPS (127.0.0.1).
set -eu
cd "$(dirname "$0")/.."
BIN="${BIN:-.venv/bin}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

if [ -z "${SECRET_KEY:-}" ] && [ ! -s instance/secret_key ]; then
    echo "serve-prod: set SECRET_KEY (a random value of at least 32 characters, the same on every app host)," >&2
    echo "            for example: export SECRET_KEY=\$(python3 -c 'import secrets; print(secrets.token_hex(32))')" >&2
    echo "            or write it to instance/secret_key (mode 600)." >&2
    exit 1
fi

cores="$(nproc 2>/dev/null || echo 1)"
workers="${WEB_CONCURRENCY:-$((2 * cores + 1))}"
if [ -z "${WEB_CONCURRENCY:-}" ] && [ "$workers" -gt 9 ]; then
    workers=9
fi

export APP_ENV=production FLASK_APP=app
"$BIN/flask" db upgrade
exec "$BIN/gunicorn" --workers "$workers" --bind "$HOST:$PORT" \
    --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
    --access-logfile - --error-logfile - wsgi:app
