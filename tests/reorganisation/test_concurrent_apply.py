"""Two applies of one worksheet at the same time write it once (issue 15, item 4)."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction

from officials.models import Assignment
from reorganisation.models import Placement
from reorganisation.services import REORGANISATION_LOCK, proposal, reorganisation_apply
from tests.reorganisation.test_service import decisions_of

JULY = datetime.date(2025, 7, 1)


@pytest.mark.django_db(transaction=True)
def test_two_applies_at_once_write_the_worksheet_once(catalogue, province, legacy_posts):
    actor = get_user_model().objects.create_user("sonoivu")
    decisions = decisions_of(proposal(province=province).rows)
    waiting = threading.Semaphore(0)
    outcomes, errors = [], []

    def apply():
        try:
            outcomes.append(
                reorganisation_apply(
                    province=province, decisions=decisions, actor=actor, on_wait=waiting.release
                )
            )
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    # Hold the province's lock so that both applies are under way before either may write.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [REORGANISATION_LOCK, province.pk]
            )
        for thread in threads:
            thread.start()
        for _ in threads:
            assert waiting.acquire(timeout=60), "an apply did not reach the lock"
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted((o.placed, o.not_placed, o.unchanged) for o in outcomes) == [(0, 0, 4), (3, 1, 0)]
    assert all(outcome.waited for outcome in outcomes)
    assert Placement.objects.count() == 4
    assert Assignment.objects.filter(start_date=JULY).count() == 3
    assert Assignment.history.filter(start_date=JULY).count() == 3
