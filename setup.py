"""Build step: compile the translation catalogs (.po to .mo) whenever the package is built or
installed (`pip install -e .`, `pip install .`, `pip wheel .`), so start-up writes nothing, and
copy the instrument files (instruments/*.toml, outside any package) into the built `analysis`
package, where analysis.instruments.default_instruments_dir finds them without the checkout.
Everything else about the package is in pyproject.toml."""

import shutil
from pathlib import Path

from babel.messages.setuptools_frontend import compile_catalog
from setuptools import setup
from setuptools.command.build_py import build_py

INSTRUMENTS = Path(__file__).resolve().parent / "instruments"
PACKAGED_INSTRUMENTS = Path("analysis") / "instruments_data"  # as in default_instruments_dir


class BuildPyWithCatalogs(build_py):
    """Compile the catalogs beside their .po files first, so the package data takes them in
    (and an editable install, which runs this too, finds them in place)."""

    def run(self) -> None:
        self.run_command("compile_catalog")
        super().run()
        if not self.editable_mode:  # an editable install reads the checkout's instruments/
            self._copy_instruments()

    def _copy_instruments(self) -> None:
        target = Path(self.build_lib) / PACKAGED_INSTRUMENTS
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(INSTRUMENTS.glob("*.toml")):
            shutil.copyfile(path, target / path.name)


setup(
    cmdclass={"build_py": BuildPyWithCatalogs, "compile_catalog": compile_catalog},
    options={"compile_catalog": {"directory": "app/translations", "statistics": False}},
)
