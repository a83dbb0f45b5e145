import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
@testable import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// `GET /v1/invoices/{id}/late-charges` against the real store and the shipped reference
/// rates, and the operator's `PUT /admin/v1/reference-rates/{kind}/{effective_date}`.
@Suite struct LateChargesAPITests {
    @Test func interestRunsFromTheDayAfterTheDueDateToThePaymentAndTheIndemnityFromTheFormalNotice() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let invoice = try await PaymentAPITests.invoice(api, customer: customer, amount: 1_000_000, issued: "2025-09-01", due: "2025-09-30")
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 400_000, on: "2025-10-15").status == .created)
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 600_000, on: "2025-11-14").status == .created)
            let reply = try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2025-12-31")
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["days_late"] as? Int == 45)
            #expect(reply.json["rule"] as? String == "fr_commercial")
            #expect((reply.json["overdue"] as? [String: Any])?["amount"] as? Int == 1_000_000)
            let periods = reply.json["periods"] as? [[String: Any]] ?? []
            #expect(periods.map { "\($0["from"]!) \($0["to"]!) \($0["rate"]!) \($0["days"]!) \(($0["amount"] as? [String: Any])?["amount"] ?? "")" }
                    == ["2025-10-01 2025-10-15 12.15 15 4993", "2025-10-16 2025-11-14 12.15 30 5992"])
            #expect((reply.json["interest"] as? [String: Any])?["amount"] as? Int == 10_985)
            #expect((reply.json["indemnity"] as? [String: Any])?["amount"] as? Int == 0)

            // The formal notice went out on 2025-10-31: the €40 indemnity is claimed from then.
            try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "invoices") SET formal_notice_on = '2025-10-31'")
            let before = try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2025-10-30")
            #expect((before.json["indemnity"] as? [String: Any])?["amount"] as? Int == 0)
            #expect(before.json["days_late"] as? Int == 30)
            let after = try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2025-12-31")
            #expect((after.json["indemnity"] as? [String: Any])?["amount"] as? Int == 4_000)
            #expect((after.json["total"] as? [String: Any])?["amount"] as? Int == 14_985)
            #expect(after.json["formal_notice_on"] as? String == "2025-10-31")

            // The EU statutory rule: ECB + 8 points.
            try await api.setSetting("late_interest_rule", "eu_statutory")
            let eu = try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2025-12-31")
            #expect((eu.json["periods"] as? [[String: Any]])?.first?["rate"] as? String == "10.15")
        }
    }

    @Test func badInputAndUnknownRatesAreClearErrors() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let invoice = try await PaymentAPITests.invoice(api, customer: customer, amount: 10_000, issued: "2014-01-01", due: "2014-01-31")
            #expect(try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2026-02-30").errorFields == ["as_of"])
            #expect(try await api.send(.get, "/v1/invoices/\(UUID())/late-charges").status == .notFound)
            // No ECB rate is shipped before 2016-03-16: the first half of 2014 has none.
            let missing = try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2014-03-01")
            #expect(missing.status == .conflict && missing.errorFields == ["as_of"], "\(missing.text)")
            // An operator adds it; then it computes.
            let put = try await api.admin.execute(uri: "/admin/v1/reference-rates/ecb_mro/2013-11-13", method: .put,
                                                  headers: TenancyAPITests.adminHeaders(), body: ByteBuffer(string: #"{"rate": "0.25"}"#)) { $0.status }
            #expect(put == .created)
            let again = try await api.admin.execute(uri: "/admin/v1/reference-rates/ecb_mro/2013-11-13", method: .put,
                                                    headers: TenancyAPITests.adminHeaders(), body: ByteBuffer(string: #"{"rate": 0.25}"#)) { $0.status }
            #expect(again == .ok)
            let computed = try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2014-03-01")
            #expect(computed.status == .ok, "\(computed.text)")
            #expect((computed.json["periods"] as? [[String: Any]])?.first?["rate"] as? String == "10.25")
            let bad = try await api.admin.execute(uri: "/admin/v1/reference-rates/libor/2014-02-30", method: .put,
                                                  headers: TenancyAPITests.adminHeaders(), body: ByteBuffer(string: #"{"rate": "0.251"}"#)) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(bad.0 == .badRequest && bad.1.contains("kind") && bad.1.contains("effective_date"), "\(bad.1)")
            let audit = try await api.fixture.count("SELECT count(*)::int8 FROM relance.audit_log WHERE action = 'reference_rate.put'")
            #expect(audit == 2)
        }
    }

    @Test func aDraftOrAVoidedInvoiceOwesNoInterest() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let draft = try await api.send(.post, "/v1/invoices", """
                {"customer_id": "\(customer)", "issue_date": "2025-09-01", "due_date": "2025-09-30",
                 "lines": [{"description": "P", "quantity": 1, "unit_price": {"amount": 5000, "currency": "EUR"}, "tax_rate": 0}]}
                """).json["id"] as? String ?? ""
            let reply = try await api.send(.get, "/v1/invoices/\(draft)/late-charges?as_of=2025-12-31")
            #expect(reply.status == .ok)
            #expect((reply.json["interest"] as? [String: Any])?["amount"] as? Int == 0)
            #expect((reply.json["periods"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theTenantChoosesTheInterestRuleAndTheRunsRules() async throws {
        try await TenantAPIHarness.with { api in
            let defaults = try await api.send(.get, "/v1/settings")
            #expect(defaults.json["late_interest_rule"] as? String == "fr_commercial")
            #expect(defaults.json["automatic_dunning"] as? Bool == true)
            #expect(defaults.json["dunning_minimum_gap_days"] as? Int == 5)
            #expect(defaults.json["plan_breach_days"] as? Int == 7)
            #expect(defaults.json["dunning_catch_up"] as? String == "most_advanced")

            #expect(try await api.send(.patch, "/v1/settings", #"{"late_interest_rule": "contractual"}"#).errorFields == ["late_interest_rate"])
            #expect(try await api.send(.patch, "/v1/settings", #"{"late_interest_rate": "12"}"#).errorFields == ["late_interest_rate"])
            // Below 3 × the French legal rate (2.76 % since 2025-07-01 → 8.28 %).
            let low = try await api.send(.patch, "/v1/settings", #"{"late_interest_rule": "contractual", "late_interest_rate": "8.27"}"#)
            #expect(low.errorFields == ["late_interest_rate"] && low.text.contains("8.28"), "\(low.text)")
            let bad = try await api.send(.patch, "/v1/settings", #"{"dunning_minimum_gap_days": 91, "plan_breach_days": -1, "dunning_catch_up": "all", "automatic_dunning": null}"#)
            #expect(bad.errorFields.sorted() == ["automatic_dunning", "dunning_catch_up", "dunning_minimum_gap_days", "plan_breach_days"], "\(bad.text)")

            let set = try await api.send(.patch, "/v1/settings", """
                {"late_interest_rule": "contractual", "late_interest_rate": 12.5, "automatic_dunning": false, "dunning_minimum_gap_days": 0,
                 "dunning_catch_up": "first_not_done", "plan_breach_days": 10}
                """)
            #expect(set.status == .ok, "\(set.text)")
            #expect(set.json["late_interest_rate"] as? String == "12.5")
            #expect(set.json["automatic_dunning"] as? Bool == false)
            let customer = try await api.insertCustomer()
            let invoice = try await PaymentAPITests.invoice(api, customer: customer, amount: 100_000, issued: "2025-09-01", due: "2025-09-30")
            let charges = try await api.send(.get, "/v1/invoices/\(invoice)/late-charges?as_of=2025-10-10")
            #expect((charges.json["periods"] as? [[String: Any]])?.first?["rate"] as? String == "12.5")
            #expect(charges.json["rule"] as? String == "contractual")
            let back = try await api.send(.patch, "/v1/settings", #"{"late_interest_rule": "eu_statutory"}"#)
            #expect(back.json["late_interest_rule"] as? String == "eu_statutory")
            #expect(back.json["late_interest_rate"] == nil)
        }
    }
}

/// `POST /v1/invoices/{id}/late-charges/invoice`: the tenant bills late charges as a charge
/// invoice, and each one bills only what the earlier ones did not.
@Suite struct LateChargeInvoiceAPITests {
    static func amount(_ json: [String: Any], _ key: String) -> Int? { (json[key] as? [String: Any])?["amount"] as? Int }

    @Test func aChargeInvoiceBillsTheInterestAndTheIndemnityOnceAndLaterOnlyWhatAccruedSince() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let invoice = try await PaymentAPITests.invoice(api, customer: customer, amount: 1_000_000, issued: "2025-09-01", due: "2025-09-30")
            try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "invoices") SET formal_notice_on = '2025-10-31' WHERE id = $1",
                                             [UUID(uuidString: invoice)!])
            // €10,000.00 due 2025-09-30, unpaid on 2025-11-14, at ECB 2.15 % + 10: €149.79 and €40.00.
            let first = try await api.send(.post, "/v1/invoices/\(invoice)/late-charges/invoice", #"{"as_of": "2025-11-14"}"#)
            #expect(first.status == .created, "\(first.text)")
            #expect(first.json["status"] as? String == "issued")
            #expect(first.json["number"] is String)
            #expect(first.json["charges_for"] as? String == invoice)
            #expect(first.json["issue_date"] as? String == "2025-11-14" && first.json["due_date"] as? String == "2025-11-14")
            #expect(Self.amount(first.json, "total") == 18_979)
            #expect(Self.amount(first.json, "tax_total") == 0)
            let lines = first.json["lines"] as? [[String: Any]] ?? []
            #expect(lines.map { Self.amount($0, "line_total") } == [14_979, 4_000])
            #expect(lines.allSatisfy { $0["tax_rate"] as? Int == 0 })
            #expect((lines.first?["description"] as? String)?.contains("F-2025-00001, du 1er octobre 2025 au 14 novembre 2025") == true, "\(lines)")

            // Nothing new the same day: a clear 409, nothing written.
            let again = try await api.send(.post, "/v1/invoices/\(invoice)/late-charges/invoice", #"{"as_of": "2025-11-14"}"#)
            #expect(again.status == .conflict && again.errorFields == ["late_charges"], "\(again.text)")
            // Sixteen days later: only the interest since, 10,000.00 × 12.15 % × 16 / 365 = 53.26.
            let later = try await api.send(.post, "/v1/invoices/\(invoice)/late-charges/invoice", #"{"as_of": "2025-11-30"}"#)
            #expect(later.status == .created, "\(later.text)")
            #expect(Self.amount(later.json, "total") == 5_326)
            #expect((later.json["lines"] as? [Any])?.count == 1)
            let laterID = try #require(later.json["id"] as? String)

            // A charge invoice earns no late charges of its own, and is not charged again.
            let own = try await api.send(.get, "/v1/invoices/\(laterID)/late-charges?as_of=2026-06-30")
            #expect(Self.amount(own.json, "interest") == 0 && Self.amount(own.json, "indemnity") == 0, "\(own.text)")
            let nested = try await api.send(.post, "/v1/invoices/\(laterID)/late-charges/invoice", "{}")
            #expect(nested.status == .conflict && nested.errorFields == ["invoice"], "\(nested.text)")

            // A voided charge invoice no longer counts: its charges are billed again.
            #expect(try await api.send(.post, "/v1/invoices/\(laterID)/void", "{}").status == .ok)
            let rebilled = try await api.send(.post, "/v1/invoices/\(invoice)/late-charges/invoice", #"{"as_of": "2025-11-30"}"#)
            #expect(Self.amount(rebilled.json, "total") == 5_326, "\(rebilled.text)")

            // The charge invoices are on the customer's account like any other.
            let list = try await api.send(.get, "/v1/invoices?customer_id=\(customer)&status=issued")
            #expect((list.json["data"] as? [[String: Any]])?.filter { $0["charges_for"] as? String == invoice }.count == 2, "\(list.text)")
        }
    }

    @Test func aChargeInvoiceIsRefusedForAFutureDateAnUnknownInvoiceOrNothingOwed() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let invoice = try await PaymentAPITests.invoice(api, customer: customer, amount: 100_000, issued: "2025-09-01", due: "2025-09-30")
            let future = try await api.send(.post, "/v1/invoices/\(invoice)/late-charges/invoice", #"{"as_of": "2999-01-01"}"#)
            #expect(future.status == .badRequest && future.errorFields == ["as_of"], "\(future.text)")
            #expect(try await api.send(.post, "/v1/invoices/\(UUID())/late-charges/invoice", "{}").status == .notFound)
            #expect(try await api.send(.post, "/v1/invoices/\(invoice)/late-charges/invoice", #"{"as_of": "2025-09-30"}"#).errorFields == ["late_charges"])
            #expect(try await api.send(.post, "/v1/invoices/\(invoice)/late-charges/invoice", #"{"as_off": "2025-10-30"}"#).errorFields == ["as_off"])
            let count = try await api.fixture.count("SELECT count(*)::int8 FROM t_acme.invoices WHERE charges_for IS NOT NULL")
            #expect(count == 0)
        }
    }
}
