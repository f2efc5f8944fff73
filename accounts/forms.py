"""Forms of the registry pages: scoped choices, and the version that prevents lost updates."""

from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class VersionedFormMixin:
    """Carry the version of the row the user loaded; refuse to save over a newer one.

    The refused form keeps the user's input and now carries the current version, so that saving
    again (after checking what the other person changed) applies it.
    """

    stale = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=self._stored_version()
        )

    def _stored_version(self) -> int | None:
        """Return the version in the database (a reverted history row carries an old one)."""
        if self.instance.pk is None or self.instance._state.adding:
            return None
        model = type(self.instance)
        stored = model.all_objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        return stored.first() or self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.instance._state.adding:
            return cleaned
        current = (
            type(self.instance).all_objects.select_for_update().filter(pk=self.instance.pk).first()
        )
        loaded = cleaned.get("version")
        # A save without the version it was loaded with is refused like a stale one.
        if current is not None and (loaded is None or current.version != loaded):
            self.refuse_stale(current)
        return cleaned

    def refuse_stale(self, current: models.Model) -> None:
        """Explain who saved meanwhile, keep the input, and let the next save through."""
        self.stale = True
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version
        self.add_error(None, stale_message(current, self))


def stale_message(current: models.Model, form: forms.BaseForm) -> str:
    last = current.history.first()
    who = (last.history_user.get_username() if last and last.history_user else "") or _(
        "someone else"
    )
    when = formats.date_format(last.history_date, "d/m/Y H:i") if last else ""
    differences = []
    for name, field in form.fields.items():
        if name == "version" or not hasattr(current, name):
            continue
        saved = getattr(current, name)
        saved = getattr(saved, "pk", saved)
        typed = form.cleaned_data.get(name, saved) if hasattr(form, "cleaned_data") else saved
        typed = getattr(typed, "pk", typed)
        if str(saved or "") != str(typed or ""):
            display = getattr(current, f"get_{name}_display", lambda n=name: getattr(current, n))()
            differences.append(f"{field.label}: “{display or '–'}”")
    message = _(
        "%(who)s saved this record at %(when)s while you were editing it, so your changes were "
        "not saved. Your input is kept below: check it against the values saved now, then save "
        "again to apply it."
    ) % {"who": who, "when": when}
    if differences:
        message += " " + _("Saved now: %(values)s.") % {"values": "; ".join(differences)}
    return message


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"), max_length=255, widget=forms.TextInput
    )


def model_changes(form: forms.ModelForm) -> dict:
    """Return the cleaned values of the form's model fields (for a service)."""
    return {
        name: value
        for name, value in form.cleaned_data.items()
        if name in form._meta.fields and name != "version"
    }
