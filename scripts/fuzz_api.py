"""A longer schemathesis run of /api/v1 than the suite's (issue 15: at least 10,000 calls), on
SQLite and PostgreSQL: tests/web/test_api_fuzz.py with FUZZ_SCALE times its example counts.

    .venv/bin/python scripts/fuzz_api.py [--scale 10] [--database sqlite --database postgres]

Prints, per database, the calls sent, the 5xx answers, the other failed checks (status code,
content type, response schema) and the time. PostgreSQL: TEST_POSTGRES_URL, or a throwaway
server started by the test fixtures.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"schemathesis: .*")


def run(database: str, scale: float) -> str:
    env = {**os.environ, "FUZZ_SCALE": str(scale), "FUZZ_DATABASE": database}
    command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
               "tests/web/test_api_fuzz.py"]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    found = SUMMARY.findall(done.stdout)
    outcome = "passed" if done.returncode == 0 else f"FAILED (exit {done.returncode})"
    return f"{database}: {found[-1] if found else 'no summary'} — {outcome}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--database", action="append", choices=["sqlite", "postgres"])
    options = parser.parse_args()
    for database in options.database or ["sqlite", "postgres"]:
        print(run(database, options.scale), flush=True)


if __name__ == "__main__":
    main()
