"""Alerts without an account: « Prévenez-moi à l'ouverture du prochain appel » (double opt-in, outbox, purge)."""
