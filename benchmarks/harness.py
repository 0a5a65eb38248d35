"""What benchmarks/run.py and benchmarks/load.py share: the benchmark databases, the production
environment, gunicorn app servers, wrk, and a description of the machine. Standard library
and the project's process helpers (tests/processes.py) only; everything Django-side runs in
subprocesses with the project's Python (probe.py)."""

import hashlib
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.processes import static_fingerprint  # noqa: E402 (the project root, just added)

BENCH = ROOT / "benchmarks"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
GENERATOR = BENCH / "archive.py"
HOST = "127.0.0.1"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/digest_bench"
# A Redis database of its own, so the benchmark never mixes with other users of the server.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"
SECRET_KEY = secrets.token_urlsafe(50)
STARTED = time.monotonic()


def log(message):
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


@dataclass
class Backend:
    """A database (and cache) the app runs on, with the environment of its processes."""

    name: str
    label: str
    database_url: str
    redis_url: str = ""
    extra_env: dict = field(default_factory=dict)
    # Names the file recording which archive the database holds (default: the backend name).
    marker: str = ""

    def env(self, page_cache=True):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DIGEST_"))
            and key not in ("DATABASE_URL", "REDIS_URL")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.prod",
            DJANGO_SECRET_KEY=SECRET_KEY,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_MEDIA_ROOT=str(WORK / "media"),
            DATABASE_URL=self.database_url,
            DIGEST_PAGE_CACHE="1" if page_cache else "0",
            PYTHONDONTWRITEBYTECODE="1",
        )
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(self.extra_env)
        return env


def make_backends(names, postgres_url=DEFAULT_POSTGRES_URL, redis_url=DEFAULT_REDIS_URL):
    known = {
        "sqlite": Backend(
            "sqlite",
            "SQLite, cache in each worker's memory",
            f"sqlite:///{WORK / 'bench.sqlite3'}",
        ),
        "postgres": Backend("postgres", "PostgreSQL + Redis", postgres_url, redis_url),
    }
    unknown = set(names) - set(known)
    if unknown:
        raise SystemExit(f"Unknown backend(s): {', '.join(sorted(unknown))}; use sqlite, postgres.")
    return [known[name] for name in names]


def run(command, env, quiet=True, **kwargs):
    """Run a command from the repository root; its output is shown only when it fails."""
    result = subprocess.run(  # noqa: S603 - our own commands, no shell
        [str(part) for part in command], cwd=ROOT, env=env, capture_output=True, text=True, **kwargs
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"Failed ({result.returncode}): {' '.join(map(str, command))}")
    if not quiet and result.stdout.strip():
        for line in result.stdout.strip().splitlines():
            log(f"  {line}")
    return result.stdout


def manage(env, *args, quiet=True):
    return run([PYTHON, "manage.py", *args], env, quiet=quiet)


def probe(env, *args):
    return json.loads(run([PYTHON, BENCH / "probe.py", *args], env))


