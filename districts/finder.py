"""The incentive finder's matching rule: which incentives fit a company, and why.

An incentive fits when it is not closed on the day asked about, accepts the company's stage (or its
source says every stage), and covers at least one of its value-chain segments (or every one).
Fits are ranked: a named stage or segment counts more than "open to all", and both more than a
measure whose source does not say who qualifies (kept, for the company to ask); an open measure comes
before one whose validity is not published; then the larger published amount first. Amounts of
different bases (per company a year, per work, a programme's budget) are never added together.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from districts.formatting import format_labels
from districts.models import NAMED, NOT_PUBLISHED, CompanyStage, District, Incentive, ValueChainSegment
from districts.selectors import PER_COMPANY_A_YEAR, amount_basis, largest_by_basis


@dataclass(frozen=True)
class Answers:
    stage: str
    segments: tuple[str, ...]
    investment_cny: Decimal | None = None
    team_size: int | None = None
    district_slugs: tuple[str, ...] = ()


@dataclass
class Match:
    incentive: Incentive
    score: int
    reasons: list[str]


@dataclass
class DistrictResult:
    district: District
    matches: list[Match] = field(default_factory=list)

    @property
    def largest_amounts(self) -> list[Incentive]:
        """The largest amount of each basis among the matches, per company a year first; never a sum."""
        return largest_by_basis(match.incentive for match in self.matches)

    @property
    def largest_per_company_cny(self) -> Decimal | None:
        """The largest amount one company can receive a year from a matching measure, if one is published."""
        largest = self.largest_amounts
        return largest[0].max_amount_cny if largest and amount_basis(largest[0]) == PER_COMPANY_A_YEAR else None

    @property
    def best_score(self) -> int:
        return max(match.score for match in self.matches)

    @property
    def has_unbounded_support(self) -> bool:
        return any(match.incentive.max_amount_cny is None for match in self.matches)


@dataclass
class FinderResult:
    districts: list[DistrictResult]
    alternatives: list[Match]
    # Fits that are closed on the day: not listed as matches, but their amounts are named as closed, never
    # left out as if none were published.
    closed: list[Incentive]

    @property
    def closed_matches(self) -> int:
        return len(self.closed)

    @property
    def has_matches(self) -> bool:
        return bool(self.districts)


def reasons_for(incentive: Incentive, answers: Answers) -> list[str]:
    """Why a fitting incentive fits, from the stage_fit and segment_fit the query annotated."""
    reasons = []
    if incentive.stage_fit == NOT_PUBLISHED:
        # The source names no one: the measure is kept, never passed off as open to everyone.
        reasons.append(_("Who qualifies is not published; ask the bureau"))
    else:
        if incentive.stage_fit == NAMED:
            reasons.append(_("Names your stage: %(stage)s") % {"stage": CompanyStage(answers.stage).label})
        else:
            reasons.append(_("Open to companies at every stage"))
        if incentive.segment_fit == NAMED:
            shared = [ValueChainSegment(segment).label for segment in answers.segments if segment in incentive.segments]
            reasons.append(_("Covers your segments: %(segments)s") % {"segments": format_labels(shared)})
        else:
            reasons.append(_("Open to every value-chain segment"))
    if incentive.max_amount_cny is None:
        reasons.append(_("No amount published"))
    elif incentive.amount_for == Incentive.AmountFor.PROGRAMME:
        reasons.append(_("Programme total; per-company amounts are not published"))
    elif answers.investment_cny and incentive.amount_for == Incentive.AmountFor.COMPANY:
        # Only an amount paid to the company stands beside its investment; a per-work amount does not.
        share = {
            "share": f"{incentive.max_amount_cny / answers.investment_cny * 100:.0f}",
            "basis": incentive.amount_basis_display,
        }
        if incentive.amount_is_maximum:
            reasons.append(_("Up to %(share)s%% of your planned investment, %(basis)s") % share)
        else:
            reasons.append(_("%(share)s%% of your planned investment, %(basis)s") % share)
    if incentive.validity == Incentive.Validity.NOT_PUBLISHED:
        reasons.append(_("Validity not published; ask the bureau whether it is open"))
    elif incentive.valid_until:
        reasons.append(_("Open until %(day)s") % {"day": date_format(incentive.valid_until, "DATE_FORMAT")})
    elif incentive.application_year:
        reasons.append(_("Open for its %(year)s application round") % {"year": incentive.application_year})
    else:
        reasons.append(_("Open, no closing date published"))
    return reasons


def find_incentives(answers: Answers, day: date) -> FinderResult:
    """Rank the incentives that fit `answers` on `day`, grouped by district, in one query.

    Whether an incentive is open and whether it accepts the stage and segments is decided by the
    same QuerySet rules the catalogue filters with; this only ranks and explains. A measure whose
    validity is not published is listed, saying so; a closed one is only counted.
    """
    incentives = (
        Incentive.objects.published()
        .select_related("district__contact", "source")
        .with_open_flag(day)
        .with_fit(stage=answers.stage, segments=answers.segments)
    )
    if answers.district_slugs:
        incentives = incentives.filter(district__slug__in=answers.district_slugs)
    by_district: dict[int, DistrictResult] = {}
    alternatives, closed = [], []
    for incentive in incentives:
        stage, segment = incentive.stage_fit, incentive.segment_fit
        if incentive.validity == Incentive.Validity.CLOSED:
            if stage and segment:
                closed.append(incentive)
            continue
        if stage and segment:
            match = Match(incentive, score=stage + segment, reasons=reasons_for(incentive, answers))
            by_district.setdefault(incentive.district_id, DistrictResult(incentive.district)).matches.append(match)
        elif stage or segment:
            alternatives.append(Match(incentive, stage + segment, nearest_reasons(incentive, stage, segment)))
    for result in by_district.values():
        result.matches.sort(key=ranking)
    districts = sorted(by_district.values(), key=district_ranking)
    closed.sort(
        key=lambda incentive: (incentive.district.display_order, incentive.district_id, ranking_amount(incentive))
    )
    return FinderResult(districts=districts, alternatives=sorted(alternatives, key=ranking)[:5], closed=closed)


def ranking(match: Match):
    unknown_validity = match.incentive.validity == Incentive.Validity.NOT_PUBLISHED
    return (-match.score, unknown_validity, *ranking_amount(match.incentive))


def ranking_amount(incentive: Incentive):
    """Larger published amounts first, none last."""
    amount = incentive.max_amount_cny
    return (amount is None, -(amount or 0), incentive.pk)


def district_ranking(result: DistrictResult):
    """Districts whose best fit is closest first, then the larger amount per company a year (the one basis
    every district's amounts can be set beside), then the portal's own order."""
    return (-result.best_score, -(result.largest_per_company_cny or 0), result.district.display_order)


def nearest_reasons(incentive: Incentive, stage: int, segment: int) -> list[str]:
    if not stage:
        return [_("For other stages: %(stages)s") % {"stages": format_labels(incentive.get_stages_display())}]
    return [_("For other segments: %(segments)s") % {"segments": format_labels(incentive.get_segments_display())}]
