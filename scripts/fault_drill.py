"""Fault drill: stop the real PostgreSQL and Redis under a running production server and check
that the site copes, then restore both services.

    make fault-drill        (or: .venv/bin/python scripts/fault_drill.py)
    .venv/bin/python scripts/fault_drill.py --setup-only   (no outage: checks the set-up)

What it checks, against gunicorn started with production settings on a database of its own
(`digest_faults`, rebuilt with the demo archive) and Redis database 13:

1. PostgreSQL stopped: reader pages that are not cached answer a friendly 503 with a
   Retry-After header; pages already cached are still served (200).
2. PostgreSQL started again: the same server (no restart) answers 200 by itself.
3. Redis stopped: pages are built from the database (200) and the server logs that the cache
   is unavailable; no error page.
4. Redis started again: pages are cached again.

Both services are ALWAYS restarted in a `finally` block, even when a check fails or the drill
is interrupted. This stops the machine's shared services for a few seconds: anything else
using them (other test runs) fails meanwhile. Exits non-zero when a check fails. The drill's
lines are recorded in `benchmarks/results/fault-drill.md`.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = "digest_faults"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/13"
HOST = "localhost"
RECORD = ROOT / "benchmarks" / "results" / "fault-drill.md"
FRIENDLY_TEXT = "Temporarily unavailable"
CACHE_WARNING = "Page cache unavailable; serving from the database"
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def postgres_cluster():
    """["pg_ctlcluster", "--skip-systemctl-redirect", "<version>", "main"]."""
    [version] = os.listdir("/etc/postgresql")
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


# --- Small helpers ---------------------------------------------------------------------------


class Report:
    """Collects check results, prints them as they come, and keeps them for the record."""

    def __init__(self):
        self.failures = []
        self.lines = []

    def say(self, line):
        print(line, flush=True)
        self.lines.append(line)

    def step(self, text):
        self.say(f"\n== {text}")

    def note(self, text):
        self.say(f"   {text}")

    def check(self, ok, text):
        self.say(f"   [{'ok' if ok else 'FAIL'}] {text}")
        if not ok:
            self.failures.append(text)
        return ok

    def write(self, path, work):
        """The drill's lines as a Markdown record (the temporary folder's path left out)."""
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        verdict = f"FAILED: {len(self.failures)} check(s)" if self.failures else "PASSED"
        text = "\n".join(self.lines).replace(str(work), "<drill folder>").strip("\n")
        path.write_text(
            f"# Fault drill\n\nRun {started} by `make fault-drill` "
            f"(`scripts/fault_drill.py`): **{verdict}**.\n\n```\n{text}\n```\n"
        )


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)  # noqa: S603


def answers(port, host="127.0.0.1"):
    try:
        socket.create_connection((host, port), 0.5).close()
    except OSError:
        return False
    return True


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def __repr__(self):
        return f"{self.status} (X-Cache: {self.headers.get('X-Cache', '-')})"


def fetch(base, path):
    request = urllib.request.Request(f"{base}{path}", headers={"Host": HOST})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return Response(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read().decode())


def postgres_is_up():
    return run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0


def redis_is_up():
    result = run(["redis-cli", "-p", "6379", "ping"])
    return result.returncode == 0 and "PONG" in result.stdout


def start_postgres():
    if not postgres_is_up():
        run([*postgres_cluster(), "start"])
    return wait_until(postgres_is_up, 60)


def start_redis():
    if not redis_is_up():
        run(REDIS_START)
    return wait_until(redis_is_up, 30)


# --- The drill -------------------------------------------------------------------------------


def production_environment(static_root, media_root):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DIGEST_")) and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY="fault-drill-only-" + os.urandom(32).hex(),
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_MEDIA_ROOT=str(media_root),
        DJANGO_LANGUAGE_CODE="en",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
    )
    return env


def prepare(env, report):
    report.step(f"Preparing database {DATABASE}, static files and Redis db 13")
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-v", "ON_ERROR_STOP=1", "-c"]
    for sql in (f"DROP DATABASE IF EXISTS {DATABASE}", f"CREATE DATABASE {DATABASE}"):
        result = run([*psql, sql])
        if result.returncode:
            raise RuntimeError(f"{sql}: {result.stderr}")
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        result = run([PYTHON, "manage.py", *command], cwd=ROOT, env=env)
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(command)}: {result.stderr}")
    run(["redis-cli", "-p", "6379", "-n", "13", "flushdb"])
    report.note("ready")


def reader_paths(base):
    """Reader pages of the demo archive, from the sitemap: (cached ones, uncached ones)."""
    sitemap = fetch(base, "/sitemap.xml").body
    urls = re.findall(r"<loc>(.*?)</loc>", sitemap)
    paths = sorted({re.sub(r"^https?://[^/]+", "", url) for url in urls})
    issues = [path for path in paths if "/week-" in path]
    others = [path for path in paths if path not in issues and path != "/"]
    cached = ["/", issues[0], "/issues/"]
    uncached = [path for path in [*issues[1:3], *others[:3], "/tags/"] if path not in cached]
    return cached, uncached


def start_server(env, log_path):
    port = free_port()
    log = open(log_path, "w")  # noqa: SIM115 - closed when the drill ends
    process = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    if not wait_until(lambda: answers(port), 30):
        raise RuntimeError("gunicorn did not start; see " + str(log_path))
    return process, f"http://127.0.0.1:{port}", log


def worker_pids(server):
    result = run(["ps", "-o", "pid=", "--ppid", str(server.pid)])
    return sorted(int(pid) for pid in result.stdout.split())


def drill(base, server, log_path, report):
    cached, uncached = reader_paths(base)
    workers = worker_pids(server)
    report.step("Warming the page cache")
    for path in cached:
        fetch(base, path)
        response = fetch(base, path)
        report.check(response.status == 200 and response.headers.get("X-Cache") == "hit",
                     f"{path} cached: {response!r}")  # fmt: skip
    report.note(f"not fetched before the outage: {', '.join(uncached)}")

    report.step("PostgreSQL stopped")
    stopped_at = time.monotonic()
    result = run([*postgres_cluster(), "stop"])
    report.check(result.returncode == 0 and not postgres_is_up(), "PostgreSQL is down")
    try:
        for path in uncached:
            response = fetch(base, path)
            report.check(
                response.status == 503
                and FRIENDLY_TEXT in response.body
                and response.headers.get("Retry-After") is not None,
                f"{path} uncached: {response!r}, Retry-After: {response.headers.get('Retry-After')}"
                f", friendly text: {FRIENDLY_TEXT in response.body}",
            )
        for path in cached:
            response = fetch(base, path)
            report.check(response.status == 200, f"{path} cached: {response!r}")
    finally:
        report.step("PostgreSQL started again (gunicorn keeps running)")
        report.check(start_postgres(), "PostgreSQL is up")
        report.note(f"PostgreSQL was down for {time.monotonic() - stopped_at:.1f} s")
    for path in uncached:
        attempts, response = 0, None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            attempts += 1
            response = fetch(base, path)
            if response.status == 200:
                break
            time.sleep(0.5)
        report.check(response.status == 200, f"{path}: {response!r} after {attempts} request(s)")
    report.check(
        server.poll() is None and worker_pids(server) == workers,
        f"the same gunicorn served throughout: master {server.pid}, workers {workers}",
    )

    report.step("Redis stopped")
    log_before = Path(log_path).read_text()
    stopped_at = time.monotonic()
    run(["redis-cli", "-p", "6379", "shutdown", "nosave"])
    report.check(wait_until(lambda: not redis_is_up(), 10), "Redis is down")
    try:
        for path in [*cached, *uncached[:3]]:
            started = time.monotonic()
            response = fetch(base, path)
            report.check(
                response.status == 200 and "X-Cache" not in response.headers,
                f"{path} from the database: {response!r} in {time.monotonic() - started:.2f} s",
            )
    finally:
        report.step("Redis started again")
        report.check(start_redis(), "Redis is up")
        report.note(f"Redis was down for {time.monotonic() - stopped_at:.1f} s")
    time.sleep(0.5)  # let gunicorn's log reach the file
    new_log = Path(log_path).read_text()[len(log_before) :]
    report.check(CACHE_WARNING in new_log, f"the server log says: {CACHE_WARNING!r}")
    report.check("Internal Server Error" not in new_log, "no server error was logged")
    fetch(base, cached[0])
    response = fetch(base, cached[0])
    report.check(response.status == 200 and response.headers.get("X-Cache") == "hit",
                 f"{cached[0]} cached again: {response!r}")  # fmt: skip


def main(setup_only=False):
    report = Report()
    work = Path(tempfile.mkdtemp(prefix="digest-fault-drill-"))
    log_path = work / "gunicorn.log"
    env = production_environment(work / "static", work / "media")
    server = log = None
    # A Ctrl-C or kill must still reach the finally block below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    try:
        if not (postgres_is_up() and redis_is_up()):
            raise RuntimeError("PostgreSQL and Redis must both be running before the drill")
        prepare(env, report)
        server, base, log = start_server(env, log_path)
        report.note(f"gunicorn pid {server.pid} on {base}, log {log_path}")
        if setup_only:
            cached, uncached = reader_paths(base)
            report.note(f"would keep cached: {cached}; would check uncached: {uncached}")
            for path in [*cached, *uncached]:
                report.check(fetch(base, path).status == 200, f"{path} answers 200")
        else:
            drill(base, server, log_path, report)
    except Exception as error:  # noqa: BLE001 - reported, then the services are restored
        report.check(False, f"drill aborted: {error!r}")
    finally:
        postgres_ok, redis_ok = start_postgres(), start_redis()
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        if log is not None:
            log.close()
        run(["redis-cli", "-p", "6379", "-n", "13", "flushdb"])
        report.step("Services after the drill")
        report.check(postgres_ok, "PostgreSQL is running")
        report.check(redis_ok, "Redis is running")
    if not setup_only:
        report.write(RECORD, work)
    print()
    if report.failures:
        print(
            f"FAULT DRILL FAILED: {len(report.failures)} check(s) failed (server log: {log_path})"
        )
        for failure in report.failures:
            print(f" - {failure}")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    print("FAULT DRILL PASSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(setup_only="--setup-only" in sys.argv[1:]))
