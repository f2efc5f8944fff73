"""The compliance rule of DESIGN §6: who meets the standard of every post they hold on a date.

Everything here is read by a bounded number of SQL queries, whatever the number of communes or
officials: the dashboard, the export, the API and the command all call these functions, so they
show the same numbers.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, StrIndex
from django.db.models.lookups import Exact, GreaterThan
from django.utils.translation import gettext as _

from figures import signals
from figures.versions import once
from officials.levels import Dimension, level_label
from officials.models import Assignment, Credential, CredentialQuerySet
from standards import models as catalogue
from standards.models import (
    ExcludedFieldPhrase,
    FieldKeyword,
    Position,
    Quota,
    Regime,
    Requirement,
    citation_text,
)
from units.models import REFORM_DATE, AdministrativeUnit, Dataset, Level, dataset_on

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# The catalogue tables a report joins beside the registry's (those whose writes make every
# figure stale: figures.signals). They are small and rarely written: autovacuum analyses a
# table only once 50 of its rows changed (the smallest, never), so after a fresh install they
# had no statistics when the first report after an import ran, and the planner took the 232
# requirements for one row and chose nested loops (issue 12). A large import analyses them
# along with what it wrote (a few milliseconds).
CATALOGUE_MODELS = tuple(getattr(catalogue, name) for name in signals.CATALOGUE_MODELS)


class NoRegime(ValueError):
    """No standards regime is in force on the date asked, or the code names none."""


@dataclass(frozen=True)
class Judging:
    """How a trend judges, under one regime, the posts of positions that regime does not list
    (§11.5): as their counterpart, as the position that maps to them, or not at all."""

    as_counterpart: frozenset[int] = frozenset()
    as_predecessor: frozenset[int] = frozenset()
    left_out: frozenset[int] = frozenset()


def judging_for(regime: Regime) -> Judging:
    """Return how posts are judged under `regime` across the reform (the mapping of §11.4 and
    its reverse); positions the regime lists are judged as themselves."""
    listed = set(Requirement.objects.filter(regime=regime).values_list("position", flat=True))
    mapping = dict(Position.objects.values_list("pk", "counterpart"))
    mapped_from: dict[int, set[int]] = defaultdict(set)
    for position, counterpart in mapping.items():
        if counterpart is not None and counterpart != position:
            mapped_from[counterpart].add(position)
    forward, backward, left_out = set(), set(), set()
    for position, counterpart in mapping.items():
        if position in listed:
            continue
        if counterpart in listed:
            forward.add(position)
        elif mapped_from[position] & listed:
            backward.add(position)
        else:
            left_out.add(position)
    return Judging(frozenset(forward), frozenset(backward), frozenset(left_out))


@dataclass(frozen=True)
class Question:
    """The question: on which date, under which regime, counting which credentials.

    `judging` is set for a trend (§11.5): posts the regime does not list are judged as their
    counterpart, or left out.
    """

    on: datetime.date
    regime: Regime
    verified_only: bool = False
    judging: Judging | None = None

    @property
    def grace_applies(self) -> bool:
        return bool(self.regime.grace_until and self.on < self.regime.grace_until)


def regime_for(on: datetime.date, code: str | None = None) -> Regime:
    """Return the regime named `code`, or the one in force on `on`."""
    if code:
        try:
            return Regime.objects.get(code=code)
        except Regime.DoesNotExist:
            raise NoRegime(_("There is no standards regime “%(code)s”.") % {"code": code}) from None
    regime = Regime.objects.in_force_on(on).order_by("-effective_from").first()
    if regime is None:
        raise NoRegime(
            _("No standards regime is in force on %(date)s: choose one.")
            % {"date": on.strftime("%d/%m/%Y")}
        )
    return regime


def question_for(
    on: datetime.date, regime: str | None = None, verified_only: bool = False
) -> Question:
    return Question(on=on, regime=regime_for(on, regime), verified_only=verified_only)


def percent(part: int, whole: int) -> Decimal | None:
    """Return part/whole in per cent, two decimals rounded half up (None when whole is 0)."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- scopes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRef:
    """The fields of a unit that figures need, read without building model instances."""

    pk: int
    code: str
    name: str
    level: str
    kind: str
    commune_class: str
    special_area: bool
    parent_id: int | None
    dataset: str = Dataset.LEGACY
    staffing_number: int | None = None

    FIELDS = (
        "pk",
        "code",
        "name",
        "level",
        "kind",
        "commune_class",
        "special_area",
        "parent_id",
        "dataset",
        "staffing_number",
    )


