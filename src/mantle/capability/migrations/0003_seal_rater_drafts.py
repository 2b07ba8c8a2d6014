"""Seal 360° rater drafts saved before drafts were sealed (issue 11: a database copy taken while a
draft exists must not pair its content with the rater). Safe to re-run: sealed drafts are skipped."""

from django.db import migrations


def seal_drafts(apps, schema_editor):
    from mantle.capability import sealing

    Nomination = apps.get_model("capability", "Nomination")
    for nomination in Nomination.objects.exclude(draft={}).only(
        "pk", "cycle_id", "draft", "draft_comment"
    ):
        if not nomination.draft or "sealed" in nomination.draft:
            continue
        nomination.draft = {
            "sealed": sealing.seal(
                {"answers": nomination.draft, "comment": nomination.draft_comment},
                cycle_id=nomination.cycle_id,
                purpose=f"draft:{nomination.pk}",
            )
        }
        nomination.draft_comment = ""
        nomination.save(update_fields=["draft", "draft_comment"])


class Migration(migrations.Migration):
    dependencies = [
        ("capability", "0002_sealed_responses_day_only_facilitator_acceptance"),
    ]

    operations = [migrations.RunPython(seal_drafts, migrations.RunPython.noop)]
