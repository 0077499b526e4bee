"""Build step: compile the translation catalogs (.po to .mo) whenever the package is built or
installed (`pip install -e .`, `pip install .`, `pip wheel .`), so start-up writes nothing.
Everything else about the package is in pyproject.toml."""

from babel.messages.setuptools_frontend import compile_catalog
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogs(build_py):
    """Compile the catalogs beside their .po files first, so the package data takes them in
    (and an editable install, which runs this too, finds them in place)."""

    def run(self) -> None:
        self.run_command("compile_catalog")
        super().run()


setup(
    cmdclass={"build_py": BuildPyWithCatalogs, "compile_catalog": compile_catalog},
    options={"compile_catalog": {"directory": "app/translations", "statistics": False}},
)
