from django.urls import path

from .views import cycles, frameworks, home, organisation, practice, rater, self_assessment

app_name = "capability"

urlpatterns = [
    path("", home.home, name="home"),
    path("frameworks/", frameworks.framework_list, name="framework_list"),
    path(
        "frameworks/<slug:key>/<str:version>/", frameworks.framework_detail, name="framework_detail"
    ),
    path(
        "frameworks/<slug:key>/<str:version>/new-version/",
        frameworks.framework_version_new,
        name="framework_version_new",
    ),
    path("self/start/", self_assessment.self_assessment_start, name="self_assessment_start"),
    path(
        "self/<int:assessment_id>/",
        self_assessment.self_assessment_edit,
        name="self_assessment_edit",
    ),
    path(
        "self/<int:assessment_id>/result/",
        self_assessment.self_assessment_result,
        name="self_assessment_result",
    ),
    path(
        "self/<int:assessment_id>/discard/",
        self_assessment.self_assessment_discard,
        name="self_assessment_discard",
    ),
    path("360/new/", cycles.cycle_new, name="cycle_new"),
    path("360/<int:cycle_id>/", cycles.cycle_detail, name="cycle_detail"),
    path("360/<int:cycle_id>/nominations/", cycles.nomination_add, name="nomination_add"),
    path(
        "360/<int:cycle_id>/nominations/<int:nomination_id>/remove/",
        cycles.nomination_remove,
        name="nomination_remove",
    ),
    path(
        "360/<int:cycle_id>/nominations/<int:nomination_id>/replace/",
        cycles.nomination_replace,
        name="nomination_replace",
    ),
    path("360/<int:cycle_id>/submit/", cycles.cycle_submit, name="cycle_submit"),
    path("360/<int:cycle_id>/approve/", cycles.cycle_approve, name="cycle_approve"),
    path("360/<int:cycle_id>/manage/", cycles.cycle_manage, name="cycle_manage"),
    path("360/<int:cycle_id>/self-rating/", rater.self_rating, name="self_rating"),
    path("360/<int:cycle_id>/report/", cycles.cycle_report, name="cycle_report"),
    path("360/<int:cycle_id>/report/print/", cycles.cycle_report_print, name="cycle_report_print"),
    path("feedback/<int:nomination_id>/", rater.rater_form, name="rater_form"),
    path("admin/<str:code>/", cycles.cycle_admin_list, name="cycle_admin_list"),
    path("admin/<str:code>/cohort/", cycles.cohort_new, name="cohort_new"),
    path("organisation/", organisation.org_heatmap, name="org_heatmap"),
    path("organisation/heatmap.csv", organisation.org_heatmap_csv, name="org_heatmap_csv"),
    path("organisation/coverage.csv", organisation.org_coverage_csv, name="org_coverage_csv"),
    path("practice/", practice.practice_list, name="practice_list"),
    path("practice/new/", practice.practice_new, name="practice_new"),
    path("practice/compare/", practice.practice_compare, name="practice_compare"),
    path("practice/<int:assessment_id>/", practice.practice_detail, name="practice_detail"),
    path(
        "practice/<int:assessment_id>/panel/",
        practice.practice_member_add,
        name="practice_member_add",
    ),
    path(
        "practice/<int:assessment_id>/panel/<int:member_id>/",
        practice.practice_scores,
        name="practice_scores",
    ),
    path(
        "practice/<int:assessment_id>/complete/",
        practice.practice_complete,
        name="practice_complete",
    ),
]
