import Testing
@testable import RelanceCore

@Suite struct CreditorReferenceTests {
    @Test(arguments: [
        ("539007547034", String?.some("RF18539007547034")),      // the ISO 11649 example
        ("F-2026-00042", "RF93F202600042"),
        ("f-2026-00042", "RF93F202600042"),                       // uppercased
        ("2026/0001", "RF3120260001"),
        ("1", "RF741"),
        ("0", "RF040"),                                            // check digits padded to two
        ("A", "RF25A"),
        ("abc", "RF45ABC"),
        ("123456789012345678901234", "RF13456789012345678901234"), // only the last 21 kept
        ("É-12", "RF6812"),                                        // non-ASCII letters dropped
        ("", nil), ("---", nil), ("éè", nil), ("  ", nil),
    ])
    func makesAReferenceFromTheNumbersLettersAndDigits(number: String, expected: String?) {
        let reference = CreditorReference.make(from: number)
        #expect(reference == expected)
        if let reference { #expect(CreditorReference.isValid(reference)) }
    }

    @Test(arguments: [
        ("RF18539007547034", true), ("RF18 5390 0754 7034", true), ("rf18539007547034", true), ("RF040", true),
        ("RF04 0", true), ("RF13456789012345678901234", true), ("RF93F202600042", true), ("RF93 F202 6000 42", true),
        ("RF19539007547034", false), ("RF00539007547034", false), ("RF18 539007547034", false), ("RF185 3900 7547 034", false),
        ("RF18  5390 0754 7034", false), (" RF18539007547034", false), ("RF18539007547034 ", false),
        ("RF1853900754703", false), ("RF", false), ("RF18", false), ("RF18-5390", false), ("RFAB539007547034", false),
        ("XX18539007547034", false), ("RF134567890123456789012345", false), ("", false), ("RF18539007547O34", false),
    ])
    func validatesTheCheckDigitsAndTheShape(reference: String, valid: Bool) {
        #expect(CreditorReference.isValid(reference) == valid)
    }
}
