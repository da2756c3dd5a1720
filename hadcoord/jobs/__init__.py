"""Reminder jobs run by `hadcoord scheduler` (APScheduler 3.x, its own process)."""
