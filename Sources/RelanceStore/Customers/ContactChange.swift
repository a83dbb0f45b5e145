/// A change to a contact: nil keeps a field, `.some(nil)` clears an optional one.
public struct ContactChange: Sendable, Equatable {
    public var role: ContactRole?
    public var name: String??
    public var email: String??
    public var phone: String??
    public var isPrimary: Bool?

    public init() {}
}
