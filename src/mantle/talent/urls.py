from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.my_talent, name="my_talent"),
    path("settings/", views.settings_edit, name="settings"),
    path("conversations/", views.conversation_list, name="conversation_list"),
    path("conversations/new/", views.conversation_create, name="conversation_create"),
    path("conversations/summary/", views.conversation_summary, name="conversation_summary"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation_detail"),
    path("conversations/<int:pk>/edit/", views.conversation_edit, name="conversation_edit"),
    path(
        "conversations/<int:pk>/actions/",
        views.conversation_action_add,
        name="conversation_action_add",
    ),
    path("conversations/<int:pk>/agree/", views.conversation_agree, name="conversation_agree"),
    path(
        "conversation-actions/<int:pk>/done/",
        views.conversation_action_complete,
        name="conversation_action_complete",
    ),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/new/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/propose/", views.review_propose, name="review_propose"),
    path("reviews/<int:pk>/calibration/", views.review_calibration, name="review_calibration"),
    path("reviews/<int:pk>/move/", views.review_move, name="review_move"),
    path("reviews/<int:pk>/start/", views.review_start, name="review_start"),
    path("reviews/<int:pk>/lock/", views.review_lock, name="review_lock"),
    path("reviews/<int:pk>/results/", views.review_results, name="review_results"),
    path("reviews/<int:pk>/export.csv", views.review_export, name="review_export"),
    path("pools/", views.pool_list, name="pool_list"),
    path("pools/new/", views.pool_create, name="pool_create"),
    path("pools/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("pools/<int:pk>/nominate/", views.pool_nominate, name="pool_nominate"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("memberships/<int:pk>/consent/", views.membership_consent, name="membership_consent"),
    path("succession/", views.succession_dashboard, name="succession_dashboard"),
    path("succession/export.csv", views.succession_csv, name="succession_csv"),
    path("succession/posts/", views.critical_posts, name="critical_posts"),
    path("succession/plans/", views.plan_list, name="plan_list"),
    path("succession/plans/new/", views.plan_create, name="plan_create"),
    path("succession/plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("succession/plans/<int:pk>/update/", views.plan_update, name="plan_update"),
    path("succession/plans/<int:pk>/candidates/", views.candidate_add, name="candidate_add"),
    path("succession/candidates/<int:pk>/", views.candidate_update, name="candidate_update"),
    path(
        "succession/candidates/<int:pk>/actions/",
        views.candidate_action_add,
        name="candidate_action_add",
    ),
    path(
        "succession/actions/<int:pk>/done/",
        views.candidate_action_complete,
        name="candidate_action_complete",
    ),
]
