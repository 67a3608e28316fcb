"""The board's wire shapes (app/boards/shapes.py, what the middle passes and the sockets send) and
the `...Out` models (app/schemas.py, what the HTTP answers and the OpenAPI document say) describe
the same JSON objects: their keys must stay the same, so neither can change alone."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from app import schemas
from app.boards import shapes

# (shape, model, keys only the shape has, and why)
PAIRS: list[tuple[type, type[BaseModel], frozenset[str]]] = [
    (shapes.AuthorJSON, schemas.AuthorOut, frozenset()),
    (shapes.FlagJSON, schemas.FlagOut, frozenset()),
    (shapes.NoteJSON, schemas.NoteOut, frozenset()),
    (shapes.PersonJSON, schemas.PersonOut, frozenset()),
    (shapes.ParticipantJSON, schemas.ParticipantOut, frozenset()),
    (shapes.SectionJSON, schemas.SectionOut, frozenset()),
    # The sockets carry `confidential` so the projector's copy can leave the question out;
    # the HTTP answers (GapOut) drop it.
    (shapes.GapJSON, schemas.GapOut, frozenset({"confidential"})),
    (shapes.BoardJSON, schemas.BoardOut, frozenset()),
    (shapes.AuditJSON, schemas.AuditOut, frozenset()),
    (shapes.JoinResultJSON, schemas.JoinResult, frozenset()),
    (shapes.AnalyseResultJSON, schemas.AnalyseResult, frozenset()),
    # Starting a review answers with the board it follows too (a route without BoardCreated).
    (shapes.BoardCreatedJSON, schemas.BoardCreated, frozenset({"previous_id"})),
]


def _keys(shape: type) -> frozenset[str]:
    return frozenset(shape.__required_keys__) | frozenset(shape.__optional_keys__)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("shape", "model", "extra"), PAIRS, ids=[s.__name__ for s, _, _ in PAIRS])
def test_shape_and_out_model_have_the_same_keys(shape: type, model: type[BaseModel], extra: frozenset[str]) -> None:
    fields = frozenset(model.model_fields)
    assert _keys(shape) - extra == fields, (
        f"{shape.__name__} and {model.__name__} differ: only in the shape {sorted(_keys(shape) - extra - fields)}, "
        f"only in the model {sorted(fields - _keys(shape))}"
    )
    assert extra <= _keys(shape), f"{sorted(extra - _keys(shape))} listed as extra but not in {shape.__name__}"


def test_every_out_model_of_a_board_shape_is_paired() -> None:
    """A new `...Out` model of the board gets its shape here too (or a reason it has none)."""
    paired = {model for _, model, _ in PAIRS}
    board_outs = {
        schemas.AuthorOut,
        schemas.FlagOut,
        schemas.NoteOut,
        schemas.PersonOut,
        schemas.ParticipantOut,
        schemas.SectionOut,
        schemas.GapOut,
        schemas.BoardOut,
        schemas.AuditOut,
        schemas.JoinResult,
        schemas.AnalyseResult,
        schemas.BoardCreated,
    }
    unpaired = {
        name
        for name, value in vars(schemas).items()
        if isinstance(value, type) and issubclass(value, BaseModel) and name.endswith("Out") and value not in paired
    }
    # ErrorOut is the error answer (app/errors.py builds it), not a board shape.
    assert unpaired == {"ErrorOut"}
    assert board_outs == paired