def scope_filter(scope: AdministrativeUnit | None, on: datetime.date) -> dict:
    """Return the conditions on AdministrativeUnit that select the communes under `scope`.

    Plain conditions (no subquery), so that the assignment queries apply them on the join they
    already make to the commune; no scope means every commune of the data set valid on `on`.
    Only communes valid on `on` count (§11.1): a legacy commune's open posts count up to
    30/06/2025 and no further.
    """
    valid = {"dataset": dataset_on(on)}
    if scope is None:
        return {**valid, "level": Level.COMMUNE}
    if scope.level == Level.COMMUNE:
        return {**valid, "pk": scope.pk}
    if scope.level == Level.DISTRICT or scope.dataset == Dataset.Y2025:
        return {**valid, "parent_id": scope.pk, "level": Level.COMMUNE}
    return {**valid, "parent__parent_id": scope.pk, "level": Level.COMMUNE}


def trend_filter(scope: AdministrativeUnit | None, on: datetime.date) -> dict | None:
    """Return the conditions selecting, on `on`, the communes valid then that make up `scope`.

    Before 01/07/2025 a 2025 unit is made of the legacy communes it was formed from; after
    30/06/2025 a legacy unit has no communes (None: its trend stops there, §11.5).
    """
    if scope is None or scope.is_valid_on(on):
        return scope_filter(scope, on)
    if scope.dataset == Dataset.LEGACY:
        return None
    sources = AdministrativeUnit.objects.filter(
        successors__in=AdministrativeUnit.objects.communes_under(scope)
    )
    return {**scope_filter(None, on), "pk__in": list(sources.values_list("pk", flat=True))}


def _on_commune(where: dict) -> dict:
    return {f"commune__{key}": value for key, value in where.items()}


def waiting_to_be_placed(scope: AdministrativeUnit | None, on: datetime.date) -> int | None:
    """Return how many people hold an open post in a legacy commune of `scope` after 30/06/2025,
    waiting for the reorganisation to place them (§11.2); None before the reform or for a
    legacy scope."""
    if on < REFORM_DATE or (scope is not None and scope.dataset != Dataset.Y2025):
        return None
    legacy = AdministrativeUnit.objects.filter(dataset=Dataset.LEGACY, level=Level.COMMUNE)
    if scope is not None:
        legacy = legacy.filter(successors__in=AdministrativeUnit.objects.communes_under(scope))
    posts = Assignment.objects.counted().filter(end_date__isnull=True, commune__in=legacy)
    return posts.values("official").distinct().count()


# --- the rule, as querysets ---------------------------------------------------------------


def in_post(options: Question, where: dict | None = None, *, left_out: bool = False) -> QuerySet:
    """Return the posts held on the date (§6.1) that compliance counts, under `where`; in a
    trend, without the posts that have no counterpart under its regime (only those, when
    `left_out`)."""
    posts = Assignment.objects.in_post_on(options.on).counted(verified_only=options.verified_only)
    if where is not None:
        posts = posts.filter(**_on_commune(where))
    if options.judging is not None:
        without = Q(position__in=options.judging.left_out)
        posts = posts.filter(without) if left_out else posts.exclude(without)
    elif left_out:
        posts = posts.none()
    return posts


def counting_credentials(options: Question) -> QuerySet:
    """Return the credentials that count on the date: awarded by then, not rejected (§6.2, §6.7)."""
    # Not the default manager: the official is known to be in post, hence not removed.
    return CredentialQuerySet(Credential).counting_on(
        options.on, verified_only=options.verified_only
    )


