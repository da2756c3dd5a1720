"""The settings of one `hadcoord` invocation: read once, kept on the root click context.

``main(obj=settings)`` (and ``CliRunner.invoke(main, args, obj=settings)`` in tests) hands them
in; otherwise they are read from the config file (``$HADCOORD_CONFIG``) on first use, so
``--help`` works even with a broken config file. Their ``[jobs].timezone`` sets the clock's zone
then, before a command reads the day.
"""

from __future__ import annotations

import click

from hadcoord import clock
from hadcoord.config import Settings, load_settings
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.options import CoverageEngine
from hadcoord.geo import CommuneReference, default_reference
from hadcoord.planning import Protocol

CONFIGURED = "hadcoord.settings"  # key of the root context's meta: the settings in use


def settings() -> Settings:
    """The settings of the running command."""
    root = click.get_current_context().find_root()
    if not isinstance(root.meta.get(CONFIGURED), Settings):
        if not isinstance(root.obj, Settings):
            root.obj = load_settings()
        clock.configure(root.obj.jobs.timezone)
        root.meta[CONFIGURED] = root.obj
    settings: Settings = root.meta[CONFIGURED]
    return settings


def reference() -> CommuneReference:
    """The commune reference of ``[reference]``."""
    return default_reference(settings().reference)


def engine() -> CoverageEngine:
    """The coverage engine of ``[reference]``, ``[coverage]`` and ``[geo]``."""
    return default_engine(settings())


def protocol() -> Protocol:
    """The planner's protocol of ``[protocol]``."""
    # Imported here: the services bring SQLAlchemy, which `match` and `communes` never need.
    from hadcoord.services.calendars import protocol_of  # noqa: PLC0415

    return protocol_of(settings().protocol)
