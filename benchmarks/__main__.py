"""Run every benchmark module in this package: each public module with a `main()`."""

import importlib
import pkgutil
import sys

import benchmarks


def main() -> int:
    failures = 0
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__))
    for name in names:
        if name.startswith("_"):
            continue  # helpers, not benchmarks
        module = importlib.import_module(f"benchmarks.{name}")
        if callable(getattr(module, "main", None)):
            print(f"\n=== {name} ===", flush=True)
            failures += module.main(sys.argv[1:]) or 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
