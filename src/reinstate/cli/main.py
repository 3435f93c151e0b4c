"""Entry point of the ``reinstate`` command line."""

# ruff: noqa: E402 - reinstate.cli.early starts before the other imports, see there

from __future__ import annotations

import sys
from typing import NoReturn

from reinstate.cli import early

early.start(sys.argv)  # before the imports below: a check's Harper build overlaps them

import typer

from reinstate import __version__
from reinstate.cli import (
    analyze,
    backup,
    bundle,
    check,
    demo_data,
    diagnose,
    draft,
    evidence,
    mailbox,
    serve,
)
from reinstate.cli.output import error_line
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
diagnose.register(app)
analyze.register(app)
demo_data.register(app)
draft.register(app)
evidence.register(app)
check.register(app)
mailbox.register(app)
bundle.register(app)
serve.register(app)
backup.register(app)
# -- command registrations end --


def run(args: list[str] | None = None) -> None:
    """Console-script entry: every bad input ends in one line on stderr and exit status 2.

    typer runs in non-standalone mode so that usage errors (a missing argument, a bad option
    value) come back here as exceptions and are printed as one line too, like our own errors;
    ``typer.Exit`` (from ``fail``, ``--help``, ``--version``) comes back as the exit status.
    """
    try:
        status = app(args=args, standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except ReinstateError as exc:
        _stop(exc.message, 2)
    except OSError as exc:
        # A file the command had to read or write (the commands name it where they can).
        name = f"{exc.filename}: " if exc.filename else ""
        _stop(f"{name}{exc.strerror or exc}", 2)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except Exception as exc:
        message = _usage_error(exc)
        if message is None:
            raise
        if message:
            _stop(message, 2)
        sys.exit(2)  # no command given: typer has already printed the help
    sys.exit(status if isinstance(status, int) else 0)


def _usage_error(exc: Exception) -> str | None:
    """The one line for a usage error typer raises in non-standalone mode (a missing argument,
    a bad option value), "" when no command was given (the help is already printed), None for
    any other exception.

    typer vendors click and exports none of its usage-error classes but ``BadParameter``; they
    are recognised by click's documented interface (``format_message``, ``exit_code``, ``ctx``)
    instead of an import from typer's private package.
    """
    format_message = getattr(exc, "format_message", None)
    if not callable(format_message) or not isinstance(getattr(exc, "exit_code", None), int):
        return None
    if type(exc).__name__ == "NoArgsIsHelpError":
        return ""
    context = getattr(exc, "ctx", None)
    where = getattr(context, "command_path", None) or "reinstate"
    return f"{str(format_message()).rstrip('.')}. See '{where} --help'."


def _stop(message: str, status: int) -> NoReturn:
    sys.stderr.write(error_line(message))
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
