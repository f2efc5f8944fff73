"""Load the administrative units of `vietnam-provinces` into AdministrativeUnit, idempotently."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces import legacy as legacy_data

from cadre_registry.text import fold
from units.models import (
    LEVEL_OF_KIND,
    REFORM_DATE,
    AdministrativeUnit,
    Dataset,
    Kind,
    Level,
    normalise_code,
)

KIND_OF_DIVISION_TYPE = {
    "tỉnh": Kind.PROVINCE,
    "thành phố trung ương": Kind.CENTRAL_CITY,
    "huyện": Kind.DISTRICT,
    "quận": Kind.URBAN_DISTRICT,
    "thị xã": Kind.TOWN,
    "thành phố": Kind.PROVINCIAL_CITY,
    "xã": Kind.COMMUNE,
    "phường": Kind.WARD,
    "thị trấn": Kind.TOWNSHIP,
    "đặc khu": Kind.SPECIAL_ZONE,
}
LEGACY_END = REFORM_DATE - datetime.timedelta(days=1)


class UnknownProvince(ValueError):
    """A province code that neither data set knows."""


@dataclass(frozen=True)
class UnitRow:
    dataset: str
    code: str
    name: str
    kind: str
    parent_code: str | None

    @property
    def level(self) -> str:
        return LEVEL_OF_KIND[self.kind]


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successor_links: int = 0


def _row(dataset, item, level, parent_code=None) -> UnitRow:
    return UnitRow(
        dataset=dataset,
        code=normalise_code(int(item.code), level),
        name=item.name,
        kind=KIND_OF_DIVISION_TYPE[item.division_type.value],
        parent_code=parent_code,
    )


def _legacy_rows(province_codes: set[int] | None) -> list[UnitRow]:
    rows = []
    for province in legacy_data.Province.iter_all():
        if province_codes is not None and int(province.code) not in province_codes:
            continue
        province_row = _row(Dataset.LEGACY, province, Level.PROVINCE)
        rows.append(province_row)
        for district in legacy_data.District.iter_by_province(province.code):
            district_row = _row(Dataset.LEGACY, district, Level.DISTRICT, province_row.code)
            rows.append(district_row)
            rows.extend(
                _row(Dataset.LEGACY, ward, Level.COMMUNE, district_row.code)
                for ward in legacy_data.Ward.iter_by_district(district.code)
            )
    return rows


def _new_rows(province_codes: set[int] | None) -> tuple[list[UnitRow], list[tuple[str, str]]]:
    """Return the 2025 units and the (legacy code, new code) pairs of merged communes."""
    rows, links = [], []
    for province in Province.iter_all():
        if province_codes is not None and int(province.code) not in province_codes:
            continue
        province_row = _row(Dataset.Y2025, province, Level.PROVINCE)
        rows.append(province_row)
        for ward in Ward.iter_by_province(province.code):
            ward_row = _row(Dataset.Y2025, ward, Level.COMMUNE, province_row.code)
            rows.append(ward_row)
            links.extend(
                (normalise_code(int(source.code), Level.COMMUNE), ward_row.code)
                for source in ward.get_legacy_sources()
            )
    return rows, links


def known_province_codes() -> set[int]:
    return {int(p.code) for p in legacy_data.Province.iter_all()} | {
        int(p.code) for p in Province.iter_all()
    }


@transaction.atomic
def load_units(*, provinces: Iterable[str | int] | None = None, datasets=("legacy", "2025")):
    """Create or update the units of `provinces` (None: the whole country) in `datasets`."""
    province_codes = None
    if provinces is not None:
        province_codes = set()
        known = known_province_codes()
        for code in provinces:
            text = str(code).strip()
            if not text.isdigit() or int(text) not in known:
                raise UnknownProvince(text)
            province_codes.add(int(text))

    rows: list[UnitRow] = []
    links: list[tuple[str, str]] = []
    if Dataset.LEGACY in datasets:
        rows += _legacy_rows(province_codes)
    if Dataset.Y2025 in datasets:
        new_rows, links = _new_rows(province_codes)
        rows += new_rows

    result = LoadResult()
    existing = {
        (u.dataset, u.code): u for u in AdministrativeUnit.objects.filter(dataset__in=datasets)
    }
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        _save_level([r for r in rows if r.level == level], existing, result)
    if links:
        result.successor_links = _link_successors(links, existing)
    return result


def _save_level(rows: list[UnitRow], existing: dict, result: LoadResult) -> None:
    to_create, to_update = [], []
    for row in rows:
        parent = existing[(row.dataset, row.parent_code)] if row.parent_code else None
        values = {
            "name": row.name,
            "kind": row.kind,
            "level": row.level,
            "parent_id": parent.pk if parent else None,
            "valid_from": REFORM_DATE if row.dataset == Dataset.Y2025 else None,
            "valid_to": LEGACY_END if row.dataset == Dataset.LEGACY else None,
            "search_key": fold(row.name),
        }
        unit = existing.get((row.dataset, row.code))
        if unit is None:
            unit = AdministrativeUnit(dataset=row.dataset, code=row.code, **values)
            to_create.append(unit)
        elif any(getattr(unit, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(unit, field, value)
            to_update.append(unit)
        else:
            result.unchanged += 1
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
    for unit in to_create:
        existing[(unit.dataset, unit.code)] = unit
    AdministrativeUnit.objects.bulk_update(
        to_update,
        ["name", "kind", "level", "parent", "valid_from", "valid_to", "search_key"],
        batch_size=2000,
    )
    result.created += len(to_create)
    result.updated += len(to_update)


def _link_successors(links: list[tuple[str, str]], existing: dict) -> int:
    through = AdministrativeUnit.successors.through
    pairs = [
        through(
            from_administrativeunit_id=existing[(Dataset.LEGACY, old)].pk,
            to_administrativeunit_id=existing[(Dataset.Y2025, new)].pk,
        )
        for old, new in links
        if (Dataset.LEGACY, old) in existing and (Dataset.Y2025, new) in existing
    ]
    through.objects.bulk_create(pairs, ignore_conflicts=True, batch_size=5000)
    return len(pairs)
