"""Demo evidence documents: supplier invoices, utility bills and letters of authorisation for the
invented seller, as text PDFs (WeasyPrint) and as scans (the page drawn by poppler, then tilted,
speckled and saved as JPEG, PNG or an image-only PDF), in English and Chinese.

Used by the demo case, the tests and the benchmark; everything here is fictional.

>>> spec = InvoiceSpec(issued=date(2026, 3, 2), items=(Item("Bamboo board", "B0C7Q2ZK4M", 500),))
>>> pdf = invoice_pdf(spec)
>>> jpeg = scan(pdf, fmt="jpeg", tilt=1.2, noise=0.04)
"""

from __future__ import annotations

import html
import io
import random
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from PIL import Image, ImageFilter

SELLER_NAME = "Shenzhen Brightway Trading Co., Ltd."
SELLER_NAME_ZH = "深圳市明途贸易有限公司"
SELLER_ADDRESS = "Room 1201, Block A, Tianan Cyber Park, Futian District, Shenzhen 518040, China"
SELLER_ADDRESS_ZH = "深圳市福田区天安数码城A座1201室"
FONT = "'WenQuanYi Micro Hei', 'DejaVu Sans', sans-serif"


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    address: str
    phone: str | None = None
    website: str | None = None
    email: str | None = None


SUPPLIER = Company(
    "Dongguan Huaxin Electric Appliance Co., Ltd.",
    "No. 18 Industrial Avenue, Chang'an Town, Dongguan, Guangdong 523850, China",
    "+86 769 8531 2266",
    "www.huaxin-appliance.example",
    "sales@huaxin-appliance.example",
)
SUPPLIER_ZH = Company(
    "东莞市华信电器有限公司",
    "广东省东莞市长安镇工业大道18号",
    "0769-85312266",
    "www.huaxin-appliance.example",
    "sales@huaxin-appliance.example",
)
SELLER = Company(SELLER_NAME, SELLER_ADDRESS)
SELLER_ZH = Company(SELLER_NAME_ZH, SELLER_ADDRESS_ZH)


@dataclass(frozen=True, slots=True)
class Item:
    description: str
    identifier: str
    quantity: int
    price: float = 4.5


@dataclass(frozen=True, slots=True)
class InvoiceSpec:
    issued: date
    items: tuple[Item, ...]
    supplier: Company = SUPPLIER
    buyer: Company = SELLER
    number: str = "HX-2026-0318"
    language: str = "en"  # en or zh
    title: str | None = None  # "PROFORMA INVOICE" for a quotation
    # A field typed over in another font: "date" or "buyer" (an altered invoice).
    overtyped: str | None = None
    dated: bool = True


@dataclass(frozen=True, slots=True)
class BillSpec:
    issued: date
    holder: Company = SELLER
    provider: Company = field(
        default_factory=lambda: Company(
            "Shenzhen Power Supply Bureau", "No. 4020 Shennan Road, Futian District, Shenzhen",
            "95598", "www.sz.csg.example",
        )
    )  # fmt: skip
    language: str = "en"
    amount: str = "1,286.40"
    dated: bool = True


@dataclass(frozen=True, slots=True)
class AuthorizationSpec:
    issued: date
    valid_until: date
    brand: str = "Huaxin"
    owner: Company = SUPPLIER
    seller: Company = SELLER
    signed: bool = True  # the owner's letterhead and "Issued by" line
    scope: bool = True  # says what it authorises (selling on Amazon)
    dated: bool = True


def _e(text: str) -> str:
    return html.escape(text)


_STYLE = f"""@page {{ size: A4; margin: 16mm }}
body {{ font-family: {FONT}; font-size: 10pt; color: #111 }}
h1 {{ font-size: 17pt; margin: 10pt 0 }} .head {{ font-size: 13pt; font-weight: bold }}
table {{ border-collapse: collapse; width: 100%; margin-top: 10pt }}
td, th {{ border: 1px solid #888; padding: 4pt; text-align: left }}
.label {{ font-weight: bold }} .over {{ font-family: 'DejaVu Serif' }}"""


def _pdf(body: str) -> bytes:
    from weasyprint import HTML

    document = f"<html><head><style>{_STYLE}</style></head><body>{body}</body></html>"
    return bytes(HTML(string=document).write_pdf())


def _letterhead(company: Company, zh: bool) -> str:
    contact = []
    if company.phone:
        contact.append(f"{'电话' if zh else 'Tel'}: {_e(company.phone)}")
    if company.website:
        contact.append(f"{'网址' if zh else 'Web'}: {_e(company.website)}")
    if company.email:
        contact.append(f"{'邮箱' if zh else 'Email'}: {_e(company.email)}")
    return (
        f"<div class='head'>{_e(company.name)}</div><div>{_e(company.address)}</div>"
        f"<div>{' &nbsp; '.join(contact)}</div>"
    )


