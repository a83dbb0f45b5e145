import Foundation
import Testing
@testable import RelanceCore

@Suite struct DunningDecisionTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(text)! }
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }
    static let ladder = DunningPolicy.frenchB2BDefault
    static let customer = id(999)

    static func invoice(_ n: Int, due: String, owed: Int64 = 10_000, disputed: Bool = false, done: Set<Int> = []) -> DunningInvoice {
        DunningInvoice(id: id(n), dueDate: date(due), amountDue: owed, disputed: disputed, doneOffsets: done)
    }

    /// A row: the account, today, and what goes out: "channel:template[invoice@offset,…]",
    /// "task:kind[…]", "held:reason[…]".
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var account: DunningAccount
        var today: String
        var rules = DunningRules()
        var expected: [String]
        var testDescription: String { name }
    }

    static func account(_ invoices: [DunningInvoice], excluded: Bool = false, inCollection: Bool = false, contact: Bool = true,
                        lastContact: String? = nil, promises: [PromiseToPay] = [], plans: [PaymentPlan] = []) -> DunningAccount {
        DunningAccount(customerID: customer, excluded: excluded, inCollection: inCollection, hasBillingContact: contact,
                       lastContactedOn: lastContact.map(date), invoices: invoices, promises: promises, plans: plans)
    }

    static func describe(_ outcome: DunningOutcome) -> [String] {
        func items(_ items: [DunningItem]) -> String {
            items.map { "\(Int($0.invoiceID.uuidString.suffix(12))!)@\($0.step.offsetDays)" }.joined(separator: ",")
        }
        var lines = outcome.messages.map { message in
            message.planID == nil ? "\(message.channel.rawValue):\(message.template)[\(items(message.items))]"
                : "\(message.channel.rawValue):\(message.template)[" + message.installments.map { "#\($0.installment)@\($0.offsetDays)" }.joined(separator: ",") + "]"
        }
        lines += outcome.tasks.map { "task:\($0.kind.rawValue)[\(items($0.items))]" }
        lines += outcome.held.map { "held:\($0.reason.rawValue)[\(items([$0.item]))]" }
        lines += outcome.promiseChanges.map { "promise:\($0.value.rawValue)" }
        lines += outcome.planChanges.map { "plan:\($0.value.rawValue)" }
        lines += outcome.formalNotices.map { "formal_notice[\(Int($0.uuidString.suffix(12))!)]" }
        if outcome.entersCollection { lines.append("in_collection") }
        if outcome.blocksCustomer { lines.append("blocked") }
        return lines
    }

    static let promise = PromiseToPay(id: id(500), invoiceIDs: [id(1)], madeOn: date("2026-03-05"), promisedDate: date("2026-03-20"))
    static let plan = PaymentPlan(id: id(600), invoiceIDs: [id(1), id(2)], installments: [
        PlanInstallment(dueDate: date("2026-04-10"), amount: 10_000), PlanInstallment(dueDate: date("2026-05-10"), amount: 10_000),
    ])

    @Test(arguments: [
        // Before and around the due date.
        Row(name: "six days before the due date: nothing", account: account([invoice(1, due: "2026-03-31")]), today: "2026-03-25", expected: []),
        Row(name: "J-5: the courtesy reminder", account: account([invoice(1, due: "2026-03-31")]), today: "2026-03-26",
            expected: ["email:courtesy[1@-5]"]),
        Row(name: "J-3 after a missed J-5 run: the courtesy reminder still goes", account: account([invoice(1, due: "2026-03-31")]),
            today: "2026-03-28", expected: ["email:courtesy[1@-5]"]),
        Row(name: "the due date itself, courtesy done: nothing", account: account([invoice(1, due: "2026-03-31", done: [-5])]),
            today: "2026-03-31", expected: []),
        Row(name: "J+1: the reminder", account: account([invoice(1, due: "2026-03-31", done: [-5])]), today: "2026-04-01",
            expected: ["email:reminder[1@1]"]),
        Row(name: "J+1 never gets the courtesy step, even when it was missed", account: account([invoice(1, due: "2026-03-31")]),
            today: "2026-04-01", rules: DunningRules(catchUp: .firstNotDone), expected: ["email:reminder[1@1]"]),
        Row(name: "a step done is not done again", account: account([invoice(1, due: "2026-03-31", done: [-5, 1])]), today: "2026-04-03",
            expected: []),
        // Catch-up of a long-late invoice.
        Row(name: "50 days late, nothing done: the most advanced step (J+45), with the formal notice it passed",
            account: account([invoice(1, due: "2026-01-31")]), today: "2026-03-22",
            expected: ["email:last_notice[1@45]", "formal_notice[1]"]),
        Row(name: "50 days late, first-not-done: J+1 first", account: account([invoice(1, due: "2026-01-31")]), today: "2026-03-22",
            rules: DunningRules(catchUp: .firstNotDone), expected: ["email:reminder[1@1]"]),
        Row(name: "first-not-done after J+1: J+8", account: account([invoice(1, due: "2026-01-31", done: [1])]), today: "2026-03-22",
            rules: DunningRules(catchUp: .firstNotDone, minimumGapDays: 0), expected: ["email:firm_reminder[1@8]"]),
        Row(name: "J+15: the call task, even inside the gap", account: account([invoice(1, due: "2026-03-01", done: [8])], lastContact: "2026-03-14"),
            today: "2026-03-16", expected: ["task:call[1@15]"]),
        Row(name: "J+30: the formal notice is a letter", account: account([invoice(1, due: "2026-03-01", done: [15])]), today: "2026-03-31",
            expected: ["letter:formal_notice[1@30]", "formal_notice[1]"]),
        Row(name: "J+90: agency hand-off, the customer goes to collection and that day's messages stop",
            account: account([invoice(1, due: "2026-01-01", done: [45]), invoice(2, due: "2026-03-01", done: [1])]), today: "2026-04-01",
            expected: ["task:agency_handoff[1@90]", "in_collection"]),
        // Pauses.
        Row(name: "a disputed invoice gets nothing; the other one its reminder",
            account: account([invoice(1, due: "2026-03-01", disputed: true), invoice(2, due: "2026-03-01")]), today: "2026-03-02",
            expected: ["email:reminder[2@1]"]),
        Row(name: "a dispute resolved (no longer disputed): the step then due", account: account([invoice(1, due: "2026-03-01", done: [1])]),
            today: "2026-03-10", expected: ["email:firm_reminder[1@8]"]),
        Row(name: "a promise made, its date not passed: paused", account: account([invoice(1, due: "2026-03-01", done: [1])], promises: [promise]),
            today: "2026-03-12", expected: []),
        Row(name: "on the promised date itself: still paused", account: account([invoice(1, due: "2026-03-01", done: [1])], promises: [promise]),
            today: "2026-03-20", expected: []),
        Row(name: "the day after the promised date, unpaid: broken, and the step then due (J+15) that day",
            account: account([invoice(1, due: "2026-03-01", done: [1])], promises: [promise]), today: "2026-03-21",
            expected: ["task:call[1@15]", "promise:broken"]),
        Row(name: "a promise paid on time is kept", account: account([invoice(2, due: "2026-03-01", done: [1])], promises: [promise]),
            today: "2026-03-15", expected: ["email:firm_reminder[2@8]", "promise:kept"]),
        Row(name: "a promise not yet made (later) does not pause", account: account([invoice(1, due: "2026-03-01", done: [-5])], promises: [promise]),
            today: "2026-03-02", expected: ["email:reminder[1@1]"]),
        Row(name: "an amount promise on the whole account pauses every invoice",
            account: account([invoice(1, due: "2026-03-01", done: [1]), invoice(3, due: "2026-02-01", done: [30])],
                             promises: [PromiseToPay(id: id(501), invoiceIDs: [], amount: 50_000, madeOn: date("2026-03-05"),
                                                     promisedDate: date("2026-03-31"), paidSinceMade: 20_000)]),
            today: "2026-03-20", expected: []),
        Row(name: "an amount promise paid in full is kept", account: account([invoice(1, due: "2026-03-01", done: [1])],
            promises: [PromiseToPay(id: id(501), invoiceIDs: [], amount: 50_000, madeOn: date("2026-03-05"),
                                    promisedDate: date("2026-03-31"), paidSinceMade: 50_000)]),
            today: "2026-03-20", expected: ["task:call[1@15]", "promise:kept"]),
        Row(name: "an active plan: no ladder steps, the installment's J-3 reminder",
            account: account([invoice(1, due: "2026-03-01", done: [8]), invoice(2, due: "2026-03-05", done: [8])], plans: [plan]),
            today: "2026-04-07", expected: ["email:installment_upcoming[#0@-3]"]),
        Row(name: "an installment paid: no reminder for it", account: account([invoice(1, due: "2026-03-01", done: [8])],
            plans: [PaymentPlan(id: id(600), invoiceIDs: [id(1)], installments: plan.installments, paid: 10_000)]),
            today: "2026-04-11", expected: []),
        Row(name: "an installment a day late: its J+1 reminder", account: account([invoice(1, due: "2026-03-01", done: [8])], plans: [plan]),
            today: "2026-04-11", expected: ["email:installment_overdue[#0@1]"]),
        Row(name: "an installment reminder done is not repeated", account: account([invoice(1, due: "2026-03-01", done: [8])],
            plans: [PaymentPlan(id: id(600), invoiceIDs: [id(1)], installments: plan.installments,
                                doneReminders: [InstallmentReminder(installment: 0, offsetDays: 1)])]),
            today: "2026-04-15", expected: []),
        Row(name: "7 days late is not yet a breach", account: account([invoice(1, due: "2026-03-01", done: [8])], plans: [plan]),
            today: "2026-04-17", expected: ["email:installment_overdue[#0@1]"]),
        Row(name: "8 days late: breached, and the ladder resumes at the step due for the original due date (J+45)",
            account: account([invoice(1, due: "2026-03-01", done: [8])], plans: [plan]), today: "2026-04-18",
            expected: ["email:last_notice[1@45]", "plan:breached", "formal_notice[1]"]),
        Row(name: "a plan paid in full is completed", account: account([invoice(1, due: "2026-03-01", owed: 0)],
            plans: [PaymentPlan(id: id(600), invoiceIDs: [id(1)], installments: plan.installments, paid: 20_000)]),
            today: "2026-04-18", expected: ["plan:completed"]),
        // Customer-level rules.
        Row(name: "excluded: nothing", account: account([invoice(1, due: "2026-03-01")], excluded: true), today: "2026-03-02", expected: []),
        Row(name: "in collection: nothing", account: account([invoice(1, due: "2026-03-01")], inCollection: true), today: "2026-03-02",
            expected: []),
        Row(name: "three invoices due a reminder the same day: one message listing each, most severe tone's template",
            account: account([invoice(1, due: "2026-03-01", done: [1]), invoice(2, due: "2026-03-08", done: [-5]), invoice(3, due: "2026-03-09")]),
            today: "2026-03-09", expected: ["email:firm_reminder[1@8,2@1,3@-5]"]),
        Row(name: "inside the minimum gap: the step waits", account: account([invoice(1, due: "2026-03-01", done: [1])], lastContact: "2026-03-06"),
            today: "2026-03-09", expected: ["held:minimum_gap[1@8]"]),
        Row(name: "the gap over: the waiting step goes with the new one in one message",
            account: account([invoice(1, due: "2026-03-01", done: [1]), invoice(2, due: "2026-03-10", done: [-5])], lastContact: "2026-03-06"),
            today: "2026-03-11", expected: ["email:firm_reminder[1@8,2@1]"]),
        Row(name: "no billing contact: e-mail waits, a letter goes, and a task asks whom invoices go to",
            account: account([invoice(1, due: "2026-03-01", done: [1]), invoice(2, due: "2026-02-01", done: [15])], contact: false),
            today: "2026-03-09",
            expected: ["letter:formal_notice[2@30]", "task:billing_contact[]", "held:no_billing_contact[1@8]", "formal_notice[2]"]),
        Row(name: "nothing owed: nothing", account: account([invoice(1, due: "2026-03-01", owed: 0), invoice(2, due: "2026-03-01", owed: -500)]),
            today: "2026-03-09", expected: []),
    ])
    func theStepDueToday(row: Row) {
        let outcome = DunningDecision.decide(row.account, policy: Self.ladder, rules: row.rules, today: Self.date(row.today))
        #expect(Self.describe(outcome) == row.expected)
    }

    @Test func aBlockStepFlagsTheCustomerOnceEvenWhenCatchUpPassesOverIt() {
        let policy = DunningPolicy(steps: [
            DunningStep(offsetDays: 1, channel: .email, template: "reminder", tone: .reminder),
            DunningStep(offsetDays: 20, channel: .email, template: "blocked", tone: .firm, action: .blockCustomer),
            DunningStep(offsetDays: 40, channel: .email, template: "last", tone: .final),
        ])
        let passedOver = DunningDecision.decide(Self.account([Self.invoice(1, due: "2026-01-01")]), policy: policy, rules: DunningRules(),
                                                today: Self.date("2026-02-15"))
        #expect(Self.describe(passedOver) == ["email:last[1@40]", "blocked"])
        let before = DunningDecision.decide(Self.account([Self.invoice(1, due: "2026-01-01", done: [1])]), policy: policy, rules: DunningRules(),
                                            today: Self.date("2026-01-15"))
        #expect(before.isEmpty)
        let after = DunningDecision.decide(Self.account([Self.invoice(1, due: "2026-01-01", done: [20])]), policy: policy, rules: DunningRules(),
                                           today: Self.date("2026-02-15"))
        #expect(Self.describe(after) == ["email:last[1@40]"])
    }

    @Test func runningADayAgainWithItsStepsDoneChangesNothing() {
        let invoices = [Self.invoice(1, due: "2026-03-01", done: [1]), Self.invoice(2, due: "2026-03-08", done: [-5])]
        let first = DunningDecision.decide(Self.account(invoices), policy: Self.ladder, rules: DunningRules(), today: Self.date("2026-03-09"))
        let done = Dictionary(grouping: first.stepsDone, by: \.invoiceID)
        let after = invoices.map { invoice in
            var copy = invoice
            copy.doneOffsets.formUnion(done[invoice.id, default: []].map(\.step.offsetDays))
            return copy
        }
        #expect(!first.isEmpty)
        #expect(DunningDecision.decide(Self.account(after), policy: Self.ladder, rules: DunningRules(minimumGapDays: 0),
                                       today: Self.date("2026-03-09")).isEmpty)
    }

    /// The same instant is 2026-04-02 in Auckland and still 2026-04-01 in Los Angeles: with a
    /// due date of 2026-04-01, Auckland's customer is one day late and reminded, Los Angeles's
    /// is on the due date.
    @Test func tenantTimeZonesOnBothSidesOfTheDateLine() {
        let instant = Date(timeIntervalSince1970: 1_775_052_000) // 2026-04-01T14:00:00Z
        let auckland = CalendarDate(at: instant, in: TimeZone(identifier: "Pacific/Auckland")!)
        let losAngeles = CalendarDate(at: instant, in: TimeZone(identifier: "America/Los_Angeles")!)
        #expect(auckland == Self.date("2026-04-02"))
        #expect(losAngeles == Self.date("2026-04-01"))
        let account = Self.account([Self.invoice(1, due: "2026-04-01", done: [-5])])
        #expect(Self.describe(DunningDecision.decide(account, policy: Self.ladder, rules: DunningRules(), today: auckland))
                == ["email:reminder[1@1]"])
        #expect(DunningDecision.decide(account, policy: Self.ladder, rules: DunningRules(), today: losAngeles).isEmpty)
        // 23:59:59 and 00:00:00 local in Paris fall on two dates.
        let paris = TimeZone(identifier: "Europe/Paris")!
        #expect(CalendarDate(at: Date(timeIntervalSince1970: 1_774_994_399), in: paris) == Self.date("2026-03-31"))
        #expect(CalendarDate(at: Date(timeIntervalSince1970: 1_774_994_400), in: paris) == Self.date("2026-04-01"))
    }

    @Test func theDefaultLadderIsValidAndProblemsNameTheirStep() {
        #expect(DunningPolicy.frenchB2BDefault.problems.isEmpty)
        #expect(DunningPolicy.frenchB2BDefault.steps.map(\.label) == ["J-5", "J+1", "J+8", "J+15", "J+30", "J+45", "J+90"])
        let bad = DunningPolicy(steps: [
            DunningStep(offsetDays: 1, channel: .email, template: "reminder", tone: .reminder),
            DunningStep(offsetDays: 1, channel: .email, template: "Reminder!", tone: .reminder),
            DunningStep(offsetDays: 900, channel: .email, template: "x", tone: .final, action: .agencyHandoff),
            DunningStep(offsetDays: -3, channel: .task, template: "call", tone: .courtesy, action: .callTask),
        ])
        let problems = bad.problems.map { "\($0.field): \($0.message)" }
        #expect(problems == [
            "steps[0].action: must be absent on a step before the due date",
            "steps[2].offset_days: must differ from every other step's (1 is used twice)",
            "steps[2].template: must be 1 to 64 characters: lower-case letters, digits, _ and -",
            "steps[3].offset_days: must be -30 to 730",
            "steps[3].channel: must be task for an agency_handoff step",
        ])
        #expect(DunningPolicy(steps: []).problems.map(\.message) == ["must have at least one step"])
    }

    @Test(arguments: [
        ([Int64(10_000), 10_000], Int64(20_000), String?.none), ([10_000], 20_000, "installments: must sum to what the invoices owe (20000, not 10000)"),
        ([0, 20_000], 20_000, "installments[0].amount: must be positive"), ([], 0, "installments: must have 1 to 60 installments"),
    ])
    func installmentsSumToWhatIsOwed(amounts: [Int64], owed: Int64, problem: String?) {
        let installments = amounts.enumerated().map { PlanInstallment(dueDate: Self.date("2026-04-10").adding(days: 30 * $0.offset)!, amount: $0.element) }
        #expect(PaymentPlan.problem(installments: installments, owed: owed).map { "\($0.field): \($0.message)" } == problem)
        let sameDay = [PlanInstallment(dueDate: Self.date("2026-04-10"), amount: 1), PlanInstallment(dueDate: Self.date("2026-04-10"), amount: 1)]
        #expect(PaymentPlan.problem(installments: sameDay, owed: 2)?.field == "installments[1].due_date")
    }

    @Test func paymentsFillInstallmentsInOrder() {
        var plan = Self.plan
        plan.paid = 15_000
        #expect(plan.remaining == [0, 5_000])
        plan.paid = 25_000
        #expect(plan.remaining == [0, 0])
        plan.paid = -5
        #expect(plan.remaining == [10_000, 10_000])
    }
}
