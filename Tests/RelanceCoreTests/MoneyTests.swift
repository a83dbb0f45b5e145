import Testing
@testable import RelanceCore

@Suite struct MoneyTests {
    @Test(arguments: [
        (Int64(12345), "EUR", "123.45 EUR"), (-5, "EUR", "-0.05 EUR"), (0, "EUR", "0.00 EUR"),
        (1500, "JPY", "1500 JPY"), (1234, "KWD", "1.234 KWD"), (-120_005, "EUR", "-1200.05 EUR"),
        (Int64.min + 1, "EUR", "-92233720368547758.07 EUR"),
    ])
    func describesItsAmountInMajorUnitsWithTheCurrencysDigits(minor: Int64, code: String, text: String) {
        #expect(Money(minor, Currency(code)!).description == text)
    }

    @Test func addsAndSubtractsInOneCurrency() {
        let a = Money(10_000, .eur), b = Money(2_000, .eur)
        #expect(a + b == Money(12_000, .eur))
        #expect(a - b == Money(8_000, .eur))
        #expect((-a).amount == -10_000)
        #expect(Money.zero(.eur).isZero)
    }

    @Test(arguments: ["EUR", "USD", "JPY", "CHF", "KWD"])
    func knowsISO4217Codes(code: String) {
        #expect(Currency(code)?.code == code)
    }

    @Test(arguments: ["eur", "EU", "EURO", "XXZ", "", "E1R"])
    func refusesWhatIsNoCurrency(code: String) {
        #expect(Currency(code) == nil)
    }

    @Test(arguments: [("EUR", 2, Int64(100)), ("JPY", 0, 1), ("KWD", 3, 1000), ("XOF", 0, 1)])
    func knowsEachCurrencysMinorUnits(code: String, digits: Int, perMajor: Int64) {
        #expect(Currency(code)!.minorUnits == digits)
        #expect(Currency(code)!.minorPerMajor == perMajor)
    }
}
