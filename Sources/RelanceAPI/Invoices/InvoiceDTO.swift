import Foundation
import RelanceCore
import RelanceStore

/// An invoice as the API returns it: amounts as money (`{"amount", "currency"}`),
/// quantities and percentages as exact decimal strings.
struct InvoiceDTO: Encodable {
    struct Line: Encodable {
        var position: Int
        var description: String
        var quantity: String
        var unitPrice: Money
        var discountPercent: String?
        var taxRate: Int
        var lineTotal: Money
    }

    struct Tax: Encodable {
        var rate: Int
        var base: Money
        var amount: Money
    }

    struct Discount: Encodable {
        var percent: String
        var withinDays: Int
        var amount: Money
        var lastDate: CalendarDate?
    }

    struct Mentions: Encodable {
        var latePenaltyRate: String
        var recoveryIndemnity: Money
        var earlyPaymentDiscount: String?
        var text: [String]
    }

    var id: String
    var number: String?
    var status: String
    var customerID: String
    var currency: String
    var issueDate: CalendarDate
    var deliveryDate: CalendarDate?
    var dueDate: CalendarDate
    var paymentTerms: PaymentTerms?
    var purchaseOrder: String?
    var notes: String?
    var lines: [Line]
    var taxes: [Tax]
    var subtotal: Money
    var taxTotal: Money
    var total: Money
    var amountPaid: Money
    var amountCredited: Money
    var amountDiscounted: Money
    var amountWrittenOff: Money
    var amountDue: Money
    var disputed: Bool
    /// Created while its customer was blocked by a `block_customer` dunning step.
    var customerBlocked: Bool
    /// A charge invoice: the invoice whose late charges it bills.
    var chargesFor: String?
    var paymentReference: String?
    var paymentLink: String
    var earlyPaymentDiscount: Discount?
    var legalMentions: Mentions?
    var warnings: [String]
    var writeOffReason: String?
    var asOf: CalendarDate?
    var issuedAt: Date?
    var createdAt: Date
    var updatedAt: Date

    init(_ invoice: Invoice, publicBaseURL: String) {
        let money = { (amount: Int64) in Money(amount, invoice.currency) }
        id = invoice.id.uuidString.lowercased()
        number = invoice.number
        status = invoice.status.rawValue
        customerID = invoice.customerID.uuidString.lowercased()
        currency = invoice.currency.code
        issueDate = invoice.issueDate
        deliveryDate = invoice.deliveryDate
        dueDate = invoice.dueDate
        paymentTerms = invoice.paymentTerms
        purchaseOrder = invoice.purchaseOrder
        notes = invoice.notes
        lines = invoice.lines.enumerated().map { index, line in
            Line(position: index + 1, description: line.description, quantity: line.input.quantity.description,
                 unitPrice: money(line.input.unitPrice), discountPercent: line.input.discountPercent?.description,
                 taxRate: line.input.taxRate, lineTotal: money(line.lineTotal))
        }
        taxes = invoice.taxes.map { Tax(rate: $0.rate, base: money($0.base), amount: money($0.amount)) }
        subtotal = money(invoice.subtotal)
        taxTotal = money(invoice.taxTotal)
        total = money(invoice.total)
        amountPaid = money(invoice.amountPaid)
        amountCredited = money(invoice.amountCredited)
        amountDiscounted = money(invoice.amountDiscounted)
        amountWrittenOff = money(invoice.amountWrittenOff)
        amountDue = money(invoice.amountDue)
        disputed = invoice.disputed
        customerBlocked = invoice.customerBlocked
        chargesFor = invoice.chargesFor?.uuidString.lowercased()
        paymentReference = invoice.paymentReference
        paymentLink = "\(publicBaseURL)/pay/\(invoice.paymentToken)"
        earlyPaymentDiscount = invoice.earlyPaymentDiscount.map {
            Discount(percent: Self.percent($0.percentBasisPoints), withinDays: $0.withinDays, amount: money($0.amount(onTotal: invoice.total)),
                     lastDate: $0.lastDate(issuedOn: invoice.issueDate))
        }
        legalMentions = invoice.legalMentions.map { mentions in
            Mentions(latePenaltyRate: Self.percent(mentions.latePenaltyRateBasisPoints),
                     recoveryIndemnity: Money(mentions.recoveryIndemnity, Currency(mentions.indemnityCurrency) ?? invoice.currency),
                     earlyPaymentDiscount: mentions.earlyPaymentDiscount.map { Self.percent($0.percentBasisPoints) },
                     text: mentions.text)
        }
        warnings = invoice.warnings
        writeOffReason = invoice.writeOffReason
        asOf = invoice.asOf
        issuedAt = invoice.issuedAt
        createdAt = invoice.createdAt
        updatedAt = invoice.updatedAt
    }

    /// Basis points as a percent string: 1215 → "12.15", 200 → "2".
    static func percent(_ basisPoints: Int) -> String { LegalMentions.percent(basisPoints, french: false) }
}