def unmet_pairs(
    options: Question,
    where: dict | None = None,
    officials: Iterable[int] | None = None,
    *,
    via: str = "position",
) -> QuerySet:
    """Return one row per (post held, requirement it does not meet) (§6.2, §6.3).

    Rows are assignments annotated with the requirement: `req_dimension`, `needed_rank`
    (the special-area minimum in a special area), `must_match`, `judged_position`. The
    credential check is one flat NOT EXISTS, which PostgreSQL runs as a hash anti-join.
    `via` names the position whose requirements judge the post: its own, or in a trend its
    counterpart (`position__counterpart`) or the position mapping to it
    (`position__counterpart_of`, §11.5).
    """
    req = f"{via}__requirements"
    pairs = in_post(options, where).filter(**{f"{req}__regime": options.regime})
    if officials is not None:
        pairs = pairs.filter(official__in=officials)
    pairs = pairs.annotate(
        judged_position=F(f"{req}__position"),
        req_dimension=F(f"{req}__dimension"),
        must_match=F(f"{req}__field_must_match"),
        needed_rank=Case(
            When(
                commune__special_area=True,
                then=Coalesce(f"{req}__special_min_rank", f"{req}__min_rank"),
            ),
            default=F(f"{req}__min_rank"),
        ),
    )
    keyword_matches = FieldKeyword.objects.filter(
        GreaterThan(StrIndex(OuterRef("field_key"), F("key")), 0),
        position=OuterRef(OuterRef("judged_position")),
    )
    # A field with an excluding phrase ("xây dựng đảng") matches no keyword (§5, field match).
    excluded = ExcludedFieldPhrase.objects.filter(
        GreaterThan(StrIndex(OuterRef("field_key"), F("key")), 0)
    )
    meeting = counting_credentials(options).filter(
        Q(Exact(OuterRef("must_match"), False))
        | Q(field_matches=True)
        | (Exists(keyword_matches) & ~Exists(excluded)),
        official=OuterRef("official"),
        dimension=OuterRef("req_dimension"),
        rank__gte=OuterRef("needed_rank"),
    )
    return pairs.filter(~Exists(meeting))


def unmet_needs(options: Question, scope) -> dict[tuple[str, str], dict[int, set[int]]]:
    """Return, per (position code, dimension) unmet on the date under `scope`, the officials
    needing each rank (the special-area minimum in a special area): one query."""
    needs: dict[tuple[str, str], dict[int, set[int]]] = {}
    rows = unmet_pairs(options, scope_filter(scope, options.on)).values_list(
        "position__code", "req_dimension", "needed_rank", "official"
    )
    for code, dimension, needed, official in rows.order_by():
        needs.setdefault((code, dimension), {}).setdefault(needed, set()).add(official)
    return needs


def also_elsewhere(options: Question, scope: AdministrativeUnit) -> frozenset[int]:
    """Return the people in post under `scope` on the date who also hold a post outside it
    (those whom two units' figures may both count: one query)."""
    inside = scope_filter(scope, options.on)
    outside = in_post(options, scope_filter(None, options.on)).exclude(**_on_commune(inside))
    posts = in_post(options, inside).filter(Exists(outside.filter(official=OuterRef("official"))))
    return frozenset(posts.order_by().values_list("official", flat=True).distinct())


def judged_pairs(options: Question, where: dict | None = None) -> list[QuerySet]:
    """Return the unmet pairs of every post, each judged as §11.5 says: one queryset per way of
    judging (itself; as its counterpart; as the position mapping to it)."""
    sets = [unmet_pairs(options, where)]
    judging = options.judging
    if judging is not None and judging.as_counterpart:
        sets.append(
            unmet_pairs(options, where, via="position__counterpart").filter(
                position__in=judging.as_counterpart
            )
        )
    if judging is not None and judging.as_predecessor:
        sets.append(
            unmet_pairs(options, where, via="position__counterpart_of").filter(
                position__in=judging.as_predecessor
            )
        )
    return sets


# --- figures per commune and totals ---------------------------------------------------------


@dataclass
class Figures:
    """The compliance figures of one unit (§6.4, §6.5)."""

    unit: UnitRef
    officials: int = 0
    compliant: int = 0
    quota: int | None = None
    vacancies: int | None = None
    in_grace: int = 0
    unmet: dict[tuple[str, str], int] = field(default_factory=dict)
    left_out: int = 0  # in a trend: people in post only in posts without a counterpart (§11.5)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.compliant, self.officials)

    @property
    def non_compliant(self) -> int:
        return self.officials - self.compliant

    def add(self, other: "Figures") -> None:
        self.officials += other.officials
        self.compliant += other.compliant
        self.in_grace += other.in_grace
        self.left_out += other.left_out
        if other.quota is not None:
            self.quota = (self.quota or 0) + other.quota
            self.vacancies = (self.vacancies or 0) + other.vacancies
        for key, count in other.unmet.items():
            self.unmet[key] = self.unmet.get(key, 0) + count


