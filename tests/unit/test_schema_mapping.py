"""The ORM models map the one schema declaration, and their typing says what the table says."""

import inspect
import types

import pytest

from analysis import schema
from app.models import Base

MAPPERS = sorted(Base.registry.mappers, key=lambda mapper: mapper.class_.__name__)


def column_annotations(mapper) -> dict[str, object]:
    annotations = inspect.get_annotations(mapper.class_)
    return {name: a for name, a in annotations.items() if name not in mapper.relationships}


def allows_none(annotation) -> bool:
    (inner,) = annotation.__args__  # Mapped[X]
    return isinstance(inner, types.UnionType) and type(None) in inner.__args__


@pytest.mark.parametrize("mapper", MAPPERS, ids=lambda mapper: mapper.class_.__name__)
def test_each_model_types_every_column_of_its_table_and_nothing_else(mapper):
    assert mapper.local_table is schema.metadata.tables[mapper.local_table.name]
    assert set(column_annotations(mapper)) == set(mapper.local_table.columns.keys())


@pytest.mark.parametrize("mapper", MAPPERS, ids=lambda mapper: mapper.class_.__name__)
def test_optional_attributes_are_exactly_the_nullable_columns(mapper):
    for name, annotation in column_annotations(mapper).items():
        assert allows_none(annotation) == mapper.local_table.c[name].nullable, name
