import RelanceCore
import Testing

@Suite struct BankDetailsTests {
    @Test(arguments: [
        ("FR76 3000 6000 0112 3456 7890 189", true),
        ("FR7630006000011234567890189", true),
        ("fr76 3000 6000 0112 3456 7890 189", true),
        ("DE89 3704 0044 0532 0130 00", true),
        ("GB82 WEST 1234 5698 7654 32", true),
        ("FR76 3000 6000 0112 3456 7890 188", false),  // one digit off: checksum fails
        ("FR76 0000", false),
        ("7630006000011234567890189FR", false),
        ("FR7630006000011234567890189!", false),
        ("", false),
    ])
    func ibans(iban: String, valid: Bool) {
        #expect((BankDetails.ibanProblem(iban) == nil) == valid, "\(iban)")
    }

    @Test(arguments: [("AGRIFRPP", true), ("AGRIFRPPXXX", true), ("agrifrpp", false), ("AGRIFRP", false), ("AGRIFRPPXX", false), ("AGRI-RPP", false)])
    func bics(bic: String, valid: Bool) {
        #expect((BankDetails.bicProblem(bic) == nil) == valid, "\(bic)")
    }

    @Test(arguments: [("relances@martin.fr", true), ("a@b.co", true), ("no-at.example.com", false), ("a@b", false), ("a@.b.com", false),
                      ("a@b.com.", false), ("a b@c.fr", false), ("@martin.fr", false), ("a@@b.fr", false)])
    func emails(address: String, valid: Bool) {
        #expect((BankDetails.emailProblem(address) == nil) == valid, "\(address)")
    }
}

@Suite struct ReadableBankDetailsTests {
    @Test(arguments: [
        ("FR7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 189"),
        ("fr76 3000 6000 0112 3456 7890 189", "FR76 3000 6000 0112 3456 7890 189"),
        ("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"),
        ("", ""),
    ])
    func ibansAreGroupedByFour(iban: String, readable: String) {
        #expect(BankDetails.readableIBAN(iban) == readable)
    }

    @Test func creditorReferencesArePrintedByFour() {
        #expect(CreditorReference.printed("RF18539007547034") == "RF18 5390 0754 7034")
        #expect(CreditorReference.printed("rf18 5390 0754 7034") == "RF18 5390 0754 7034")
        #expect(CreditorReference.printed("RF18F") == "RF18 F")
    }

    @Test func acceptedPaymentMethodsAreKnownAndDistinct() {
        #expect(AcceptedPaymentMethod.problem(["transfer", "card", "cheque", "sepa_debit", "cash"]) == nil)
        #expect(AcceptedPaymentMethod.problem([]) != nil)
        #expect(AcceptedPaymentMethod.problem(["transfer", "bitcoin"])?.contains("bitcoin") == true)
        #expect(AcceptedPaymentMethod.problem(["card", "card"]) != nil)
        #expect(AcceptedPaymentMethod.defaults == [.transfer])
    }
}
