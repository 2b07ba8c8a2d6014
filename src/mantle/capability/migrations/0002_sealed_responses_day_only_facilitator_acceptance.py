"""360° privacy (issue 11): responses sealed until close, rater dates to the day, accepted facilitators.

Data steps:
* ``responded_on`` takes the day (Europe/London) of the old ``responded_at`` timestamp;
* every existing response row is rewritten in a random order with new random keys, because rows
  inserted one by one on submission sit in arrival order (physical order, SQLite rowid) and, paired
  with the old timestamps, that order named the rater.
Both are safe to re-run; the reverse keeps the day (midnight) and does not restore the old order.
"""

import secrets
import uuid
import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_day(apps, schema_editor):
    Nomination = apps.get_model("capability", "Nomination")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    batch = []
    for nomination in Nomination.objects.exclude(responded_at=None).only("pk", "responded_at"):
        nomination.responded_on = nomination.responded_at.astimezone(zone).date()
        batch.append(nomination)
        if len(batch) >= 1000:
            Nomination.objects.bulk_update(batch, ["responded_on"])
            batch = []
    Nomination.objects.bulk_update(batch, ["responded_on"])


def copy_day_back(apps, schema_editor):
    import datetime as dt

    Nomination = apps.get_model("capability", "Nomination")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for nomination in Nomination.objects.exclude(responded_on=None).only("pk", "responded_on"):
        nomination.responded_at = dt.datetime.combine(nomination.responded_on, dt.time.min, zone)
        nomination.save(update_fields=["responded_at"])


def reshuffle_responses(apps, schema_editor):
    Response = apps.get_model("capability", "Response")
    rows = list(Response.objects.values("cycle_id", "group", "ratings", "comments"))
    if not rows:
        return
    secrets.SystemRandom().shuffle(rows)
    Response.objects.all().delete()
    Response.objects.bulk_create([Response(id=uuid.uuid4(), **row) for row in rows], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="nomination",
            name="responded_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(copy_day, copy_day_back),
        migrations.RemoveField(
            model_name="nomination",
            name="responded_at",
        ),
        migrations.AddField(
            model_name="cycle",
            name="facilitator_accepted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="SealedResponse",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("sealed", models.TextField()),
                (
                    "cycle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sealed_responses",
                        to="capability.cycle",
                    ),
                ),
            ],
            options={
                "ordering": ["cycle_id", "id"],
            },
        ),
        migrations.RunPython(reshuffle_responses, migrations.RunPython.noop),
        # Appraisal mode no longer shares the report with the line manager (issue 11).
        migrations.AlterField(
            model_name="cohort",
            name="mode",
            field=models.CharField(
                choices=[
                    ("developmental", "Developmental (the participant owns the report)"),
                    (
                        "appraisal",
                        "Appraisal (the participant brings the report to their appraisal)",
                    ),
                ],
                default="developmental",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="cycle",
            name="mode",
            field=models.CharField(
                choices=[
                    ("developmental", "Developmental (the participant owns the report)"),
                    (
                        "appraisal",
                        "Appraisal (the participant brings the report to their appraisal)",
                    ),
                ],
                default="developmental",
                help_text="Chosen when the cycle opens and fixed afterwards.",
                max_length=16,
            ),
        ),
    ]
