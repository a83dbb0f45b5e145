/// The published rates late interest is computed from or checked against.
public enum ReferenceRateKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The ECB's main refinancing operations rate (the rate of its most recent operation).
    case ecbMainRefinancing = "ecb_mro"
    /// The French taux d'intérêt légal for creditors who are not private persons, set per
    /// half-year; a contractual late rate may not be below three times it.
    case frenchLegal = "fr_legal"
}
