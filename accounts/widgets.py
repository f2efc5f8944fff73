"""The unit picker (issue 18 item 1): a text field offering the user's units by name or code."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class UnitPicker(forms.TextInput):
    """Type part of a unit's name or code and pick it; the field submits the unit's code.

    The list comes from `accounts:unit_options` (the units the user may see); without scripts
    the field still takes a code or a name, which the views read with `access.unit_asked`.
    """

    template_name = "accounts/_unit_picker.html"

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "placeholder": _("name or code"), "spellcheck": "false"}
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options_url"] = reverse("accounts:unit_options")
        return context
