"""What every app's tests share: model factories, the pytest plugin (clients, accounts, a
prepared workshop, a clock), the browser fixtures, socket helpers and whole-workshop scenarios.

Tests import from here, never from another app's tests package (an import-linter contract).
"""
