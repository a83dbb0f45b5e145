import Foundation
import RelanceStore

/// A contact as the API returns it (`/v1/customers/{id}/contacts…`); unset fields are absent.
struct ContactDTO: Encodable, Sendable {
    var id: String
    var customerID: String
    var role: String
    var name: String?
    var email: String?
    var phone: String?
    var isPrimary: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ contact: Contact) {
        id = contact.id.uuidString.lowercased()
        customerID = contact.customerID.uuidString.lowercased()
        role = contact.role.rawValue
        name = contact.name
        email = contact.email
        phone = contact.phone
        isPrimary = contact.isPrimary
        createdAt = contact.createdAt
        updatedAt = contact.updatedAt
    }
}
