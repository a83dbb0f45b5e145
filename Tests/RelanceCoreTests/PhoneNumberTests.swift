import Testing
@testable import RelanceCore

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("06 12 34 56 78", "FR", String?.some("+33612345678")),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("06-12-34-56-78", "FR", "+33612345678"),
        ("(06) 12 34 56 78", "FR", "+33612345678"),
        ("0612345678", "FR", "+33612345678"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("+33 6 12 34 56 78", "FR", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "FR", "+33612345678"),
        ("0033 (0)6 12 34 56 78", "FR", "+33612345678"),
        ("0033612345678", "FR", "+33612345678"),
        ("00 33 6 12 34 56 78", "FR", "+33612345678"),
        ("\t+33 6 12 34 56 78 ", "FR", "+33612345678"),
        ("+1 (415) 555-2671", "FR", "+14155552671"),
        ("+32 2 123 45 67", "BE", "+3221234567"),
        ("00612345678", "FR", "+612345678"),            // 00 is the international prefix, even on ten digits
        ("+12345678", "FR", "+12345678"),               // 8 digits: the shortest
        ("+123456789012345", "FR", "+123456789012345"), // 15 digits: the longest
        ("0612345678", "BE", nil),                      // national numbers only for FR
        ("0612345678", "fr", nil),
        ("0012345", "FR", nil),                         // 5 digits
        ("+1234567", "FR", nil),
        ("+1234567890123456", "FR", nil),
        ("+0612345678", "FR", nil),                     // first digit 0
        ("0000612345678", "FR", nil),
        ("0012345678901234567", "FR", nil),
        ("06 12 34 56 789", "FR", nil),                 // 11 digits
        ("06 12 34 56 7", "FR", nil),                   // 9 digits
        ("6 12 34 56 78", "FR", nil),                   // no leading 0, no +
        ("00 12 34 56 78", "FR", "+12345678"),          // 00 wins over the national reading
        ("+33 6 12 34 56 7a", "FR", nil),
        ("+33 6 12 34 56 78 ext 2", "FR", nil),
        ("++33612345678", "FR", nil),
        ("33612345678", "FR", nil),
        ("", "FR", nil),
        ("+", "FR", nil),
        ("０６１２３４５６７８", "FR", nil),             // full-width digits
    ])
    func normalisesToE164(text: String, country: String, expected: String?) {
        #expect(PhoneNumber.normalise(text, defaultCountry: country)?.e164 == expected)
    }

    @Test func franceIsTheDefaultCountry() {
        #expect(PhoneNumber.normalise("07 00 00 00 01")?.e164 == "+33700000001")
    }
}
