import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// `/v1/payments`, `apply-credit` and `/v1/credit-notes` end to end: allocation, the
/// early-payment discount, reversal, credit. Every test ends with the ledger check.
@Suite struct PaymentAPITests {
    static let money = InvoiceAPITests.money

    /// An issued invoice of `amount` (one line, no tax) issued on `issued`, due `due`.
    static func invoice(_ api: TenantAPIHarness, customer: String, amount: Int64, issued: String = "2026-03-01", due: String? = nil,
                        discount: String? = nil) async throws -> String {
        let extra = (due.map { #", "due_date": "\#($0)""# } ?? "") + (discount.map { #", "early_payment_discount": \#($0)"# } ?? "")
        let reply = try await api.send(.post, "/v1/invoices", """
            {"customer_id": "\(customer)", "issue_date": "\(issued)", "issue": true\(extra),
             "lines": [{"description": "Prestation", "quantity": 1, "unit_price": {"amount": \(amount), "currency": "EUR"}, "tax_rate": 0}]}
            """)
        #expect(reply.status == .created, "\(reply.text)")
        return reply.json["id"] as? String ?? ""
    }

    static func pay(_ api: TenantAPIHarness, customer: String, amount: Int64, on date: String, allocations: String? = nil) async throws -> TenantAPIHarness.Reply {
        try await api.send(.post, "/v1/payments", """
            {"customer_id": "\(customer)", "amount": {"amount": \(amount), "currency": "EUR"}, "received_on": "\(date)", "method": "transfer",
             "reference": "VIR 123"\(allocations.map { #", "allocations": \#($0)"# } ?? "")}
            """)
    }

    @Test func aPaymentSettlesTheOldestDueFirstAndTheRestIsTheCustomersCredit() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let later = try await Self.invoice(api, customer: customer, amount: 50_000, due: "2026-04-30")
            let older = try await Self.invoice(api, customer: customer, amount: 30_000, due: "2026-03-31")
            let paid = try await Self.pay(api, customer: customer, amount: 40_000, on: "2026-04-02")
            #expect(paid.status == .created, "\(paid.text)")
            #expect(Self.money(paid.json["amount_allocated"]) == 40_000 && Self.money(paid.json["unallocated"]) == 0)
            let olderNow = try await api.send(.get, "/v1/invoices/\(older)").json
            let laterNow = try await api.send(.get, "/v1/invoices/\(later)").json
            #expect(olderNow["status"] as? String == "paid" && Self.money(olderNow["amount_due"]) == 0)
            #expect(laterNow["status"] as? String == "partially_paid" && Self.money(laterNow["amount_due"]) == 40_000)
            // An overpayment leaves credit, which apply-credit gives to the next invoice.
            let over = try await Self.pay(api, customer: customer, amount: 45_000, on: "2026-04-10")
            #expect(Self.money(over.json["unallocated"]) == 5_000)
            let next = try await Self.invoice(api, customer: customer, amount: 8_000, issued: "2026-04-11")
            let applied = try await api.send(.post, "/v1/customers/\(customer)/apply-credit")
            #expect(applied.status == .ok && Self.money(applied.json["applied"]) == 5_000, "\(applied.text)")
            #expect(Self.money(try await api.send(.get, "/v1/invoices/\(next)").json["amount_due"]) == 3_000)
            try await api.expectConsistentLedger()
        }
    }

