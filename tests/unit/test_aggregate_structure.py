"""The SQL building blocks of analysis/: instrument facts, filters and the SD."""

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, literal, select

from analysis.aggregate import sample_sd
from analysis.queries import key_names, normalize_filters
from analysis.structure import default_structure

ENGINE = create_engine("sqlite://")


def evaluate(expression):
    with ENGINE.connect() as connection:
        return connection.execute(select(expression)).scalar_one()


@pytest.mark.parametrize(
    ("instrument", "code", "domain", "size"),
    [("class-prek", "NC", "ES", 4), ("class-prek", "LM", "IS", 3),
     ("class-toddler", "PC", "EBS", 5), ("class-toddler", "LM", "ESL", 3)],
)  # fmt: skip
def test_dimensions_map_to_their_domain_per_instrument(instrument, code, domain, size):
    structure = default_structure()
    assert evaluate(structure.domain_of(literal(instrument), literal(code))) == domain
    assert evaluate(structure.domain_size(literal(instrument), literal(domain))) == size


def test_negative_climate_is_reversed_as_eight_minus_x_and_nothing_else_is():
    structure = default_structure()
    assert evaluate(structure.is_reverse(literal("class-toddler"), literal("NC"))) == 1
    assert evaluate(structure.is_reverse(literal("class-toddler"), literal("PC"))) == 0
    assert evaluate(structure.goodness(literal("class-prek"), literal("NC"), literal(1.5))) == 6.5
    assert evaluate(structure.goodness(literal("class-prek"), literal("PC"), literal(1.5))) == 1.5


@pytest.mark.parametrize(
    ("mean", "band"),
    [(1.0, "low"), (2.49, "low"), (2.4999999999, "mid"), (2.5, "mid"), (7 / 3 + 1 / 6, "mid"),
     (5.4999999999999, "high"), (5.5, "high"), (5.49, "mid"), (7.0, "high")],
)  # fmt: skip
def test_band_of_a_mean_uses_the_nearest_rule_with_float_noise_forgiven(mean, band):
    structure = default_structure()
    found = [
        b for b in ("low", "mid", "high")
        if evaluate(structure.band_of_mean(literal("class-prek"), literal(mean), b)) == 1
    ]  # fmt: skip
    assert found == [band]


def test_unknown_filters_and_groupings_are_refused():
    with pytest.raises(ValueError, match="Unknown filter"):
        normalize_filters({"municipality": 1})
    with pytest.raises(ValueError, match="Unknown grouping"):
        key_names(["pool", "colour"])
    assert normalize_filters({"pool": 3, "semester": ["2025V"], "network": None}) == {
        "pool": (3,),
        "semester": ("2025V",),
    }


@given(st.lists(st.floats(min_value=1, max_value=7), min_size=2, max_size=60))
def test_sample_sd_from_averages_matches_statistics_stdev(values):
    mean = statistics.fmean(values)
    mean_of_squares = statistics.fmean(v * v for v in values)
    assert sample_sd(len(values), mean, mean_of_squares) == pytest.approx(
        statistics.stdev(values), abs=1e-6
    )


def test_sample_sd_is_none_for_one_department_and_zero_for_equal_means():
    assert sample_sd(1, 4.0, 16.0) is None
    assert sample_sd(3, 5.0, 25.0 + 1e-15) == pytest.approx(0.0, abs=1e-6)
    assert not math.isnan(sample_sd(3, 5.0, 25.0 - 1e-15))


@settings(deadline=None)  # three SQL round trips per example; slow machines vary
@given(st.floats(min_value=1, max_value=7))
def test_sql_bands_agree_with_the_scoring_rule(mean):
    from analysis.scoring import band_of_mean

    structure = default_structure()
    found = [
        b for b in ("low", "mid", "high")
        if evaluate(structure.band_of_mean(literal("class-prek"), literal(mean), b)) == 1
    ]  # fmt: skip
    assert found == [band_of_mean(mean, "nearest")]
