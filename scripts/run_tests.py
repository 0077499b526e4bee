"""Run the whole test suite; an empty run (pytest exit code 5) counts as a failure."""

import os
import subprocess
import sys

NO_TESTS_COLLECTED = 5


def main(extra: list[str]) -> int:
    workers = os.environ.get("PYTEST_WORKERS", "2")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--output=test-results",
        "--screenshot=only-on-failure",
    ]
    if workers != "0":
        command += ["-n", workers, "--dist=loadgroup"]
    result = subprocess.run(command + extra)
    if result.returncode == NO_TESTS_COLLECTED:
        print("pytest collected no tests: that is a failure for this project", file=sys.stderr)
        return 1
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
