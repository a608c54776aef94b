from modeltranslation.translator import TranslationOptions, register

from districts import models


@register(models.District)
class DistrictTranslation(TranslationOptions):
    fields = ["name", "city", "province", "tagline", "overview"]


@register(models.KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ["label", "unit", "caveat"]


@register(models.Incentive)
class IncentiveTranslation(TranslationOptions):
    fields = ["title", "summary", "how_to_apply", "documents", "caveat"]


@register(models.IndustrialFund)
class IndustrialFundTranslation(TranslationOptions):
    fields = ["name", "focus", "caveat"]


@register(models.Facility)
class FacilityTranslation(TranslationOptions):
    fields = ["name", "description", "caveat"]


@register(models.ServiceCenter)
class ServiceCenterTranslation(TranslationOptions):
    fields = ["name", "description", "caveat"]


@register(models.TalentProgramme)
class TalentProgrammeTranslation(TranslationOptions):
    fields = ["name", "description", "caveat"]


@register(models.InvestmentContact)
class InvestmentContactTranslation(TranslationOptions):
    fields = ["office", "address", "office_hours"]
