"""The compressed copy of the static files (Brotli and gzip beside each file, for WhiteNoise).

Brotli at its best setting takes 10-30 s for Plotly's 4.8 MB script, so the copy is made by a
background thread and the server switches to it when it is complete; until then the plain files
go out. A file is compressed again only when it has changed, so later starts reuse the copy.
"""

import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from whitenoise.compress import Compressor

CHECK_EVERY_S = 1.0


class CompressedStatic:
    """A WSGI app serving through `plain` until the compressed copy is complete, then through it.

    Every process makes sure a copy is being made: a gunicorn worker forked from a preloading
    master does not inherit the master's thread. Processes sharing the folder recognise a
    complete copy by its marker file, named after the sources' names, sizes and times.
    """

    def __init__(self, plain, make_compressed: Callable, cache: Path, sources: list, logger):
        self.plain, self.make_compressed, self.cache = plain, make_compressed, cache
        self.sources, self.logger = sources, logger
        self.current = plain
        self.marker = cache / f".complete-{sources_stamp(sources)}"
        self.ready = threading.Event()
        self._lock = threading.Lock()
        self._builder_pid: int | None = None
        self._next_check = 0.0
        self._advance()

    def __call__(self, environ, start_response):
        if not self.ready.is_set():
            self._advance()
        return self.current(environ, start_response)

    def _advance(self) -> None:
        now = time.monotonic()
        if now < self._next_check:
            return
        with self._lock:
            self._next_check = now + CHECK_EVERY_S
            if self.marker.exists():
                self._switch()
            elif self._builder_pid != os.getpid():
                self._builder_pid = os.getpid()
                threading.Thread(target=self._build, name="static-compress", daemon=True).start()

    def _build(self) -> None:
        try:
            for source, name, only in self.sources:
                sync_compressed(source, self.cache / name, only)
            self.marker.touch()
            with self._lock:
                self._switch()
        except Exception:  # a full disk must not take the site down: the plain files still go out
            self.logger.exception("Compressing the static files failed; serving them uncompressed")

    def _switch(self) -> None:
        if not self.ready.is_set():
            self.current = self.make_compressed()
            self.ready.set()


def sources_stamp(sources: list) -> str:
    digest = hashlib.sha256()
    for source, _name, only in sources:
        for name in only or sorted(_files(source)):
            stat = (source / name).stat()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _files(source: Path) -> list[str]:
    return [p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()]


def sync_compressed(source: Path, target: Path, only: tuple[str, ...] | None = None) -> None:
    """Copy the files of source into target with .br/.gz siblings, skipping unchanged ones."""
    compressor = Compressor(quiet=True)
    names = only or _files(source)
    for name in names:
        src, dest = source / name, target / name
        if _unchanged(src, dest):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = src.read_bytes()
        if compressor.should_compress(name):
            _write_variants(compressor, dest, data)
        # The plain copy goes last and carries the source's mtime: it marks the set complete.
        _atomic_write(dest, data)
        shutil.copystat(src, dest)


def _unchanged(src: Path, dest: Path) -> bool:
    try:
        a, b = src.stat(), dest.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def _write_variants(compressor: Compressor, dest: Path, data: bytes) -> None:
    variants = {".gz": compressor.compress_gzip}
    if compressor.use_brotli:
        variants[".br"] = compressor.compress_brotli
    for suffix, compress in variants.items():
        packed = compress(data)
        if len(packed) <= 0.95 * len(data):  # WhiteNoise's own threshold
            _atomic_write(dest.with_name(dest.name + suffix), packed)


def _atomic_write(path: Path, data: bytes) -> None:
    # Several gunicorn workers may start at once: each writes its own file, then renames.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
