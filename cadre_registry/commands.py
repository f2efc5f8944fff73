"""Helpers shared by the management commands."""

import argparse
import datetime
import re
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cadre_registry.dates import read_date

# argparse's own messages (English only), read back to say them in the user's language.
_ARGPARSE_MESSAGES = [
    (re.compile(r"^unrecognized arguments: (?P<value>.*)$"), "unknown"),
    (re.compile(r"^the following arguments are required: (?P<value>.*)$"), "required"),
    (re.compile(r"^one of the arguments (?P<value>.*) is required$"), "required"),
    (re.compile(r"^not allowed with argument (?P<value>.*)$"), "exclusive"),
    (re.compile(r"^expected (at least )?one argument$"), "missing_value"),
    (re.compile(r"^invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)$"), "choice"),
]


def command_date(text: str) -> datetime.date:
    """Read a date given on the command line, as YYYY-MM-DD or dd/mm/yyyy (the pages' reader)."""
    try:
        return read_date(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        _("“%(value)s” is not a date; write YYYY-MM-DD or dd/mm/yyyy.") % {"value": text}
    )


def _say(detail: str) -> str:
    """Return one argparse message in the user's language (unknown ones as they are)."""
    for pattern, kind in _ARGPARSE_MESSAGES:
        found = pattern.match(detail)
        if found is None:
            continue
        if kind == "unknown":
            return _("unknown arguments: %(value)s") % found.groupdict()
        if kind == "required":
            return _("missing arguments: %(value)s") % found.groupdict()
        if kind == "exclusive":
            return _("cannot be given with %(value)s") % found.groupdict()
        if kind == "missing_value":
            return _("a value is missing")
        return _("“%(value)s” is not one of %(choices)s") % {
            "value": found["value"].strip("'"),
            "choices": found["choices"].replace("'", ""),
        }
    return detail


def argument_message(message: str) -> str:
    """Return argparse's `message` as one line in the user's language, naming the option."""
    option, separator, detail = message.partition(": ")
    if option.startswith("argument ") and separator:
        return _("%(option)s: %(detail)s") % {
            "option": option.removeprefix("argument "),
            "detail": _say(detail),
        }
    return _say(message)


class RegistryCommand(BaseCommand):
    """A command that answers a wrong argument with one line in the user's language, exit 2."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        django_error = parser.error

        def error(message):
            if not parser.called_from_command_line:
                django_error(argument_message(message))  # raises CommandError (call_command)
            sys.stderr.write(_("Error: %(message)s") % {"message": argument_message(message)})
            sys.stderr.write("\n")
            sys.exit(2)

        parser.error = error
        return parser

    def execute(self, *args, **options):
        """Say a refusal as "Lỗi: …" (not Django's "CommandError: …") on the command line."""
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not self._called_from_command_line or options.get("traceback"):
                raise
            self.stderr.write(_("Error: %(message)s") % {"message": exc})
            sys.exit(exc.returncode)
