"""Publication: an agreement's parties agree to show what it delivered on the public pages."""
