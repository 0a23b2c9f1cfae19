"""The shipped actor dictionaries load, are well-formed and say what they should."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from kibaru.actors.data import (
    AGENTS,
    COUNTRY_CODE,
    ActorDataError,
    Country,
    Leader,
    Organisation,
    load_countries,
    load_leaders,
    load_organisations,
    load_roles,
    load_user_actors,
)
from kibaru.actors.fold import fold


def _country_forms() -> dict[str, set[str]]:
    """Folded name / demonym / capital -> the countries it points to."""
    forms: dict[str, set[str]] = defaultdict(set)
    for country in load_countries():
        for form in (country.name, *country.names, *country.demonyms, *country.capitals, *country.ambiguous):
            forms[fold(form)].add(country.iso3)
    return forms


def _country_of(form: str) -> str:
    (iso3,) = _country_forms()[fold(form)]
    return iso3


def _organisation(alias: str) -> Organisation:
    hits = [o for o in load_organisations() if alias in o.aliases]
    assert len(hits) == 1, (alias, [o.id for o in hits])
    return hits[0]


def _leader(name: str) -> Leader:
    (leader,) = [x for x in load_leaders() if x.name == name]
    return leader


# --- every file loads and is well-formed ------------------------------------------


def test_every_file_loads_with_the_expected_sizes():
    assert len(load_countries()) >= 250
    organisations = load_organisations()
    assert sum(o.kind == "organisation" for o in organisations) >= 150
    assert sum(o.kind == "armed_group" for o in organisations) >= 40
    assert len(load_roles()) >= 500
    assert len(load_leaders()) >= 150


def test_every_iso_3166_code_is_there():
    iso = {c.iso3 for c in load_countries()}
    for code in ("MLI", "BFA", "NER", "TCD", "CIV", "COD", "COG", "GNB", "PSE", "ESH", "ATA", "UMI", "SUN"):
        assert code in iso


def test_country_codes_are_iso3_or_igo():
    for country in load_countries():
        assert len(country.iso3) == 3 and country.iso3.isupper() and country.iso3.isalpha()
    for actor in (*load_organisations(), *load_leaders()):
        assert actor.country is None or COUNTRY_CODE.fullmatch(actor.country), actor


def test_agents_are_plover_sectors():
    for actor in (*load_organisations(), *load_leaders()):
        assert actor.agent in AGENTS, actor
    assert set(load_roles().values()) <= AGENTS


def test_igo_codes_of_the_guidelines_are_used():
    used = {o.country for o in load_organisations()}
    for code in ("UN", "UNSC", "MINUSMA", "MONUSCO", "UNHCR", "WHO", "AU", "ECOWAS", "UEMOA",
                 "EU", "NATO", "ICC", "G5SAHEL", "IMF", "WB", "SADC", "EAC", "OIF"):
        assert f"IGO:{code}" in used


def test_no_form_points_to_two_countries():
    collisions = {form: codes for form, codes in _country_forms().items() if len(codes) > 1}
    assert not collisions


def test_demonyms_are_lower_case_and_every_sovereign_state_has_some():
    for country in load_countries():
        assert all(d == d.lower() for d in country.demonyms), country.iso3
    for iso3 in ("MLI", "BFA", "NER", "SEN", "DZA", "MAR", "FRA", "RUS", "CHN", "USA", "BRA", "IND", "AUS"):
        assert next(c for c in load_countries() if c.iso3 == iso3).demonyms


def test_ids_and_leader_names_are_unique():
    ids = [o.id for o in load_organisations()]
    assert len(ids) == len(set(ids))
    names = [leader.name for leader in load_leaders()]
    assert len(names) == len(set(names))


def test_no_alias_points_to_two_organisations_or_leaders():
    owners: dict[str, set[str]] = defaultdict(set)
    for org in load_organisations():
        for alias in (org.name, *org.aliases):
            owners[fold(alias)].add(org.id)
    for leader in load_leaders():
        for alias in (leader.name, *leader.aliases):
            owners[fold(alias)].add(leader.id)
    assert not {alias: who for alias, who in owners.items() if len(who) > 1}


def test_ambiguous_forms_are_kept_out_of_aliases():
    for actor in (*load_organisations(), *load_leaders()):
        assert not set(actor.ambiguous) & set(actor.aliases), actor.name


def test_role_keys_are_lower_case():
    assert all(key == key.lower() and key.strip() == key for key in load_roles())


def test_records_are_frozen_and_serialisable():
    country = load_countries()[0]
    with pytest.raises(AttributeError):
        country.iso3 = "XXX"  # type: ignore[misc]
    assert Country(**{k: tuple(v) if isinstance(v, list) else v for k, v in country.to_dict().items()}) == country


# --- spot checks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "form, iso3",
    [
        ("russe", "RUS"), ("russes", "RUS"), ("maliennes", "MLI"), ("Moscou", "RUS"), ("Bamako", "MLI"),
        ("burkinabè", "BFA"), ("burkinabé", "BFA"), ("Ouagadougou", "BFA"), ("nigérien", "NER"),
        ("nigérianes", "NGA"), ("ivoiriennes", "CIV"), ("Cote d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV"),
        ("RDC", "COD"), ("République démocratique du Congo", "COD"), ("Congo-Brazzaville", "COG"),
        ("Etats-Unis", "USA"), ("États-Unis", "USA"), ("américaines", "USA"), ("Washington", "USA"),
        ("Grande-Bretagne", "GBR"), ("Royaume-Uni", "GBR"), ("Londres", "GBR"), ("françaises", "FRA"),
        ("Paris", "FRA"), ("chinoise", "CHN"), ("Pékin", "CHN"), ("Beijing", "CHN"),
        ("sénégalaise", "SEN"), ("N'Djamena", "TCD"), ("Niamey", "NER"), ("Abuja", "NGA"),
        ("Alger", "DZA"), ("Rabat", "MAR"), ("Kinshasa", "COD"), ("guinéen", "GIN"),
        ("bissau-guinéen", "GNB"), ("équato-guinéen", "GNQ"), ("Allemagne", "DEU"), ("Égypte", "EGY"),
        ("Egypte", "EGY"), ("sud-africain", "ZAF"), ("URSS", "SUN"), ("soviétique", "SUN"),
        ("Haute-Volta", "HVO"), ("Centrafrique", "CAF"), ("Birmanie", "MMR"), ("Myanmar", "MMR"),
    ],
)
def test_country_forms(form, iso3):
    assert _country_of(form) == iso3


@pytest.mark.parametrize(
    "alias, country, agent, kind",
    [
        ("Barkhane", "FRA", "MIL", "organisation"),
        ("Serval", "FRA", "MIL", "organisation"),
        ("Takuba", "IGO:EU", "MIL", "organisation"),
        ("EUTM Mali", "IGO:EU", "MIL", "organisation"),
        ("MINUSMA", "IGO:MINUSMA", "IGO", "organisation"),
        ("ONU", "IGO:UN", "IGO", "organisation"),
        ("Conseil de sécurité", "IGO:UNSC", "IGO", "organisation"),
        ("CEDEAO", "IGO:ECOWAS", "IGO", "organisation"),
        ("Union africaine", "IGO:AU", "IGO", "organisation"),
        ("CPI", "IGO:ICC", "JUD", "organisation"),
        ("AES", "IGO:AES", "IGO", "organisation"),
        ("Famas", "MLI", "MIL", "organisation"),
        ("VDP", "BFA", "MIL", "organisation"),
        ("Kremlin", "RUS", "GOV", "organisation"),
        ("Élysée", "FRA", "GOV", "organisation"),
        ("Assemblée nationale", None, "LEG", "organisation"),
        ("Human Rights Watch", None, "CVL", "organisation"),
        ("RFI", "FRA", "JRN", "organisation"),
        ("JNIM", None, "REB", "armed_group"),
        ("GSIM", None, "REB", "armed_group"),
        ("Boko Haram", "NGA", "REB", "armed_group"),
        ("groupe Wagner", "RUS", "MIL", "armed_group"),
        ("M23", "COD", "REB", "armed_group"),
        ("FACT", "TCD", "REB", "armed_group"),
        ("État islamique", None, "REB", "armed_group"),
    ],
)
def test_organisations(alias, country, agent, kind):
    org = _organisation(alias)
    assert (org.country, org.agent, org.kind) == (country, agent, kind)


@pytest.mark.parametrize(
    "noun, agent",
    [
        ("ministre", "GOV"), ("ministres", "GOV"), ("premier ministre", "GOV"), ("présidente", "GOV"),
        ("autorités", "GOV"), ("ambassadrice", "GOV"), ("diplomate", "GOV"), ("soldats", "MIL"),
        ("armée", "MIL"), ("casques bleus", "MIL"), ("gendarmes", "COP"), ("police", "COP"),
        ("procureur", "JUD"), ("députés", "LEG"), ("opposants", "OPP"), ("partis", "PTY"),
        ("manifestants", "CVL"), ("société civile", "CVL"), ("société", "BUS"), ("étudiants", "EDU"),
        ("syndicats", "LAB"), ("djihadistes", "REB"), ("terroristes", "REB"), ("hommes armés", "UAF"),
        ("assaillants", "UAF"), ("journaliste", "JRN"), ("imam", "REL"), ("médecins", "MED"),
        ("réfugiés", "REF"), ("services de renseignement", "SPY"), ("bandits", "CRM"), ("civils", "CVL"),
    ],
)
def test_roles(noun, agent):
    assert load_roles()[noun] == agent


@pytest.mark.parametrize(
    "name, country, agent, alias",
    [
        ("Sadio Camara", "MLI", "GOV", "colonel Sadio Camara"),
        ("Assimi Goïta", "MLI", "GOV", "Assimi Goita"),
        ("Abdoulaye Diop", "MLI", "GOV", None),
        ("Igor Gromyko", "RUS", "GOV", "Igor Anatolievich Gromyko"),
        ("Sergueï Lavrov", "RUS", "GOV", "Sergei Lavrov"),
        ("Vladimir Poutine", "RUS", "GOV", "Poutine"),
        ("Iyad Ag Ghaly", "MLI", "REB", "Iyad ag Ghaly"),
        ("Antonio Guterres", "IGO:UN", "IGO", "Guterres"),
        ("Moussa Faki Mahamat", "IGO:AU", "IGO", "Moussa Faki"),
        ("Evgueni Prigojine", "RUS", "MIL", "Prigojine"),
        ("Ibrahim Traoré", "BFA", "GOV", "capitaine Ibrahim Traoré"),
        ("Abdourahamane Tiani", "NER", "GOV", "Tchiani"),
    ],
)
def test_leaders(name, country, agent, alias):
    leader = _leader(name)
    assert (leader.country, leader.agent) == (country, agent)
    assert alias is None or alias in leader.aliases
    assert leader.name in leader.aliases


def test_leader_id_is_the_contract_slug():
    assert _leader("Sadio Camara").id == "sadio-camara"
    assert _leader("Assimi Goïta").id == "assimi-goita"


# --- user files ------------------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_actors.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_extends_the_data(tmp_path):
    user = load_user_actors(_write(tmp_path, """
