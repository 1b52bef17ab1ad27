"""Proposals from collectivités: the embedded form, its receipts and INET's back office."""
