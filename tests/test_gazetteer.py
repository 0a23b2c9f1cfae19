"""The places gazetteer: French names → country, coordinates, GeoNames id, offline.

The index is built once for the module in a temporary cache folder (~10 s), then
reloaded from that cache to check that the second load neither rebuilds nor
takes long.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kibaru.places import Gazetteer, Place, cache
from kibaru.places.index import Index
from kibaru.places.names import name_key, readings


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kibaru-cache")


@pytest.fixture(scope="module")
def gazetteer(cache_folder: Path) -> Gazetteer:
    return Gazetteer(cache_dir=cache_folder)


def country_of(gazetteer: Gazetteer, name: str, **kwargs: object) -> str | None:
    place = gazetteer.lookup(name, **kwargs)  # type: ignore[arg-type]
    assert place is not None, f"{name!r} not found"
    return place.country


# --- the contract's example ---------------------------------------------------

def test_bamako(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Bamako")
    assert place is not None
    assert (place.name, place.country, place.geonameid, place.feature) == ("Bamako", "MLI", 2460596, "city")
    assert place.lat == pytest.approx(12.65, abs=0.1) and place.lon == pytest.approx(-8.0, abs=0.1)
    assert place.to_dict().keys() == {"name", "country", "geonameid", "lat", "lon"}


def test_place_round_trips() -> None:
    place = Place("Gao", "MLI", 2457163, 16.27, -0.04, "city", 133110)
    assert Place.from_dict({**place.to_dict(), "feature": "city", "population": 133110}) == place


# --- spelling -------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Tillabéri", "Tillaberi", "TILLABERI", "tillabéri"])
def test_accents_and_case_do_not_matter(gazetteer: Gazetteer, name: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.country == "NER" and place.name == "Tillabéri"


@pytest.mark.parametrize("name", ["N'Djaména", "N’Djamena", "Ndjamena", "NDjamena"])
def test_ndjamena_spellings(gazetteer: Gazetteer, name: str) -> None:
    assert country_of(gazetteer, name) == "TCD"


@pytest.mark.parametrize("name", ["à Gao", "la Mauritanie", "l'Azawad", "au Mali", "dans la région de Mopti"])
def test_leading_articles_and_prepositions(gazetteer: Gazetteer, name: str) -> None:
    assert country_of(gazetteer, name) in {"MLI", "MRT"}


def test_head_noun_asks_for_a_region(gazetteer: Gazetteer) -> None:
    town, region = gazetteer.lookup("Tahoua"), gazetteer.lookup("région de Tahoua")
    assert town is not None and town.feature == "city" and town.country == "NER"
    assert region is not None and region.feature == "region" and region.country == "NER"
    soum = gazetteer.lookup("province du Soum")
    assert soum is not None and (soum.name, soum.country, soum.feature) == ("Soum", "BFA", "region")


def test_qualified_names(gazetteer: Gazetteer) -> None:
    wimbledon = gazetteer.lookup("Wimbledon, Londres")
    assert wimbledon is not None and (wimbledon.name, wimbledon.country) == ("Wimbledon", "GBR")
    assert country_of(gazetteer, "Kaya (Burkina Faso)") == "BFA"


def test_exonyms_keep_the_french_spelling(gazetteer: Gazetteer) -> None:
    moscou = gazetteer.lookup("Moscou")
    assert moscou is not None and (moscou.name, moscou.country) == ("Moscou", "RUS")
    assert gazetteer.lookup("Tombouctou").name == "Tombouctou"  # type: ignore[union-attr]


# --- the Sahel: curated towns, regions, areas -------------------------------------

@pytest.mark.parametrize(("name", "country"), [
    ("Ménaka", "MLI"), ("Menaka", "MLI"), ("Tessalit", "MLI"), ("Aguelhok", "MLI"), ("Anéfis", "MLI"),
    ("Boulkessi", "MLI"), ("Diafarabé", "MLI"), ("Djibo", "BFA"), ("Arbinda", "BFA"), ("Aribinda", "BFA"),
    ("Barsalogho", "BFA"), ("Seytenga", "BFA"), ("Fada N'Gourma", "BFA"), ("Inatès", "NER"), ("Inates", "NER"),
    ("Tongo Tongo", "NER"), ("Tongo-Tongo", "NER"), ("Bosso", "NER"), ("Borno", "NGA"),
    ("Extrême-Nord", "CMR"), ("Thiaroye", "SEN"), ("Casamance", "SEN"), ("Azawad", "MLI"),
    ("Centre du Mali", "MLI"), ("Lac Tchad", "TCD"), ("Ouaddaï", "TCD"),
])
def test_sahel_places(gazetteer: Gazetteer, name: str, country: str) -> None:
    assert country_of(gazetteer, name) == country


@pytest.mark.parametrize(("name", "country"), [
    ("Kosyam", "BFA"), ("palais de Kosyam", "BFA"), ("Koulouba", "MLI"), ("Etoudi", "CMR"), ("Étoudi", "CMR"),
    ("Sékhoutouréya", "GIN"), ("Bamako Coura", "MLI"), ("Parcelles Assainies", "SEN"), ("Mfou", "CMR"),
    ("Sèmè City", "BEN"), ("Komandjari", "BFA"), ("Drôme", "FRA"),
])
def test_seats_of_power_and_towns_missing_from_geonames(gazetteer: Gazetteer, name: str, country: str) -> None:
    """A palace stands for its capital's country ("reçu au palais de Kosyam");
    these towns and districts are not in GeoNames' cities lists."""
    assert country_of(gazetteer, name) == country


