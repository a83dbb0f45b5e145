import Testing
@testable import RelanceCore

@Suite struct EPCPaymentPayloadTests {
    /// A payload's fields, each defaulting to a valid value.
    struct Input: Sendable, CustomTestStringConvertible {
        var bic: String? = "BNPAFRPP"
        var name = "Dupont & Fils SARL"
        var iban = "FR76 3000 6000 0112 3456 7890 189"
        var amount = Money(123_456, .eur)
        var reference: String? = "RF70F20260024"
        var text: String?

        func make() throws(EPCPaymentPayloadError) -> EPCPaymentPayload {
            try EPCPaymentPayload(bic: bic, name: name, iban: iban, amount: amount, creditorReference: reference, remittanceText: text)
        }

        var testDescription: String {
            "bic \(bic ?? "nil"), name \(name.prefix(20)) (\(name.count)), iban \(iban), \(amount), ref \(reference ?? "nil"), text \(text.map { "\($0.prefix(20)) (\($0.count))" } ?? "nil")"
        }
    }

    @Test(arguments: [
        // The reference for invoice F20260024 (CreditorReference.make), BIC given.
        (Input(), "BCD\n002\n1\nSCT\nBNPAFRPP\nDupont & Fils SARL\nFR7630006000011234567890189\nEUR1234.56\n\nRF70F20260024"),
        // No BIC (allowed in version 002): an empty line.
        (Input(bic: nil), "BCD\n002\n1\nSCT\n\nDupont & Fils SARL\nFR7630006000011234567890189\nEUR1234.56\n\nRF70F20260024"),
        (Input(bic: ""), "BCD\n002\n1\nSCT\n\nDupont & Fils SARL\nFR7630006000011234567890189\nEUR1234.56\n\nRF70F20260024"),
        // Normalised: BIC and IBAN uppercased, IBAN and reference compacted, name trimmed.
        (Input(bic: "deutdeff500", name: "  Müller GmbH ", iban: "de89 3704 0044 0532 0130 00", amount: Money(1, .eur),
               reference: "rf70 f202 6002 4"),
         "BCD\n002\n1\nSCT\nDEUTDEFF500\nMüller GmbH\nDE89370400440532013000\nEUR0.01\n\nRF70F20260024"),
        // Free text goes on line 11, after an empty structured remittance.
        (Input(amount: Money(100, .eur), reference: nil, text: "Facture F2026-0024"),
         "BCD\n002\n1\nSCT\nBNPAFRPP\nDupont & Fils SARL\nFR7630006000011234567890189\nEUR1.00\n\n\nFacture F2026-0024"),
        // No remittance: trailing empty lines are left out.
        (Input(amount: Money(99_999_999_999, .eur), reference: nil),
         "BCD\n002\n1\nSCT\nBNPAFRPP\nDupont & Fils SARL\nFR7630006000011234567890189\nEUR999999999.99"),
        (Input(name: String(repeating: "N", count: 70), amount: Money(5, .eur)),
         "BCD\n002\n1\nSCT\nBNPAFRPP\n\(String(repeating: "N", count: 70))\nFR7630006000011234567890189\nEUR0.05\n\nRF70F20260024"),
    ])
    func buildsTheLinesOfVersion002(input: Input, expected: String) throws {
        let payload = try input.make()
        #expect(payload.text == expected)
        #expect(payload.bytes == Array(expected.utf8))
        #expect(payload.bytes.count <= EPCPaymentPayload.maximumBytes)
    }

    @Test func theInvoiceNumbersReferenceIsTheStructuredRemittance() throws {
        let reference = try #require(CreditorReference.make(from: "F20260024"))
        #expect(reference == "RF70F20260024")
        let payload = try Input(reference: reference).make()
        #expect(payload.remittance == .reference("RF70F20260024"))
        #expect(payload.text.split(separator: "\n", omittingEmptySubsequences: false).count == 10)
    }

    @Test(arguments: [
        (Input(bic: "BNPAFRP"), EPCPaymentPayloadError.invalidBIC),
        (Input(bic: "BNPA FRPP"), .invalidBIC),
        (Input(bic: "BNPAFRPP1"), .invalidBIC),
        (Input(bic: "BNPAFRPPXXXX"), .invalidBIC),
        (Input(name: ""), .nameLength),
        (Input(name: "   "), .nameLength),
        (Input(name: String(repeating: "N", count: 71)), .nameLength),
        (Input(name: "Dupont\nFils"), .invalidName),
        (Input(name: "Dupont\tFils"), .invalidName),
        (Input(iban: "FR7630006000011234567890188"), .invalidIBAN),   // wrong check digits
        (Input(iban: ""), .invalidIBAN),
        (Input(iban: "FR76-3000-6000-0112-3456-7890-189"), .invalidIBAN),
        (Input(iban: "FR76300060000112345678901891234567890"), .invalidIBAN),
        (Input(amount: Money(123_456, Currency("USD")!)), .currencyNotEUR),
        (Input(amount: Money(0, .eur)), .amountOutOfRange),
        (Input(amount: Money(-100, .eur)), .amountOutOfRange),
        (Input(amount: Money(100_000_000_000, .eur)), .amountOutOfRange),
        (Input(reference: "RF71F20260024"), .invalidCreditorReference),
        (Input(reference: "F20260024"), .invalidCreditorReference),
        (Input(reference: ""), .invalidCreditorReference),
        (Input(text: "Facture F2026-0024"), .remittanceBoth),
        (Input(reference: nil, text: ""), .remittanceTextLength),
        (Input(reference: nil, text: String(repeating: "t", count: 141)), .remittanceTextLength),
        (Input(reference: nil, text: "line\nbreak"), .invalidRemittanceText),
        // 70 + 140 characters of three UTF-8 bytes each: over 331 bytes.
        (Input(bic: nil, name: String(repeating: "€", count: 70), amount: Money(100, .eur), reference: nil,
               text: String(repeating: "€", count: 140)), .payloadTooLong(bytes: 684)),
    ])
    func rejectsAnInvalidField(input: Input, error: EPCPaymentPayloadError) {
        #expect(throws: error) { try input.make() }
    }

    @Test func theLongestAcceptedPayloadFitsIn331Bytes() throws {
        // ASCII fields at their maximum length: 70 + 140 characters.
        let payload = try Input(bic: "DEUTDEFF500", name: String(repeating: "N", count: 70), amount: Money(99_999_999_999, .eur),
                                reference: nil, text: String(repeating: "t", count: 140)).make()
        #expect(payload.bytes.count == 4 + 4 + 2 + 4 + 12 + 71 + 28 + 16 + 1 + 1 + 140)
        #expect(payload.bytes.count <= EPCPaymentPayload.maximumBytes)
    }
}
