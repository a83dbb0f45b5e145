import Foundation
import RelanceCore
import RelanceStore

/// The body of `POST /v1/invoices`. Totals are the server's: a body that sends `subtotal`,
/// `tax_total`, `total` or a line's `line_total` is refused, naming each.
struct NewInvoiceBody: RequestBody {
    struct Line: RequestBody {
        var description: String
        /// Up to 3 decimal places, as a JSON number or a string; read exactly.
        var quantity: ScaledDecimal
        var unitPrice: Money
        var discountPercent: ScaledDecimal?
        /// Basis points: 2000 is 20 %.
        var taxRate: Int
        var lineTotal: Patch<JSONValue>
        static let maximumLengths = ["description": 1000]
    }

    /// `{"percent": 2, "within_days": 10}`.
    struct DiscountBody: RequestBody, Equatable {
        var percent: ScaledDecimal
        var withinDays: Int
    }

    var customerID: UUID
    var number: String?
    var issueDate: CalendarDate
    var deliveryDate: CalendarDate?
    var dueDate: CalendarDate?
    var paymentTerms: PaymentTerms?
    var currency: Currency?
    var purchaseOrder: String?
    var notes: String?
    var lines: [Line]
    var issue: Bool?
    /// Absent: the tenant's default; null: none; a value: these terms.
    var earlyPaymentDiscount: Patch<DiscountBody>
    var subtotal: Patch<JSONValue>
    var taxTotal: Patch<JSONValue>
    var total: Patch<JSONValue>

    static let maximumLengths = ["number": 40, "purchase_order": 100, "notes": 5000]

    func validate(_ errors: inout FieldErrors) {
        for (field, value) in [("subtotal", subtotal), ("tax_total", taxTotal), ("total", total)] where value.isPresent {
            errors.add(field, "is computed by the server; do not send it")
        }
        if let number { errors.check("number", number, InvoiceBodyRule.documentNumber) }
        if dueDate != nil && paymentTerms != nil { errors.add("payment_terms", "give either due_date or payment_terms, not both") }
        if let problem = paymentTerms?.problem { errors.add("payment_terms", problem) }
        if lines.isEmpty { errors.add("lines", "must hold at least one line") }
        if lines.count > 500 { errors.add("lines", "must hold at most 500 lines") }
        let invoiceCurrency = currency ?? lines.first?.unitPrice.currency
        for (index, line) in lines.enumerated() {
            let at = "lines[\(index)]"
            if line.lineTotal.isPresent { errors.add("\(at).line_total", "is computed by the server; do not send it") }
            if line.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.add("\(at).description", "must not be empty") }
            if let message = LineRule.quantity(line.quantity) { errors.add("\(at).quantity", message) }
            if let message = LineRule.unitPrice(line.unitPrice.amount) { errors.add("\(at).unit_price.amount", message) }
            if let invoiceCurrency, line.unitPrice.currency != invoiceCurrency {
                errors.add("\(at).unit_price.currency", "must be \(invoiceCurrency.code), the invoice's currency")
            }
            if let percent = line.discountPercent, let message = LineRule.discountPercent(percent) { errors.add("\(at).discount_percent", message) }
            if let message = LineRule.taxRate(line.taxRate) { errors.add("\(at).tax_rate", message) }
        }
        if case .value(let discount) = earlyPaymentDiscount, case .failure(let problem) = InvoiceBodyRule.discount(discount) {
            errors.add(problem.field, problem.message)
        }
    }

    /// What the repository creates.
    var newInvoice: NewInvoice {
        let discount: NewInvoice.Discount = switch earlyPaymentDiscount {
        case .absent: .tenantDefault
        case .null: .none
        case .value(let body): (try? InvoiceBodyRule.discount(body).get()).map { .terms($0) } ?? .none
        }
        return NewInvoice(
            customerID: customerID, number: number, issueDate: issueDate, deliveryDate: deliveryDate, dueDate: dueDate,
            paymentTerms: paymentTerms, currency: currency ?? lines.first?.unitPrice.currency,
            currencyField: currency == nil ? "lines[0].unit_price.currency" : "currency", purchaseOrder: purchaseOrder, notes: notes,
            lines: lines.map { NewInvoice.Line(description: $0.description, input: InvoiceLineInput(
                quantity: $0.quantity, unitPrice: $0.unitPrice.amount, discountPercent: $0.discountPercent, taxRate: $0.taxRate)) },
            discount: discount, issue: issue ?? false)
    }
}

/// Checks shared by the invoice and credit-note bodies.
enum InvoiceBodyRule {
    struct FieldProblem: Error { var field: String; var message: String }

    /// A document number a client chose: 1–40 printable characters, no spaces at the ends.
    static func documentNumber(_ value: String) -> String? {
        let printable = value.unicodeScalars.allSatisfy { !$0.properties.isWhitespace || $0 == " " } && !value.unicodeScalars.contains { $0.value < 0x20 }
        guard !value.isEmpty, value.count <= 40, printable, value.trimmingCharacters(in: .whitespaces) == value else {
            return "must be 1 to 40 printable characters"
        }
        return nil
    }

    /// The discount terms of a body: percent with at most 2 places, 0.01…100; days 0…365.
    static func discount(_ body: NewInvoiceBody.DiscountBody) -> Result<EarlyPaymentDiscount, FieldProblem> {
        guard let hundredths = body.percent.rescaled(to: 2), hundredths.units > 0, hundredths.units <= 10_000 else {
            return .failure(FieldProblem(field: "early_payment_discount.percent", message: "must be more than 0 and at most 100, with at most 2 decimal places"))
        }
        let terms = EarlyPaymentDiscount(percentBasisPoints: Int(hundredths.units), withinDays: body.withinDays)
        if let problem = terms.problem { return .failure(FieldProblem(field: "early_payment_discount.within_days", message: problem)) }
        return .success(terms)
    }
}
