"""Template filters for figures shown the Vietnamese way (83,37 %)."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value) -> str:
    """Show a percentage with two decimals in the active language ("83,37 %"); "–" for none."""
    if value is None or value == "":
        return "–"
    return f"{number_format(value, decimal_pos=2)} %"
