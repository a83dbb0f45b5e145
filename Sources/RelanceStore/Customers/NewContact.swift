import Foundation

/// A contact to create; values already validated (the phone in E.164).
public struct NewContact: Sendable, Equatable {
    public var id: UUID
    public var customerID: UUID
    public var role: ContactRole
    public var name: String?
    public var email: String?
    public var phone: String?
    public var isPrimary: Bool

    public init(id: UUID = UUID(), customerID: UUID, role: ContactRole, name: String? = nil, email: String? = nil,
                phone: String? = nil, isPrimary: Bool = false) {
        self.id = id
        self.customerID = customerID
        self.role = role
        self.name = name
        self.email = email
        self.phone = phone
        self.isPrimary = isPrimary
    }
}
