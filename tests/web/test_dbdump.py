"""The dump used by the "nothing changed" tests notices field and many-to-many changes."""

import pytest

from styrkedja.web.areas.models import Area, PeerGroup
from tests.web.dbdump import dump_database


@pytest.mark.django_db
def test_dump_sees_m2m_and_field_changes():
    before = dump_database()
    g = PeerGroup.objects.get(key="counties")
    g.members.remove(Area.objects.get(code="07"))
    assert dump_database() != before
    after_m2m = dump_database()
    area = Area.objects.get(code="08")
    area.name = "X"
    area.save()
    assert dump_database() != after_m2m
    assert dump_database() == dump_database()
