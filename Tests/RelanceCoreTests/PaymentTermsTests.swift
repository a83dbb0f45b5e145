import Testing
@testable import RelanceCore

@Suite struct PaymentTermsTests {
    @Test(arguments: [
        (Int?.some(30), Bool?.none, String?.none), (nil, true, nil), (45, true, nil), (0, nil, nil), (365, false, nil),
        (nil, nil, "must give net days, end_of_month: true, or both"), (nil, false, "must give net days, end_of_month: true, or both"),
        (-1, nil, "net must be 0 to 365 days"), (366, true, "net must be 0 to 365 days"),
    ])
    func termsNeedDaysOrTheEndOfMonthWithinAYear(net: Int?, endOfMonth: Bool?, problem: String?) {
        #expect(PaymentTerms(net: net, endOfMonth: endOfMonth).problem == problem)
    }

    @Test func theFrenchDefaultIsThirtyDays() {
        #expect(PaymentTerms.frenchDefault == PaymentTerms(net: 30))
    }
}
