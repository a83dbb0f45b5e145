import Foundation
import RelanceCore
import RelanceStore

/// A dispute as the API returns it.
struct DisputeDTO: Encodable {
    var id: String
    var invoiceId: String
    var customerId: String
    var reason: String
    var amount: Money
    var notes: String?
    var openedOn: CalendarDate
    var status: String
    var resolvedOn: CalendarDate?
    var resolutionNotes: String?
    var creditNoteId: String?
    var createdAt: Date
    var updatedAt: Date

    init(_ dispute: Dispute) {
        id = dispute.id.uuidString.lowercased()
        invoiceId = dispute.invoiceID.uuidString.lowercased()
        customerId = dispute.customerID.uuidString.lowercased()
        reason = dispute.reason
        amount = Money(dispute.amount, dispute.currency)
        notes = dispute.notes
        openedOn = dispute.openedOn
        status = dispute.status.rawValue
        resolvedOn = dispute.resolvedOn
        resolutionNotes = dispute.resolutionNotes
        creditNoteId = dispute.creditNoteID?.uuidString.lowercased()
        createdAt = dispute.createdAt
        updatedAt = dispute.updatedAt
    }
}
