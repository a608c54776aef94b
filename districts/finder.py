"""The incentive finder's matching rule: which incentives fit a company, and why.

An incentive fits when it is open on the day asked about, accepts the company's stage (or
names no stage), and covers at least one of its value-chain segments (or names none).
Fits are ranked: a named stage or segment counts more than "open to all", then the larger
published amount first. A programme's total budget is shown but never added to what one
company can receive.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from districts.formatting import format_labels
from districts.models import NAMED, CompanyStage, District, Incentive, ValueChainSegment


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
    counts_towards_total: bool


@dataclass
class DistrictResult:
    district: District
    matches: list[Match] = field(default_factory=list)

    @property
    def total_maximum_cny(self) -> Decimal:
        return sum((match.incentive.max_amount_cny for match in self.matches if match.counts_towards_total), Decimal(0))

    @property
    def has_unbounded_support(self) -> bool:
        return any(match.incentive.max_amount_cny is None for match in self.matches)


@dataclass
class FinderResult:
    districts: list[DistrictResult]
    alternatives: list[Match]
    closed_matches: int

    @property
    def has_matches(self) -> bool:
        return bool(self.districts)


def reasons_for(incentive: Incentive, answers: Answers) -> list[str]:
    """Why a fitting incentive fits, from the stage_fit and segment_fit the query annotated."""
    reasons = []
    if incentive.stage_fit == NAMED:
        reasons.append(_("Names your stage: %(stage)s") % {"stage": CompanyStage(answers.stage).label})
    else:
        reasons.append(_("Open to companies at every stage"))
    if incentive.segment_fit == NAMED:
        shared = [ValueChainSegment(segment).label for segment in answers.segments if segment in incentive.segments]
        reasons.append(_("Covers your segments: %(segments)s") % {"segments": format_labels(shared)})
    else:
        reasons.append(_("Open to every value-chain segment"))
    if incentive.max_amount_cny is not None:
        if incentive.amount_for == Incentive.AmountFor.PROGRAMME:
            reasons.append(_("Programme total; per-company amounts are not published"))
        elif answers.investment_cny:
            share = incentive.max_amount_cny / answers.investment_cny * 100
            reasons.append(_("Up to %(share)s%% of your planned investment") % {"share": f"{share:.0f}"})
    else:
        reasons.append(_("No amount published"))
    if incentive.valid_until:
        reasons.append(_("Open until %(day)s") % {"day": date_format(incentive.valid_until, "DATE_FORMAT")})
    else:
        reasons.append(_("Open, no closing date published"))
    return reasons


def find_incentives(answers: Answers, day: date) -> FinderResult:
    """Rank the incentives that fit `answers` on `day`, grouped by district, in one query.

    Whether an incentive is open and whether it accepts the stage and segments is decided by the
    same QuerySet rules the catalogue filters with; this only ranks and explains.
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
    alternatives, closed = [], 0
    for incentive in incentives:
        stage, segment = incentive.stage_fit, incentive.segment_fit
        if not incentive.is_open:
            if stage and segment:
                closed += 1
            continue
        if stage and segment:
            match = Match(
                incentive,
                score=stage + segment,
                reasons=reasons_for(incentive, answers),
                counts_towards_total=incentive.offers_per_company_maximum,
            )
            by_district.setdefault(incentive.district_id, DistrictResult(incentive.district)).matches.append(match)
        elif stage or segment:
            alternatives.append(Match(incentive, stage + segment, nearest_reasons(incentive, stage, segment), False))
    for result in by_district.values():
        result.matches.sort(key=ranking)
    districts = sorted(
        by_district.values(), key=lambda result: (-result.total_maximum_cny, result.district.display_order)
    )
    return FinderResult(districts=districts, alternatives=sorted(alternatives, key=ranking)[:5], closed_matches=closed)


def ranking(match: Match):
    amount = match.incentive.max_amount_cny
    return (-match.score, amount is None, -(amount or 0), match.incentive.pk)


def nearest_reasons(incentive: Incentive, stage: int, segment: int) -> list[str]:
    if not stage:
        return [_("For other stages: %(stages)s") % {"stages": format_labels(incentive.get_stages_display())}]
    return [_("For other segments: %(segments)s") % {"segments": format_labels(incentive.get_segments_display())}]
