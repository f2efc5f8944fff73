"""Admin helpers shared by the apps."""

from django.db.models import Q

from cadre_registry.text import fold


class FoldedSearchMixin:
    """Search a folded column, so "nguyen van nhien" finds "Nguyễn Văn Nhiên".

    `folded_search_fields` hold folded text (matched by containment); `exact_search_fields`
    are matched as typed (e.g. codes and citizen IDs).
    """

    folded_search_fields: tuple[str, ...] = ("search_key",)
    exact_search_fields: tuple[str, ...] = ()
    search_fields = ("search_key",)  # shows the search box; the lookup is below

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = Q()
        for field in self.folded_search_fields:
            condition |= Q(**{f"{field}__contains": fold(term)})
        for field in self.exact_search_fields:
            condition |= Q(**{f"{field}__startswith": term})
        return queryset.filter(condition), False
