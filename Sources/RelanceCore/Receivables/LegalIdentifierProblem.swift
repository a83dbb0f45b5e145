/// Why a value is not a valid legal identifier: a message to put after the field name
/// ("is not a valid SIRET (Luhn check failed)").
public struct LegalIdentifierProblem: Error, Sendable, Hashable {
    public let message: String

    /// The value with these fields, as given (no checks).
    public init(message: String) {
        self.message = message
    }
}
