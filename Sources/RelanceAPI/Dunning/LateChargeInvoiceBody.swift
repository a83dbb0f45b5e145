import RelanceCore

/// The body of `POST /v1/invoices/{id}/late-charges/invoice`: the day the charges are
/// computed to and the charge invoice is dated (default the tenant's today).
struct LateChargeInvoiceBody: RequestBody {
    var asOf: CalendarDate?
}
