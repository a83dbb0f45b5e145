import Foundation
import RelanceCore
import RelanceStore

/// A customer statement as JSON: opening balance, movements with a running balance,
/// closing balance, and the aging of the closing balance by days past due.
struct StatementDTO: Encodable {
    struct Movement: Encodable {
        var date: CalendarDate
        var kind: String
        var reference: String?
        var description: String
        var amount: Money
        var balance: Money
    }

    struct AgingDTO: Encodable {
        var current: Money
        var days1To30: Money
        var days31To60: Money
        var days61To90: Money
        var over90: Money
        var total: Money

        enum CodingKeys: String, CodingKey {
            case current
            case days1To30 = "days_1_30"
            case days31To60 = "days_31_60"
            case days61To90 = "days_61_90"
            case over90 = "over_90"
            case total
        }
    }

    var customerID: String
    var customerName: String
    var currency: String
    var from: CalendarDate
    var to: CalendarDate
    var openingBalance: Money
    var movements: [Movement]
    var closingBalance: Money
    var aging: AgingDTO

    init(_ statement: CustomerStatement) {
        let money = { (amount: Int64) in Money(amount, statement.currency) }
        customerID = statement.customerID.uuidString.lowercased()
        customerName = statement.customerName
        currency = statement.currency.code
        from = statement.from
        to = statement.to
        openingBalance = money(statement.statement.opening)
        movements = statement.statement.lines.map {
            Movement(date: $0.movement.date, kind: $0.movement.kind, reference: $0.movement.reference, description: $0.movement.description,
                     amount: money($0.movement.amount), balance: money($0.balance))
        }
        closingBalance = money(statement.statement.closing)
        let aging = statement.aging
        self.aging = AgingDTO(current: money(aging.current), days1To30: money(aging.days1To30), days31To60: money(aging.days31To60),
                              days61To90: money(aging.days61To90), over90: money(aging.over90), total: money(aging.total))
    }
}