@pytest.mark.parametrize("name", ["Sahel", "Liptako-Gourma", "région des trois frontières"])
def test_areas_spanning_countries_have_no_country(gazetteer: Gazetteer, name: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and place.feature == "area" and place.country is None


def test_region_named_like_its_town_yields_to_the_town(gazetteer: Gazetteer) -> None:
    gao = gazetteer.lookup("Gao")
    assert gao is not None and (gao.country, gao.feature, gao.geonameid) == ("MLI", "city", 2457163)
    region = gazetteer.lookup("région de Gao")
    assert region is not None and region.feature == "region"


# --- countries --------------------------------------------------------------------

@pytest.mark.parametrize(("name", "iso3"), [
    ("Mali", "MLI"), ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Tchad", "TCD"),
    ("Niger", "NER"), ("Burkina Faso", "BFA"), ("Burkina", "BFA"), ("États-Unis", "USA"),
    ("Etats-Unis", "USA"), ("Russie", "RUS"), ("RDC", "COD"), ("République du Congo", "COG"),
    ("Afrique du Sud", "ZAF"), ("Égypte", "EGY"), ("Centrafrique", "CAF"), ("Royaume-Uni", "GBR"),
])
def test_french_country_names(gazetteer: Gazetteer, name: str, iso3: str) -> None:
    place = gazetteer.lookup(name)
    assert place is not None and (place.country, place.feature) == (iso3, "country")


def test_country_name_wins_over_hint(gazetteer: Gazetteer) -> None:
    # Nigeria has a Niger State, but "Niger" in an article about Nigeria is still the country
    assert gazetteer.lookup("Niger", country_hint="NGA").country == "NER"  # type: ignore[union-attr]
    state = gazetteer.lookup("État du Niger", country_hint="NGA")
    assert state is not None and (state.country, state.feature) == ("NGA", "region")


# --- ambiguity ----------------------------------------------------------------------

def test_focus_prior_resolves_ambiguous_names(gazetteer: Gazetteer) -> None:
    assert country_of(gazetteer, "Saint-Louis") == "SEN"
    assert country_of(gazetteer, "Kaya") == "BFA"
    assert country_of(gazetteer, "Paris") == "FRA"  # a world city beats the prior


def test_country_hint_resolves_ambiguous_names(gazetteer: Gazetteer) -> None:
    assert country_of(gazetteer, "Saint-Louis", country_hint="USA") == "USA"
    assert country_of(gazetteer, "Léré", country_hint="TCD") == "TCD"
    assert country_of(gazetteer, "Léré", country_hint="MLI") == "MLI"


def test_article_countries_resolve_ambiguous_names(gazetteer: Gazetteer) -> None:
    assert country_of(gazetteer, "Léré", countries_in_article=["TCD", "CMR"]) == "TCD"
    assert country_of(gazetteer, "Saint-Louis", countries_in_article=["FRA", "USA"]) == "USA"
    # ...but not to the point of moving Paris to Texas
    assert country_of(gazetteer, "Paris", countries_in_article=["USA"]) == "FRA"


def test_alternate_name_of_a_world_city_does_not_beat_the_prior(gazetteer: Gazetteer) -> None:
    # GeoNames lists "Kita" among Quito's names; in a Sahel paper Kita is in Mali
    assert country_of(gazetteer, "Kita") == "MLI"
    assert country_of(gazetteer, "Ottawa") == "CAN"  # the world city's own name still wins


def test_apostrophe_or_space(gazetteer: Gazetteer) -> None:
    assert country_of(gazetteer, "Birni N'Konni") == country_of(gazetteer, "Birni N Konni") == "NER"


def test_press_spelling_kept_when_it_has_accents(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Jérusalem").name == "Jérusalem"  # type: ignore[union-attr]
    assert gazetteer.lookup("Segou").name == "Ségou"  # type: ignore[union-attr]
    assert gazetteer.lookup("BAMAKO").name == "Bamako"  # type: ignore[union-attr]


def test_candidates_lists_every_reading(gazetteer: Gazetteer) -> None:
    countries = {p.country for p in gazetteer.candidates("Saint-Louis")}
    assert {"SEN", "USA", "FRA"} <= countries


def test_unknown_name(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Xyzzyville-sur-Plonk") is None
    assert gazetteer.lookup("") is None


# --- the cache ----------------------------------------------------------------------

def test_cache_is_built_once_and_reloaded(gazetteer: Gazetteer, cache_folder: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    files = list(cache_folder.glob("places-index-*.pickle.gz"))
    assert len(files) == 1 and files[0] == cache.cache_path(cache_folder)

    def no_rebuild(**_: object) -> Index:
        raise AssertionError("the cached index should have been loaded")

    monkeypatch.setattr(cache, "build_index", no_rebuild)
    started = time.perf_counter()
    again = Gazetteer(cache_dir=cache_folder)
    elapsed = time.perf_counter() - started
    assert again.lookup("Bamako") == gazetteer.lookup("Bamako")
    assert elapsed < 1.0, f"loading the cached index took {elapsed:.2f} s"


def test_cache_folder_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIBARU_CACHE_DIR", str(tmp_path / "k"))
    assert cache.cache_dir() == tmp_path / "k"
    monkeypatch.delenv("KIBARU_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "kibaru"


def test_unwritable_cache_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    tiny = Index(names=["Gao"], countries=["MLI"], features=["city"], keys={"gao": 0})
    tiny.geonameids.append(2457163)
    tiny.lats.append(16.27)
    tiny.lons.append(-0.04)
    tiny.populations.append(133110)
    tiny.weights.append(133110)
    monkeypatch.setattr(cache, "build_index", lambda **_: tiny)
    gazetteer = Gazetteer(cache_dir=blocker / "sub")
    assert gazetteer.lookup("à Gao").country == "MLI"  # type: ignore[union-attr]


def test_corrupt_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = cache.cache_path(tmp_path)
    path.write_bytes(b"not a gzip file")
    tiny = Index(names=["Gao"], countries=["MLI"], features=["city"], keys={"gao": 0})
    for column, value in (("geonameids", -1), ("lats", 16.27), ("lons", -0.04), ("populations", -1), ("weights", 0)):
        getattr(tiny, column).append(value)
    monkeypatch.setattr(cache, "build_index", lambda **_: tiny)
    assert Gazetteer(cache_dir=tmp_path).lookup("Gao").geonameid is None  # type: ignore[union-attr]
    assert cache.read(path) is not None  # the rebuilt index replaced the corrupt file


# --- name keys ------------------------------------------------------------------------

def test_name_keys() -> None:
    assert name_key("N'Djaména") == name_key("Ndjamena") == "ndjamena"
    assert name_key("Tongo-Tongo") == name_key("tongo  tongo")
    assert name_key("St-Louis") == name_key("Saint Louis")
    assert name_key("l'Azawad") == "l azawad"


def test_readings_strip_articles_and_heads() -> None:
    keys = [(r.key, r.feature) for r in readings("dans la région de Tillabéri")]
    assert keys[-1] == ("tillaberi", "region")
