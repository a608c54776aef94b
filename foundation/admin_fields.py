"""Form fields and mixins of the admin that any app's ModelAdmin may use."""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.utils.text import capfirst


class ChoicesAsCheckboxes:
    """ModelAdmin mixin: a list of choices (an ArrayField of a field with choices) is ticked from
    checkboxes showing each choice's label, never typed as comma-separated codes."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, ArrayField) and db_field.base_field.choices:
            return forms.TypedMultipleChoiceField(
                choices=db_field.base_field.choices,
                widget=forms.CheckboxSelectMultiple,
                required=not db_field.blank,
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ViewOnly:
    """ModelAdmin or inline mixin: rows others write (a service, the task worker) are shown and never
    added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