def quota_table(regime: Regime, on: datetime.date) -> dict[tuple[str, str], int]:
    """Return the quotas in force on `on` by (kind, class), whatever regime set them (§5).

    A quota carries its own dates; on a date no quota covers (a regime picked for a date before
    it), the regime's own quotas, the latest of each kind and class, apply.
    """
    rows = list(Quota.objects.in_force_on(on).values_list("commune_kind", "commune_class", "quota"))
    if not rows:
        rows = Quota.objects.filter(regime=regime).order_by("effective_from")
        rows = rows.values_list("commune_kind", "commune_class", "quota")
    return {(kind, commune_class): quota for kind, commune_class, quota in rows}


def quota_of(commune, quotas: dict[tuple[str, str], int]) -> int | None:
    """Return the commune's quota: a 2025 commune's staffing number when the province has set
    it (§11.3), else the quota by kind and class; None when neither is set (§6.4)."""
    if commune.dataset == Dataset.Y2025 and commune.staffing_number is not None:
        return commune.staffing_number
    if not commune.commune_class:
        return None
    return quotas.get(
        (commune.kind, commune.commune_class), quotas.get(("", commune.commune_class))
    )


def commune_figures(options: Question, where: dict, *, with_unmet: bool = True) -> list[Figures]:
    """Return the figures of each commune `where` selects, in code order.

    Four queries (five with the unmet requirements), whatever the number of communes.
    """
    units = AdministrativeUnit.objects.filter(**where).order_by("code")
    figures = {row[0]: Figures(unit=UnitRef(*row)) for row in units.values_list(*UnitRef.FIELDS)}
    if not figures:
        return []
    quotas = once(
        ("quotas", options.regime.pk, options.on), lambda: quota_table(options.regime, options.on)
    )
    in_post_counts = (
        in_post(options, where).values("commune").annotate(n=Count("official", distinct=True))
    )
    for commune, count in in_post_counts.values_list("commune", "n"):
        figures[commune].officials = count
    if options.judging is not None and options.judging.left_out:
        # Left out: in post only in posts without a counterpart, anywhere in the registry (so
        # that a commune's figures do not depend on which other communes are asked with it).
        counted = in_post(options, scope_filter(None, options.on)).filter(
            official=OuterRef("official")
        )
        left_out = (
            in_post(options, where, left_out=True)
            .exclude(Exists(counted))
            .values("commune")
            .annotate(n=Count("official", distinct=True))
        )
        for commune, count in left_out.values_list("commune", "n"):
            figures[commune].left_out = count
    if with_unmet:
        failing = _failing_with_unmet(options, where, figures)
    else:
        failing = _failing(options, where)
    grace_applies = options.grace_applies
    for commune, (count, graced) in failing.items():
        figures[commune].compliant = -count  # made positive below
        figures[commune].in_grace = graced if grace_applies else 0
    for item in figures.values():
        item.compliant += item.officials
        item.quota = quota_of(item.unit, quotas)
        if item.quota is not None:
            item.vacancies = max(0, item.quota - item.officials)
    return list(figures.values())


def incumbent(options: Question) -> Exists:
    """Return whether the row's official was in post anywhere in the registry on the day before
    the regime came into force: the incumbents its grace is for (§6.4, §11.3)."""
    eve = options.regime.effective_from - datetime.timedelta(days=1)
    # Every manager's rows: the row's official is in post, hence not removed (no join to skip
    # removed officials: a fifth of the national report's time).
    held = Assignment.all_objects.in_post_on(eve).counted(verified_only=options.verified_only)
    return Exists(held.filter(official=OuterRef("official")))


def _failing(options: Question, where: dict) -> dict[int, tuple[int, int]]:
    """Return per commune the officials failing a requirement, and those of them in grace."""
    if options.judging is not None:  # several ways of judging: merge them by person
        return _failing_with_unmet(options, where, None)
    rows = (
        unmet_pairs(options, where)
        .values("commune")
        .annotate(
            n=Count("official", distinct=True),
            grace=Count("official", distinct=True, filter=Q(incumbent(options))),
        )
        .order_by()
    )
    return {row["commune"]: (row["n"], row["grace"]) for row in rows}


