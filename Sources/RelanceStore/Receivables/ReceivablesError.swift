/// What the receivables store refuses: a customer, invoice, payment… that does not exist in
/// the tenant (404), a change that conflicts with the ledger or a unique rule (409 naming
/// the field), a value the store cannot accept once the request is combined with what is
/// stored (400 naming the field). `ProblemMiddleware` maps it, once, for every route.
public enum ReceivablesError: Error, Sendable, CustomStringConvertible {
    /// Nothing with this id in the tenant ("customer 9f… not found").
    case notFound(String)
    /// The change conflicts with stored data; `field` is the request field to name.
    case conflict(field: String, detail: String)
    /// The value of `field` is refused (a rule that needs stored data to check).
    case invalid(field: String, message: String)

    public var description: String {
        switch self {
        case .notFound(let detail): detail
        case .conflict(_, let detail): detail
        case .invalid(let field, let message): "\(field): \(message)"
        }
    }
}
