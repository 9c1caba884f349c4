"""The one loader for data files: conflict profiles, lexicons, the status policy and region tables.

Built-ins ship in `contested/data/` and load the same way a user's own file does (pass a path).

>>> profile = load_profile()
>>> profile.side_of("Russian troops")
'RU'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from contested.errors import ConfigError

DEFAULT_PROFILE = "profile-ru-ua.yaml"
DEFAULT_LEXICON = "lexicon-en.yaml"
DEFAULT_POLICY = "policy.yaml"
DEFAULT_REGIONS = "regions.tsv"


def data_path(name: str) -> Path:
    """Path of a built-in data file."""
    return Path(str(resources.files("contested") / "data" / name))


def _read_yaml(path: str | Path | None, default: str) -> dict[str, Any]:
    target = Path(path) if path else data_path(default)
    try:
        data = yaml.safe_load(target.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read {target}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{target}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class Actor:
    """A named speaker or force in a conflict profile."""

    name: str
    kind: str
    side: str


@dataclass
class Profile:
    """Sides of a conflict and the names that belong to each, matched as whole words."""

    name: str
    sides: dict[str, dict[str, Any]]
    countries: list[str]
    enemy_words: list[str]
    area_of_interest: list[list[float]] = field(default_factory=list)
    _names: list[tuple[re.Pattern[str], Actor | None, str]] = field(default_factory=list, repr=False)
    _span_cache: dict[str, list[tuple[int, int, Actor]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        entries: list[tuple[str, Actor | None, str]] = []
        for side, spec in self.sides.items():
            for actor in spec.get("actors", []):
                act = Actor(actor["name"], actor.get("kind", "unnamed"), side)
                for alias in [actor["name"], *actor.get("aliases", [])]:
                    entries.append((alias, act, side))
            for demonym in spec.get("demonyms", []):
                entries.append((demonym, None, side))
        # Longest names first so "Russian Ministry of Defence" wins over "Russian".
        entries.sort(key=lambda e: -len(e[0]))
        self._names = [(_word_pattern(alias), actor, side) for alias, actor, side in entries]
        self._nationals = {side: [_word_pattern(w) for w in [*spec.get("demonyms", []), spec.get("label", "")] if w]
                           for side, spec in self.sides.items()}

    def find_actor(self, text: str) -> tuple[Actor | None, str | None, tuple[int, int] | None]:
        """The longest profile name in `text`: (actor or None for a demonym, side, span)."""
        best: tuple[Actor | None, str | None, tuple[int, int] | None] = (None, None, None)
        best_len = 0
        for pattern, actor, side in self._names:
            m = pattern.search(text)
            if m and (m.end() - m.start()) > best_len:
                best, best_len = (actor, side, m.span()), m.end() - m.start()
        found_actor, found_side, span = best
        if found_actor is not None and span is not None:
            # "Russia's General Staff": the nationality in the phrase wins over a bare alias of the other side (#7)
            alias = text[span[0]:span[1]]
            if not any(p.search(alias) for p in self._nationals.get(found_side or "", [])):
                for other, patterns in self._nationals.items():
                    hit = next((m for p in patterns if other != found_side and (m := p.search(text))), None)
                    if hit is not None:
                        return None, other, hit.span()
        return best

    def actor_spans(self, text: str) -> list[tuple[int, int, Actor]]:
        """Every organisation or person name in `text` (not bare demonyms)."""
        cached = self._span_cache.get(text)
        if cached is not None:
            return cached
        if len(self._span_cache) > 4096:
            self._span_cache.clear()
        spans: list[tuple[int, int, Actor]] = []
        for pattern, actor, _side in self._names:
            if actor is None:
                continue
            spans.extend((m.start(), m.end(), actor) for m in pattern.finditer(text))
        self._span_cache[text] = spans
        return spans

    def side_of(self, text: str) -> str | None:
        return self.find_actor(text)[1]

    def opponent(self, side: str | None) -> str | None:
        """The single opposing side, where the profile names exactly one."""
        if side is None or side not in self.sides:
            return None
        opponents = self.sides[side].get("opponents", [])
        return opponents[0] if len(opponents) == 1 else None

    def is_enemy_word(self, text: str) -> bool:
        low = text.lower()
        return any(re.search(rf"\b{re.escape(w)}\b", low) for w in self.enemy_words)


def _word_pattern(alias: str) -> re.Pattern[str]:
    # "Ukrainian-made missiles" and "Russian-led forces" name a side; "pro-Russian" is an alias of its own.
    return re.compile(rf"(?<![\w-]){re.escape(alias)}(?!\w)", re.IGNORECASE)


def profile_text(path: str | None = None) -> tuple[str, str]:
    """A profile file's (path, text), the built-in one by default: what a ledger records of it."""
    target = Path(path) if path else data_path(DEFAULT_PROFILE)
    try:
        return str(target), target.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {target}: {exc}") from exc