def _failing_with_unmet(options: Question, where: dict, figures: dict | None) -> dict:
    """As _failing, and fill each commune's unmet requirement counts (when `figures` is given),
    from one query per way of judging."""
    failing: dict[int, set[int]] = defaultdict(set)
    graced: dict[int, set[int]] = defaultdict(set)
    unmet: dict[tuple[int, int, str], set[int]] = defaultdict(set)
    judged = [
        pairs.annotate(incumbent=incumbent(options))
        .values_list("commune", "official", "position", "req_dimension", "incumbent")
        .order_by()
        for pairs in judged_pairs(options, where)
    ]
    rows = judged[0].union(*judged[1:], all=True).order_by() if len(judged) > 1 else judged[0]
    for commune, official, position, dimension, was_in_post in rows:
        failing[commune].add(official)
        if was_in_post:
            graced[commune].add(official)
        unmet[(commune, position, dimension)].add(official)
    if figures is None:
        return {commune: (len(people), len(graced[commune])) for commune, people in failing.items()}
    codes = once("position codes", lambda: dict(Position.objects.values_list("pk", "code")))
    for (commune, position, dimension), people in unmet.items():
        figures[commune].unmet[(codes[position], dimension)] = len(people)
    return {commune: (len(people), len(graced[commune])) for commune, people in failing.items()}


@dataclass
class Report:
    """Figures of the communes under a unit, with totals per district and province."""

    options: Question
    scope: AdministrativeUnit | None
    communes: list[Figures]
    districts: list[Figures]
    provinces: list[Figures]

    @property
    def total(self) -> Figures:
        """The figures of the scope itself (the whole country when there is no scope)."""
        if self.scope is not None:
            for item in (*self.provinces, *self.districts, *self.communes):
                if item.unit.pk == self.scope.pk:
                    return item
        country = Figures(unit=None)
        for item in self.provinces:
            country.add(item)
        return country

    def rows(self) -> list[Figures]:
        """Communes, then district totals, then province totals, each in code order."""
        return [*self.communes, *self.districts, *self.provinces]


def _ancestors(parent_ids: set[int]) -> dict[int, UnitRef]:
    """Return the units `parent_ids` name and their parents, by primary key (one query)."""
    grandparents = AdministrativeUnit.objects.filter(pk__in=parent_ids).values("parent")
    units = AdministrativeUnit.objects.filter(Q(pk__in=parent_ids) | Q(pk__in=grandparents))
    return {row[0]: UnitRef(*row) for row in units.values_list(*UnitRef.FIELDS)}


def report(options: Question, scope: AdministrativeUnit | None, *, with_unmet=True) -> Report:
    """Return the figures of every commune under `scope` and the sums above them (§6.5)."""
    communes = commune_figures(options, scope_filter(scope, options.on), with_unmet=with_unmet)
    return assemble(options, scope, communes)


def assemble(options: Question, scope, communes: list[Figures]) -> Report:
    """Return the report of `scope` made of its communes' figures: the sums per district and
    province above them (one query for the units above)."""
    above = _ancestors({item.unit.parent_id for item in communes if item.unit.parent_id})
    districts: dict[int, Figures] = {}
    provinces: dict[int, Figures] = {}
    for item in communes:
        parent = above.get(item.unit.parent_id)
        if parent is None:
            continue
        province = parent
        if parent.level == Level.DISTRICT:
            _sum_into(districts, parent, item)
            province = above.get(parent.parent_id)
        if province is not None and (scope is None or scope.level == Level.PROVINCE):
            _sum_into(provinces, province, item)
    if scope is not None and scope.level == Level.COMMUNE:
        districts = {}
    return Report(
        options=options,
        scope=scope,
        communes=communes,
        districts=sorted(districts.values(), key=lambda f: f.unit.code),
        provinces=sorted(provinces.values(), key=lambda f: f.unit.code),
    )


def _sum_into(sums: dict[int, Figures], unit, item: Figures) -> None:
    total = sums.get(unit.pk)
    if total is None:
        total = sums[unit.pk] = Figures(unit=unit)
    total.add(item)


