"""Staff sign-in through an organisation's OpenID Connect provider (off unless configured)."""
