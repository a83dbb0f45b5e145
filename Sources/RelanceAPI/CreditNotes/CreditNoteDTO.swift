import Foundation
import RelanceCore
import RelanceStore

/// A credit note as the API returns it.
struct CreditNoteDTO: Encodable {
    var id: String
    var number: String
    var customerID: String
    var invoiceID: String?
    var amount: Money
    var issueDate: CalendarDate
    var reason: String
    var amountAllocated: Money
    var unallocated: Money
    var createdAt: Date

    init(_ note: CreditNote) {
        id = note.id.uuidString.lowercased()
        number = note.number
        customerID = note.customerID.uuidString.lowercased()
        invoiceID = note.invoiceID?.uuidString.lowercased()
        amount = Money(note.amount, note.currency)
        issueDate = note.issueDate
        reason = note.reason
        amountAllocated = Money(note.amountAllocated, note.currency)
        unallocated = Money(note.unallocated, note.currency)
        createdAt = note.createdAt
    }
}
