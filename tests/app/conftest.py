"""Fixtures for the desk-core tests: a configured store in tmp_path and the ``motcua`` CLI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.desk import Desk
from tests.app.deskkit import CliResult, open_desk, run_cli_process


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """A real store (SQLite file in tmp_path) with the office profile saved, catalogue seeded."""
    d = open_desk(tmp_path / "data")
    try:
        yield d
    finally:
        d.close()


@pytest.fixture
def cli_dir(tmp_path: Path) -> Path:
    return tmp_path / "cli-data"


@pytest.fixture
def cli(cli_dir: Path) -> Callable[..., CliResult]:
    """The real CLI in a subprocess: ``cli("search", "hoa", "--json")`` (about 0.5 s a call)."""

    def run(*args: str, data_dir: Path | None = None) -> CliResult:
        return run_cli_process(data_dir or cli_dir, *args)

    return run


@pytest.fixture
def motcua(cli_dir: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """The same CLI in-process (``cli.main.main(argv)``) for the many table-driven cases.

    argparse errors raise SystemExit; they are turned into the exit code the shell would see.
    """
    from cli.main import main

    def run(*args: str, data_dir: Path | None = None) -> CliResult:
        capsys.readouterr()  # drop anything printed before this call
        argv = ["--data-dir", str(data_dir or cli_dir), *args]
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
