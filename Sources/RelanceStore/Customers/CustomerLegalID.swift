/// A customer's legal identifier as stored: scheme (`siren`, `siret`, `vat`) and the value,
/// already checked and normalised by RelanceCore `LegalIdentifier`.
public struct CustomerLegalID: Sendable, Equatable {
    public var scheme: String
    public var value: String

    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }
}
