from django import forms
from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from enterprises import models
from enterprises.images import LogoField, PhotoField


class WorkInline(TranslationTabularInline):
    model = models.Work
    extra = 0
    autocomplete_fields = ["source"]


class PhotoForm(forms.ModelForm):
    class Meta:
        field_classes = {"image": PhotoField}


class PhotoInline(TranslationStackedInline):
    model = models.Photo
    form = PhotoForm
    extra = 0


class EnterpriseForm(forms.ModelForm):
    class Meta:
        field_classes = {"logo": LogoField}


@admin.register(models.Enterprise)
class EnterpriseAdmin(TranslationAdmin):
    form = EnterpriseForm
    list_display = ["name", "district", "state", "is_verified", "is_illustrative", "created_at"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["source"]
    inlines = [WorkInline, PhotoInline]
