"""A throwaway PostgreSQL server for the test session, started as the `postgres` user when root.

PostgreSQL refuses to run as root, so as root every server command goes through runuser.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class ThrowawayServer:
    directory: Path
    port: int
    bin_dir: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        _as_postgres(
            [
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.directory / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            check=False,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


def find_bin_dir() -> Path | None:
    """Return the newest installed PostgreSQL bin directory, if any."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key)
    env_dir = os.environ.get("PG_BIN")
    if env_dir:
        candidates.append(env_dir)
    usable = [Path(c) for c in candidates if (Path(c) / "pg_ctl").exists()]
    return usable[-1] if usable else None


def _version_key(path: str) -> int:
    part = Path(path).parent.name
    return int(part) if part.isdigit() else 0


def _as_postgres(command: list[str], check: bool = True) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, cwd="/", check=check, capture_output=True, text=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(bin_dir: Path) -> ThrowawayServer:
    """Start a server on a free loopback port; raise RuntimeError with its log on failure."""
    directory = Path(tempfile.mkdtemp(prefix="tettpaa-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    server = ThrowawayServer(directory, _free_port(), bin_dir)
    data = str(directory / "data")
    _as_postgres(
        [
            str(bin_dir / "initdb"),
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ]
    )
    options = (
        f"-p {server.port} -k {directory} -c listen_addresses=127.0.0.1 "
        "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    )
    result = _as_postgres(
        [
            str(bin_dir / "pg_ctl"),
            "-D",
            data,
            "-l",
            str(directory / "log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        ],
        check=False,
    )
    if result.returncode != 0:
        log = (directory / "log").read_text() if (directory / "log").exists() else result.stderr
        server.stop()
        raise RuntimeError(f"PostgreSQL did not start: {log}")
    return server
