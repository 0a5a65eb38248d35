"""Gunicorn settings for one Digest app server (see docs/deploy/README.md).

Start: gunicorn -c docs/deploy/gunicorn.conf.py config.wsgi
"""

import multiprocessing
import os

bind = os.environ.get("DIGEST_BIND", "127.0.0.1:8000")
# Pages are mostly served from Redis; a worker per core plus one keeps the CPUs busy.
workers = int(os.environ.get("DIGEST_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("DIGEST_THREADS", "4"))
# Recycle workers now and then so memory stays flat over months.
max_requests = 2000
max_requests_jitter = 200
timeout = 30
graceful_timeout = 30
keepalive = 5
# The reverse proxy terminates TLS and sets X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("DIGEST_PROXY_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
