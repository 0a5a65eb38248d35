"""Digest as it is deployed: commands and app servers in processes of their own.

For tests of guarantees that must hold across processes (the page cache with several gunicorn
workers, a command run beside a running server, a cache server restarted).
"""

import atexit
import functools
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.services import answers

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")
# The compression settings the deployment docs give nginx.
COMPRESSION = ROOT / "docs" / "deploy" / "nginx-compression.conf"
PROD_SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "DJANGO_SECRET_KEY": "test-only-secret-key-for-app-servers-0123456789abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_LANGUAGE_CODE": "en",
    "DIGEST_PAGE_CACHE": "1",
}


def clean_environment(**variables):
    """This process's environment without any Digest or Django setting, plus `variables`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DIGEST_"))
        and name not in {"DATABASE_URL", "REDIS_URL", "PYTHONPATH"}
    }
    env.update(variables)
    return env


def manage(*args, env, check=True, stdin=None):
    """Run manage.py in a process of its own, as an operator would; the finished process."""
    result = subprocess.run(  # noqa: S603 - this interpreter, the project's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if check:
        assert result.returncode == 0, result.stderr or result.stdout
    return result


def python(code, env):
    """Run `code` in this interpreter in a process of its own; the finished process."""
    return subprocess.run(  # noqa: S603 - this interpreter, with the test's own code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds} s"
        time.sleep(0.1)


def collect_static():
    """The folder of static files as production settings collect them (hashed names, gzip and
    brotli copies). It is named after what goes into it (`static_fingerprint`), so it is
    collected once for every test and process that needs it, and again only when a file, a
    package or a setting changed."""
    folder = Path(tempfile.gettempdir()) / f"digest-static-{static_fingerprint()}"
    if folder.is_dir() and not (folder / "staticfiles.json").is_file():
        shutil.rmtree(folder, ignore_errors=True)  # a collection cut short, or tidied away
    if not folder.is_dir():
        collecting = tempfile.mkdtemp(prefix="digest-static-collecting-")
        env = clean_environment(**PROD_SETTINGS, DJANGO_STATIC_ROOT=collecting)
        manage("collectstatic", "--noinput", "-v0", env=env)
        try:
            Path(collecting).rename(folder)
        except OSError:  # another process finished the same collection first
            shutil.rmtree(collecting)
    return str(folder)


def static_fingerprint():
    """What collected static files depend on: the project's static files, the installed
    packages (the admin's and markdownx's files come with them) and the settings. Standard
    library only (benchmarks/harness.py uses it too)."""
    files = sorted(
        (str(path.relative_to(ROOT)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in (ROOT / "static").rglob("*")
        if path.is_file()
    )
    packages = sorted(
        path.name for path in Path(sysconfig.get_paths()["purelib"]).glob("*.dist-info")
    )
    settings = [
        hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((ROOT / "config" / "settings").glob("*.py"))
    ]
    return hashlib.sha256(json.dumps([files, packages, settings]).encode()).hexdigest()[:16]


def migrated_sqlite_database(folder):
    """The URL of a new SQLite database in `folder`, migrated as `manage.py migrate` does (a
    copy of one migrated once per test process)."""
    database = Path(folder) / "db.sqlite3"
    shutil.copyfile(_migrated_sqlite_template(), database)
    return f"sqlite:///{database}"


@functools.cache
def _migrated_sqlite_template():
    folder = tempfile.mkdtemp(prefix="digest-migrated-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    database = Path(folder) / "db.sqlite3"
    manage(
        "migrate",
        "-v0",
        env=clean_environment(**PROD_SETTINGS, DATABASE_URL=f"sqlite:///{database}"),
    )
    return database


class AppServer:
    """gunicorn serving Digest with `workers` processes, as in production."""

    def __init__(self, env, workers=1, port=None):
        self.port = port or free_port()
        self.process = subprocess.Popen(  # noqa: S603 - this interpreter's gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: answers(self.port), "the app server's start")

    def get(self, path, **headers):
        """(status, X-Cache, body) of a request, as a reader's browser behind the site's
        reverse proxy sends it (a new connection each time, so any worker may answer)."""
        request = urllib.request.Request(  # noqa: S310 - a local test server
            f"http://127.0.0.1:{self.port}{path}", headers={"Host": "localhost", **headers}
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                return response.status, response.headers.get("X-Cache"), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("X-Cache"), error.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)


def start_small_site(folder, document, **settings):
    """The small deployment the docs allow — gunicorn with two workers on an SQLite file in
    `folder`, production settings (and `settings`) — serving `document` imported and published:
    (server, environment). The caller stops the server."""
    env = clean_environment(
        **{**PROD_SETTINGS, **settings},
        DATABASE_URL=migrated_sqlite_database(folder),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
    )
    env["DJANGO_STATIC_ROOT"] = collect_static()
    manage("import_issue", "--publish", str(document), env=env)
    return AppServer(env, workers=2), env


class RedisServer:
    """A Redis server of the test's own, on a free port, that the test may stop and start."""

    def __init__(self):
        self.port = free_port()
        self.process = None
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - the machine's redis-server
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: answers(self.port), "Redis's start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)

    def restart(self):
        """Stop and start again: Redis comes back empty."""
        self.stop()
        self.start()


