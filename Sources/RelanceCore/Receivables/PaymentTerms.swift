/// When an invoice falls due: `net` days, optionally counted to the end of the month —
/// `{"net": 30}` (30 days), `{"end_of_month": true}` (end of the month), `{"net": 45,
/// "end_of_month": true}` (45 days end of month). A customer's terms override the
/// tenant's; none at all is the French default of 30 days after delivery.
public struct PaymentTerms: Sendable, Hashable, Codable {
    public var net: Int?
    public var endOfMonth: Bool?

    /// The JSON names, also in storage (jsonb) where no snake_case conversion runs.
    enum CodingKeys: String, CodingKey {
        case net
        case endOfMonth = "end_of_month"
    }

    public init(net: Int? = nil, endOfMonth: Bool? = nil) {
        self.net = net
        self.endOfMonth = endOfMonth
    }

    /// The French default: 30 days (after delivery).
    public static let frenchDefault = PaymentTerms(net: 30)

    /// Why these terms cannot be used, or nil: `net` is 0…365 days, and at least one of
    /// `net` and `end_of_month: true` is given.
    public var problem: String? {
        if let net, !(0...365).contains(net) { return "net must be 0 to 365 days" }
        if net == nil && endOfMonth != true { return "must give net days, end_of_month: true, or both" }
        return nil
    }
}
