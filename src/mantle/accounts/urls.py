from django.urls import path

from .oidc import SignInCallbackView, SignInStartView
from .views import auth, mfa, users

app_name = "accounts"

urlpatterns = [
    path("sign-in/", auth.SignInView.as_view(), name="sign_in"),
    # Under sign-in/ so they are public (and rate-limited with it); the callback is the redirect URI to
    # register with the identity provider.
    path("sign-in/sso/", SignInStartView.as_view(), name="oidc_start"),
    path("sign-in/sso/callback/", SignInCallbackView.as_view(), name="oidc_callback"),
    path("sign-out/", auth.sign_out, name="sign_out"),
    path("password-reset/", auth.password_reset, name="password_reset"),
    path("password-reset/sent/", auth.password_reset_done, name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth.password_reset_confirm, name="password_reset_confirm"),
    path("reset/done/", auth.password_reset_complete, name="password_reset_complete"),
    path("password/", auth.password_change, name="password_change"),
    path("mfa/setup/", mfa.two_step_setup, name="two_step_setup"),
    path("mfa/verify/", mfa.two_step_verify_view, name="two_step_verify"),
    path("mfa/recovery-codes/", mfa.recovery_codes, name="recovery_codes"),
    path("users/", users.user_list, name="users"),
    path("users/invite/", users.user_invite, name="user_invite"),
    path("users/groups/", users.group_mappings, name="group_mappings"),
    path("users/<int:user_id>/", users.user_detail, name="user_detail"),
    path("users/<int:user_id>/roles/add/", users.role_grant, name="role_grant"),
    path("users/<int:user_id>/link/", users.person_link, name="person_link"),
    path("users/<int:user_id>/invitation/", users.invitation_resend, name="invitation_resend"),
    path("users/<int:user_id>/<slug:change>/", users.user_change, name="user_change"),
    path("", auth.account, name="account"),
]
