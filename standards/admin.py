from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from standards.models import FieldKeyword, Position


class FieldKeywordInline(admin.TabularInline):
    model = FieldKeyword
    extra = 1


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "is_key", "abolished_on")
    list_filter = ("kind", "is_key")
    search_fields = ("code", "name")
    inlines = [FieldKeywordInline]