countries:
  - iso3: XSL
    name: Somaliland
    names: [Somaliland]
    demonyms: [somalilandais]
    capitals: [Hargeisa]
organisations:
  - id: cdr
    name: Coordination des défenseurs de la République
    country: MLI
    agent: CVL
    aliases: [CDR]
armed_groups:
  - id: katiba-serma
    name: Katiba Serma
    country: MLI
    agent: REB
leaders:
  - name: Jean Dupont
    country: "IGO:UN"
    agent: IGO
    roles: [envoyé spécial]
roles:
  Griot: CVL
"""))
    assert user.countries[0].iso3 == "XSL" and user.countries[0].capitals == ("Hargeisa",)
    assert [(o.id, o.kind) for o in user.organisations] == [("cdr", "organisation"), ("katiba-serma", "armed_group")]
    assert user.leaders[0].country == "IGO:UN" and user.leaders[0].id == "jean-dupont"
    assert user.roles == {"griot": "CVL"}
    assert "XSL" not in {c.iso3 for c in load_countries()}  # the shipped lists are untouched


def test_an_empty_user_file_is_fine(tmp_path):
    user = load_user_actors(_write(tmp_path, "# nothing yet\n"))
    assert (user.countries, user.organisations, user.leaders, dict(user.roles)) == ((), (), (), {})


@pytest.mark.parametrize(
    "text, message",
    [
        ("leaders:\n  - name: Jean Dupont\n    country: FRA\n    agent: GOVT\n",
         "leaders[0] (Jean Dupont): unknown agent 'GOVT'; valid codes: BUS COP"),
        ("organisations:\n  - id: x\n    name: X\n    country: Mali\n    agent: GOV\n",
         "organisations[0] (x): malformed country code 'Mali'"),
        ("countries:\n  - iso3: mli\n    name: Mali\n", "countries[0] (mli): malformed iso3 'mli'"),
        ("countries:\n  - iso3: NOR\n    name: Norvège\n    names: [no]\n", "bad item(s) [False] (quote them"),
        ("roles:\n  ministre: MINISTER\n", "roles['ministre']: unknown agent 'MINISTER'"),
        ("leaders:\n  - name: X\n    agent: GOV\n    party: Y\n", "leaders[0] (X): unknown field(s) party"),
        ("people:\n  - name: X\n", "unknown section(s) people; valid sections: countries"),
        ("leaders:\n  - Jean Dupont\n", "leaders[0]: expected a mapping"),
        ("leaders: [\n", "not valid YAML"),
        ("organisations:\n  - name: Kosyam\n    country: BFA\n    agent: GOV\n    seat: oui\n",
         "organisations[0]: 'seat' must be true or false, got 'oui'"),
    ],
)
def test_a_bad_entry_gives_a_clear_error(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ActorDataError) as info:
        load_user_actors(path)
    assert isinstance(info.value, ValueError)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_a_missing_user_file_names_the_file(tmp_path):
    with pytest.raises(ActorDataError, match="nope.yaml: cannot read the file"):
        load_user_actors(tmp_path / "nope.yaml")


def test_seats_of_power_are_marked_and_placed():
    # a seat of power is an actor when it acts and a place after a preposition:
    # each one marked must be a place the gazetteer knows in its country
    from kibaru.places.gazetteer import Gazetteer

    seats = [o for o in load_organisations() if o.seat]
    assert {"kosyam", "koulouba", "etoudi", "elysee", "kremlin"} <= {o.id for o in seats}
    gazetteer = Gazetteer()
    for seat in seats:
        resolution = gazetteer.resolve(seat.name)
        assert resolution is not None and resolution.place.country == seat.country, seat.name
