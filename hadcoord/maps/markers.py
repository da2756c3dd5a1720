"""Markers of the maps: HAD main sites (popup with what the ARS needs) and hospitals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

import folium

from hadcoord.maps.elements import Bind
from hadcoord.maps.html import render_html
from hadcoord.maps.model import Place, Site

TOOLTIP = {"className": "hc-tooltip", "direction": "top", "offset": [0, -8]}


def site_icon(site: Site, *, below: bool = False) -> folium.DivIcon:
    """A badge « HAD »: filled when authorised for chemotherapy at home, hollow otherwise.

    Centred on its point, or just ``below`` it when the point itself is marked.
    """
    state = "" if site.authorised else " hc-no"
    # What a screen reader announces for the marker (a button), not just « HAD ».
    spoken = (f"{escape(site.name)}, "
              f"{'autorisée' if site.authorised else 'non autorisée'} à la chimiothérapie")
    return folium.DivIcon(html=f'<span class="hc-site{state}">HAD</span>'
                               f'<span class="hc-sr">{spoken}</span>',
                          icon_size=(34, 18), icon_anchor=(17, -6 if below else 9),
                          class_name="hc-icon")


def add_sites(fmap: folium.Map, sites: Iterable[Site], distances: Mapping[str, float],
              name: str = "Sites principaux des HAD", *,
              below: bool = False) -> folium.FeatureGroup:
    """One marker per site, with its popup (and road distance when given)."""
    group = folium.FeatureGroup(name=name)
    for site in sites:
        marker = folium.Marker([site.lat, site.lon], icon=site_icon(site, below=below))
        Bind("popup", render_html("site_popup.html", site=site,
                                  distance_km=distances.get(site.id)),
             {"maxWidth": 340}).add_to(marker)
        label = "autorisée" if site.authorised else "non autorisée"
        Bind("tooltip", f"{escape(site.name)} ({label})", TOOLTIP).add_to(marker)
        marker.add_to(group)
    group.add_to(fmap)
    return group


def add_place(fmap: folium.Map, place: Place, name: str) -> None:
    """A round dot on ``place`` with its name as tooltip (its own layer ``name``)."""
    group = folium.FeatureGroup(name=name)
    marker = folium.Marker([place.lat, place.lon], icon=folium.DivIcon(
        html=f'<span class="hc-commune"></span><span class="hc-sr">{escape(name)} : '
             f'{escape(place.name)} ({escape(place.commune_code)})</span>',
        icon_size=(14, 14), icon_anchor=(7, 7),
        class_name="hc-icon"))
    text = f"{escape(place.name)} ({escape(place.commune_code)})"
    Bind("tooltip", text, TOOLTIP).add_to(marker)
    # Enter on the focused marker opens it, as a click does (the tooltip shows on hover only).
    Bind("popup", f"<strong>{escape(name)}</strong><br>{text}", {"maxWidth": 340}).add_to(marker)
    marker.add_to(group)
    group.add_to(fmap)


def add_hospitals(fmap: folium.Map, hospitals: Iterable[Place],
                  name: str = "Hôpitaux de premier recours",
                  distance_km: float | None = None, note: str = "") -> folium.FeatureGroup:
    """First-recourse hospitals (emergency departments) as red crosses.

    ``note`` is said in each popup (e.g. that the list stops at the studied area).
    The cross sits just above and right of its point, so that an HAD badge on the same commune
    (most HADs are in a hospital town) stays readable.
    """
    group = folium.FeatureGroup(name=name)
    for hospital in hospitals:
        spoken = f"Hôpital de premier recours : {escape(hospital.name)}"
        marker = folium.Marker([hospital.lat, hospital.lon], icon=folium.DivIcon(
            html=f'<span class="hc-hospital" aria-hidden="true">+</span>'
                 f'<span class="hc-sr">{spoken}</span>',
            icon_size=(17, 17), icon_anchor=(-6, 22), class_name="hc-icon"))
        text = f"{escape(hospital.name)} — {escape(hospital.commune_name)}"
        if distance_km is not None:
            text += f" (≈ {distance_km:.0f} km par la route)"
        Bind("tooltip", text, TOOLTIP).add_to(marker)
        # Enter on the focused marker opens the same text, as a click does.
        extra = f"<br><em>{escape(note)}</em>" if note else ""
        Bind("popup", f"<strong>{spoken}</strong><br>{text}{extra}",
             {"maxWidth": 340}).add_to(marker)
        marker.add_to(group)
    group.add_to(fmap)
    return group
