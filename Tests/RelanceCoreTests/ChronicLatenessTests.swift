import Testing
@testable import RelanceCore

@Suite struct ChronicLatenessTests {
    @Test(arguments: [
        ([30, 30, 30, 30, 30], false, "enter 30.0/5"),              // 30 > 15
        ([16, 15, 15, 15, 15], false, "enter 15.2/5"),              // 76 > 75: just over
        ([15, 15, 15, 15, 15], false, "-"),                         // exactly the threshold is not over
        ([15, 15, 15, 15, 15], true, "leave 15.0/5"),               // and is back under for a chronic one
        ([40, 40, 40, 40], false, "-"),                             // only 4 paid invoices: no judgement
        ([0, 0, 0, 0, 50, 100], false, "-"),                        // only the last 5 count: 50/5 = 10, the 6th (100) is older
        ([-10, -10, -10, 60, 60], false, "enter 24.0/5"),           // early payments count 0, not negative
        ([100, 100, 100, 100, 100], true, "-"),                     // still chronic: no change
    ])
    func theAverageOfTheLastPaidInvoicesAgainstTheThreshold(daysLate: [Int], isChronic: Bool, expected: String) {
        let result = ChronicLateness.evaluate(daysLate: daysLate, window: 5, thresholdDays: 15, isChronic: isChronic)
        let text = switch result {
        case .enter(let average, let count): "enter \(average)/\(count)"
        case .leave(let average, let count): "leave \(average)/\(count)"
        case nil: "-"
        }
        #expect(text == expected)
    }
}
