import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import RelanceAPI
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

/// `/v1/invoices` end to end against the real PostgreSQL: totals, numbering, terms, states,
/// filters and bad input. Every test ends with the ledger check.
@Suite struct InvoiceAPITests {
    static func money(_ object: Any?) -> Int64? { ((object as? [String: Any])?["amount"] as? NSNumber)?.int64Value }

    static func invoiceBody(customer: String, issue: Bool = true, extra: String = "") -> String {
        """
        {"customer_id": "\(customer)", "issue_date": "2026-03-01", "issue": \(issue)\(extra),
         "lines": [
           {"description": "Conseil", "quantity": 3, "unit_price": {"amount": 1999, "currency": "EUR"}, "tax_rate": 2000},
           {"description": "Formation", "quantity": "1.5", "unit_price": {"amount": 3333, "currency": "EUR"}, "discount_percent": 10, "tax_rate": 2000},
           {"description": "Livre", "quantity": 0.125, "unit_price": {"amount": 999, "currency": "EUR"}, "tax_rate": 550}
         ]}
        """
    }

    @Test func theServerComputesTotalsWithOneRoundingPerLineAndTaxPerRate() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let created = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer))
            #expect(created.status == .created, "\(created.text)")
            let invoice = created.json
            let lines = invoice["lines"] as? [[String: Any]] ?? []
            #expect(lines.compactMap { Self.money($0["line_total"]) } == [5997, 4500, 125])   // 4499.55 → 4500, 124.875 → 125
            #expect(lines.map { $0["quantity"] as? String } == ["3", "1.5", "0.125"])
            #expect(Self.money(invoice["subtotal"]) == 10622)
            #expect(Self.money(invoice["tax_total"]) == 2106)                                   // 2099.4 → 2099 at 20 %, 6.875 → 7 at 5.5 %
            #expect(Self.money(invoice["total"]) == 12728)
            #expect(Self.money(invoice["amount_due"]) == 12728)
            #expect(invoice["status"] as? String == "issued")
            #expect(invoice["number"] as? String == "F-2026-00001")
            #expect(invoice["due_date"] as? String == "2026-03-31", "French default: 30 days")
            let reference = invoice["payment_reference"] as? String ?? ""
            #expect(CreditorReference.isValid(reference) && reference.hasSuffix("F202600001"), "\(reference)")
            let link = invoice["payment_link"] as? String ?? ""
            #expect(link.hasPrefix("http://localhost:8080/pay/") && link.count - "http://localhost:8080/pay/".count >= 22)
            let mentions = invoice["legal_mentions"] as? [String: Any] ?? [:]
            #expect(Self.money(mentions["recovery_indemnity"]) == 4000)
            #expect((mentions["text"] as? [String] ?? []).contains { $0.contains("Pas d'escompte") })
            let taxes = invoice["taxes"] as? [[String: Any]] ?? []
            #expect(taxes.map { $0["rate"] as? Int } == [550, 2000])
            let read = try await api.send(.get, "/v1/invoices/\(invoice["id"] as? String ?? "")")
            #expect(read.status == .ok && Self.money(read.json["total"]) == 12728)
            #expect(try await api.count("events") == 1)
            #expect(try await api.count("ledger_entries") == 1)
            try await api.expectConsistentLedger()
        }
    }

    @Test func numbersAreGaplessPerYearAndARolledBackIssueGivesItsNumberBack() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let draft = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer, issue: false))
            #expect(draft.status == .created && draft.json["number"] == nil && draft.json["status"] as? String == "draft")
            // An issue whose transaction rolls back after taking a number leaves no gap.
            struct Abort: Error {}
            let slug = try TenantSlug(api.slug)
            await #expect(throws: Abort.self) {
                try await api.tenancy.database.withTransaction(slug) { tx in
                    _ = try await InvoiceRepository().issue(UUID(uuidString: draft.json["id"] as! String)!, actor: "test", in: tx)
                    throw Abort()
                }
            }
            let first = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer))
            #expect(first.json["number"] as? String == "F-2026-00001")
            let issued = try await api.send(.post, "/v1/invoices/\(draft.json["id"] as? String ?? "")/issue")
            #expect(issued.status == .ok && issued.json["number"] as? String == "F-2026-00002", "\(issued.text)")
            let again = try await api.send(.post, "/v1/invoices/\(draft.json["id"] as? String ?? "")/issue")
            #expect(again.status == .conflict && again.errorFields == ["status"] && again.text.contains("issued"))
            // A number the client chose is unique too.
            let chosen = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer, extra: #", "number": "F-2026-00003""#))
            #expect(chosen.status == .created && chosen.json["number"] as? String == "F-2026-00003")
            let duplicate = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer, extra: #", "number": "F-2026-00003""#))
            #expect(duplicate.status == .conflict && duplicate.errorFields == ["number"])
            // The generated sequence skips the number the client took.
            let next = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer))
            #expect(next.json["number"] as? String == "F-2026-00004")
            try await api.expectConsistentLedger()
        }
    }

    @Test(arguments: [
        // terms JSON (or explicit due date), customer terms, tenant terms, delivery date → due date, warns
        (#""payment_terms": {"net": 45}"#, nil, nil, nil, "2026-04-15", false),
        (#""payment_terms": {"end_of_month": true}"#, nil, nil, nil, "2026-03-31", false),
        (#""payment_terms": {"net": 45, "end_of_month": true}"#, nil, nil, nil, "2026-04-30", false),
        (#""payment_terms": {"net": 90}"#, nil, nil, nil, "2026-05-30", true),
        (#""due_date": "2026-03-10""#, nil, nil, nil, "2026-03-10", false),
        (nil, #"{"net": 10}"#, #"{"net": 20}"#, nil, "2026-03-11", false),
        (nil, nil, #"{"net": 20}"#, nil, "2026-03-21", false),
        (nil, nil, nil, "2026-03-05", "2026-04-04", false),
    ] as [(String?, String?, String?, String?, String, Bool)])
    func theDueDateComesFromTheFirstTermsGiven(terms: String?, customerTerms: String?, tenantTerms: String?, delivery: String?,
                                               due: String, warns: Bool) async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            if let customerTerms {
                try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "customers") SET payment_terms = \(customerTerms)::jsonb")
            }
            if let tenantTerms {
                try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "settings") SET payment_terms = \(tenantTerms)::jsonb")
            }
            var extra = terms.map { ", " + $0 } ?? ""
            if let delivery { extra += #", "delivery_date": "\#(delivery)""# }
            let created = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer, extra: extra))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["due_date"] as? String == due)
            #expect(((created.json["warnings"] as? [String]) ?? []).isEmpty == !warns, "\(created.json["warnings"] ?? "")")
        }
    }

    @Test func everyBadFieldIsNamedAtOnceAndNothingIsWritten() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let long = String(repeating: "x", count: 1_000_000)   // a 1 MB string in a body under the 1 MiB limit
            let body = """
                {"customer_id": "\(customer)", "issue_date": "2026-02-30", "currency": "XYZ", "colour": "blue", "total": {"amount": 1, "currency": "EUR"},
                 "lines": [
                   {"description": "\(long)", "quantity": "1.0005", "unit_price": {"amount": -5, "currency": "EUR"}, "tax_rate": 2000},
                   {"description": "b", "quantity": 1, "unit_price": {"amount": 10.5, "currency": "EUR"}, "tax_rate": 20001, "line_total": 3},
                   {"description": "c", "quantity": 1, "unit_price": {"amount": 100, "currency": "USD"}, "tax_rate": 0}
                 ]}
                """
            let reply = try await api.send(.post, "/v1/invoices", body)
            #expect(reply.status == .badRequest)
            #expect(reply.headers[.contentType] == "application/problem+json")
            let fields = Set(reply.errorFields)
            for field in ["issue_date", "currency", "colour", "total", "lines[0].description", "lines[0].quantity", "lines[0].unit_price.amount",
                          "lines[1].unit_price.amount", "lines[1].tax_rate", "lines[1].line_total"] {
                #expect(fields.contains(field), "\(field) missing from \(reply.errorFields)")
            }
            let mixed = try await api.send(.post, "/v1/invoices", """
                {"customer_id": "\(customer)", "issue_date": "2026-03-01", "lines": [
                  {"description": "a", "quantity": 1, "unit_price": {"amount": 100, "currency": "EUR"}, "tax_rate": 0},
                  {"description": "b", "quantity": 1, "unit_price": {"amount": 100, "currency": "USD"}, "tax_rate": 0}]}
                """)
            #expect(mixed.status == .badRequest && mixed.errorFields == ["lines[1].unit_price.currency"])
            let tooBig = try await api.send(.post, "/v1/invoices", """
                {"customer_id": "\(customer)", "issue_date": "2026-03-01", "lines": [
                  {"description": "a", "quantity": 999999999, "unit_price": {"amount": 9999999999999, "currency": "EUR"}, "tax_rate": 0}]}
                """)
            #expect(tooBig.status == .badRequest, "\(tooBig.text)")
            let unknownCustomer = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: UUID().uuidString))
            #expect(unknownCustomer.status == .notFound)
            #expect(try await api.count("invoices") == 0)
            #expect(try await api.count("events") == 0)
        }
    }

    @Test func voidWriteOffAndTheirIllegalTransitions() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let a = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer)).json["id"] as? String ?? ""
            let b = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer)).json["id"] as? String ?? ""
            let voided = try await api.send(.post, "/v1/invoices/\(a)/void")
            #expect(voided.status == .ok && voided.json["status"] as? String == "void")
            let writeOffVoid = try await api.send(.post, "/v1/invoices/\(a)/write-off", #"{"reason": "gone"}"#)
            #expect(writeOffVoid.status == .conflict && writeOffVoid.errorFields == ["status"] && writeOffVoid.text.contains("void"))
            let paid = try await api.send(.post, "/v1/payments", """
                {"customer_id": "\(customer)", "amount": {"amount": 2728, "currency": "EUR"}, "received_on": "2026-03-05", "method": "transfer"}
                """)
            #expect(paid.status == .created, "\(paid.text)")
            let cannotVoid = try await api.send(.post, "/v1/invoices/\(b)/void")
            #expect(cannotVoid.status == .conflict && cannotVoid.errorFields == ["status"])
            let noReason = try await api.send(.post, "/v1/invoices/\(b)/write-off", "{}")
            #expect(noReason.status == .badRequest && noReason.errorFields == ["reason"])
            let writtenOff = try await api.send(.post, "/v1/invoices/\(b)/write-off", #"{"reason": "liquidation judiciaire"}"#)
            #expect(writtenOff.status == .ok && writtenOff.json["status"] as? String == "written_off")
            #expect(Self.money(writtenOff.json["amount_written_off"]) == 10000 && Self.money(writtenOff.json["amount_due"]) == 0)
            #expect(writtenOff.json["write_off_reason"] as? String == "liquidation judiciaire")
            try await api.expectConsistentLedger()
        }
    }

    @Test func listFiltersSortsAndPagesThroughEveryInvoice() async throws {
        try await TenantAPIHarness.with { api in
            let first = try await api.insertCustomer(name: "Alpha")
            let second = try await api.insertCustomer(name: "Beta")
            var ids: [String] = []
            for (index, customer) in [first, first, second, second, first].enumerated() {
                let due = "2026-04-0\(5 - index)"
                ids.append(try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer, extra: #", "due_date": "\#(due)""#)).json["id"] as? String ?? "")
            }
            _ = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: first, issue: false))
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await api.send(.get, "/v1/invoices?limit=2&status=issued" + (cursor.map { "&cursor=\($0)" } ?? ""))
                #expect(page.status == .ok, "\(page.text)")
                seen += page.data.compactMap { $0["due_date"] as? String }
                cursor = page.json["next_cursor"] as? String
            } while cursor != nil
            #expect(seen == ["2026-04-01", "2026-04-02", "2026-04-03", "2026-04-04", "2026-04-05"])
            let byNumber = try await api.send(.get, "/v1/invoices?sort=number&status=issued")
            #expect(byNumber.data.compactMap { $0["number"] as? String } == (1...5).map { "F-2026-0000\($0)" })
            let ofSecond = try await api.send(.get, "/v1/invoices?customer_id=\(second)")
            #expect(ofSecond.data.count == 2)
            let overdue = try await api.send(.get, "/v1/invoices?overdue_as_of=2026-04-03")
            #expect(overdue.data.compactMap { $0["due_date"] as? String } == ["2026-04-01", "2026-04-02"])
            let window = try await api.send(.get, "/v1/invoices?due_from=2026-04-02&due_to=2026-04-03&amount_due_min=12728&amount_due_max=12728")
            #expect(window.data.count == 2)
            let drafts = try await api.send(.get, "/v1/invoices?status=draft")
            #expect(drafts.data.count == 1)
            let bad = try await api.send(.get, "/v1/invoices?status=late&overdue_as_of=2026-13-01&sort=amount&cursor=zzz")
            #expect(bad.status == .badRequest && Set(bad.errorFields) == ["status", "overdue_as_of", "sort", "cursor"])
        }
    }

    @Test func anInvoiceReadAsOfADateShowsTheBalanceThen() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let id = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer)).json["id"] as? String ?? ""
            _ = try await api.send(.post, "/v1/payments", """
                {"customer_id": "\(customer)", "amount": {"amount": 2728, "currency": "EUR"}, "received_on": "2026-03-10", "method": "transfer"}
                """)
            let before = try await api.send(.get, "/v1/invoices/\(id)?as_of=2026-03-09")
            #expect(Self.money(before.json["amount_due"]) == 12728 && before.json["as_of"] as? String == "2026-03-09")
            let after = try await api.send(.get, "/v1/invoices/\(id)?as_of=2026-03-10")
            #expect(Self.money(after.json["amount_due"]) == 10000)
            let bad = try await api.send(.get, "/v1/invoices/\(id)?as_of=2026-02-30")
            #expect(bad.status == .badRequest && bad.errorFields == ["as_of"])
        }
    }

    @Test func anotherTenantsInvoiceDoesNotExistForThisKey() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await api.insertCustomer()
            let id = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer)).json["id"] as? String ?? ""
            let otherKey = try await TenancyAPITests.onboard(api.admin, slug: "other")
            for path in ["/v1/invoices/\(id)", "/v1/invoices/not-a-uuid"] {
                let reply = try await api.send(.get, path, key: otherKey)
                #expect(reply.status == .notFound, "\(path)")
            }
            let void = try await api.send(.post, "/v1/invoices/\(id)/void", key: otherKey)
            #expect(void.status == .notFound)
            let foreign = try await api.send(.post, "/v1/invoices", Self.invoiceBody(customer: customer), key: otherKey)
            #expect(foreign.status == .notFound)
            #expect(try await api.send(.get, "/v1/invoices/\(id)").json["status"] as? String == "issued")
        }
    }
}

