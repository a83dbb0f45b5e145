import Testing
@testable import RelanceCore

@Suite struct LegalIdentifierTests {
    @Test(arguments: [
        (LegalIDScheme.siren, "732829320", "732829320"), (.siren, "732 829 320", "732829320"), (.siren, "732.829.320", "732829320"),
        (.siren, "404833048", "404833048"), (.siren, "552100554", "552100554"), (.siren, "356000000", "356000000"),
        (.siret, "73282932000074", "73282932000074"), (.siret, "732 829 320 00074", "73282932000074"),
        (.siret, "35600000000048", "35600000000048"),                       // La Poste head office (passes Luhn)
        (.siret, "35600000049837", "35600000049837"),                       // La Poste: digit sum 45, not Luhn
        (.vat, "FR83404833048", "FR83404833048"), (.vat, "fr 83 404 833 048", "FR83404833048"),
        (.vat, "FR44732829320", "FR44732829320"), (.vat, "FR39356000000", "FR39356000000"), (.vat, "FR12000000000", "FR12000000000"),
        (.vat, "FRAB404833048", "FRAB404833048"), (.vat, "FR1A404833048", "FR1A404833048"), // alphabetic keys not checked
        (.vat, "DE123456789", "DE123456789"), (.vat, "EL123456789", "EL123456789"), (.vat, "ATU12345678", "ATU12345678"),
        (.vat, "BE0123456789", "BE0123456789"), (.vat, "BE1123456789", "BE1123456789"), (.vat, "NL123456789B01", "NL123456789B01"),
        (.vat, "ESX1234567X", "ESX1234567X"), (.vat, "ES12345678Z", "ES12345678Z"), (.vat, "IE1234567T", "IE1234567T"),
        (.vat, "IE1234567WA", "IE1234567WA"), (.vat, "IE1S23456T", "IE1S23456T"), (.vat, "XI123456789", "XI123456789"),
        (.vat, "XIGD123", "XIGD123"), (.vat, "XI123456789012", "XI123456789012"), (.vat, "SE123456789001", "SE123456789001"),
        (.vat, "RO12", "RO12"), (.vat, "RO1234567890", "RO1234567890"), (.vat, "CY12345678L", "CY12345678L"),
        (.vat, "LT123456789012", "LT123456789012"), (.vat, "HR12345678901", "HR12345678901"), (.vat, "CZ12345678", "CZ12345678"),
        (.vat, "CZ1234567890", "CZ1234567890"), (.vat, "BG123456789", "BG123456789"), (.vat, "BG1234567890", "BG1234567890"),
        (.vat, "PL1234567890", "PL1234567890"), (.vat, "PT123456789", "PT123456789"), (.vat, "LU12345678", "LU12345678"),
        (.vat, "MT12345678", "MT12345678"), (.vat, "SK1234567890", "SK1234567890"), (.vat, "SI12345678", "SI12345678"),
        (.vat, "DK12345678", "DK12345678"), (.vat, "EE123456789", "EE123456789"), (.vat, "FI12345678", "FI12345678"),
        (.vat, "HU12345678", "HU12345678"), (.vat, "IT12345678901", "IT12345678901"), (.vat, "LV12345678901", "LV12345678901"),
        (.vat, "de.123.456.789", "DE123456789"),
    ])
    func acceptsAndNormalises(scheme: LegalIDScheme, input: String, value: String) throws {
        let identifier = try LegalIdentifier.make(scheme: scheme, value: input).get()
        #expect(identifier.scheme == scheme)
        #expect(identifier.value == value)
    }

