"""Writing an output folder without ever touching what the tool did not write.

The rules, as ``git``, ``cargo`` and ``sphinx-build`` keep them:

* The target must be a new folder, or one this tool wrote before: such a folder holds the
  marker file :data:`MARKER`, which lists every file the last run wrote. A folder without
  the marker is refused before anything is computed, unless ``force=True``; even then only
  files the marker lists are ever replaced or deleted, and a file the run would write that
  already exists and is not listed stops the run before anything changes.
* An empty path, ``.``, the file-system root, the home folder, the working folder or any
  folder above it, and any folder holding ``.git`` are refused outright, as is a symbolic
  link (give the real path).
* The new files are written to a staging folder beside the target (same file system), then
  moved into place one by one with the old listed files moved aside first; any failure
  moves everything back, so the folder holds either the old report or the new one. The
  target folder itself is never replaced, so its mode and any other files in it stay.
* Staging folders are removed on every exit, including SIGTERM/SIGHUP/SIGINT. A run killed
  with SIGKILL cannot clean up; the next run removes staging folders whose owning process
  is gone (they are recognised by their name *and* a stamp file inside them, so nothing
  else is ever removed).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MARKER = ".policyts-report.json"
STAGING_PREFIX = ".policyts-report-"
_STAMP = ".policyts-staging"
# What a report may hold: the marker may only ever list paths of these shapes, so a
# hand-edited marker cannot make the tool delete a user's file.
_TOP_LEVEL = frozenset({"index.html", "index.md", "results.json"})
_SUBFOLDERS = frozenset({"figures"})
_SUFFIXES = frozenset({".png", ".svg", ".pdf"})
# Longest file-name component this tool derives from user text (most file systems allow 255
# bytes; the bundled analyses' longest figure name has about 120 characters).
MAX_NAME = 150


def _is_ours(rel: str) -> bool:
    parts = Path(rel).parts
    if len(parts) == 1:
        return parts[0] in _TOP_LEVEL
    return (
        len(parts) == 2
        and parts[0] in _SUBFOLDERS
        and Path(parts[1]).suffix in _SUFFIXES
        and not parts[1].startswith(".")
    )


def read_marker(folder: Path) -> list[str] | None:
    """Files the previous run listed as its own, or None when ``folder`` has no marker."""
    path = folder / MARKER
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = [str(f) for f in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        raise ValueError(
            f"cannot write the report: {path} is not a readable policyts marker; remove the "
            "folder yourself or choose another --out"
        ) from None
    return [f for f in files if _is_ours(f)]


def _refused_outright(out: Path) -> str | None:
    if str(out) in ("", "."):
        return "it is the working folder"
    resolved = out.resolve()
    cwd = Path.cwd().resolve()
    if resolved == Path(resolved.anchor):
        return "it is the root of the file system"
    if resolved == Path.home().resolve():
        return "it is the home folder"
    if resolved == cwd or resolved in cwd.parents:
        return "it is the working folder or a folder above it"
    if (resolved / ".git").exists():
        return "it holds a .git repository"
    return None


def check_target(out: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Validate an output folder before any work; return its parent.

    Raises
    ------
    ValueError
        Naming the folder and what to do, for every case the module docstring lists.
    """
    raw = os.fspath(out)
    if raw.strip() == "":
        raise ValueError(
            "cannot write the report: the output folder is an empty path (an unset shell "
            "variable?); give --out a new folder name"
        )
    path = Path(raw)
    why = _refused_outright(path)
    if why is not None:
        raise ValueError(
            f"cannot write the report to {raw!r}: {why}; give --out a new folder name "
            "(the report never writes into such a folder, even with --force)"
        )
    if path.is_symlink():
        raise ValueError(
            f"cannot write the report: {raw} is a symbolic link; give the real folder's "
            f"path ({path.resolve()}) or a new folder name"
        )
    parent = path.absolute().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(
            f"cannot write the report: {parent} does not exist or is not writable; "
            "choose another --out"
        )
    if path.exists() and not path.is_dir():
        raise ValueError(f"cannot write the report: {raw} exists and is not a directory")
    if path.is_dir():
        listed = read_marker(path)
        if listed is None and not force and any(path.iterdir()):
            raise ValueError(
                f"cannot write the report: {raw} is a folder that policyts did not write "
                f"(it has no {MARKER}); choose a new folder, or give --force to add the "
                "report beside its files (nothing of yours is ever deleted or overwritten)"
            )
        if not os.access(path, os.W_OK | os.X_OK):
            raise ValueError(f"cannot write the report: {raw} is not writable")
        mine = set(listed or ())
        for name in (*_TOP_LEVEL, *_SUBFOLDERS):
            p = path / name
            if name in _SUBFOLDERS:
                if p.exists() and not (p.is_dir() and not p.is_symlink()):
                    raise ValueError(
                        f"cannot write the report: {p} exists and is not a folder of the "
                        "report; choose another --out"
                    )
            elif p.exists() or p.is_symlink():
                if name not in mine:
                    raise ValueError(
                        f"cannot write the report: {p} exists and was not written by "
                        "policyts; it is never overwritten (choose another --out)"
                    )
    remove_stale_staging(parent)
    return parent


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(parent: Path) -> list[Path]:
    """Remove staging folders in ``parent`` left by runs that were killed; return them."""
    removed: list[Path] = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    for p in entries:
        if not p.name.startswith(STAGING_PREFIX) or p.is_symlink() or not p.is_dir():
            continue
        stamp = p / _STAMP
        try:
            pid = int(stamp.read_text(encoding="ascii").split()[0])
        except (OSError, ValueError, IndexError):
            continue  # not a staging folder of ours: leave it
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


