"""Errors contested raises, with codes an analyst can search for.

    ContestedError
    ├── InputError            E1xx  a document that cannot be read (reported per document; the batch goes on)
    │   ├── EmptyInput        E101
    │   ├── BinaryInput       E102
    │   ├── EncodingError     E103
    │   ├── MalformedRecord   E104
    │   ├── NoTextFound       E105
    │   ├── InputTooLarge     E106
    │   ├── MissingPath       E107
    │   └── NotAFile          E108  a FIFO, device or socket (never read: it could block), or a link out of the folder
    ├── GazetteerError        E2xx  the gazetteer index or a dump cannot be used
    ├── LedgerError           E3xx  the database cannot be opened or migrated
    └── ConfigError           E4xx  a profile, lexicon or policy file is invalid
"""

from __future__ import annotations


class ContestedError(Exception):
    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(ContestedError):
    code = "E100"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class EncodingError(InputError):
    code = "E103"


class MalformedRecord(InputError):
    code = "E104"


class NoTextFound(InputError):
    code = "E105"


class InputTooLarge(InputError):
    code = "E106"


class MissingPath(InputError):
    code = "E107"


class NotAFile(InputError):
    code = "E108"


class GazetteerError(ContestedError):
    code = "E200"


class LedgerError(ContestedError):
    code = "E300"


class ConfigError(ContestedError):
    code = "E400"
