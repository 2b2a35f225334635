"""Verification: e-certificates anyone can check, and evidence for licence renewal and academic standing.

A certificate is a plain row issued once per achievement (a completed course, a level reached in a
test), carrying a random verification code and an Ed25519 signature over its canonical content. Its PDF
is rendered in the background with WeasyPrint. The evidence pages show the figures of ``lms.records``.
"""