class Varnish:
    """Varnish from Debian, with the site's sample VCL, in front of `backend_port`."""

    def __init__(self, vcl, backend_port):
        # Varnish's worker process runs as its own user: the folder must be readable by it.
        self.folder = Path(tempfile.mkdtemp(prefix="digest-varnish-"))
        self.folder.chmod(0o755)
        config = self.folder / "digest.vcl"
        config.write_text(vcl.read_text().replace('.port = "8000"', f'.port = "{backend_port}"'))
        config.chmod(0o644)
        self.port = free_port()
        self.process = subprocess.Popen(  # noqa: S603 - the machine's varnishd
            [shutil.which("varnishd") or "/usr/sbin/varnishd", "-F", "-T", "none",
             "-a", f"127.0.0.1:{self.port}", "-f", str(config), "-n", str(self.folder / "work"),
             "-s", "malloc,64m"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: answers(self.port), "Varnish's start")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    def get(self, path):
        """(status, Varnish hit or miss, body) of a reader's request through Varnish."""
        request = urllib.request.Request(f"{self.url.rstrip('/')}{path}")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                return (
                    response.status,
                    response.headers.get("X-Varnish-Cache"),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("X-Varnish-Cache"), error.read().decode()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)
        shutil.rmtree(self.folder, ignore_errors=True)


def nginx_configuration(folder, app_port, port):
    """A server with the documented compression settings, proxying to the app server as the
    sample configuration does."""
    temp = folder / "temp"
    temp.mkdir()
    return f"""
{"user root;" if _running_as_root() else ""}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
load_module {BROTLI_MODULE};
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    upstream digest_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{port};
        include {COMPRESSION};
        location / {{
            proxy_pass http://digest_app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host localhost;
        }}
    }}
}}
"""


def _running_as_root():
    return os.geteuid() == 0


class Nginx:
    def __init__(self, folder, app_port):
        self.port = free_port()
        config = folder / "nginx.conf"
        config.write_text(nginx_configuration(folder, app_port, self.port))
        checked = subprocess.run(  # noqa: S603 - the machine's nginx on a config of our own
            [NGINX, "-t", "-p", str(folder), "-c", str(config)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
        assert "[warn]" not in checked.stderr, checked.stderr
        self.process = subprocess.Popen(  # noqa: S603
            [NGINX, "-p", str(folder), "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: answers(self.port), "nginx's start")

    def get(self, path, **headers):
        """(headers, raw body) of a GET through nginx, the body as sent (maybe compressed)."""
        request = urllib.request.Request(  # noqa: S310 - a local test server
            f"http://127.0.0.1:{self.port}{urllib.request.quote(path, safe='/?=&')}",
            headers=headers,
        )
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            assert response.status == 200, f"{path} answered {response.status}"
            return response.headers, response.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)
