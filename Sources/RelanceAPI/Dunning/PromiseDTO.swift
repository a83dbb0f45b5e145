import Foundation
import RelanceCore
import RelanceStore

/// A promise to pay as the API returns it.
struct PromiseDTO: Encodable {
    var id: String
    var customerId: String
    var invoiceIds: [String]
    var amount: Money?
    var madeOn: CalendarDate
    var promisedDate: CalendarDate
    var status: String
    var statusOn: CalendarDate?
    var notes: String?
    var createdAt: Date

    init(_ promise: StoredPromise) {
        id = promise.id.uuidString.lowercased()
        customerId = promise.customerID.uuidString.lowercased()
        invoiceIds = promise.invoiceIDs.map { $0.uuidString.lowercased() }
        amount = promise.amount.map { Money($0, promise.currency) }
        madeOn = promise.madeOn
        promisedDate = promise.promisedDate
        status = promise.status.rawValue
        statusOn = promise.statusOn
        notes = promise.notes
        createdAt = promise.createdAt
    }
}
