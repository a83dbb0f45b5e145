import Testing
@testable import RelanceCore

@Suite struct ScaledDecimalTests {
    @Test(arguments: [
        ("12", Int64(12), 0, "12"), ("-1.5", -15, 1, "-1.5"), ("0.125", 125, 3, "0.125"), ("-0.125", -125, 3, "-0.125"),
        ("1.50", 150, 2, "1.50"), ("0", 0, 0, "0"), ("-0", 0, 0, "0"), ("0.000", 0, 3, "0.000"), ("007", 7, 0, "7"),
        ("100", 100, 0, "100"), ("0.000000000000000001", 1, 18, "0.000000000000000001"),
        ("9223372036854775807", Int64.max, 0, "9223372036854775807"),
        ("-9223372036854775807", -Int64.max, 0, "-9223372036854775807"),
        ("9.223372036854775807", Int64.max, 18, "9.223372036854775807"),
        ("1000000000", 1_000_000_000, 0, "1000000000"),
    ])
    func parsesPlainDecimalsExactly(text: String, units: Int64, scale: Int, description: String) throws {
        let value = try #require(ScaledDecimal(text))
        #expect(value.units == units)
        #expect(value.scale == scale)
        #expect(value.description == description)
    }

    @Test(arguments: [
        "", "-", "+1", "1e2", "1E2", ".5", "5.", "-.5", "1.2.3", " 1", "1 ", "1,5", "0x10", "--1", "1-", "١٢",
        "9223372036854775808", "-9223372036854775808", "0.0000000000000000001", "abc", "1_000", "∞", "NaN",
    ])
    func refusesAnythingButAPlainDecimal(text: String) {
        #expect(ScaledDecimal(text) == nil)
    }

    @Test(arguments: [
        ("1.5", 3, "1.500"), ("1.500", 1, "1.5"), ("1.500", 2, "1.50"), ("1.25", 1, nil), ("12", 0, "12"),
        ("12", 2, "12.00"), ("-0.125", 3, "-0.125"), ("-0.125", 2, nil), ("0", 18, "0.000000000000000000"),
        ("10", 0, "10"), ("10.0", 0, "10"), ("1", 19, nil), ("1", -1, nil), ("9223372036854775807", 1, nil),
        ("922337203685477580", 1, "922337203685477580.0"),
    ] as [(String, Int, String?)])
    func rescalesOnlyWithoutLosingDigits(text: String, scale: Int, expected: String?) {
        #expect(ScaledDecimal(text)!.rescaled(to: scale)?.description == expected)
    }

    @Test(arguments: [
        ("1.5", "1.50", 0), ("1.5", "1.49", 1), ("1.49", "1.5", -1), ("-1.5", "1.5", -1), ("0", "0.000", 0),
        ("-0.001", "0", -1), ("100", "99.9999", 1), ("9.223372036854775807", "9223372036854775807", -1),
        ("-9223372036854775807", "-0.000000000000000001", -1),
    ])
    func comparesByValue(lhs: String, rhs: String, order: Int) {
        let (a, b) = (ScaledDecimal(lhs)!, ScaledDecimal(rhs)!)
        #expect((a < b) == (order < 0))
        #expect((a > b) == (order > 0))
        #expect((a == b) == (order == 0))
        if order == 0 { #expect(a.hashValue == b.hashValue) }
    }

    @Test func equalValuesAreOneSetElementButKeepTheirOwnText() {
        let values: Set<ScaledDecimal> = [ScaledDecimal("1.5")!, ScaledDecimal("1.50")!, ScaledDecimal("1.500")!]
        #expect(values.count == 1)
        #expect(ScaledDecimal(units: 150, scale: 2).description == "1.50")
        #expect(ScaledDecimal(units: -5, scale: 3).description == "-0.005")
    }
}