@lru_cache(maxsize=8)
def load_profile(path: str | None = None) -> Profile:
    """Load a conflict profile (YAML); the Russia-Ukraine profile by default."""
    return profile_from_text(*profile_text(path))


@lru_cache(maxsize=8)
def profile_from_text(where: str, text: str) -> Profile:
    """A conflict profile from its YAML text (as a ledger records it); `where` names it in errors."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"cannot read {where}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping at the top level")
    if not isinstance(data.get("sides"), dict) or not data["sides"]:
        raise ConfigError(f"{where}: a profile needs a non-empty `sides` mapping")
    for side, spec in data["sides"].items():
        _check_side(spec, where, f"sides.{side}")
    return Profile(
        name=str(data.get("name", "unnamed profile")),
        sides=data["sides"],
        countries=_strings(data.get("countries"), where, "countries"),
        enemy_words=_strings(data.get("enemy_words"), where, "enemy_words"),
        area_of_interest=_boxes(data.get("area_of_interest", []), where),
    )


def _strings(value: Any, file: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{file}: `{key}` must be a list of names, not {value!r}")
    return value


def _check_side(spec: Any, file: str, key: str) -> None:
    """A side's entry: a mapping with lists of names, and actors that each have a name (as the default profile)."""
    if not isinstance(spec, dict):
        raise ConfigError(f"{file}: `{key}` must be a mapping with `label`, `demonyms` and `actors`")
    for part in ("demonyms", "opponents"):
        _strings(spec.get(part), file, f"{key}.{part}")
    actors = spec.get("actors") or []
    if not isinstance(actors, list):
        raise ConfigError(f"{file}: `{key}.actors` must be a list")
    for n, actor in enumerate(actors):
        at = f"{key}.actors[{n}]"
        if not isinstance(actor, dict) or not isinstance(actor.get("name"), str) or not actor["name"].strip():
            raise ConfigError(f"{file}: `{at}` needs a `name`")
        if not isinstance(actor.get("kind", "unnamed"), str):
            raise ConfigError(f"{file}: `{at}.kind` must be a word such as military or person")
        _strings(actor.get("aliases"), file, f"{at}.aliases")


def _boxes(value: Any, where: str = "profile") -> list[list[float]]:
    boxes = []
    for box in value or []:
        if not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, int | float) for v in box)):
            raise ConfigError(f"{where}: `area_of_interest`: expected [west, south, east, north], got {box!r}")
        boxes.append([float(v) for v in box])
    return boxes


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> dict[str, Any]:
    """Load a language lexicon (reporting verbs, event triggers, hedges, place context)."""
    data = _read_yaml(path, DEFAULT_LEXICON)
    for key in ("reporting_verbs", "events", "hedge_words"):
        if key not in data:
            raise ConfigError(f"lexicon lacks `{key}`")
    return data


@lru_cache(maxsize=8)
def load_policy(path: str | None = None) -> dict[str, Any]:
    """Load the status policy weights (see `contested/data/policy.yaml`).

    A user's policy must give every key the built-in one has, with a value of the same kind: one clear error
    names the file and the key, rather than a KeyError deep in the rules.
    """
    policy = _read_yaml(path, DEFAULT_POLICY)
    if path:
        _check_like(policy, _read_yaml(None, DEFAULT_POLICY), str(path), "")
    roundup = policy.get("roundup")
    if isinstance(roundup, bool) or not isinstance(roundup, int) or roundup < 1:
        raise ConfigError(f"{path or data_path(DEFAULT_POLICY)}: `roundup` must be a whole number of places, at least "
                          f"1, not {roundup!r}")
    support_rules(policy, str(path or data_path(DEFAULT_POLICY)))
    return policy


SUPPORTS = ("agent", "opponent", "incursion", "fighting", "nothing")
STANCES = ("asserts", "denies", "any")


