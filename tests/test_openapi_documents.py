"""The committed OpenAPI documents (``docs/openapi``) are what the code serves."""

from __future__ import annotations

import openapi_docs
import pytest


@pytest.mark.parametrize("service", openapi_docs.SERVICES)
def test_the_committed_openapi_document_matches_the_code(service: str) -> None:
    committed = (openapi_docs.DOCS / f"{service}.json").read_text(encoding="utf-8")
    generated = openapi_docs.render(openapi_docs.document(service))
    assert generated == committed, (
        f"the {service} API changed: review it and run `make openapi` to publish it"
    )