@contextlib.contextmanager
def _cleanup_on_signals(paths: list[Path]) -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into SystemExit so ``finally`` blocks remove ``paths``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):  # pragma: no cover - platform without the signal
            continue
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _files_under(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != _STAMP
    )


@contextlib.contextmanager
def staged_output(out: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """Yield a staging folder; on success publish it into ``out`` (see the module doc).

    Call :func:`check_target` first, before the expensive work; it is called again here
    because the file system may have changed meanwhile.
    """
    target = Path(os.fspath(out))
    parent = check_target(target, force=force)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise ValueError(f"cannot write the report in {parent}: {exc}") from exc
    cleanup = [tmp]
    try:
        with _cleanup_on_signals(cleanup):
            (tmp / _STAMP).write_text(f"{os.getpid()}\n", encoding="ascii")
            yield tmp
            check_target(target, force=force)
            _publish(tmp, target)
    except OSError as exc:
        raise ValueError(f"cannot write the report to {target}: {exc}") from exc
    finally:
        for p in cleanup:
            shutil.rmtree(p, ignore_errors=True)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _publish(tmp: Path, target: Path) -> None:
    new = _files_under(tmp)
    unknown = [f for f in new if not _is_ours(f)]
    if unknown:  # pragma: no cover - a programming error, not a user error
        raise RuntimeError(f"the report staged files outside its namespace: {unknown}")
    marker = {"tool": "policyts report", "files": new}
    (tmp / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    if not target.exists():
        os.chmod(tmp, _default_mode())
        (tmp / _STAMP).unlink()
        os.rename(tmp, target)  # atomic; fails if the target appeared meanwhile
        return
    old = read_marker(target) or []
    for f in new:  # a file of the user's in the way: stop before changing anything
        p = target / f
        if (p.exists() or p.is_symlink()) and f not in old:
            raise ValueError(
                f"cannot write the report: {p} exists and was not written by policyts; it "
                "is never overwritten (choose another --out)"
            )
    trash = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=target.parent))
    (trash / _STAMP).write_text(f"{os.getpid()}\n", encoding="ascii")
    moved_aside: list[str] = []
    moved_in: list[str] = []
    made_dirs: list[Path] = []
    try:
        for f in [*old, MARKER]:
            src = target / f
            if src.is_file() and not src.is_symlink():
                dst = trash / f
                dst.parent.mkdir(parents=True, exist_ok=True)
                os.rename(src, dst)
                moved_aside.append(f)
        for f in [*new, MARKER]:
            dst = target / f
            if not dst.parent.exists():
                dst.parent.mkdir(mode=_default_mode())
                made_dirs.append(dst.parent)
            os.rename(tmp / f, dst)
            moved_in.append(f)
    except BaseException:
        for f in reversed(moved_in):
            with contextlib.suppress(OSError):
                os.rename(target / f, tmp / f)
        for d in reversed(made_dirs):
            with contextlib.suppress(OSError):
                d.rmdir()
        for f in reversed(moved_aside):
            with contextlib.suppress(OSError):
                os.rename(trash / f, target / f)
        raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)
    _remove_empty_subfolders(target, old)


def _remove_empty_subfolders(target: Path, old: Iterable[str]) -> None:
    for d in {Path(f).parts[0] for f in old if len(Path(f).parts) == 2}:
        with contextlib.suppress(OSError):
            (target / d).rmdir()  # only succeeds when empty: the user's files stay
