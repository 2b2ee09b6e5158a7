"""The container's health check: GET /healthz from the server inside the container.

Sent with the first of DJANGO_ALLOWED_HOSTS as Host (Django refuses other hosts) and
as if through the TLS proxy (X-Forwarded-Proto), so the answer is the view's own.
Exits 0 on 200, 1 otherwise.
"""

from __future__ import annotations

import http.client
import os
import sys


def main() -> int:
    hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
    host = next((h.lstrip(".") for h in hosts if h and h != "*"), "localhost")
    port = int(os.environ.get("GUNICORN_BIND", ":8000").rpartition(":")[2] or 8000)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=4)
    try:
        connection.request("GET", "/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"})
        return 0 if connection.getresponse().status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
