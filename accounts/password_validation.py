"""Password validators whose messages Django's Vietnamese catalogue lacks."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cadre_registry.text import fold


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, with a message in the user's language."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Your password needs at least %(min_length)d character.",
            "Your password needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UsernameInPasswordValidator:
    """Refuse a password equal to the user name or containing it (case and diacritics ignored).

    Django's similarity validator lets "nhanly2024!" through for the user "nhanly".
    """

    def validate(self, password, user=None):
        username = fold(getattr(user, "username", "") or "")
        if len(username) >= 3 and username in fold(password):
            raise ValidationError(
                _("The password must not contain the user name."), code="password_has_username"
            )

    def get_help_text(self):
        return _("Your password cannot contain your user name.")
