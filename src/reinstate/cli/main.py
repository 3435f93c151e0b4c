"""Entry point of the ``reinstate`` command line."""

from __future__ import annotations

import sys

import typer

from reinstate import __version__
from reinstate.cli import analyze, check, demo_data, diagnose, draft, serve
from reinstate.cli.output import fail
from reinstate.errors import ReinstateError

app = typer.Typer(
    name="reinstate",
    help=(
        "Reinstate: get a suspended Amazon seller account or listing back.\n\n"
        "Read Amazon's notice, find the cause in the seller's own data, compose the appeal and "
        "check it before it is sent."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reinstate {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Reinstate command line."""


# Each command module adds itself here (one line each, keep the order of the seven steps).
serve.register(app)
check.register(app)
draft.register(app)
diagnose.register(app)
analyze.register(app)
demo_data.register(app)
# -- command registrations end --


def run() -> None:
    """Console-script entry: translate our errors into one line on stderr and exit status 2."""
    try:
        app()
    except ReinstateError as exc:
        fail(exc.message)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    run()
