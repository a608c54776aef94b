from modeltranslation.translator import TranslationOptions, register

from events import models


@register(models.Event)
class EventTranslation(TranslationOptions):
    fields = ["title", "summary", "description", "organiser_name", "venue", "address", "cover_image_alt", "caveat"]


@register(models.AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ["title", "description"]


@register(models.Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ["name", "affiliation", "biography"]


@register(models.Question)
class QuestionTranslation(TranslationOptions):
    fields = ["label", "choices"]
