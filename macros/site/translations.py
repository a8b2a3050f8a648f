"""Building the translations: one MkDocs build per translation, through public interfaces.

The build started by ``mkdocs build`` builds the source language only (mkdocs-static-i18n's
``build_only_locale``, which ``mkdocs.yml`` takes from ``CSR_LANGUAGE``, defaulting to the
source).  For each translation the csr plugin runs another build of the same ``mkdocs.yml``
with ``CSR_LANGUAGE`` set, into a folder of its own (:func:`macros.site.merge.part_dir`), with
MkDocs' own ``load_config`` and ``build``:

* side by side, in a forked child started as soon as the source build has prepared the pages
  (the child shares the registry already read, copy-on-write), or
* one after the other in this process, when forking is off (``CSR_PARALLEL=0``, one core,
  ``mkdocs serve``).

Both ways run the same build, so they publish the same files.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import environment, languages
from . import atomic, merge, progress

log = logging.getLogger("mkdocs.plugins.csr")


class TranslationFailed(Exception):
    def __init__(self, code: str, detail: str):
        super().__init__(f"building the {code} translation failed: {detail}")
        self.code = code


@dataclass
class TranslationBuild:
    code: str
    config_file: Path
    part: Path
    overrides: dict[str, Any]
    command: str = "build"  # MkDocs' command of the main build ("serve" in a preview)
    pid: int | None = None  # the forked child building it; None: built here by finish()


def build_here(config_file: Path, code: str, part: Path, overrides: dict[str, Any], command: str = "build") -> None:
    """Load ``config_file`` with ``CSR_LANGUAGE=code`` and build it into ``part``, in this process,
    as part of a main build run by MkDocs' ``command`` (plugins that MkDocs keeps from one build to
    the next, such as this package's, are told the main build's command, not a new one)."""
    from mkdocs.commands.build import build  # ProperDocs maps mkdocs.* to its own modules
    from mkdocs.config import load_config

    own_timing = progress.DropLine("Documentation built in")  # the main build prints the final one
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(own_timing)
    try:
        with environment.language_build(code), progress.phase(f"built the {code} translation"):
            config = load_config(str(config_file), site_dir=str(part), **overrides)
            config.plugins.on_startup(command=command, dirty=False)
            try:
                build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
    finally:
        build_log.removeFilter(own_timing)


def start(config_file: Path, code: str, part: Path, overrides: dict[str, Any], *, fork: bool,
          command: str = "build") -> TranslationBuild:
    """Start building translation ``code``: in a forked child with ``fork``, else later, here."""
    atomic.discard(part)
    job = TranslationBuild(code, Path(config_file), Path(part), overrides, command)
    if not fork:
        return job
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # keep the registry and the parent's objects shared with the child
    pid = os.fork()
    if pid == 0:  # the child: build, then leave without returning into the parent's build
        status = 1
        try:
            build_here(job.config_file, code, job.part, overrides, command)
            status = 0
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
        except BaseException as error:  # noqa: BLE001 - reported, then the child exits
            log.error("csr: building the %s translation failed: %s", code, error)
        finally:
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    gc.unfreeze()
    job.pid = pid
    return job


def start_all(config_file: Path, site_dir: Path, overrides: dict[str, Any], *, fork: bool,
              command: str = "build") -> list[TranslationBuild]:
    """Start every translation's build, each into its part folder beside ``site_dir``."""
    return [start(config_file, code, merge.part_dir(site_dir, code), overrides, fork=fork, command=command)
            for code in languages.CODES if code != languages.SOURCE.code]


def finish(job: TranslationBuild) -> None:
    """Wait for (or run) the build of ``job``; raise :class:`TranslationFailed` if it failed."""
    if job.pid is None:
        try:
            build_here(job.config_file, job.code, job.part, job.overrides, job.command)
        except Exception as error:  # noqa: BLE001 - MkDocs' Abort, a plugin error...
            raise TranslationFailed(job.code, str(error)) from error
        return
    _, status = os.waitpid(job.pid, 0)
    job.pid = None
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise TranslationFailed(job.code, f"exit status {code} (see above)")


def stop(job: TranslationBuild) -> None:
    """Stop a running child and remove what it wrote."""
    if job.pid is not None:
        try:
            os.kill(job.pid, signal.SIGTERM)
            os.waitpid(job.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        job.pid = None
    atomic.discard(job.part)
