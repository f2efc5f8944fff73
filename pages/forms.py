"""Forms of the official's page: identity, posts and credentials, with scoped choices."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.forms import VersionedFormMixin
from cadre_registry.dates import DateField, DateInput
from officials.levels import levels_of
from officials.models import Assignment, Credential, Official
from standards.models import Position

DATE_INPUT = DateInput()


class OfficialForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Official
        fields = (
            "full_name",
            "citizen_id",
            "date_of_birth",
            "gender",
            "ethnicity",
            "religion",
            "party_member",
            "party_joined_on",
            "phone",
        )
        field_classes = {"date_of_birth": DateField, "party_joined_on": DateField}


class AssignmentForm(VersionedFormMixin, forms.ModelForm):
    """A post held, in a commune the user may edit."""

    class Meta:
        field_classes = {"start_date": DateField, "end_date": DateField}
        model = Assignment
        fields = (
            "position",
            "commune",
            "start_date",
            "end_date",
            "end_reason",
            "from_district",
            "note",
        )
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = access.editable_communes(user).order_by("dataset", "code")
        self.fields["position"].queryset = Position.objects.all()


class FirstPostForm(AssignmentForm):
    """The first post of a new official."""

    class Meta(AssignmentForm.Meta):
        fields = ("position", "commune", "start_date")


class CredentialForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Credential
        fields = (
            "dimension",
            "level",
            "field",
            "language",
            "issuer",
            "number",
            "awarded_on",
            "evidence",
        )
        field_classes = {"awarded_on": DateField}

    def clean_awarded_on(self):
        awarded_on = self.cleaned_data.get("awarded_on")
        if awarded_on and awarded_on > timezone.localdate():
            raise forms.ValidationError(_("The award date cannot be in the future."))
        return awarded_on

    def clean(self):
        cleaned = super().clean()
        dimension, level = cleaned.get("dimension"), cleaned.get("level")
        if dimension and level and level not in levels_of(dimension):
            # Next to the level, rather than the constraint's message above the form.
            self.add_error("level", _("This level does not belong to this dimension."))
        return cleaned
