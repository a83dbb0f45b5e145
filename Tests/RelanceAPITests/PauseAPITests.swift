import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// Disputes and promises to pay, and what they do to the dunning run; pending reminders of
/// invoices paid or disputed before delivery are cancelled.
@Suite struct PauseAPITests {
    static func reachableCustomer(_ api: TenantAPIHarness, name: String = "Martin SARL") async throws -> String {
        let customer = try await api.insertCustomer(name: name)
        #expect(try await api.send(.post, "/v1/customers/\(customer)/contacts",
                                   object: ["role": "billing", "name": "Compta", "email": "compta@martin.fr"]).status == .created)
        return customer
    }

    static func invoice(_ api: TenantAPIHarness, customer: String, number: String, due: String) async throws -> String {
        try await DunningRunAPITests.invoice(api, customer: customer, number: number, issued: "2026-02-01", due: due)
        return try await api.send(.get, "/v1/invoices?number=\(number)").data.first?["id"] as? String ?? ""
    }

    @Test func aDisputePausesTheInvoiceAndAnUpheldOneCreditsIt() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await Self.reachableCustomer(api)
            let invoice = try await Self.invoice(api, customer: customer, number: "A", due: "2026-03-01")
            let opened = try await api.send(.post, "/v1/invoices/\(invoice)/disputes",
                                            #"{"reason": "Livraison incomplète", "amount": {"amount": 4000, "currency": "EUR"}, "opened_on": "2026-03-01"}"#)
            #expect(opened.status == .created, "\(opened.text)")
            let dispute = try #require(opened.json["id"] as? String)
            #expect(try await api.send(.get, "/v1/invoices/\(invoice)").json["disputed"] as? Bool == true)
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-02"}"#)).isEmpty)

            // Bad input: more than owed, another currency, a paid invoice, an unknown one.
            #expect(try await api.send(.post, "/v1/invoices/\(invoice)/disputes", #"{"reason": "x", "amount": {"amount": 10001, "currency": "EUR"}}"#)
                .errorFields == ["amount.amount"])
            #expect(try await api.send(.post, "/v1/invoices/\(invoice)/disputes", #"{"reason": " ", "amount": {"amount": 0, "currency": "EUR"}}"#)
                .errorFields.sorted() == ["amount.amount", "reason"])
            #expect(try await api.send(.post, "/v1/invoices/\(UUID())/disputes", #"{"reason": "x"}"#).status == .notFound)

            // Upheld: a credit note for the amount; the invoice owes the rest and is reminded again.
            let upheld = try await api.send(.post, "/v1/disputes/\(dispute)/resolve", #"{"outcome": "upheld", "resolved_on": "2026-03-03"}"#)
            #expect(upheld.status == .ok, "\(upheld.text)")
            #expect(upheld.json["status"] as? String == "upheld")
            #expect(upheld.json["credit_note_id"] is String)
            let after = try await api.send(.get, "/v1/invoices/\(invoice)")
            #expect(after.json["disputed"] as? Bool == false)
            #expect((after.json["amount_due"] as? [String: Any])?["amount"] as? Int == 6_000)
            #expect(try await api.send(.post, "/v1/disputes/\(dispute)/resolve", #"{"outcome": "rejected"}"#).status == .conflict)
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-03"}"#)) == ["2026-03-03 email:reminder[A@J+1]"])
            #expect(try await api.send(.get, "/v1/disputes?invoice_id=\(invoice)&status=upheld").data.count == 1)
            try await api.expectConsistentLedger()
        }
    }

    @Test func aPendingReminderIsCancelledWhenItsInvoicesArePaidOrDisputed() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await Self.reachableCustomer(api)
            _ = try await Self.invoice(api, customer: customer, number: "P", due: "2026-03-01")
            let other = try await Self.reachableCustomer(api, name: "Durand SA")
            let disputed = try await Self.invoice(api, customer: other, number: "D", due: "2026-03-01")
            let third = try await Self.reachableCustomer(api, name: "Petit SAS")
            let voided = try await Self.invoice(api, customer: third, number: "V", due: "2026-03-01")
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-02"}"#)).count == 3)
            #expect(try await api.send(.post, "/v1/invoices/\(voided)/void").status == .ok)
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 10_000, on: "2026-03-03").status == .created)
            #expect(try await api.send(.post, "/v1/invoices/\(disputed)/disputes", #"{"reason": "Prix contesté"}"#).status == .created)
            let cancelled = try await api.send(.get, "/v1/reminders?status=cancelled")
            #expect(cancelled.data.count == 3)
            let events = try await api.send(.get, "/v1/customers/\(third)/timeline").data.compactMap { $0["type"] as? String }
            #expect(events.contains("reminder.cancelled"))
            #expect(try await api.send(.get, "/v1/reminders?status=pending").data.isEmpty)
            try await api.expectConsistentLedger()
        }
    }

    @Test func aPromisePausesRemindersUntilItsDateAndABrokenOneResumesThem() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await Self.reachableCustomer(api)
            let invoice = try await Self.invoice(api, customer: customer, number: "P", due: "2026-03-01")
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-02"}"#)) == ["2026-03-02 email:reminder[P@J+1]"])
            let made = try await api.send(.post, "/v1/promises", """
                {"customer_id": "\(customer)", "invoice_ids": ["\(invoice)"], "promised_date": "2026-03-20", "made_on": "2026-03-05"}
                """)
            #expect(made.status == .created, "\(made.text)")
            let promise = try #require(made.json["id"] as? String)
            // Paused to its date included: J+8 and J+15 do not go.
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-20"}"#)).isEmpty)
            // The day after, unpaid: broken, and the step then due (J+15, the call) that day.
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-21"}"#)) == ["2026-03-21 task:call"])
            let broken = try await api.send(.get, "/v1/promises/\(promise)")
            #expect(broken.json["status"] as? String == "broken")
            #expect(broken.json["status_on"] as? String == "2026-03-21")

            // An amount promise kept by a payment.
            let kept = try await api.send(.post, "/v1/promises", """
                {"customer_id": "\(customer)", "amount": {"amount": 4000, "currency": "EUR"}, "promised_date": "2026-03-31", "made_on": "2026-03-22"}
                """)
            #expect(PaymentAPITests.money(try await PaymentAPITests.pay(api, customer: customer, amount: 4_000, on: "2026-03-23").json["amount"]) == 4_000)
            _ = try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-24"}"#)
            #expect(try await api.send(.get, "/v1/promises/\(kept.json["id"] as? String ?? "")").json["status"] as? String == "kept")

            // Bad input.
            let bad = try await api.send(.post, "/v1/promises", """
                {"customer_id": "\(customer)", "invoice_ids": ["\(invoice)"], "amount": {"amount": 1, "currency": "EUR"}, "promised_date": "2026-02-30"}
                """)
            #expect(bad.errorFields.sorted() == ["invoice_ids", "promised_date"], "\(bad.text)")
            let before = try await api.send(.post, "/v1/promises", """
                {"customer_id": "\(customer)", "amount": {"amount": 1, "currency": "EUR"}, "promised_date": "2026-03-01", "made_on": "2026-03-05"}
                """)
            #expect(before.errorFields == ["promised_date"])
            let events = try await api.send(.get, "/v1/customers/\(customer)/timeline?limit=100").data.compactMap { $0["type"] as? String }
            #expect(events.contains("promise.made") && events.contains("promise.broken") && events.contains("promise.kept"))
        }
    }

    @Test func aPaymentPlanRemindsItsInstallmentsAndABreachResumesTheLadder() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await Self.reachableCustomer(api)
            let x = try await Self.invoice(api, customer: customer, number: "X", due: "2026-03-01")
            let y = try await Self.invoice(api, customer: customer, number: "Y", due: "2026-03-05")
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-06"}"#)) == ["2026-03-06 email:reminder[X@J+1,Y@J+1]"])

            // Bad plans: the installments must sum to what is owed; one invoice in one plan at a time.
            let short = try await api.send(.post, "/v1/payment-plans", """
                {"customer_id": "\(customer)", "invoice_ids": ["\(x)", "\(y)"], "agreed_on": "2026-03-06",
                 "installments": [{"due_date": "2026-04-10", "amount": {"amount": 10000, "currency": "EUR"}}]}
                """)
            #expect(short.errorFields == ["installments"], "\(short.text)")
            let made = try await api.send(.post, "/v1/payment-plans", """
                {"customer_id": "\(customer)", "invoice_ids": ["\(x)", "\(y)"], "agreed_on": "2026-03-06",
                 "installments": [{"due_date": "2026-04-10", "amount": {"amount": 10000, "currency": "EUR"}},
                                  {"due_date": "2026-05-10", "amount": {"amount": 10000, "currency": "EUR"}}]}
                """)
            #expect(made.status == .created, "\(made.text)")
            let plan = try #require(made.json["id"] as? String)
            let again = try await api.send(.post, "/v1/payment-plans", """
                {"customer_id": "\(customer)", "invoice_ids": ["\(x)"], "installments": [{"due_date": "2026-12-31", "amount": {"amount": 10000, "currency": "EUR"}}]}
                """)
            #expect(again.errorFields == ["invoice_ids"], "\(again.text)")

            // Active: no ladder steps; each installment its J-3 and J+1, whatever the gap.
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-04-07"}"#)) == ["2026-04-07 email:installment_upcoming[]"])
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-04-11"}"#)) == ["2026-04-11 email:installment_overdue[]"])
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 10_000, on: "2026-04-12").status == .created)
            let filled = try await api.send(.get, "/v1/payment-plans/\(plan)")
            #expect((filled.json["installments"] as? [[String: Any]])?.map { PaymentAPITests.money($0["remaining"]) ?? -1 } == [0, 10_000])
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-05-07"}"#)) == ["2026-05-07 email:installment_upcoming[]"])

            // The second installment 8 days late: breached on 05-18, and Y gets the step due for its own due date (J+45).
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-05-19"}"#))
                    == ["2026-05-11 email:installment_overdue[]", "2026-05-18 email:last_notice[Y@J+45]"])
            let breached = try await api.send(.get, "/v1/payment-plans/\(plan)")
            #expect(breached.json["status"] as? String == "breached")
            #expect(breached.json["status_on"] as? String == "2026-05-18")
            let planReminders = try await api.send(.get, "/v1/reminders?customer_id=\(customer)&limit=50").data.filter { $0["plan_id"] as? String == plan }
            #expect(planReminders.count == 4)
            #expect(try await api.send(.get, "/v1/payment-plans?customer_id=\(customer)&status=breached").data.count == 1)
            try await api.expectConsistentLedger()
        }
    }

    @Test func aChronicLatePayerMovesToTheStricterPolicyAndBack() async throws {
        try await TenantAPIHarness.with { api in
            let strict = try await api.send(.post, "/v1/dunning/policies", """
                {"name": "Stricte", "steps": [{"offset_days": 1, "channel": "email", "template": "strict_reminder", "tone": "firm"},
                                               {"offset_days": 5, "channel": "task", "template": "call", "tone": "final", "action": "call_task"}]}
                """).json["id"] as? String ?? ""
            #expect(try await api.send(.patch, "/v1/settings", #"{"chronic_policy_id": "\#(UUID())"}"#).errorFields == ["chronic_policy_id"])
            let set = try await api.send(.patch, "/v1/settings", #"{"chronic_late_days": 10, "chronic_late_invoices": 2, "chronic_policy_id": "\#(strict)"}"#)
            #expect(set.status == .ok && set.json["chronic_policy_id"] as? String == strict, "\(set.text)")
            #expect(try await api.send(.delete, "/v1/dunning/policies/\(strict)").status == .conflict)

            let customer = try await Self.reachableCustomer(api)
            try await DunningRunAPITests.invoice(api, customer: customer, number: "P1", issued: "2025-12-01", due: "2026-01-01")
            try await DunningRunAPITests.invoice(api, customer: customer, number: "P2", issued: "2025-12-10", due: "2026-01-10")
            let open = try await Self.invoice(api, customer: customer, number: "O", due: "2026-03-01")
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 10_000, on: "2026-01-21").status == .created)   // P1, 20 days late
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 10_000, on: "2026-01-30").status == .created)   // P2, 20 days late
            // Average 20 days over the last 2 paid invoices, above 10: the stricter ladder.
            #expect(DunningRunAPITests.summary(try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-02"}"#)) == ["2026-03-02 email:strict_reminder[O@J+1]"])
            let events = try await api.send(.get, "/v1/customers/\(customer)/timeline?limit=100").data
            let moved = try #require(events.first { $0["type"] as? String == "customer.chronic_late" })
            let data = moved["data"] as? [String: Any]
            #expect(data?["average_days_late"] as? String == "20.0" && data?["paid_invoices"] as? String == "2", "\(moved)")

            // Two invoices paid early: the average is back under, and so is the customer.
            let q1 = try await Self.invoice(api, customer: customer, number: "Q1", due: "2026-03-05")
            let q2 = try await Self.invoice(api, customer: customer, number: "Q2", due: "2026-03-06")
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 20_000, on: "2026-03-04",
                                                  allocations: #"[{"invoice_id": "\#(q1)", "amount": 10000}, {"invoice_id": "\#(q2)", "amount": 10000}]"#).status == .created)
            _ = try await DunningRunAPITests.run(api, #"{"as_of": "2026-03-07"}"#)
            let later = try await api.send(.get, "/v1/customers/\(customer)/timeline?limit=100").data.compactMap { $0["type"] as? String }
            #expect(later.contains("customer.chronic_late_ended"))
            _ = open
        }
    }
}
