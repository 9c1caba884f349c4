"""What built a ledger: the profile, lexicon, policy, model and gazetteer, recorded in it (#9).

The profile decides which side every claim speaks for, so a ledger keeps the profile's text and every command
that reads claims uses it; ingesting with another profile is refused rather than mixing two sets of sides.

>>> profile = ledger_profile(ledger)                       # doctest: +SKIP
>>> record_settings(ledger, profile_path=None, model="en_core_web_sm", gazetteer=gaz)   # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from typing import Any

from contested.errors import LedgerError
from contested.ledger import Ledger
from contested.resources import (
    DEFAULT_LEXICON,
    DEFAULT_POLICY,
    Profile,
    data_path,
    load_profile,
    profile_from_text,
    profile_text,
)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _file_digest(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as f:
            return _digest(f.read())
    except OSError:
        return "unreadable"


def ledger_profile(ledger: Ledger, path: str | None = None) -> Profile:
    """The profile to read this ledger's claims with: `path` if given, else the one the ledger recorded, else
    the built-in one. A `path` whose text differs from the recorded profile is refused."""
    recorded = ledger.settings()
    if path is None:
        if "profile_text" in recorded:
            return profile_from_text(f"the profile recorded in {ledger.path} ({recorded.get('profile')})",
                                     recorded["profile_text"])
        return load_profile()
    where, text = profile_text(path)
    _check_same_profile(ledger, recorded, where, text)
    return profile_from_text(where, text)  # the text just read and checked, not the file read again


def _check_same_profile(ledger: Ledger, recorded: dict[str, str], where: str, text: str) -> None:
    if "profile_text" in recorded and recorded["profile_digest"] != _digest(text):
        raise LedgerError(f"{ledger.path} was built with the profile {recorded.get('profile')} "
                          f"(digest {recorded['profile_digest']}), not {where}: mixing two profiles would give "
                          "claims two different sets of sides; use that profile, or another ledger (--db)")


def record_settings(ledger: Ledger, profile_path: str | None, model: str, gazetteer: Any,
                    policy_path: str | None = None) -> None:
    """Record (or check) what this ingest builds the ledger with; a different profile is refused."""
    recorded = ledger.settings()
    if profile_path is None and "profile_text" in recorded:  # no --profile: the recorded one goes on
        where, text = recorded["profile"], recorded["profile_text"]
    else:
        where, text = profile_text(profile_path)
        _check_same_profile(ledger, recorded, where, text)
    gaz_path = str(getattr(gazetteer, "path", gazetteer))
    lexicon = str(data_path(DEFAULT_LEXICON))
    policy = policy_path or str(data_path(DEFAULT_POLICY))
    imports = getattr(gazetteer, "imports", None)
    version = getattr(gazetteer, "version", None)
    values = {
        "profile": where, "profile_digest": _digest(text), "profile_text": text,
        "lexicon": lexicon, "lexicon_digest": _file_digest(lexicon),
        "policy": policy, "policy_digest": _file_digest(policy),
        "model": model,
        "gazetteer": gaz_path + (f" v{version()}" if callable(version) else "")
        + (f" (imports: {', '.join(imports()) or 'none'})" if callable(imports) else ""),
    }
    ledger.record_settings({k: v for k, v in values.items() if recorded.get(k) != v})