def _over(text: str, on: bool) -> str:
    """Half of the value in another font: what a figure typed over an original looks like."""
    if not on:
        return _e(text)
    half = len(text) // 2
    return f"{_e(text[:half])}<span class='over'>{_e(text[half:])}</span>"


def invoice_pdf(spec: InvoiceSpec) -> bytes:
    zh = spec.language == "zh"
    when = f"{spec.issued.year}年{spec.issued.month}月{spec.issued.day}日" if zh else (
        f"{spec.issued.day} {spec.issued:%B %Y}"
    )  # fmt: skip
    title = spec.title or ("销售发票" if zh else "COMMERCIAL INVOICE")
    rows = "".join(
        f"<tr><td>{n}</td><td>{_e(i.description)}</td><td>{_e(i.identifier)}</td>"
        f"<td>{i.quantity:,}</td><td>{i.price:.2f}</td><td>{i.price * i.quantity:,.2f}</td></tr>"
        for n, i in enumerate(spec.items, start=1)
    )
    total = sum(i.price * i.quantity for i in spec.items)
    heads = ("序号", "品名", "型号/ASIN", "数量", "单价", "金额") if zh else (
        "No.", "Description", "ASIN / Model", "Qty", "Unit price", "Amount"
    )  # fmt: skip
    labels = (
        ("发票号码", "开票日期", "购买方", "地址", "合计", "付款方式：电汇，30天")
        if zh
        else ("Invoice No", "Invoice Date", "Bill To", "Address", "Total", "Payment terms: T/T")
    )  # fmt: skip
    body = (
        _letterhead(spec.supplier, zh)
        + f"<h1>{_e(title)}</h1>"
        + f"<div>{labels[0]}: {_e(spec.number)}</div>"
        + (f"<div>{labels[1]}: {_over(when, spec.overtyped == 'date')}</div>" if spec.dated else "")
        + "<br>"
        + f"<div class='label'>{labels[2]}:</div>"
        + f"<div>{_over(spec.buyer.name, spec.overtyped == 'buyer')}</div>"
        + f"<div>{_e(spec.buyer.address)}</div>"
        + "<table><tr>" + "".join(f"<th>{h}</th>" for h in heads) + f"</tr>{rows}</table>"
        + f"<p>{labels[4]}: {total:,.2f} USD</p><p>{labels[5]}</p>"
    )  # fmt: skip
    return _pdf(body)


def bill_pdf(spec: BillSpec) -> bytes:
    zh = spec.language == "zh"
    when = (
        f"{spec.issued.year}年{spec.issued.month}月{spec.issued.day}日"
        if zh
        else spec.issued.isoformat()
    )
    if zh:
        body = (
            _letterhead(spec.provider, zh)
            + "<h1>电费账单</h1>"
            + (f"<div>账单日期：{when}</div>" if spec.dated else "")
            + "<div>户号：0755-20318842</div><br>"
            + f"<div>户名：{_e(spec.holder.name)}</div>"
            + f"<div>用电地址：{_e(spec.holder.address)}</div>"
            + "<table><tr><th>抄表</th><th>用电量 (kWh)</th><th>应缴金额</th></tr>"
            + f"<tr><td>本月</td><td>1,532</td><td>{spec.amount}</td></tr></table>"
        )
    else:
        body = (
            _letterhead(spec.provider, zh)
            + "<h1>ELECTRICITY BILL</h1>"
            + (f"<div>Bill Date: {when}</div>" if spec.dated else "")
            + "<div>Account number: 0755-20318842</div><br>"
            + f"<div>Account Name: {_e(spec.holder.name)}</div>"
            + f"<div>Service Address: {_e(spec.holder.address)}</div>"
            + "<table><tr><th>Meter reading</th><th>kWh used</th><th>Amount due</th></tr>"
            + f"<tr><td>This month</td><td>1,532</td><td>{spec.amount}</td></tr></table>"
        )
    return _pdf(body)


