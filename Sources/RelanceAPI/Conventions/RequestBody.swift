/// A request body DTO: a `Decodable` struct that `StrictJSONDecoder` fills from JSON.
///
/// Declare the fields as Swift properties in camelCase (the JSON names are their snake_case
/// forms). `Optional` properties may be absent or null; `Patch` properties tell absent, null
/// and a value apart (for PATCH); every other property is required. Strings longer than
/// `maximumLengths[json name]` (default `StrictJSONDecoder.defaultMaximumLength`) are field
/// errors, and so is any field the type does not declare. Rules that need more than the
/// type (a time zone that exists, an IBAN checksum) go in `validate(_:)`, which runs after
/// decoding and only reports fields that decoded cleanly.
///
/// ```swift
/// struct NewInvoice: RequestBody {
///     struct Line: Decodable { var description: String; var quantity: Int64; var unitPrice: Int64 }
///     var customerID: String          // "customer_id", required
///     var issueDate: CalendarDate     // "issue_date": "2026-02-28"; 2026-02-30 is an error
///     var reference: String?          // may be absent or null
///     var lines: [Line]               // errors name "lines[2].quantity"
///     static let maximumLengths = ["reference": 40]
///
///     func validate(_ errors: inout FieldErrors) {
///         if lines.isEmpty { errors.add("lines", "must hold at least one line") }
///         for (index, line) in lines.enumerated() where line.quantity <= 0 {
///             errors.add("lines[\(index)].quantity", "must be positive")
///         }
///     }
/// }
/// let invoice = try await request.decodeStrictly(NewInvoice.self, context: context)
/// ```
protocol RequestBody: Decodable {
    /// The longest string each field accepts, in characters, keyed by JSON field name.
    static var maximumLengths: [String: Int] { get }
    /// Rules beyond the types; add one error per bad field.
    func validate(_ errors: inout FieldErrors)
}

extension RequestBody {
    static var maximumLengths: [String: Int] { [:] }
    func validate(_ errors: inout FieldErrors) {}
}

/// The field errors of one request, in the order found; a field gets at most one message
/// (the first), so a value that failed to decode is not also reported by `validate`.
struct FieldErrors: Sendable {
    private(set) var all: [Problem.FieldError] = []

    var isEmpty: Bool { all.isEmpty }

    /// Records `message` for `field` unless that field already has one.
    mutating func add(_ field: String, _ message: String) {
        guard !all.contains(where: { $0.field == field }) else { return }
        all.append(.init(field: field, message: message))
    }

    /// Records the message `rule` returns for `value`, if any (rules return nil when fine,
    /// like `SettingsRule` and `BankDetails`).
    mutating func check(_ field: String, _ value: String?, _ rule: (String) -> String?) {
        if let value, let message = rule(value) { add(field, message) }
    }

    func has(_ field: String) -> Bool { all.contains { $0.field == field } }

    /// Throws `Problem.validation` with every error, if there is any.
    func throwIfAny() throws(Problem) {
        if !all.isEmpty { throw Problem.validation(all) }
    }
}
