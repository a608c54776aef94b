from django.contrib import admin

from search.models import SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]
    search_fields = ["terms"]