    @Test(arguments: [
        // received on, paid → status, discount recorded, still due
        ("2026-03-08", "paid", Int64(2_000), Int64(0)),
        ("2026-03-11", "paid", 2_000, 0),              // the last day of the discount
        ("2026-03-12", "partially_paid", 0, 2_000),    // one day late: no discount
    ])
    func anEarlyPaymentOfTheDiscountedAmountSettlesInFull(receivedOn: String, status: String, discount: Int64, due: Int64) async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let id = try await Self.invoice(api, customer: customer, amount: 100_000, discount: #"{"percent": 2, "within_days": 10}"#)
            let reply = try await Self.pay(api, customer: customer, amount: 98_000, on: receivedOn)
            #expect(reply.status == .created, "\(reply.text)")
            let invoice = try await api.send(.get, "/v1/invoices/\(id)").json
            #expect(invoice["status"] as? String == status)
            #expect(Self.money(invoice["amount_discounted"]) == discount)
            #expect(Self.money(invoice["amount_due"]) == due)
            #expect(Self.money(invoice["amount_paid"]) == 98_000)
            try await api.expectConsistentLedger()
        }
    }

    @Test func explicitAllocationsNeverExceedTheBalanceNorCrossCustomersAndBadOnesWriteNothing() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let stranger = try await api.insertCustomer(name: "Autre")
            let mine = try await Self.invoice(api, customer: customer, amount: 10_000)
            let theirs = try await Self.invoice(api, customer: stranger, amount: 10_000)
            let events = try await api.count("events")
            let tooMuch = try await Self.pay(api, customer: customer, amount: 20_000, on: "2026-03-02",
                                             allocations: #"[{"invoice_id": "\#(mine)", "amount": 15000}]"#)
            #expect(tooMuch.status == .badRequest && tooMuch.errorFields == ["allocations[0].amount"], "\(tooMuch.text)")
            let crossing = try await Self.pay(api, customer: customer, amount: 20_000, on: "2026-03-02",
                                              allocations: #"[{"invoice_id": "\#(theirs)", "amount": 5000}]"#)
            #expect(crossing.status == .badRequest && crossing.errorFields == ["allocations[0].invoice_id"])
            let unknown = try await Self.pay(api, customer: customer, amount: 20_000, on: "2026-03-02",
                                             allocations: #"[{"invoice_id": "\#(UUID().uuidString)", "amount": 5000}]"#)
            #expect(unknown.status == .notFound)
            let bad = try await api.send(.post, "/v1/payments", """
                {"customer_id": "\(customer)", "amount": {"amount": -5, "currency": "EUR"}, "received_on": "2026-02-30", "method": "bitcoin", "tip": 1}
                """)
            #expect(bad.status == .badRequest && Set(bad.errorFields) == ["amount.amount", "received_on", "method", "tip"], "\(bad.text)")
            let fraction = try await api.send(.post, "/v1/payments", """
                {"customer_id": "\(customer)", "amount": {"amount": 10.5, "currency": "EUR"}, "received_on": "2026-03-02", "method": "cash"}
                """)
            #expect(fraction.status == .badRequest && fraction.errorFields == ["amount.amount"])
            let otherCurrency = try await api.send(.post, "/v1/payments", """
                {"customer_id": "\(customer)", "amount": {"amount": 100, "currency": "USD"}, "received_on": "2026-03-02", "method": "cash"}
                """)
            #expect(otherCurrency.status == .badRequest && otherCurrency.errorFields == ["amount.currency"])
            let payments = try await api.count("payments"), allocations = try await api.count("allocations")
            #expect(payments == 0 && allocations == 0)
            #expect(try await api.count("events") == events)
            let exact = try await Self.pay(api, customer: customer, amount: 20_000, on: "2026-03-02",
                                           allocations: #"[{"invoice_id": "\#(mine)", "amount": 4000}]"#)
            #expect(exact.status == .created && Self.money(exact.json["unallocated"]) == 16_000)
            #expect(Self.money(try await api.send(.get, "/v1/invoices/\(mine)").json["amount_due"]) == 6_000)
            try await api.expectConsistentLedger()
        }
    }

    @Test func aReversedPaymentPutsTheInvoicesBackAndIsRecordedWithItsReason() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let id = try await Self.invoice(api, customer: customer, amount: 100_000, discount: #"{"percent": 2, "within_days": 10}"#)
            let payment = try await Self.pay(api, customer: customer, amount: 98_000, on: "2026-03-05").json["id"] as? String ?? ""
            #expect(try await api.send(.get, "/v1/invoices/\(id)").json["status"] as? String == "paid")
            let reversed = try await api.send(.post, "/v1/payments/\(payment)/reverse", #"{"reason": "prélèvement rejeté (AM04)", "reversed_on": "2026-03-09"}"#)
            #expect(reversed.status == .ok && reversed.json["status"] as? String == "reversed", "\(reversed.text)")
            let invoice = try await api.send(.get, "/v1/invoices/\(id)").json
            #expect(invoice["status"] as? String == "issued" && Self.money(invoice["amount_due"]) == 100_000)
            let twice = try await api.send(.post, "/v1/payments/\(payment)/reverse", #"{"reason": "again"}"#)
            #expect(twice.status == .conflict && twice.errorFields == ["status"])
            let asOf = try await api.send(.get, "/v1/invoices/\(id)?as_of=2026-03-06").json
            #expect(Self.money(asOf["amount_due"]) == 0, "before the reversal it was settled")
            let timeline = try await api.fixture.count("SELECT count(*)::int8 FROM t_acme.events WHERE type = 'payment.reversed'")
            #expect(timeline == 1)
            try await api.expectConsistentLedger()
        }
    }

    @Test func creditNotesLowerAnInvoiceOrBecomeCustomerCreditAndAreNumbered() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let id = try await Self.invoice(api, customer: customer, amount: 10_000)
            let partial = try await api.send(.post, "/v1/credit-notes", """
                {"invoice_id": "\(id)", "amount": {"amount": 2500, "currency": "EUR"}, "reason": "remise commerciale", "issue_date": "2026-03-03"}
                """)
            #expect(partial.status == .created && partial.json["number"] as? String == "AV-2026-00001", "\(partial.text)")
            let invoice = try await api.send(.get, "/v1/invoices/\(id)").json
            #expect(Self.money(invoice["amount_credited"]) == 2_500 && invoice["status"] as? String == "partially_paid")
            let tooMuch = try await api.send(.post, "/v1/credit-notes", """
                {"invoice_id": "\(id)", "amount": {"amount": 7501, "currency": "EUR"}, "reason": "x"}
                """)
            #expect(tooMuch.status == .badRequest && tooMuch.errorFields == ["amount.amount"])
            let credit = try await api.send(.post, "/v1/credit-notes", """
                {"customer_id": "\(customer)", "amount": {"amount": 1000, "currency": "EUR"}, "reason": "geste", "issue_date": "2026-03-04"}
                """)
            #expect(credit.status == .created && Self.money(credit.json["unallocated"]) == 1_000)
            #expect(credit.json["number"] as? String == "AV-2026-00002")
            let full = try await api.send(.post, "/v1/credit-notes", """
                {"invoice_id": "\(id)", "amount": {"amount": 7500, "currency": "EUR"}, "reason": "annulation"}
                """)
            #expect(full.status == .created)
            #expect(try await api.send(.get, "/v1/invoices/\(id)").json["status"] as? String == "paid")
            let list = try await api.send(.get, "/v1/credit-notes?customer_id=\(customer)")
            #expect(list.data.count == 3)
            try await api.expectConsistentLedger()
        }
    }

    @Test func whenTheTenantChoosesCreditGoesToTheNextInvoiceIssued() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let first = try await Self.invoice(api, customer: customer, amount: 10_000)
            _ = try await Self.pay(api, customer: customer, amount: 13_000, on: "2026-03-02")
            #expect(try await api.send(.get, "/v1/invoices/\(first)").json["status"] as? String == "paid")
            let manual = try await Self.invoice(api, customer: customer, amount: 2_000, issued: "2026-03-03")
            #expect(Self.money(try await api.send(.get, "/v1/invoices/\(manual)").json["amount_due"]) == 2_000, "credit waits for apply-credit")
            #expect(try await api.send(.patch, "/v1/settings", #"{"auto_apply_credit": true}"#).status == .ok)
            let automatic = try await Self.invoice(api, customer: customer, amount: 5_000, issued: "2026-03-04")
            // The 3,000 of credit went to the invoice issued now: the older open one is left to the customer's choice.
            #expect(Self.money(try await api.send(.get, "/v1/invoices/\(automatic)").json["amount_due"]) == 2_000)
            try await api.expectConsistentLedger()
        }
    }

    @Test func anIdempotencyKeyRecordsAPaymentOnce() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let body = """
                {"customer_id": "\(customer)", "amount": {"amount": 1000, "currency": "EUR"}, "received_on": "2026-03-02", "method": "cheque"}
                """
            let first = try await api.send(.post, "/v1/payments", body, headers: [Idempotency.headerName: "pay-1"])
            let second = try await api.send(.post, "/v1/payments", body, headers: [Idempotency.headerName: "pay-1"])
            #expect(first.status == .created && second.status == .created)
            #expect(first.json["id"] as? String == second.json["id"] as? String)
            #expect(try await api.count("payments") == 1)
            try await api.expectConsistentLedger()
        }
    }
}