def trend(
    scope: AdministrativeUnit | None,
    dates: list[datetime.date],
    question: Question | None = None,
    *,
    reporter=None,
    rows=None,
) -> tuple[Regime, list[tuple[datetime.date, Figures]]]:
    """Return the figures of `scope` at each date under the question's regime (§6.8).

    Without a question, the regime is the one in force on the latest date (NoRegime before the
    earliest regime); the question's date is not used, its regime and credentials are.
    Each point sums the communes valid on its date (§11.5): a 2025 unit's points before
    01/07/2025 come from the legacy communes it was formed from; a legacy unit's trend stops at
    30/06/2025 (no points after). A post whose position the regime does not list is judged as
    its counterpart, or left out and counted in `left_out` (§11.5). `reporter` computes the
    report of a scope valid on the date (`report` unless the caller caches them), `rows` the
    figures of the communes a `where` selects (`commune_figures`).
    """
    dates = sorted(dates)
    chosen = question.regime if question is not None else regime_for(dates[-1])
    verified_only = question.verified_only if question is not None else False
    judging = judging_for(chosen)
    reporter = reporter or report
    points = []
    for on in dates:
        where = trend_filter(scope, on)
        if where is None:
            continue
        options = Question(on=on, regime=chosen, verified_only=verified_only, judging=judging)
        if scope is None or scope.is_valid_on(on):
            points.append((on, reporter(options, scope, with_unmet=False).total))
            continue
        total = Figures(unit=None)
        for item in (rows or _commune_rows)(options, where):
            total.add(item)
        points.append((on, total))
    return chosen, points


def _commune_rows(options: Question, where: dict) -> list[Figures]:
    return commune_figures(options, where, with_unmet=False)


# --- reasons per official -------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One requirement an official does not meet, in words."""

    commune_id: int
    position: str
    dimension: str
    needed_level: str
    must_match: bool
    held_level: str | None
    held_field: str
    citation: str = ""
    is_default: bool = False

    @property
    def basis(self) -> str:
        """The article the requirement rests on, or "default"."""
        return citation_text(self.citation, self.is_default)

    def __str__(self) -> str:
        dimension = Dimension(self.dimension).label
        needed = level_label(self.dimension, self.needed_level)
        if self.must_match:
            needed = _("%(level)s in a matching field") % {"level": needed}
        if self.basis:
            needed = f"{needed} ({self.basis})"
        if self.held_level is None:
            held = _("has none")
        else:
            held = _("has %(level)s") % {"level": level_label(self.dimension, self.held_level)}
            if self.must_match and self.held_field:
                held = f"{held} ({self.held_field})"
        return _("%(dimension)s: needs %(needed)s, %(held)s") % {
            "dimension": dimension,
            "needed": needed,
            "held": held,
        }


def reasons(
    options: Question, *, officials: Iterable[int] | None = None, where: dict | None = None
) -> dict[int, list[Reason]]:
    """Return, per official, each requirement of a post held on the date that is not met."""
    best = counting_credentials(options).filter(
        official=OuterRef("official"), dimension=OuterRef("req_dimension")
    )
    best = best.order_by("-rank", "-awarded_on", "pk")
    rows = (
        unmet_pairs(options, where, officials)
        .annotate(
            held_level=Subquery(best.values("level")[:1]),
            held_field=Subquery(best.values("field")[:1]),
            needed_level=Case(
                When(
                    Q(commune__special_area=True)
                    & ~Q(position__requirements__special_min_level=""),
                    then=F("position__requirements__special_min_level"),
                ),
                default=F("position__requirements__min_level"),
            ),
            req_citation=F("position__requirements__citation"),
            req_default=F("position__requirements__is_default"),
        )
        .values(
            "official",
            "commune",
            "position__name",
            "position__order",
            "req_dimension",
            "needed_level",
            "must_match",
            "held_level",
            "held_field",
            "req_citation",
            "req_default",
        )
        .order_by()
    )
    dimension_order = {value: index for index, value in enumerate(Dimension.values)}
    rows = sorted(
        rows,
        key=lambda r: (r["official"], r["position__order"], dimension_order[r["req_dimension"]]),
    )
    result: dict[int, list[Reason]] = defaultdict(list)
    for row in rows:
        result[row["official"]].append(
            Reason(
                commune_id=row["commune"],
                position=row["position__name"],
                dimension=row["req_dimension"],
                needed_level=row["needed_level"],
                must_match=row["must_match"],
                held_level=row["held_level"],
                held_field=row["held_field"] or "",
                citation=row["req_citation"],
                is_default=row["req_default"],
            )
        )
    return dict(result)
