/// A customer's postal address (stored as `jsonb` with snake_case keys; absent parts omitted).
public struct CustomerAddress: Sendable, Equatable {
    public var line1: String?
    public var line2: String?
    public var postalCode: String?
    public var city: String?
    public var country: String?

    public init(line1: String? = nil, line2: String? = nil, postalCode: String? = nil, city: String? = nil, country: String? = nil) {
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }

    /// Whether no part is given (stored as null).
    public var isEmpty: Bool { line1 == nil && line2 == nil && postalCode == nil && city == nil && country == nil }
}
