/// The payload of an EPC QR code ("GiroCode"), EPC069-12 version 002: a SEPA credit transfer
/// a banking app scans instead of the payer typing the IBAN, amount and reference.
///
/// Twelve fields at most, one per line separated by "\n", trailing empty ones left out:
/// `BCD`, `002`, `1` (UTF-8), `SCT`, the BIC (may be empty in version 002), the
/// beneficiary's name, the IBAN, `EUR` and the amount (`EUR1234.56`), the purpose (empty),
/// then either the structured remittance (an RF creditor reference) or the unstructured
/// one (free text), never both. The QR code carrying it uses error correction level M
/// and version 13 at most, which is why the whole payload is at most 331 bytes.
public struct EPCPaymentPayload: Sendable, Hashable {
    /// The remittance information: an ISO 11649 creditor reference or free text.
    public enum Remittance: Sendable, Hashable {
        case reference(String)
        case text(String)
    }

    /// The payload's largest size in bytes (a version 13-M QR code in byte mode).
    public static let maximumBytes = 331

    /// The BIC, uppercased, or "" when none was given.
    public let bic: String
    /// The beneficiary's name, trimmed of surrounding whitespace.
    public let name: String
    /// The IBAN, uppercased and without spaces.
    public let iban: String
    /// The amount, in euros.
    public let amount: Money
    /// The creditor reference (compact and uppercased) or the text, if any.
    public let remittance: Remittance?

    /// The payload, or the first field that cannot go in it.
    /// - Parameters:
    ///   - bic: The beneficiary bank's BIC (8 or 11 characters), or nil or "" for none.
    ///   - name: The beneficiary's name, 1–70 characters.
    ///   - iban: The beneficiary's IBAN; spaces are ignored.
    ///   - amount: €0.01 to €999,999,999.99.
    ///   - creditorReference: An RF reference (`CreditorReference.make(from:)`), compact or
    ///     in groups of four.
    ///   - remittanceText: Free text, 1–140 characters, when there is no reference.
    public init(
        bic: String?, name: String, iban: String, amount: Money,
        creditorReference: String? = nil, remittanceText: String? = nil
    ) throws(EPCPaymentPayloadError) {
        let bic = (bic ?? "").uppercased()
        guard bic.isEmpty || BankDetails.bicProblem(bic) == nil else { throw .invalidBIC }
        let name = Self.trimmed(name)
        guard (1...70).contains(name.count) else { throw .nameLength }
        guard !Self.hasControlCharacter(name) else { throw .invalidName }
        let iban = String(iban.filter { $0 != " " }).uppercased()
        guard iban.count <= 34, BankDetails.ibanProblem(iban) == nil else { throw .invalidIBAN }
        guard amount.currency == .eur else { throw .currencyNotEUR }
        guard (1...99_999_999_999).contains(amount.amount) else { throw .amountOutOfRange }

        let remittance: Remittance?
        switch (creditorReference, remittanceText) {
        case (.some, .some):
            throw .remittanceBoth
        case let (.some(reference), nil):
            guard CreditorReference.isValid(reference) else { throw .invalidCreditorReference }
            remittance = .reference(String(reference.filter { $0 != " " }).uppercased())
        case let (nil, .some(text)):
            guard (1...140).contains(text.count) else { throw .remittanceTextLength }
            guard !Self.hasControlCharacter(text) else { throw .invalidRemittanceText }
            remittance = .text(text)
        case (nil, nil):
            remittance = nil
        }

        self.bic = bic
        self.name = name
        self.iban = iban
        self.amount = amount
        self.remittance = remittance
        let size = text.utf8.count
        guard size <= Self.maximumBytes else { throw .payloadTooLong(bytes: size) }
    }

    /// The payload's lines joined by "\n", with no trailing empty line and no final newline.
    public var text: String {
        var lines = ["BCD", "002", "1", "SCT", bic, name, iban, "EUR" + Money.decimalString(amount.amount, minorUnits: 2), ""]
        switch remittance {
        case .reference(let reference)?: lines.append(reference)
        case .text(let text)?: lines += ["", text]
        case nil: break
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The payload as UTF-8, what the QR code encodes in byte mode.
    public var bytes: [UInt8] { Array(text.utf8) }

    private static func trimmed(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    private static func hasControlCharacter(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}
