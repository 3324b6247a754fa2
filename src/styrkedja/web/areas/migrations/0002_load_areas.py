"""Load Riket, the 21 counties, the 290 municipalities and the default peer groups."""

from django.db import migrations

from styrkedja.data import area_rows


def load(apps, schema_editor):
    Area = apps.get_model("areas", "Area")
    PeerGroup = apps.get_model("areas", "PeerGroup")
    by_code = {}
    for row in area_rows():
        area, _ = Area.objects.update_or_create(
            code=row.code,
            defaults={"name": row.name, "level": row.level, "parent": by_code.get(row.parent)},
        )
        by_code[row.code] = area
    counties, _ = PeerGroup.objects.get_or_create(key="counties", defaults={"name": "Sveriges 21 län"})
    counties.members.set([a for a in by_code.values() if a.level == "county"])
    munis, _ = PeerGroup.objects.get_or_create(key="municipalities", defaults={"name": "Sveriges 290 kommuner"})
    munis.members.set([a for a in by_code.values() if a.level == "municipality"])


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