@dataclass(frozen=True)
class Rule:
    """One row of the policy's `support` table."""

    name: str
    stance: str
    events: tuple[str, ...]
    supports: str
    factor: float = 1.0
    relations: tuple[str, ...] = ()  # only claims naming the place with one of these words ("from", "toward")
    triggers: tuple[str, ...] = ()  # only claims whose trigger starts so ("counter": "counterattacked")

    def matches(self, stance: str, event: str, relation: str | None = None, trigger: str | None = None) -> bool:
        if self.relations and (relation or "").lower() not in self.relations:
            return False
        if self.triggers and not (trigger or "").lower().startswith(self.triggers):
            return False
        return self.stance in ("any", stance) and event in self.events

    def side(self, agent: str | None, profile: Profile) -> str | None:
        """The side (or "fighting", "incursion:S") a matching claim supports; None when it names no side."""
        if self.supports == "fighting":
            return "fighting"
        if self.supports == "nothing" or not agent:
            return None
        if self.supports == "agent":
            return agent
        if self.supports == "opponent":
            return profile.opponent(agent)
        return f"incursion:{agent}"

    def says_who_holds(self) -> bool:
        """Whether the side it supports is a side said to hold the place (not fighting, not an incursion)."""
        return self.supports in ("agent", "opponent")


def support_rules(policy: dict[str, Any], file: str = "policy") -> list[Rule]:
    """The policy's `support` table as Rules (`contested.reconcile.rules` applies them), checked: a ConfigError
    names the file, row and key."""
    rules = []
    for n, row in enumerate(policy.get("support") or []):
        where = f"{file}: `support[{n}]`"
        if not isinstance(row, dict):
            raise ConfigError(f"{where} must be a mapping with rule, stance, events, supports")
        events = row.get("events")
        if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
            raise ConfigError(f"{where}: `events` must be a list of event types")
        if row.get("stance") not in STANCES:
            raise ConfigError(f"{where}: `stance` must be one of {', '.join(STANCES)}")
        if row.get("supports") not in SUPPORTS:
            raise ConfigError(f"{where}: `supports` must be one of {', '.join(SUPPORTS)}")
        factor = row.get("factor", 1.0)
        if isinstance(factor, bool) or not isinstance(factor, int | float):
            raise ConfigError(f"{where}: `factor` must be a number")
        words = {}
        for key in ("relations", "triggers"):
            words[key] = row.get(key, [])
            if not isinstance(words[key], list) or not all(isinstance(w, str) and w.isalpha() for w in words[key]):
                raise ConfigError(f"{where}: `{key}` must be a list of words (relations: in, near, from, toward, ...;"
                                  " triggers: the start of a trigger word, such as counter)")
        rules.append(Rule(str(row.get("rule", f"rule {n + 1}")), row["stance"], tuple(e.upper() for e in events),
                          row["supports"], float(factor), tuple(w.lower() for w in words["relations"]),
                          tuple(w.lower() for w in words["triggers"])))
    return rules


OPEN_MAPS = {"claimant_kind", "scope"}  # policy maps whose keys a user chooses


def _check_like(data: Any, model: Any, where: str, key: str) -> None:
    """Does `data` have every key of `model`, recursively, with values of the same kind (number, text, map)?"""
    if isinstance(model, dict):
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: `{key}` must be a mapping")
        for name, value in model.items():
            path = f"{key + '.' if key else ''}{name}"
            if key in OPEN_MAPS:  # a user lists the kinds they weigh; the others weigh the default
                continue
            if name not in data:
                raise ConfigError(f"{where}: missing key `{path}`")
            _check_like(data[name], value, where, path)
        for name, value in data.items() if key in OPEN_MAPS else ():
            _check_like(value, 0.0, where, f"{key}.{name}")
    elif isinstance(model, (int, float)) and not isinstance(model, bool):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise ConfigError(f"{where}: `{key}` must be a number, not {data!r}")
    elif isinstance(model, list) and not isinstance(data, list):
        raise ConfigError(f"{where}: `{key}` must be a list")


@dataclass(frozen=True)
class Region:
    country: str
    admin1: str
    name: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=4)
def load_regions(path: str | None = None) -> tuple[Region, ...]:
    """First-order divisions with their aliases, from a TSV (country, admin1, name, aliases)."""
    target = Path(path) if path else data_path(DEFAULT_REGIONS)
    regions = []
    for line in target.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise ConfigError(f"{target}: bad line {line!r}")
        aliases = tuple(a for a in (cols[3].split("|") if len(cols) > 3 else []) if a)
        regions.append(Region(cols[0], cols[1], cols[2], aliases))
    return tuple(regions)


@lru_cache(maxsize=1)
def abbreviated_place_names() -> tuple[str, ...]:
    """The short names in `place-aliases.tsv` that end in a full stop ("W.Va.", "Ky."): one token each, for the
    tokenizer, which would otherwise split "W.Va." into "W.Va" and a sentence-ending ".".

    >>> "W.Va." in abbreviated_place_names()
    True
    """
    names = []
    for line in data_path("place-aliases.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 2:
            continue
        names += [a for a in cols[1].split("|") if a.endswith(".") and " " not in a]
    return tuple(dict.fromkeys(names))