def authorization_pdf(spec: AuthorizationSpec) -> bytes:
    owner = spec.owner.name if spec.signed else "the undersigned"
    what = (
        f"to sell and distribute genuine {_e(spec.brand)} products on Amazon"
        if spec.scope
        else "as our partner"
    )
    body = (
        (_letterhead(spec.owner, False) if spec.signed else "")
        + "<h1>LETTER OF AUTHORIZATION</h1>"
        + (f"<div>Date: {spec.issued.isoformat()}</div>" if spec.dated else "")
        + f"<div>Brand: {_e(spec.brand)}</div><br>"
        + f"<p>We, {_e(owner)}, the owner of the {_e(spec.brand)} trademark, hereby authorize "
        + f"{_e(spec.seller.name)} {what}.</p>"
        + (
            f"<div>Valid from: {spec.issued.isoformat()}</div>"
            f"<div>Valid until: {spec.valid_until.isoformat()}</div>"
            if spec.dated
            else ""
        )
        + (f"<p>Issued by: {_e(spec.owner.name)}</p>" if spec.signed else "")
    )
    return _pdf(body)


def simple_pdf(body: str) -> bytes:
    """A one-page PDF of ``body`` (HTML) in the demo documents' style."""
    return _pdf(body)


def page_image(pdf: bytes, dpi: int = 200) -> Image.Image:
    """The first page of ``pdf`` as a grey image (poppler's pdftoppm)."""
    with tempfile.TemporaryDirectory(prefix="reinstate-demo-") as folder:
        source = Path(folder) / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
             str(source), str(Path(folder) / "page")],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        with Image.open(Path(folder) / "page.png") as image:
            return image.convert("L")


def scan(
    pdf: bytes,
    *,
    fmt: str = "jpeg",
    dpi: int = 200,
    tilt: float = 0.0,
    noise: float = 0.0,
    blur: float = 0.0,
    seed: int = 16,
    crop: tuple[float, float, float, float] | None = None,
) -> bytes:
    """A scan of the PDF's first page: tilted ``tilt`` degrees, with a share ``noise`` of pixels
    speckled, slightly blurred; saved as ``jpeg``, ``png``, ``gif``, ``tiff`` or an image-only
    ``pdf``. ``crop`` keeps part of the page (fractions x0, y0, x1, y1)."""
    image = page_image(pdf, dpi)
    if crop:
        w, h = image.size
        image = image.crop((int(crop[0] * w), int(crop[1] * h), int(crop[2] * w), int(crop[3] * h)))
    if tilt:
        image = image.rotate(tilt, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)
    if noise:
        rng = random.Random(seed)
        pixels = image.load()
        assert pixels is not None
        w, h = image.size
        for _ in range(int(w * h * noise)):
            pixels[rng.randrange(w), rng.randrange(h)] = rng.choice((0, 90, 200, 255))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    if fmt == "jpeg":
        image.save(out, format="JPEG", quality=80, dpi=(dpi, dpi))
    elif fmt == "pdf":
        image.save(out, format="PDF", resolution=float(dpi))
    elif fmt == "gif":
        image.convert("P").save(out, format="GIF")
    else:
        image.save(out, format=fmt.upper(), dpi=(dpi, dpi))
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class DemoDocument:
    name: str
    data: bytes
    proves: str
    asins: tuple[str, ...]
    expected: tuple[str, ...]  # rule codes the checks should report (empty: it passes)


def demo_documents(asin: str, units_sold: int, notice_date: date) -> list[DemoDocument]:
    """The documents the demo seller has: an invoice that covers the cited ASIN, one from a
    supplier who left out the website and phone, an invoice too old to count, and a
    utility bill."""
    title = "Hair Dryer Brush 1000W"
    good = InvoiceSpec(
        issued=date.fromordinal(notice_date.toordinal() - 60),
        items=(Item(title, asin, max(units_sold + 40, 100), 6.8),),
    )
    old = replace(
        good, issued=date.fromordinal(notice_date.toordinal() - 420), number="HX-2024-0907"
    )
    partial = replace(
        good,
        number="HX-2026-0211",
        issued=date.fromordinal(notice_date.toordinal() - 90),
        supplier=replace(SUPPLIER, phone=None, website=None),
        items=(Item(title, asin, 30, 6.8),),
    )
    bill = BillSpec(issued=date.fromordinal(notice_date.toordinal() - 20))
    return [
        DemoDocument("invoice-huaxin-2026.pdf", invoice_pdf(good), "invoices", (asin,), ()),
        DemoDocument(
            "invoice-huaxin-2024-scan.jpg", scan(invoice_pdf(old), tilt=0.8, noise=0.004),
            "invoices", (asin,), ("invoice_too_old",),
        ),
        DemoDocument(
            "invoice-no-contact.pdf", invoice_pdf(partial), "invoices", (asin,),
            ("invoice_supplier_contact_missing",),
        ),
        DemoDocument("electricity-bill.pdf", bill_pdf(bill), "utility_bill", (), ()),
    ]  # fmt: skip
