"""Security tests (`pytest -m security`): every test here is marked `security` and `db`
(tests/conftest.py).

They use the web fixtures of tests/support/web.py (a migrated database per test, one account
per role, logged-in clients) and the daily-check fixtures of tests/support/checks.py.
"""