def prepare_archive(backend, issues, seed):
    """Migrate the backend's database and generate the archive, or reuse the one a previous
    run generated with the same size, seed and generator. Returns True when reused."""
    WORK.mkdir(parents=True, exist_ok=True)
    env = backend.env()
    marker = WORK / f"{backend.marker or backend.name}-archive.json"
    wanted = {
        "issues": issues,
        "seed": seed,
        "generator": hashlib.sha256(GENERATOR.read_bytes()).hexdigest(),
        "database": backend.database_url,
        # What `probe.py create-database` sets on a new PostgreSQL database.
        "planner": "random_page_cost = 1.1",
    }
    same = marker.exists() and json.loads(marker.read_text()) == wanted
    if same and probe(env, "count")["issues"] == issues:
        manage(env, "migrate", "--noinput")
        log(f"{backend.label}: reusing the generated archive of {issues} issues")
        return True
    marker.unlink(missing_ok=True)
    if backend.name == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{WORK / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    else:
        probe(env, "create-database", backend.database_url)
    log(f"{backend.label}: migrating a new database")
    manage(env, "migrate", "--noinput")
    log(f"{backend.label}: generating an archive of {issues} issues")
    generator = [PYTHON, BENCH / "generate_archive.py", "--issues", issues, "--seed", seed]
    run(generator, env, quiet=False)
    marker.write_text(json.dumps(wanted))
    return False


def collectstatic(env):
    """Collect the static files unless the project's files and the installed packages are
    the same as at the last collection (collectstatic post-processes every file: slow)."""
    fingerprint = static_fingerprint()
    marker = WORK / "collectstatic.txt"
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if manifest.exists() and marker.exists() and marker.read_text() == fingerprint:
        log("Static files already collected")
        return
    log("Collecting static files")
    manage(env, "collectstatic", "--noinput")
    WORK.mkdir(parents=True, exist_ok=True)
    marker.write_text(fingerprint)


def fetch(url_path, port, headers=None, timeout=30):
    """(status, headers, body) of one GET on a fresh connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", url_path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# The app servers started by this process, by port.
RUNNING = {}


class Server:
    """One gunicorn app server (the production WSGI app) on a port of 127.0.0.1."""

    # One access-log line per request: path, status, time taken (µs), page cache hit or miss.
    ACCESS_LOG_FORMAT = "%(U)s|%(q)s|%(s)s|%(D)s|%({x-cache}o)s"

    def __init__(
        self,
        env,
        port,
        workers=2,
        worker_class="gthread",
        threads=4,
        access_log=None,
        worker_connections=None,
    ):
        self.env, self.port = env, port
        self.workers, self.worker_class, self.threads = workers, worker_class, threads
        self.access_log = access_log
        self.worker_connections = worker_connections
        self.process = None
        self.log_path = WORK / f"gunicorn-{port}.log"

    def start(self, timeout=60):
        command = [
            GUNICORN,
            "config.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            self.workers,
            "--worker-class",
            self.worker_class,
            "--backlog",
            "2048",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        if self.worker_class == "gthread":
            command += ["--threads", self.threads]
        if self.worker_connections:
            command += ["--worker-connections", self.worker_connections]
        if self.access_log:
            command += ["--access-logfile", self.access_log]
            command += ["--access-logformat", self.ACCESS_LOG_FORMAT]
        WORK.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - our own command, no shell
                [str(part) for part in command],
                cwd=ROOT,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path.relative_to(ROOT)}")
            try:
                if fetch("/robots.txt", self.port, timeout=5)[0] == 200 and len(
                    self.worker_pids()
                ) == int(self.workers):
                    RUNNING[self.port] = self
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer on port {self.port} within {timeout} s")

    def worker_pids(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def worker_rss_mb(self):
        """Resident memory of each worker, MB (VmRSS of /proc/<pid>/status)."""
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes

    def stop(self):
        RUNNING.pop(self.port, None)
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def cpu_seconds(pids):
    """CPU time (user + system) the processes have used so far, in seconds."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def drain(ports, window=0.3, busy=0.02, timeout=120):
    """Wait until the app servers have finished the requests wrk left behind: wrk stops at the
    end of its run, but the workers still build the pages already asked for, which would slow
    down the next measurement. Settled when the workers used (almost) no CPU during two
    windows in a row."""
    pids = [pid for port in ports if port in RUNNING for pid in RUNNING[port].worker_pids()]
    deadline = time.monotonic() + timeout
    quiet, last = 0, cpu_seconds(pids)
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(window)
        now = cpu_seconds(pids)
        quiet = quiet + 1 if now - last < busy else 0
        last = now


def wrk_command(port, path, connections, duration, threads=2, timeout="30s", script=None):
    return [
        shutil.which("wrk"),
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        timeout,
        "-s",
        str(script or BENCH / "report.lua"),
        f"http://{HOST}:{port}{path}",
    ]


def parse_wrk(output):
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            result = json.loads(line[len("WRK_JSON ") :])
            break
    else:
        raise SystemExit(f"wrk printed no result:\n{output}")
    seconds = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds if seconds else 0.0
    result["socket_errors"] = sum(
        result["errors"][kind] for kind in ("connect", "read", "write", "timeout")
    )
    return result


def wrk(ports, path, connections, duration, threads=2, timeout="30s", script=None, args=()):
    """Load `path` on every port at once (one wrk each); the figures are summed (requests,
    req/s, errors) or the worst of the servers (latency percentiles). With several servers
    every request names the first one as its host, as behind a load balancer (the page
    cache's keys include the host)."""
    host = ["-H", f"Host: {HOST}:{ports[0]}"] if len(ports) > 1 else []
    commands = []
    for port in ports:
        command = wrk_command(port, path, connections, duration, threads, timeout, script)
        commands.append([*command[:-1], *host, command[-1], *args])
    processes = [
        subprocess.Popen(  # noqa: S603 - our own command, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for command in commands
    ]
    results = [parse_wrk(process.communicate()[0]) for process in processes]
    drain(ports)
    if len(results) == 1:
        return results[0]
    combined = {
        "servers": results,
        "requests": sum(r["requests"] for r in results),
        "rps": sum(r["rps"] for r in results),
        "bytes": sum(r["bytes"] for r in results),
        "socket_errors": sum(r["socket_errors"] for r in results),
        "errors": {k: sum(r["errors"][k] for r in results) for k in results[0]["errors"]},
        "latency_us": {
            k: max(r["latency_us"][k] for r in results) for k in results[0]["latency_us"]
        },
    }
    return combined


def ensure_wrk():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install -y wrk).")


def read_first(path, prefix):
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line
    except OSError:
        pass
    return "unknown"


def wrk_version():
    wrk_path = shutil.which("wrk")
    if not wrk_path:
        return ""
    result = subprocess.run([wrk_path, "-v"], capture_output=True, text=True)  # noqa: S603
    return (result.stdout + result.stderr).split("[")[0].strip()


def machine():
    """The machine the figures were measured on."""
    memory_kb = read_first("/proc/meminfo", "MemTotal")
    os_name = read_first("/etc/os-release", "PRETTY_NAME=")
    return {
        "cpu": read_first("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "ram_gb": round(int(memory_kb.split()[0]) / 1024**2, 1) if memory_kb != "unknown" else None,
        "os": os_name.split("=", 1)[1].strip('"') if "=" in os_name else platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": wrk_version(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def load_average():
    return [round(value, 2) for value in os.getloadavg()]
