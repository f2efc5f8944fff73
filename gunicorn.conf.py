"""Gunicorn settings of the production profile (read by `gunicorn cadre_registry.wsgi`).

GUNICORN_BIND  address to listen on (default 127.0.0.1:8000; a reverse proxy faces users)
WEB_CONCURRENCY  worker processes (default: 2 per core plus 1)
GUNICORN_TIMEOUT  seconds a request may take before its worker is restarted (default 60)
"""

import multiprocessing
import os

wsgi_app = "cadre_registry.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then: bounded memory over months
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# The proxy on the same machine (or the ones FORWARDED_ALLOW_IPS names) may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
