/// The kinds of legal identifiers a customer can carry: French SIREN (company, 9 digits),
/// French SIRET (establishment, 14 digits), and EU VAT number.
public enum LegalIDScheme: String, Sendable, CaseIterable {
    case siren, siret, vat
}
