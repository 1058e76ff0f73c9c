"""Test databases built once per test process and copied: each test still gets a file of its
own to change, in milliseconds instead of the ~0.5 s a schema, the SQL and the derived tables take."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

_FOLDER: Path | None = None
_BUILT: dict[tuple[Any, ...], Path] = {}


def _folder() -> Path:
    global _FOLDER
    if _FOLDER is None:
        _FOLDER = Path(tempfile.mkdtemp(prefix="psg-test-databases-"))
        atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
    return _FOLDER


def built_once(build: Callable[..., Path]) -> Callable[..., Path]:
    """`build(path, **options)` makes a database at `path`; the decorated function makes the
    first one with those options (and that file name) in a private folder, then copies it."""

    @functools.wraps(build)
    def copy(path: Path, **options: Any) -> Path:
        path = Path(path)
        if path.exists():
            return build(path, **options)  # the builder says what is wrong with that
        key = (build.__module__, build.__qualname__, path.name, tuple(sorted(options.items())))
        template = _BUILT.get(key)
        if template is None:
            place = _folder() / str(len(_BUILT))
            place.mkdir()
            template = build(place / path.name, **options)
            leftovers = [p.name for p in place.iterdir() if p != template]
            assert not leftovers, f"{build.__qualname__} left {leftovers} beside the database"
            _BUILT[key] = template
        shutil.copyfile(template, path)
        return path

    return copy


def built_once_per_run(tmp_path_factory: Any, name: str, build: Callable[[Path], object]) -> Path:
    """A session fixture's database built once per test run, not once per pytest-xdist worker.

    The first worker to ask builds it in the run's folder (the others wait on a lock; all
    workers ask at once, at the start); each gets a copy of its own in its own folder."""
    own = Path(tmp_path_factory.mktemp(Path(name).stem)) / name
    run_folder = Path(tmp_path_factory.getbasetemp())
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # the run's folder, holding each worker's
    shared = run_folder / f"shared-{name}"
    try:
        import fcntl
    except ImportError:  # Windows: each worker builds its own
        build(own)
        return own
    with open(run_folder / f"shared-{name}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not shared.exists():
            partial = Path(tempfile.mkdtemp(dir=run_folder)) / name
            build(partial)
            os.replace(partial, shared)
    shutil.copyfile(shared, own)
    return own
