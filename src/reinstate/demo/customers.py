"""Demo exports of what customers did: feedback, returns, claims, VoC; plus listings and the
performance report. Planted rows are recorded in the manifest with the families they signal."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from reinstate.analysis.knowledge import complaints
from reinstate.demo import catalog as cat
from reinstate.demo.manifest import PlantedProblem
from reinstate.demo.writers import (
    claims_table,
    later,
    voc_table,
    write_fba_returns,
    write_feedback,
    write_listings,
    write_mfn_returns,
    write_performance,
)

_FEEDBACK_RATINGS = ([5, 4, 3, 2, 1], [0.55, 0.25, 0.10, 0.06, 0.04])
# family -> (ASIN role, reason code of the planted comment returns, extra family that code signals)
_AFN_FAMILIES = {
    "used": ("used", "NOT_AS_DESCRIBED", "not_as_described"),
    "inauthentic": ("fake", "OTHER", None),
    "expired": ("expired", "QUALITY_UNACCEPTABLE", "defective"),
}
_MFN_FAMILIES = {"damaged": "damaged", "safety": "safety"}


class _Picker:
    """Draws distinct orders for planted rows so that no order carries two planted rows."""

    def __init__(self, rng: np.random.Generator, rows: pl.DataFrame) -> None:
        self.rng = rng
        self.rows = rows.unique("order_no", keep="first", maintain_order=True)
        self.used: set[int] = set()

    def take(self, condition: pl.Expr, n: int) -> pl.DataFrame:
        pool = self.rows.filter(condition & ~pl.col("order_no").is_in(list(self.used)))
        if pool.height < n:
            n = pool.height
        chosen = (
            pool[self.rng.choice(pool.height, size=n, replace=False).tolist()]
            if n
            else pool.head(0)
        )
        self.used.update(chosen.get_column("order_no").to_list())
        return chosen


def write_customer_files(
    out_dir: Path,
    rng: np.random.Generator,
    products: list[cat.Product],
    rows: pl.DataFrame,
    orders: pl.DataFrame,
    shipments: pl.DataFrame,
    today: date,
    *,
    scale: int,
    returns: int,
    feedback: int,
) -> tuple[dict[str, str], list[PlantedProblem]]:
    role = {p.role: p.asin for p in products if p.role}
    shipped = rows.filter(
        (pl.col("status") == "Shipped") & (pl.col("day") <= today - timedelta(days=5))
    )
    picker = _Picker(rng, shipped)
    window = pl.col("day").is_between(today - timedelta(days=59), today - timedelta(days=3))
    odr = pl.col("role").is_in(["odr_1", "odr_2"]) & pl.col("mfn") & window
    negative = picker.take(odr, 14 * scale)
    a_to_z = picker.take(odr, 8 * scale)
    denied = picker.take(odr, 2 * scale)
    chargebacks = picker.take(odr, 4 * scale)
    old_claims = picker.take(
        pl.col("role").is_in(["odr_1", "odr_2"]) & (pl.col("day") < today - timedelta(days=65)), 2
    )
    return_claims = picker.take(odr, 2)

    fb_rows: list[pl.DataFrame] = []
    ret_rows: list[pl.DataFrame] = []
    signals: list[dict[str, Any]] = []
    fb_rows.append(_feedback(rng, negative, today, ratings=[1, 2], texts=cat.NEGATIVE_FEEDBACK))
    for family, (asin_role, code, extra) in _AFN_FAMILIES.items():
        texts = cat.PLANTED_TEXTS[family]
        own = pl.col("asin") == role[asin_role]
        commented = picker.take(own, len(texts) * scale)
        frame = _fba_returns(
            rng,
            commented,
            today,
            reason=code,
            texts=[t for _, t in texts],
            disposition="EXPIRED" if family == "expired" else "CUSTOMER_DAMAGED",
        )
        ret_rows.append(frame)
        signals += _signals(frame, "fba_returns", family, texts, extra, code)
        feedback_rows = picker.take(own, 2 * scale)
        fb = _feedback(rng, feedback_rows, today, ratings=[1, 2], texts=[t for _, t in texts[:2]])
        fb_rows.append(fb)
        signals += _signals(fb, "feedback", family, texts[:2], None, None)
    expired_only = picker.take(pl.col("asin") == role["expired"], 3 * scale)
    frame = _fba_returns(
        rng, expired_only, today, reason="NO_REASON_GIVEN", texts=[None], disposition="EXPIRED"
    )
    ret_rows.append(frame)
    signals += _signals(frame, "fba_returns", "expired", [(None, None)], None, "EXPIRED")
    mfn_ret_rows: list[pl.DataFrame] = []
    for family, asin_role in _MFN_FAMILIES.items():
        texts = cat.PLANTED_TEXTS[family]
        chosen = picker.take(pl.col("asin") == role[asin_role], len(texts) * scale)
        fb = _feedback(rng, chosen, today, ratings=[1, 2], texts=[t for _, t in texts])
        fb_rows.append(fb)
        signals += _signals(fb, "feedback", family, texts, None, None)
    damaged = picker.take(pl.col("asin") == role["damaged"], 4 * scale)
    frame = _mfn_returns(rng, damaged, today, reason="CR-DAMAGED_BY_CARRIER")
    mfn_ret_rows.append(frame)
    signals += _signals(
        frame, "mfn_returns", "damaged", [(None, None)], None, "CR-DAMAGED_BY_CARRIER"
    )
    mfn_ret_rows.append(
        _mfn_returns(rng, return_claims, today, reason="CR-NO_REASON_GIVEN", a_to_z=True)
    )
    unknown = picker.take(pl.col("mfn"), 3)
    mfn_ret_rows.append(_mfn_returns(rng, unknown, today, reason=cat.UNKNOWN_REASON))

    # Background: customers who said nothing about the product itself.
    background = picker.take(pl.lit(True), feedback)
    ratings = rng.choice(_FEEDBACK_RATINGS[0], size=background.height, p=_FEEDBACK_RATINGS[1])
    fb_rows.append(_feedback(rng, background, today, ratings=ratings.tolist(), texts=None))
    weights = np.where(shipped.get_column("role").to_numpy() == "damaged", 8.0, 1.0)
    free = ~shipped.get_column("order_no").is_in(list(picker.used)).to_numpy()
    weights = weights * free
    count = min(returns, int(free.sum()))
    picked = shipped[
        rng.choice(shipped.height, size=count, replace=False, p=weights / weights.sum()).tolist()
    ]
    ret_rows.append(
        _fba_returns(
            rng, picked.filter(~pl.col("mfn")), today, reason=None, texts=None, disposition=None
        )
    )
    mfn_ret_rows.append(_mfn_returns(rng, picked.filter(pl.col("mfn")), today, reason=None))

    feedback_frame = pl.concat(fb_rows, how="vertical_relaxed")
    files = {
        "feedback": "Feedback.txt",
        "fba_returns": "FBA Customer Returns.txt",
        "mfn_returns": "Returns by return date.txt",
        "claims": "claims and chargebacks.csv",
        "voc": "Voice of the Customer.csv",
        "listings": "Active Listings Report.txt",
        "performance_report": "seller_performance.json",
    }
    write_feedback(feedback_frame, out_dir / files["feedback"])
    write_fba_returns(pl.concat(ret_rows, how="vertical_relaxed"), out_dir / files["fba_returns"])
    mfn_frame = pl.concat(mfn_ret_rows, how="vertical_relaxed")
    write_mfn_returns(mfn_frame, out_dir / files["mfn_returns"])
    claims = claims_table(rng, today, a_to_z, denied, chargebacks, old_claims)
    claims.write_csv(out_dir / files["claims"], include_bom=True)
    voc_rows, voc_signals = voc_table(rng, products, rows, today)
    signals += voc_signals
    voc_rows.write_csv(out_dir / files["voc"], include_bom=True, quote_style="necessary")
    used_listing = write_listings(products, out_dir / files["listings"])
    counters = {
        "product_authenticity_customer_complaints": 2,
        "product_condition_customer_complaints": 3,
        "product_safety_customer_complaints": 1,
        "received_ip_complaints": 0,
    }
    write_performance(
        out_dir / files["performance_report"],
        rows,
        shipments,
        feedback_frame,
        claims,
        mfn_frame,
        today,
        counters,
    )

    counted_claims = claims.filter(~pl.col("claim-status").is_in(["Denied"]))
    problems = [
        PlantedProblem(
            "order_defects",
            "performance_odr",
            asins=(role["odr_1"], role["odr_2"]),
            facts={
                "window_days": 60,
                "negative_feedback_orders": _ids(feedback_frame.filter(pl.col("rating") <= 2)),
                "a_to_z_orders": sorted(
                    set(
                        counted_claims.filter(pl.col("claim-type").str.starts_with("A-to-z"))
                        .get_column("order-id")
                        .to_list()
                    )
                    | set(_ids(mfn_frame.filter(pl.col("a_to_z"))))
                ),
                "chargeback_orders": sorted(
                    counted_claims.filter(pl.col("claim-type") == "Chargeback")
                    .get_column("order-id")
                    .to_list()
                ),
                "denied_claim_orders": _ids(denied),
            },
        ),
        *[
            PlantedProblem(
                f"complaints_{family}",
                str(complaints().families[family].category),
                asins=tuple(sorted({s["asin"] for s in signals if s["family"] == family})),
                facts={"signals": [s for s in signals if s["family"] == family]},
            )
            for family in sorted({s["family"] for s in signals})
        ],
        PlantedProblem(
            "used_condition_listings",
            "condition",
            asins=(used_listing["asin"],),
            facts=used_listing,
        ),
        PlantedProblem("high_ncx_rate", "performance_other", asins=(role["used"], role["damaged"])),
        PlantedProblem(
            "high_return_rate",
            "performance_other",
            asins=(role["damaged"],),
            facts={"window_days": 90},
        ),
        PlantedProblem("account_health_report", "other", facts=counters),
        PlantedProblem(
            "unknown_return_reason",
            "other",
            orders=tuple(_ids(mfn_frame.filter(pl.col("reason") == cat.UNKNOWN_REASON))),
            facts={"code": cat.UNKNOWN_REASON},
        ),
    ]
    return files, problems


def _signals(
    frame: pl.DataFrame,
    source: str,
    family: str,
    texts: Any,
    extra: str | None,
    code: str | None,
) -> list[dict[str, Any]]:
    found = []
    for index, row in enumerate(frame.iter_rows(named=True)):
        language, text = texts[index % len(texts)]
        entry = {
            "asin": row["asin"],
            "order_id": row["order_id"],
            "source": source,
            "language": language,
            "text": text,
            "code": code,
        }
        found.append({"family": family, **entry})
        if extra:
            found.append({"family": extra, **entry})
    return found


def _cycle(values: Any, n: int) -> list[Any]:
    values = list(values)
    return [values[i % len(values)] for i in range(n)]


def _feedback(
    rng: np.random.Generator,
    chosen: pl.DataFrame,
    today: date,
    *,
    ratings: list[int],
    texts: Any,
) -> pl.DataFrame:
    n = chosen.height
    rating = _cycle(ratings, n) if len(ratings) != n else ratings
    if texts is None:
        pools = {
            5: cat.POSITIVE_FEEDBACK,
            4: cat.POSITIVE_FEEDBACK,
            3: cat.NEUTRAL_FEEDBACK,
            2: cat.NEGATIVE_FEEDBACK,
            1: cat.NEGATIVE_FEEDBACK,
        }
        comments = [
            pools[r][int(x)] for r, x in zip(rating, rng.integers(0, 100, n) % 2, strict=True)
        ]
    else:
        comments = _cycle(texts, n)
    return chosen.select(
        later(rng, chosen, today, 2, 21).alias("feedback_day"), "order_id", "asin", "mfn"
    ).with_columns(pl.Series("rating", rating, dtype=pl.Int64), pl.Series("comment", comments))


def _fba_returns(
    rng: np.random.Generator,
    chosen: pl.DataFrame,
    today: date,
    *,
    reason: str | None,
    texts: Any,
    disposition: str | None,
) -> pl.DataFrame:
    n = chosen.height
    reasons = [reason] * n if reason else _cycle(rng.permutation(cat.NEUTRAL_RETURN_REASONS), n)
    if texts is None:
        neutral = list(cat.NEUTRAL_RETURN_COMMENTS) + [None] * 20
        comments = [neutral[int(i)] for i in rng.integers(0, len(neutral), n)]
    else:
        comments = _cycle(texts, n)
    dispositions = [disposition] * n if disposition else _cycle(cat.NEUTRAL_DISPOSITIONS, n)
    return chosen.select(
        later(rng, chosen, today, 3, 31).alias("return_day"),
        "order_id",
        "sku",
        "asin",
        "title",
        "quantity",
    ).with_columns(
        pl.Series("reason", reasons, dtype=pl.String),
        pl.Series("comment", comments, dtype=pl.String),
        pl.Series("disposition", dispositions, dtype=pl.String),
    )


def _mfn_returns(
    rng: np.random.Generator,
    chosen: pl.DataFrame,
    today: date,
    *,
    reason: str | None,
    a_to_z: bool = False,
) -> pl.DataFrame:
    n = chosen.height
    reasons = (
        [reason] * n
        if reason
        else ["CR-" + r for r in _cycle(rng.permutation(cat.NEUTRAL_RETURN_REASONS), n)]
    )
    return chosen.select(
        "day",
        later(rng, chosen, today, 3, 31).alias("return_day"),
        "order_id",
        "sku",
        "asin",
        "title",
        "quantity",
        "price",
    ).with_columns(pl.Series("reason", reasons, dtype=pl.String), pl.lit(a_to_z).alias("a_to_z"))


def _ids(frame: pl.DataFrame) -> list[str]:
    return sorted(frame.get_column("order_id").to_list())
