"""FHIR R4 resources built from hadcoord's domain objects (pure builders: no Flask)."""
