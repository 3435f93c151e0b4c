"""Find the cause of an Amazon notice in the seller's own exports, with exact figures.

``analyze(paths)`` reads Seller Central exports (recognised by their columns, not their names),
computes the performance metrics over Amazon's windows and ranks the ASINs behind every kind of
complaint. The result is codes, numbers and quoted customer sentences; the letter composer and
the web page turn them into words.

>>> from reinstate.analysis import analyze
>>> report = analyze([Path("exports/")], notice_asins=["B0C1234567"], notice_date=date(2026, 5, 2))
>>> report.to_json()["metrics"][0]["code"]
'order_defect_rate'

Conventions for every ``facts`` dict: rates are fractions (0.018 = 1.8%), dates are ISO strings
``YYYY-MM-DD``, counts are ints, money is a float in the file's currency. A window is inclusive:
``window_start`` .. ``window_end``. The window ends on the notice date, else ``today``, else the
last day in the data. ``target`` is Amazon's target from ``knowledge/thresholds.yaml`` and
``status`` is ``good`` / ``bad`` / ``none`` (no data).

Sources (``report.sources``): one per file, with the detected ``kind`` (``all_orders``,
``mfn_shipments``, ``fba_shipments``, ``feedback``, ``fba_returns``, ``mfn_returns``, ``claims``,
``voc``, ``listings``, ``performance_report`` or ``unknown``), ``rows_read`` (rows used),
``rows_rejected`` (rows set aside, never silently: up to five ``rejected_samples`` with line
number and reason), the detected ``encoding`` and ``warnings`` (padded short rows, unknown return
reason codes kept verbatim, ambiguous date formats ...). Directories are read recursively;
names starting with ``.``, ``_`` or ``~$`` are skipped. ``detect_report(path)`` names a file's
kind from its first bytes only (upload pages).

Hostile and careless files (``limits.ReadLimits``, passed as ``analyze(..., limits=...)``): a
``.gz`` is inflated 1 MB at a time with a ceiling on what comes out (1 GB, and 100 times its
size); a workbook's zip parts are counted and inflated against their own ceiling (256 MB) and
parsed in a separate process with a memory ceiling; a line longer than 1 MB, a header of more
than 1,000 columns and JSON larger than 10 MB or nested more than 64 levels are refused before
they are parsed. A refused or unreadable file is one source with ``refused`` set (``code``,
``message``, ``facts``: the real size and the limit) and the other files are analysed; when no
file can be used, ``NothingUsable`` (an ``InputError``) carries every source.

Metric codes (``report.metrics``, one per code, window and fulfilment channel):
``order_defect_rate`` (60 days, ``mfn`` and ``afn``), ``late_shipment_rate`` (10 and 30 days,
mfn), ``pre_fulfillment_cancel_rate`` (7 days, mfn), ``valid_tracking_rate`` (30 days, mfn),
``on_time_delivery_rate`` (14 days, mfn, when delivery dates are in the data). Figures from the
``GET_V2_SELLER_PERFORMANCE_REPORT`` JSON add ``unit_on_time_delivery_rate`` and
``invoice_defect_rate``. ``breakdown["source"]`` is ``seller_data`` (computed here from the
exports) or ``performance_report`` (Amazon's own figure); ``breakdown["window_days"]`` the window.

A metric is never computed from inputs that were not uploaded. When they are missing it has
status ``none``, no value or counts, ``breakdown["needs"]`` (the report kinds to upload) and
``note`` (``{en, zh-hans, zh-hant}``, the optional ``note`` key of the JSON): the ODR without
any feedback report, A-to-z claims or chargebacks; the late shipment rate without ship-by and
ship dates; the valid tracking rate without ship dates and tracking IDs; the cancel rate
without order statuses. A figure from part of its inputs keeps its value with
``breakdown["partial"]`` true, ``needs`` and a ``note``: the ODR records per defect kind the
reports counted (``breakdown["defect_sources"]``, e.g. ``{"negative_feedback": ["feedback"],
"a_to_z": [], "chargebacks": []}``) and ``None`` for the kinds left out; the cancel rate
without buyer-requested flags counts every cancellation (an upper bound).

Finding codes and their fact keys (``report.findings``; category in brackets):

Performance (one finding per metric and channel with at least one defect in its window):

- ``order_defects`` [performance_odr]: ``order_defect_rate``, ``defect_orders``,
  ``total_orders``, ``negative_feedback_count``, ``a_to_z_count``, ``chargeback_count``,
  ``window_start``, ``window_end``, ``window_days``, ``target``, ``status``, ``fulfillment``,
  ``top_asin``, ``top_asin_defects``, ``top_asin_share``, ``top_sku``, ``top_days``,
  ``partial``, ``defect_sources`` (the counts of kinds not counted are ``None``)
  (list of ``{date, count}``), ``amazon_order_defect_rate`` (only with the performance report).
  An order with several defects counts once in ``defect_orders``.
- ``late_shipments`` [performance_late_shipment]: ``late_shipment_rate``, ``late_orders``,
  ``total_orders`` (30-day window), ``late_shipment_rate_10d``, ``late_orders_10d``,
  ``total_orders_10d``, ``window_start``, ``window_end``, ``window_days``, ``target``,
  ``status``, ``fulfillment``, ``top_carrier``, ``top_carrier_late_orders``,
  ``top_carrier_late_rate``, ``carriers`` (list of ``{carrier, late_orders, total_orders, rate}``),
  ``top_asin``, ``top_sku``, ``top_days``, ``average_days_late``.
- ``seller_cancellations`` [performance_cancellation]: ``pre_fulfillment_cancel_rate``,
  ``cancelled_orders``, ``total_orders``, ``buyer_requested_cancellations`` (excluded from the
  rate; ``None`` when unknown), ``partial``, ``window_start``, ``window_end``, ``window_days``,
  ``target``, ``status``, ``fulfillment``, ``top_asin``, ``top_sku``, ``top_days``.
- ``missing_tracking`` [performance_tracking]: ``valid_tracking_rate``,
  ``valid_tracking_orders``, ``missing_tracking_orders``, ``total_orders``, ``window_start``,
  ``window_end``, ``window_days``, ``target``, ``status``, ``fulfillment``, ``top_carrier``,
  ``carriers`` (list of ``{carrier, missing_tracking_orders, total_orders, rate}``), ``top_asin``.
- ``late_deliveries`` [performance_other]: ``on_time_delivery_rate``, ``on_time_orders``,
  ``late_delivery_orders``, ``total_orders``, ``window_start``, ``window_end``, ``window_days``,
  ``target``, ``status``, ``fulfillment``, ``top_carrier``, ``carriers``.

Complaints (customer words in return reasons, return comments, feedback and the VoC top reason,
matched with the multilingual keyword families of ``knowledge/complaints.yaml``):

- ``complaints_used``, ``complaints_damaged``, ``complaints_expired``,
  ``complaints_defective``, ``complaints_wrong_item`` [condition];
  ``complaints_inauthentic`` [inauthentic]; ``complaints_safety`` [product_safety];
  ``complaints_not_as_described`` [listing_policy]. Facts: ``family``, ``complaint_count``
  (complaint signals), ``complaint_orders`` (distinct orders), ``asin_count``, ``top_asin``,
  ``top_asin_complaints``, ``top_asin_units_sold_365d``, ``from_returns``, ``from_feedback``,
  ``from_voc``, ``languages`` (ISO codes of the matched words), ``reason_codes``
  (``{code: count}``), ``keywords`` (the words that matched, most frequent first),
  ``window_start``, ``window_end`` (first and last complaint). ``asins`` are ranked by signals;
  ``rate`` = signals / units sold of that ASIN in the data. ``evidence`` quotes the sentences.

Listings, returns, Voice of the Customer:

- ``used_condition_listings`` [condition]: listings with a used, collectible or refurbished
  ``item-condition``: ``listing_count``, ``asin_count``, ``top_asin``, ``also_listed_new_count``
  (ASINs that the seller also lists or sells as New), ``listings`` (list of
  ``{sku, asin, condition_code, condition, also_listed_new}``).
- ``high_return_rate`` [performance_other]: ASINs returned far more often than the rest:
  ``top_asin``, ``return_rate``, ``returned_units``, ``units_sold``, ``rest_return_rate``,
  ``rest_returned_units``, ``rest_units_sold``, ``ratio_to_rest``, ``top_return_reason``,
  ``asin_count``, ``window_start``, ``window_end``, ``window_days``.
- ``high_ncx_rate`` [performance_other]: from the VoC CSV: ``top_asin``, ``ncx_rate``,
  ``ncx_orders``, ``total_orders``, ``cx_health``, ``top_ncx_reason``, ``rest_ncx_rate``,
  ``asin_count``, ``last_updated``.

Volumes for documents and the notice itself:

- ``units_sold_365d`` [other]: what invoices must cover: ``units_sold_365d`` (all ASINs),
  ``orders_365d``, ``asin_count``, ``units_sold_365d_by_asin`` (``{asin: units}``),
  ``window_start``, ``window_end``, ``data_start``, ``partial_window`` (true when the orders
  data starts after ``window_start``). Cancelled items are not counted as sold.
- ``notice_asins`` [other]: ``notice_asins``, ``asins_found``, ``asins_not_found``,
  ``units_sold_365d`` (the notice's ASINs together), ``complaint_count`` (complaint signals on
  them), ``per_asin`` (``{asin: {found, sku, title, units_sold_365d, orders_365d,
  returned_units, negative_feedback, complaints: {family: n}, listing_condition, ncx_rate}}``).
- ``notice_orders`` [other]: ``notice_orders``, ``orders_found``, ``orders_not_found``,
  ``per_order`` (``{order_id: {found, purchase_date, asin, sku, status, fulfillment,
  feedback_rating, feedback_comment, return_reason, return_comment, claim_type}}``).
- ``account_health_report`` [other]: Amazon's snapshot from the performance report JSON:
  ``ahr_status``, ``ahr_score``, ``account_status``, ``marketplace_id``, ``warning_states``,
  ``listing_policy_violations``, ``product_authenticity_customer_complaints``,
  ``product_condition_customer_complaints``, ``product_safety_customer_complaints``,
  ``received_ip_complaints``, ``suspected_ip_violations``,
  ``restricted_product_policy_violations``, ``food_and_product_safety_issues``,
  ``other_policy_violations``, ``document_requests``, ``policy_violation_warnings`` (counts;
  absent when the report does not carry them).
"""

from reinstate.analysis.charts import render_charts
from reinstate.analysis.dataset import NothingUsable
from reinstate.analysis.engine import DetectedReport, analyze, detect_report
from reinstate.analysis.limits import ReadLimits, Refused
from reinstate.analysis.model import (
    AnalysisReport,
    AsinStat,
    Finding,
    Metric,
    Quote,
    Refusal,
    RejectedRow,
    SeriesPoint,
    SourceReport,
)

__all__ = [
    "AnalysisReport",
    "AsinStat",
    "DetectedReport",
    "Finding",
    "Metric",
    "NothingUsable",
    "Quote",
    "ReadLimits",
    "Refusal",
    "Refused",
    "RejectedRow",
    "SeriesPoint",
    "SourceReport",
    "analyze",
    "detect_report",
    "render_charts",
]
