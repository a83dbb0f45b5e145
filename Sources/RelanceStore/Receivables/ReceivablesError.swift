/// A receivables operation that cannot be done as asked. The API maps it once, in its
/// problem middleware: `notFound` → 404, `conflict` → 409 naming the field (an illegal
/// state change names `status`), `invalid` and `invalidFields` → 400 naming the fields.
public enum ReceivablesError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case conflict(field: String, detail: String)
    case invalid(field: String, message: String)
    /// Several fields at fault at once (each named, in the order found).
    case invalidFields([(field: String, message: String)])

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .conflict(let field, let detail): "\(field): \(detail)"
        case .invalid(let field, let message): "\(field): \(message)"
        case .invalidFields(let errors): errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        }
    }
}
