"""What a request uses from the settings the app was built with (``create_app(settings=…)``).

The core objects are cached by the values of their settings sections, so two apps built with
different settings in one process each get their own reference, engine and protocol.
"""

from __future__ import annotations

from hadcoord.config.maps import MapsSettings
from hadcoord.coverage.defaults import default_engine
from hadcoord.coverage.options import CoverageEngine
from hadcoord.geo import CommuneReference, default_reference
from hadcoord.planning import Protocol
from hadcoord.services.calendars import protocol_of
from hadcoord.web.db import app_settings


def reference() -> CommuneReference:
    """The commune reference of the app's ``[reference]``."""
    return default_reference(app_settings().reference)


def engine() -> CoverageEngine:
    """The coverage engine of the app's ``[reference]``, ``[coverage]`` and ``[geo]``."""
    return default_engine(app_settings())


def protocol() -> Protocol:
    """The planner's protocol of the app's ``[protocol]``."""
    return protocol_of(app_settings().protocol)


def map_options() -> MapsSettings:
    """How the app draws its maps (``[maps]``)."""
    return app_settings().maps
