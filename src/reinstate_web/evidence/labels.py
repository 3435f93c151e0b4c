"""The words for the evidence codes, in the reader's language: for each rule, what Amazon's rule
is, what was found (with the values read) and how to fix it."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# rule code -> (Amazon's rule, what was found, the fix). The finding's placeholders come from the
# finding: value, expected, page, and its facts.
RULES: dict[str, tuple[Promise, Promise, Promise]] = {
    "unreadable": (
        _("Amazon's reviewers must be able to open and read every document."),
        _("The file cannot be read (%(reason)s)."),
        _("Upload the original file again as PDF, JPG, PNG or GIF, or scan the paper at 300 dpi."),
    ),
    "password_protected": (
        _("Documents must not be password protected."),
        _("The PDF asks for a password before it opens."),
        _("Ask the issuer for a copy without a password, or print it to PDF without one."),
    ),
    "too_many_pages": (
        _("Reinstate reads the first pages of a document."),
        _("The document has %(pages)s pages; the first %(read)s were read."),
        _("Upload the pages that matter (the invoice itself) as their own file."),
    ),
    "low_resolution": (
        _("A scan must be sharp enough for every number to be read."),
        _("Scanned at about %(dpi)s dpi: too coarse to read reliably."),
        _("Scan the original again at 300 dpi, in colour, the whole page."),
    ),
    "screenshot": (
        _("Amazon does not accept screenshots of documents."),
        _("This image looks like a screenshot, not a scan or the original file."),
        _("Download the original PDF from the issuer, or scan the paper document."),
    ),
    "partial_page": (
        _("The whole page must be visible, with nothing cut off."),
        _("The image is not shaped like a full page: part of the document may be cut off."),
        _("Scan or photograph the whole page, all four corners visible."),
    ),
    "format_not_accepted": (
        _("Amazon accepts %(expected)s for this document."),
        _("The file is %(value)s."),
        _("Ask the issuer for a PDF. The submission set carries a PNG copy of the same pixels."),
    ),
    "kind_mismatch": (
        _("Each document should be the kind Amazon asked for."),
        _("This reads as %(value)s, not as the document it should prove."),
        _("Check that you uploaded the right file, or choose what it proves again."),
    ),
    "altered": (
        _("Documents must be authentic and unaltered; edited invoices count as forged."),
        _("Sign of editing: %(sign)s."),
        _("Do not edit the document. Ask the issuer for a new original and send that."),
    ),
    "not_final_invoice": (
        _("Quotes, pro-forma invoices, packing lists and order confirmations are not accepted."),
        _("This is not a final invoice for a completed purchase."),
        _("Ask the supplier for the final invoice of the delivered order."),
    ),
    "invoice_date_missing": (
        _("An invoice must show its issue date."),
        _("No issue date was found on the invoice."),
        _("Ask the supplier for an invoice that shows the date it was issued."),
    ),
    "invoice_too_old": (
        _("Invoices must be issued within %(days)s days before the notice."),
        _("Issued %(value)s, before %(expected)s."),
        _(
            "Send invoices issued from %(expected)s on; if you have none, buy again from the "
            "supplier and send that invoice."
        ),
    ),
    "invoice_supplier_contact_missing": (
        _("The invoice must show the supplier's name, address, phone number and website."),
        _("Missing on the invoice: %(missing)s."),
        _(
            "Ask the supplier to reissue the invoice with all its contact details. Do not add "
            "them yourself."
        ),
    ),
    "buyer_mismatch": (
        _("The buyer on the invoice must be your business, exactly as in Seller Central."),
        _("The invoice is made out to %(value)s; your account's name is %(expected)s."),
        _(
            "Ask the supplier to reissue the invoice to your business name exactly as in Seller "
            "Central, or correct the name saved for this account below."
        ),
    ),
    "address_mismatch": (
        _("The address must match your address in Seller Central."),
        _("The document shows %(value)s; your account's address is %(expected)s."),
        _(
            "Use a document issued to your registered address, or correct the address saved for "
            "this account below."
        ),
    ),
    "name_mismatch": (
        _("The name on the document must match your name in Seller Central."),
        _("The document names %(value)s; your account's name is %(expected)s."),
        _("Use a document issued in your business's name exactly as in Seller Central."),
    ),
    "product_not_identified": (
        _("Invoices must identify the products (name, model number or UPC) of each ASIN."),
        _("No line of the invoice names the product of %(asins)s."),
        _("Ask the supplier for an invoice that names each product, with its model number."),
    ),
    "invoice_quantity_missing": (
        _("Invoices must show the quantities bought."),
        _("No quantities were found on the invoice."),
        _("Ask the supplier for an invoice that lists the quantity of each product."),
    ),
    "invoice_quantity_short": (
        _("The invoices must cover the units sold of each ASIN in the 365 days before the notice."),
        _(
            "%(asin)s: your invoices cover %(invoiced)s units, but you sold %(units_sold)s "
            "(%(short)s short)."
        ),
        _("Add invoices for at least %(short)s more units of %(asin)s from the same period."),
    ),
    "asin_not_covered": (
        _("Amazon wants evidence for every ASIN in the notice."),
        _("No invoice that passes the checks covers %(asin)s."),
        _("Upload an invoice for %(asin)s and mark the ASIN it covers."),
    ),
    "bill_date_missing": (
        _("A bill must show the date it was issued."),
        _("No bill date was found."),
        _("Upload a bill that shows its issue date."),
    ),
    "bill_too_old": (
        _("Utility bills and bank statements must be issued within the last %(days)s days."),
        _("Issued %(value)s: %(age)s days ago."),
        _("Download the latest bill from your provider and upload it."),
    ),
    "bill_provider_missing": (
        _("A utility bill comes from a provider (electricity, gas, water, phone, internet)."),
        _("The provider's name, phone number or website was not found."),
        _("Upload the provider's full bill, with its letterhead, not a summary."),
    ),
    "issuer_missing": (
        _("A letter of authorisation or licence must come from the rights owner."),
        _("The rights owner or issuer is not named on the document."),
        _("Ask the rights owner for a signed letter on its own letterhead."),
    ),
    "brand_missing": (
        _("The letter must name the brand of the products in the notice."),
        _("The brand %(expected)s is not named on the document."),
        _("Ask the rights owner for a letter that names the brand."),
    ),
    "scope_missing": (
        _("The letter must say what it allows: selling the brand's products on Amazon."),
        _("The document does not say what it authorises."),
        _("Ask the rights owner for a letter that authorises you to sell its products on Amazon."),
    ),
    "document_date_missing": (
        _("The document must be dated, or say how long it is valid."),
        _("No date or validity period was found."),
        _("Ask the issuer for a dated document."),
    ),
    "document_expired": (
        _("The document must be valid on the date of the notice."),
        _("It expired on %(value)s, before %(expected)s."),
        _("Ask the issuer for a renewed document valid today."),
    ),
    "not_yet_valid": (
        _("The document must be valid on the date of the notice."),
        _("It is valid only from %(value)s, after the notice date %(expected)s."),
        _("Send a document that was valid on the notice date, or explain the date in your letter."),
    ),
}

REASONS: dict[str, Promise] = {
    "format": _("not a PDF or an image"),
    "empty": _("the file is empty"),
    "broken": _("the file is damaged or cut short"),
    "memory": _("it needs too much memory to open"),
    "time": _("it takes too long to open"),
    "too_large": _("the file is too large"),
    "too_small": _("the image is a few pixels only"),
    "too_many_pixels": _("the image claims billions of pixels"),
    "no_text": _("no text could be read on it"),
    "ocr_missing": _("the OCR program is not installed on this server"),
    "ocr_time": _("reading the scan took too long"),
    "ocr_error": _("the OCR program stopped on it"),
    "raster": _("a page could not be drawn"),
}

SIGNS: dict[str, Promise] = {
    "pdf_editor": _("the PDF was saved by a PDF editor"),
    "editable_source": _("the PDF was made from an editable document (Word, WPS)"),
    "modified_after_creation": _("the PDF was changed after it was created"),
    "saved_again": _("the PDF was saved over itself after it was made"),
    "mixed_fonts": _("one field mixes two fonts, as if typed over"),
}

KINDS: dict[str, Promise] = {
    "invoice": _("an invoice"),
    "not_final_invoice": _("a quotation or pro-forma"),
    "utility_bill": _("a utility bill"),
    "bank_statement": _("a bank statement"),
    "letter_of_authorization": _("a letter of authorisation"),
    "compliance_documents": _("a test report or certificate"),
    "business_license": _("a business licence"),
    "identity_document": _("an identity document"),
    "unknown": _("an unrecognised document"),
}

STATES: dict[str, Promise] = {
    "passed": _("Passes"),
    "failed": _("Needs attention"),
    "reading": _("Reading…"),
    "missing": _("Still needed"),
    "written": _("Written in step 4"),
    "not_a_file": _("Not a file to upload"),
}

FIELDS: dict[str, Promise] = {
    "issue_date": _("Issue date"),
    "valid_from": _("Valid from"),
    "valid_until": _("Valid until"),
    "issuer": _("Issuer"),
    "brand": _("Brand"),
    "supplier": _("Supplier"),
    "buyer": _("Buyer"),
    "name": _("Name"),
    "address": _("Address"),
    "phone": _("Phone"),
    "website": _("Website"),
    "email": _("Email"),
}

MISSING: dict[str, Promise] = {
    "name": _("name"),
    "address": _("address"),
    "phone": _("phone number"),
    "website": _("website"),
}
