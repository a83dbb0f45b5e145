import Testing
@testable import RelanceCore

private let a24 = String(repeating: "A", count: 24)
private let tooLong: [String] = ["AAAAA" + a24 + "{seq:12}", "{YYYY}A" + a24 + "{seq:12}", "AAAAAAAAAAAAAAAA" + a24 + "{seq:1}"]
private let longest: [String] = ["AAAA" + a24 + "{seq:12}", "{YYYY}" + a24 + "{seq:12}", "AAAAAAAAAAAAAAA" + a24 + "{seq:1}",
                                 "{YYYY}{YY}{MM}////////////////////////{seq:8}"]

@Suite struct NumberPatternTests {
    @Test(arguments: [
        ("F-{YYYY}-{seq:5}", "2026-03-01", 42, "F-2026-00042"),
        ("F-{YYYY}-{seq:5}", "2026-03-01", 123_456, "F-2026-123456"),         // wider than N: in full
        ("{YY}{MM}-{seq:3}", "2026-03-01", 7, "2603-007"),
        ("INV/{YYYY}/{MM}/{seq:4}", "2026-12-31", 12_345, "INV/2026/12/12345"),
        ("{seq:1}", "2026-03-01", 0, "0"),
        ("{seq:1}", "2026-03-01", 9, "9"),
        ("{seq:1}", "2026-03-01", 10, "10"),
        ("{seq:12}", "2026-03-01", 1, "000000000001"),
        ("A.b_c-{seq:2}", "2026-03-01", 1, "A.b_c-01"),
        ("{YY}-{seq:2}", "2000-01-01", 5, "00-05"),
        ("{YYYY}{YY}-{seq:2}", "0005-07-01", 5, "000505-05"),
        ("{seq:3}-{YYYY}", "2026-03-01", 5, "005-2026"),
        ("AV{YYYY}{MM}{seq:6}", "2026-11-30", 999_999, "AV202611999999"),
        ("{seq:4}", "2026-03-01", -3, "-0003"),
    ])
    func formatsTheDateAndTheZeroPaddedSequence(pattern: String, date: String, sequence: Int, expected: String) throws {
        #expect(NumberPattern.problem(pattern) == nil)
        let numberPattern = try #require(NumberPattern(pattern))
        #expect(numberPattern.pattern == pattern)
        #expect(numberPattern.format(date: CalendarDate(date)!, sequence: sequence) == expected)
    }

    private static let badCharacter = "may only contain letters, digits, - _ / . and {YYYY}, {YY}, {MM}, {seq:N}"

    @Test(arguments: [
        ("", "must contain exactly one {seq:N}") as (String, String),
        ("F-{YYYY}", "must contain exactly one {seq:N}"),
        ("{seq:2}{seq:3}", "must contain exactly one {seq:N}"),
        ("{seq:0}", "{seq:N} needs N from 1 to 12"),
        ("{seq:13}", "{seq:N} needs N from 1 to 12"),
        ("{seq:}", "{seq:N} needs N from 1 to 12"),
        ("{seq:05}", "{seq:N} needs N from 1 to 12"),
        ("{seq:x}", "{seq:N} needs N from 1 to 12"),
        ("{seq:-1}", "{seq:N} needs N from 1 to 12"),
        ("F {seq:3}", badCharacter),
        ("É-{seq:3}", badCharacter),
        ("{DD}-{seq:2}", badCharacter),
        ("{yyyy}-{seq:2}", badCharacter),
        ("{seq:3", badCharacter),
        ("F}{seq:2}", badCharacter),
        ("#{seq:2}", badCharacter),
        ("F-{SEQ:2}", badCharacter),
        ("F+{seq:2}", badCharacter),
        ("F\\{seq:2}", badCharacter),
        (tooLong[0], "must be at most 40 characters once formatted"),
        (tooLong[1], "must be at most 40 characters once formatted"),
        (tooLong[2], "must be at most 40 characters once formatted"),
    ] as [(String, String)])
    func refusesPatternsThatCannotMakeANumber(pattern: String, problem: String) {
        #expect(NumberPattern.problem(pattern) == problem)
        #expect(NumberPattern(pattern) == nil)
    }

    @Test(arguments: longest)
    func fortyCharactersFormattedIsTheLimit(pattern: String) throws {
        let numberPattern = try #require(NumberPattern(pattern))
        #expect(numberPattern.format(date: CalendarDate("2026-03-01")!, sequence: 1).count == 40)
    }
}
