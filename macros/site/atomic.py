"""All-or-nothing output: build beside the target folder, move into place only on success.

The site is built into ``<target>.building`` (same parent, so the same file system and
``os.replace`` is a rename).  On success the old site is renamed away, the new one renamed into
place, and the old one renamed into ``<target>.discarded/`` (a rename: the swap never waits for
thousands of files to be deleted); on failure the building folder is thrown away the same way
and ``<target>`` is never touched.  The only moment without ``<target>`` is between two
renames; ``recover`` puts the previous site back if a process died exactly there.

What is in ``<target>.discarded/`` is never read again: a detached process deletes it after the
build has returned (:func:`empty_trash`), and the next build starts another one for whatever a
process that died left there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def building_dir(target: Path) -> Path:
    """Where a build of ``target`` is written before it is swapped into place."""
    target = Path(target)
    return target.with_name(target.name + ".building")


def previous_dir(target: Path) -> Path:
    target = Path(target)
    return target.with_name(target.name + ".previous")


def trash_dir(target: Path) -> Path:
    """Where the folders of ``target``'s builds that are no longer needed wait to be deleted."""
    target = Path(target)
    return target.with_name(target.name + ".discarded")


def recover(target: Path) -> bool:
    """Restore the previous site if a swap was interrupted between its two renames."""
    target, previous = Path(target), previous_dir(target)
    if not target.exists() and previous.is_dir():
        os.replace(previous, target)
        return True
    return False


def swap_into_place(built: Path, target: Path, background: bool = True) -> None:
    """Replace ``target`` by ``built``; the old site is thrown away only once the new one is in
    place, and deleted by a detached process (``background=False``: deleted here)."""
    built, target, previous = Path(built), Path(target), previous_dir(target)
    if not built.is_dir():
        raise FileNotFoundError(f"nothing was built at {built}")
    throw_away(previous, target)  # left by a build that died after its swap
    if target.exists():
        os.replace(target, previous)
    try:
        os.replace(built, target)
    except OSError:
        recover(target)
        raise
    throw_away(previous, target)
    empty_trash(target, background)


def throw_away(path: Path, target: Path) -> None:
    """Move the folder ``path`` (a previous or building folder of ``target``) into ``target``'s
    trash at once; if it cannot be renamed there, delete it here.  Never fails."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        return
    trash = trash_dir(target)
    for _attempt in range(3):  # a deleting process may remove the empty trash folder meanwhile
        try:
            trash.mkdir(exist_ok=True)
            os.replace(path, trash / f"{path.name}-{os.getpid()}-{time.time_ns()}")
            return
        except FileNotFoundError:
            continue
        except OSError:
            break
    discard(path)


_DELETE = ("import os, shutil, sys\n"
           "for name in sys.argv[2:]:\n"
           "    path = os.path.join(sys.argv[1], name)\n"
           "    try:\n"
           "        os.unlink(path)\n"
           "    except OSError:\n"
           "        shutil.rmtree(path, ignore_errors=True)\n"
           "try:\n"
           "    os.rmdir(sys.argv[1])\n"
           "except OSError:\n"
           "    pass\n")


def empty_trash(target: Path, background: bool = True) -> None:
    """Delete what is in ``target``'s trash: in a detached process that outlives this one
    (``background=False``, or if no process can be started: here, now).  Never fails."""
    trash = trash_dir(target)
    try:
        names = sorted(os.listdir(trash))
    except OSError:
        return
    if background:
        try:
            subprocess.Popen([sys.executable, "-S", "-c", _DELETE, str(trash), *names],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             close_fds=True, start_new_session=True)
            return
        except OSError:
            pass
    for name in names:
        try:
            (trash / name).unlink()  # a file or link
        except OSError:
            discard(trash / name)
    try:
        trash.rmdir()
    except OSError:
        pass


def discard(path: Path) -> None:
    """Remove a building or previous folder (never fails: it is scratch space)."""
    shutil.rmtree(path, ignore_errors=True)