    @Test(arguments: [
        (LegalIDScheme.siren, "732829321", "is not a valid SIREN (Luhn check failed)"),
        (.siren, "732829329", "is not a valid SIREN (Luhn check failed)"),
        (.siren, "73282932", "is not a valid SIREN (9 digits expected)"),
        (.siren, "7328293200", "is not a valid SIREN (9 digits expected)"),
        (.siren, "73282932A", "is not a valid SIREN (9 digits expected)"),
        (.siren, "", "is not a valid SIREN (9 digits expected)"),
        (.siren, "732-829-320", "is not a valid SIREN (9 digits expected)"),
        (.siren, "７３２８２９３２０", "is not a valid SIREN (9 digits expected)"),    // full-width digits
        (.siret, "73282932000075", "is not a valid SIRET (Luhn check failed)"),
        (.siret, "73282932000072", "is not a valid SIRET (Luhn check failed)"),       // digit sum 45 is not enough outside La Poste
        (.siret, "35600000012345", "is not a valid SIRET (Luhn check failed)"),       // La Poste: neither rule
        (.siret, "35600000000000", "is not a valid SIRET (Luhn check failed)"),
        (.siret, "7328293200007", "is not a valid SIRET (14 digits expected)"),
        (.siret, "732829320000740", "is not a valid SIRET (14 digits expected)"),
        (.siret, "732829320", "is not a valid SIRET (14 digits expected)"),
        (.vat, "FR84404833048", "is not a valid EU VAT number (key does not match the SIREN)"),
        (.vat, "FR00404833048", "is not a valid EU VAT number (key does not match the SIREN)"),
        (.vat, "FR8340483304", "is not a valid EU VAT number (wrong format for FR)"),
        (.vat, "FRIO404833048", "is not a valid EU VAT number (wrong format for FR)"),
        (.vat, "404833048", "is not a valid EU VAT number (unknown country prefix 40)"),
        (.vat, "DE12345678", "is not a valid EU VAT number (wrong format for DE)"),
        (.vat, "DE１２３４５６７８９", "is not a valid EU VAT number (wrong format for DE)"),
        (.vat, "GR123456789", "is not a valid EU VAT number (unknown country prefix GR)"),
        (.vat, "GB123456789", "is not a valid EU VAT number (unknown country prefix GB)"),
        (.vat, "US123", "is not a valid EU VAT number (unknown country prefix US)"),
        (.vat, "", "is not a valid EU VAT number (unknown country prefix none)"),
        (.vat, "AT12345678", "is not a valid EU VAT number (wrong format for AT)"),
        (.vat, "BE2123456789", "is not a valid EU VAT number (wrong format for BE)"),
        (.vat, "NL123456789C01", "is not a valid EU VAT number (wrong format for NL)"),
        (.vat, "IE1234567TW", "is not a valid EU VAT number (wrong format for IE)"),
        (.vat, "SE123456789012", "is not a valid EU VAT number (wrong format for SE)"),
        (.vat, "RO0123", "is not a valid EU VAT number (wrong format for RO)"),
        (.vat, "RO1", "is not a valid EU VAT number (wrong format for RO)"),
        (.vat, "XI12345", "is not a valid EU VAT number (wrong format for XI)"),
        (.vat, "LT1234567890", "is not a valid EU VAT number (wrong format for LT)"),
        (.vat, "DE123456789|DE1", "is not a valid EU VAT number (wrong format for DE)"),
    ])
    func refusesWithAMessage(scheme: LegalIDScheme, input: String, message: String) {
        #expect(LegalIdentifier.make(scheme: scheme, value: input) == .failure(LegalIdentifierProblem(message: message)))
    }

    @Test(arguments: [(404_833_048, 83), (732_829_320, 44), (552_100_554, 96), (542_051_180, 59), (356_000_000, 39), (0, 12)])
    func theFrenchVATKeyComesFromTheSIREN(siren: Int, key: Int) {
        #expect(LegalIdentifier.frenchVATKey(siren: siren) == key)
    }

    @Test func vatFormatsCoverTheTwentySevenStatesAndNorthernIreland() {
        #expect(LegalIdentifier.vatFormats.count == 28)
        #expect(LegalIdentifier.vatFormats["EL"] != nil && LegalIdentifier.vatFormats["GR"] == nil)
        #expect(LegalIDScheme.allCases.map(\.rawValue) == ["siren", "siret", "vat"])
    }
}
