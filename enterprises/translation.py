from modeltranslation.translator import TranslationOptions, register

from enterprises import models


@register(models.Enterprise)
class EnterpriseTranslation(TranslationOptions):
    fields = ["name", "summary", "description", "caveat"]


@register(models.Work)
class WorkTranslation(TranslationOptions):
    fields = ["title", "description"]


@register(models.Photo)
class PhotoTranslation(TranslationOptions):
    fields = ["caption"]
