import Foundation
import RelanceCore
import RelanceStore

/// `GET /v1/invoices/{id}/late-charges`: the days late, each rate period, the interest, the
/// indemnity and how they were computed.
struct LateChargesDTO: Encodable {
    struct Period: Encodable {
        var from: CalendarDate
        var to: CalendarDate
        /// Percent a year, as text with up to two decimals ("12.15").
        var rate: String
        var days: Int
        var base: Money
        var amount: Money
    }

    var invoiceID: String
    var number: String?
    var dueDate: CalendarDate
    var asOf: CalendarDate
    var overdue: Money
    var daysLate: Int
    var rule: String
    var basis: String
    var periods: [Period]
    var interest: Money
    var formalNoticeOn: CalendarDate?
    var indemnity: Money
    /// Interest plus indemnity.
    var total: Money

    init(_ late: InvoiceLateCharges) {
        let currency = late.currency
        invoiceID = late.invoiceID.uuidString.lowercased()
        number = late.number
        dueDate = late.dueDate
        asOf = late.asOf
        overdue = Money(late.overdue, currency)
        daysLate = late.charges.daysLate
        rule = late.rule.name
        basis = late.charges.basis
        periods = late.charges.periods.map {
            Period(from: $0.from, to: $0.to, rate: LegalMentions.percent($0.rateBasisPoints, french: false), days: $0.days,
                   base: Money($0.base, currency), amount: Money($0.amount, currency))
        }
        interest = Money(late.charges.interest, currency)
        formalNoticeOn = late.formalNoticeOn
        indemnity = Money(late.charges.indemnity, currency)
        total = Money(late.charges.interest &+ late.charges.indemnity, currency)
    }
}
