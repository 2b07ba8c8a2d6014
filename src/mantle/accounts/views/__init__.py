"""Account pages: sign-in and sign-out (``auth``), two-step verification (``mfa``) and user and role
administration for HR/OD administrators (``users``)."""
