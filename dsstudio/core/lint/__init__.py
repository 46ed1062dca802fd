"""Lint as you type: ruff run on a buffer through stdin, its findings as plain data (no Qt)."""