/// The receivables settings of `PATCH /v1/settings` reach the invoices made after them.
@Suite struct ReceivablesSettingsAPITests {
    @Test func numberingTermsDiscountAndMentionsComeFromTheTenantsSettings() async throws {
        try await TenantAPIHarness.with { api in
            let bad = try await api.send(.patch, "/v1/settings", """
                {"invoice_number_pattern": "F-{YYYY}", "late_penalty_rate": "12.345", "early_payment_discount": {"percent": 0, "within_days": 10},
                 "recovery_indemnity": {"amount": -1, "currency": "EUR"}, "auto_apply_credit": null}
                """)
            #expect(bad.status == .badRequest)
            #expect(Set(bad.errorFields) == ["invoice_number_pattern", "late_penalty_rate", "early_payment_discount.percent",
                                             "recovery_indemnity.amount", "auto_apply_credit"], "\(bad.text)")
            let patched = try await api.send(.patch, "/v1/settings", """
                {"invoice_number_pattern": "FAC/{YY}{MM}/{seq:3}", "payment_terms": {"net": 45, "end_of_month": true},
                 "late_penalty_rate": "10.5", "early_payment_discount": {"percent": "1.5", "within_days": 8}, "auto_apply_credit": true}
                """)
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.json["late_penalty_rate"] as? String == "10.5")
            #expect((patched.json["early_payment_discount"] as? [String: Any])?["percent"] as? String == "1.5")
            let customer = try await api.insertCustomer(language: "en")
            let invoice = try await api.send(.post, "/v1/invoices", InvoiceAPITests.invoiceBody(customer: customer)).json
            #expect(invoice["number"] as? String == "FAC/2603/001")
            #expect(invoice["due_date"] as? String == "2026-04-30")
            let discount = invoice["early_payment_discount"] as? [String: Any] ?? [:]
            #expect(discount["percent"] as? String == "1.5" && discount["last_date"] as? String == "2026-03-09")
            #expect(InvoiceAPITests.money(discount["amount"]) == 191)   // 1.5 % of 127.28 = 1.9092 → 1.91
            let text = (invoice["legal_mentions"] as? [String: Any])?["text"] as? [String] ?? []
            #expect(text.first?.hasPrefix("Late-payment penalties: 10.5 %") == true, "\(text)")
            let none = try await api.send(.post, "/v1/invoices", InvoiceAPITests.invoiceBody(customer: customer, extra: #", "early_payment_discount": null"#)).json
            #expect(none["early_payment_discount"] == nil)
            #expect(none["number"] as? String == "FAC/2603/002")
        }
    }
}
