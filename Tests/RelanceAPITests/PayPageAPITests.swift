import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Postgres
import QRCode
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing
@testable import RelanceAPI

/// The public pay page `GET /pay/{token}` and its dispute form `POST /pay/{token}/dispute`,
/// through the tenant API without an API key, over the real PostgreSQL.
@Suite struct PayPageAPITests {
    static let iban = "FR7630006000011234567890189"

    /// A page as the browser gets it.
    struct Page: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var html: String
    }

    /// The tenant's bank details, as its accountant sets them.
    static func setBankDetails(_ api: TenantAPIHarness, methods: String = #"["transfer", "card", "cheque"]"#) async throws {
        let reply = try await api.send(.patch, "/v1/settings", """
            {"bank_account_holder": "Acme SARL", "bank_iban": "FR76 3000 6000 0112 3456 7890 189", "bank_bic": "AGRIFRPP",
             "sender_email": "compta@acme.fr", "payment_methods": \(methods)}
            """)
        #expect(reply.status == .ok, "\(reply.text)")
    }

    /// An issued invoice of `amount` for `customer`: its id, payment token and RF reference.
    static func invoice(_ api: TenantAPIHarness, customer: String, amount: Int64 = 123_456, issued: String = "2026-11-02",
                        due: String = "2099-12-31") async throws -> (id: String, token: String, reference: String) {
        let reply = try await api.send(.post, "/v1/invoices", """
            {"customer_id": "\(customer)", "issue_date": "\(issued)", "due_date": "\(due)", "issue": true,
             "lines": [{"description": "Prestation", "quantity": 1, "unit_price": {"amount": \(amount), "currency": "EUR"}, "tax_rate": 0}]}
            """)
        #expect(reply.status == .created, "\(reply.text)")
        let link = reply.json["payment_link"] as? String ?? ""
        return (reply.json["id"] as? String ?? "", String(link.split(separator: "/").last ?? ""), reply.json["payment_reference"] as? String ?? "")
    }

    static func get(_ api: TenantAPIHarness, _ path: String, headers: HTTPFields = [:]) async throws -> Page {
        try await api.client.execute(uri: path, method: .get, headers: headers) { Page(status: $0.status, headers: $0.headers, html: String(buffer: $0.body)) }
    }

    static func post(_ api: TenantAPIHarness, _ path: String, form: String) async throws -> Page {
        try await api.client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: form)) { Page(status: $0.status, headers: $0.headers, html: String(buffer: $0.body)) }
    }

    /// The page's QR code, `<svg …</svg>`.
    static func svg(in html: String) -> String? {
        guard let start = html.range(of: "<svg"), let end = html.range(of: "</svg>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func newTokensCarryTheTenantAndAnUnpaidInvoicesPageShowsHowToPayIt() async throws {
        try await TenantAPIHarness.with { api in
            try await Self.setBankDetails(api)
            let customer = try await api.insertCustomer(name: "Dupont & Fils")
            let invoice = try await Self.invoice(api, customer: customer)
            #expect(invoice.token.hasPrefix("acme.") && invoice.token.count == 5 + 43, "\(invoice.token)")
            let page = try await Self.get(api, "/pay/\(invoice.token)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.headers[HTTPField.Name("X-Robots-Tag")!] == "noindex, nofollow")
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(page.headers[.contentSecurityPolicy] == PayPageRoutes.contentSecurityPolicy)
            #expect(page.html.contains(#"<html lang="fr">"#) && page.html.contains("name=\"viewport\""))
            #expect(page.html.contains("Tenant acme"), "who is asking")
            #expect(page.html.contains("Dupont &amp; Fils"))
            #expect(page.html.contains(#"<dd id="beneficiary">Acme SARL</dd>"#))
            #expect(page.html.contains("FR76 3000 6000 0112 3456 7890 189"))
            #expect(page.html.contains(#"<dd id="bic" class="code">AGRIFRPP</dd>"#))
            #expect(page.html.contains(CreditorReference.printed(invoice.reference)))
            #expect(page.html.contains("1\u{202F}234,56\u{00A0}€"))
            #expect(page.html.contains("<li>Carte bancaire</li>") && page.html.contains("<li>Chèque</li>"))
            #expect(page.html.contains("compta@acme.fr"))
            #expect(!page.html.lowercased().contains("<script"))
            // The QR code encodes exactly the EPC payload of the transfer.
            let payload = try EPCPaymentPayload(bic: "AGRIFRPP", name: "Acme SARL", iban: Self.iban, amount: Money(123_456, .eur),
                                                creditorReference: invoice.reference)
            #expect(payload.text == "BCD\n002\n1\nSCT\nAGRIFRPP\nAcme SARL\n\(Self.iban)\nEUR1234.56\n\n\(invoice.reference)")
            let expected = try QRCode(bytes: payload.bytes, errorCorrection: .medium, maximumVersion: 13).svg(label: "QR code de virement SEPA")
            #expect(Self.svg(in: page.html) == expected)
        }
    }

    @Test func anEnglishCustomerReadsEnglish() async throws {
        try await TenantAPIHarness.with { api in
            try await Self.setBankDetails(api)
            let customer = try await api.insertCustomer(name: "Smith Ltd", language: "en")
            let invoice = try await Self.invoice(api, customer: customer)
            let page = try await Self.get(api, "/pay/\(invoice.token)")
            #expect(page.html.contains(#"<html lang="en">"#))
            #expect(page.html.contains("€1,234.56") && page.html.contains("Pay by bank transfer") && page.html.contains("Contest this invoice"))
            #expect(page.html.contains("<li>Card</li>"))
        }
    }

    @Test func unknownMalformedAndRevokedTokensGetTheSame404() async throws {
        try await TenantAPIHarness.with(environment: ["RELANCE_PAY_PAGE_RATE_PER_MINUTE": "100"]) { api in
            try await Self.setBankDetails(api)
            let customer = try await api.insertCustomer()
            let voided = try await Self.invoice(api, customer: customer)
            #expect(try await api.send(.post, "/v1/invoices/\(voided.id)/void").status == .ok)
            let writtenOff = try await Self.invoice(api, customer: customer)
            #expect(try await api.send(.post, "/v1/invoices/\(writtenOff.id)/write-off", #"{"reason": "faillite"}"#).status == .ok)
            let draft = try await api.send(.post, "/v1/invoices", InvoiceAPITests.invoiceBody(customer: customer, issue: false))
            let draftToken = String((draft.json["payment_link"] as? String ?? "").split(separator: "/").last ?? "")
            let secret = String(repeating: "x", count: 43)
            let tokens = ["acme.\(secret)", "nobody.\(secret)", secret, "x", "acme.short", "acme.\(secret)x", "ACME.\(secret)",
                          "%3Cscript%3E", voided.token, writtenOff.token, draftToken]
            var bodies: Set<String> = []
            for token in tokens {
                let page = try await Self.get(api, "/pay/\(token)")
                #expect(page.status == .notFound, "\(token)")
                #expect(page.headers[.cacheControl] == "no-store" && page.headers[.contentType] == "text/html; charset=utf-8")
                bodies.insert(page.html)
            }
            #expect(bodies == [PayPageRendering.notFound])
            #expect(!PayPageRendering.notFound.contains("acme"))
            // A suspended tenant's links show nothing either.
            let open = try await Self.invoice(api, customer: customer)
            #expect(try await Self.get(api, "/pay/\(open.token)").status == .ok)
            try await api.admin.execute(uri: "/admin/v1/tenants/acme/suspend", method: .post, headers: TenancyAPITests.adminHeaders()) {
                #expect($0.status == .ok)
            }
            let suspended = try await Self.get(api, "/pay/\(open.token)")
            #expect(suspended.status == .notFound && suspended.html == PayPageRendering.notFound)
            // The dispute form of a token that shows nothing is the same 404, and writes nothing.
            let posted = try await Self.post(api, "/pay/\(voided.token)/dispute", form: "reason=x")
            #expect(posted.status == .notFound && posted.html == PayPageRendering.notFound)
        }
    }

    @Test func lateInterestAndTheIndemnityAreShownOnceTheFormalNoticeWentOut() async throws {
        try await TenantAPIHarness.with { api in
            try await Self.setBankDetails(api)
            let customer = try await api.insertCustomer()
            let invoice = try await Self.invoice(api, customer: customer, amount: 100_000, issued: "2026-08-01", due: "2026-08-31")
            let before = try await Self.get(api, "/pay/\(invoice.token)")
            #expect(!before.html.contains(#"id="interest""#) && before.html.contains(#"data-amount="100000""#), "late, but no formal notice yet")
            // A formal notice dated after today claims nothing yet.
            try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "invoices") SET formal_notice_on = '2099-01-01'")
            #expect(!(try await Self.get(api, "/pay/\(invoice.token)")).html.contains(#"id="interest""#))
            try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "invoices") SET formal_notice_on = '2026-10-01'")
            let late = try await api.send(.get, "/v1/invoices/\(invoice.id)/late-charges").json
            let interest = InvoiceAPITests.money(late["interest"]) ?? -1, indemnity = InvoiceAPITests.money(late["indemnity"]) ?? -1
            #expect(interest > 0 && indemnity == 4_000)
            let after = try await Self.get(api, "/pay/\(invoice.token)")
            #expect(after.html.contains(#"<tr id="interest">"#) && after.html.contains(MoneyText.format(interest, .eur, language: "fr")))
            #expect(after.html.contains(#"<tr id="indemnity">"#) && after.html.contains("40,00\u{00A0}€"))
            #expect(after.html.contains(#"data-amount="\#(100_000 + interest + indemnity)""#))
            // The QR code asks for the same total.
            let payload = try EPCPaymentPayload(bic: "AGRIFRPP", name: "Acme SARL", iban: Self.iban,
                                                amount: Money(100_000 + interest + indemnity, .eur), creditorReference: invoice.reference)
            #expect(Self.svg(in: after.html) == (try QRCode(bytes: payload.bytes, maximumVersion: 13).svg(label: "QR code de virement SEPA")))
            // Once a charge invoice bills them, the page does not claim them twice.
            #expect(try await api.send(.post, "/v1/invoices/\(invoice.id)/late-charges/invoice", "{}").status == .created)
            let billed = try await Self.get(api, "/pay/\(invoice.token)")
            #expect(!billed.html.contains(#"id="interest""#) && billed.html.contains(#"data-amount="100000""#))
        }
    }

    @Test func aPaidInvoicesPageSaysItIsPaidWithoutQRCode() async throws {
        try await TenantAPIHarness.with { api in
            try await Self.setBankDetails(api)
            let customer = try await api.insertCustomer()
            let invoice = try await Self.invoice(api, customer: customer, amount: 20_000)
            #expect(try await PaymentAPITests.pay(api, customer: customer, amount: 20_000, on: "2026-11-20").status == .created)
            let page = try await Self.get(api, "/pay/\(invoice.token)")
            #expect(page.status == .ok)
            #expect(page.html.contains(#"id="paid""#) && page.html.contains("Cette facture est réglée"))
            #expect(!page.html.contains("<svg") && !page.html.contains("<form"))
        }
    }

    @Test func theFormOpensADisputeOnceAndBadInputWritesNothing() async throws {
        try await TenantAPIHarness.with { api in
            try await Self.setBankDetails(api)
            let customer = try await api.insertCustomer()
            let invoice = try await Self.invoice(api, customer: customer)
            let events = try await api.count("events")

            // An empty reason: the page again, with the error and what was typed; nothing written.
            let refused = try await Self.post(api, "/pay/\(invoice.token)/dispute", form: "reason=++&notes=%3Cb%3Ecommande%3C%2Fb%3E")
            #expect(refused.status == .badRequest)
            #expect(refused.html.contains(#"id="form-error""#) && refused.html.contains("&lt;b&gt;commande&lt;/b&gt;</textarea>"))
            #expect(refused.headers[.contentSecurityPolicy] != nil)
            #expect(try await api.count("disputes") == 0)
            #expect(try await api.count("events") == events)

            let sent = try await Self.post(api, "/pay/\(invoice.token)/dispute", form: "reason=Livraison+incompl%C3%A8te&notes=2+sacs+manquants")
            #expect(sent.status == .seeOther && sent.headers[.location] == "/pay/\(invoice.token)?contested=1")
            #expect(try await api.count("disputes") == 1)
            let stored = try await api.fixture.pool.query("""
                SELECT d.reason, d.notes, d.amount, i.disputed FROM \(qualified: "t_acme", "disputes") d
                JOIN \(qualified: "t_acme", "invoices") i ON i.id = d.invoice_id
                """)[0]
            #expect(try stored.decode(String.self, at: 0) == "Livraison incomplète")
            #expect(try stored.decode(String?.self, at: 1) == "2 sacs manquants")
            #expect(try stored.decode(Int64.self, at: 2) == 123_456)
            #expect(try stored.decode(Bool.self, at: 3))
            #expect(try await api.fixture.count("""
                SELECT count(*) FROM \(qualified: "t_acme", "events") WHERE type = 'dispute.opened' AND actor = 'pay-page'
                """) == 1)
            let confirmed = try await Self.get(api, "/pay/\(invoice.token)?contested=1")
            #expect(confirmed.html.contains(#"id="contested""#) && !confirmed.html.contains("<form"))
            #expect(try await api.send(.get, "/v1/invoices/\(invoice.id)").json["disputed"] as? Bool == true)

            // Sent again (a second tab): no second dispute; the page says it is already contested.
            let again = try await Self.post(api, "/pay/\(invoice.token)/dispute", form: "reason=encore")
            #expect(again.status == .seeOther && again.headers[.location] == "/pay/\(invoice.token)")
            #expect(try await api.count("disputes") == 1)
            let page = try await Self.get(api, "/pay/\(invoice.token)")
            #expect(page.html.contains(#"id="already-contested""#) && !page.html.contains("<form"))
        }
    }

    @Test func eachClientAddressIsRateLimitedWith429AndRetryAfter() async throws {
        try await TenantAPIHarness.with(environment: ["RELANCE_PAY_PAGE_RATE_PER_MINUTE": "3", "RELANCE_TRUSTED_PROXIES": "1"]) { api in
            let secret = String(repeating: "x", count: 43)
            let first: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.1"]
            for _ in 0..<3 { #expect(try await Self.get(api, "/pay/acme.\(secret)", headers: first).status == .notFound) }
            let limited = try await Self.get(api, "/pay/acme.\(secret)", headers: first)
            #expect(limited.status == .tooManyRequests)
            // 3 a minute: one every 20 s (less the time the requests took on the real clock).
            #expect((1...20).contains(Int(limited.headers[.retryAfter] ?? "") ?? 0), "\(limited.headers)")
            #expect(limited.headers[.cacheControl] == "no-store" && limited.html.contains("Too many requests"))
            // The form counts too; another address has its own allowance.
            let form = try await api.client.execute(uri: "/pay/acme.\(secret)/dispute", method: .post, headers: first,
                                                    body: ByteBuffer(string: "reason=x")) { $0.status }
            #expect(form == .tooManyRequests)
            let other: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.1, 203.0.113.5"]
            #expect(try await Self.get(api, "/pay/acme.\(secret)", headers: other).status == .notFound)
        }
    }

    @Test func tokensFromBeforeTheSlugAreFoundOnceIndexed() async throws {
        try await TenantAPIHarness.with { api in
            try await Self.setBankDetails(api)
            let customer = try await api.insertCustomer()
            let invoice = try await Self.invoice(api, customer: customer)
            // An invoice of an older release: its token is the secret alone.
            let legacy = String(invoice.token.dropFirst("acme.".count))
            try await api.fixture.pool.query("UPDATE \(qualified: "t_acme", "invoices") SET payment_token = \(legacy)")
            #expect(try await Self.get(api, "/pay/\(legacy)").status == .notFound)
            let indexed = try await api.fixture.pool.query("SELECT relance.index_legacy_payment_tokens()")[0].decode(Int64.self, at: 0)
            #expect(indexed == 1)
            let page = try await Self.get(api, "/pay/\(legacy)")
            #expect(page.status == .ok && page.html.contains("1\u{202F}234,56\u{00A0}€"))
            #expect(try await Self.get(api, "/pay/\(invoice.token)").status == .notFound, "the new form of the same secret names no invoice")
            #expect(try await api.fixture.pool.query("SELECT relance.index_legacy_payment_tokens()")[0].decode(Int64.self, at: 0) == 0)
        }
    }

    @Test func paymentMethodsAreASettingCheckedOnPatch() async throws {
        try await TenantAPIHarness.with { api in
            let defaults = try await api.send(.get, "/v1/settings")
            #expect(defaults.json["payment_methods"] as? [String] == ["transfer"])
            let set = try await api.send(.patch, "/v1/settings", #"{"payment_methods": ["cheque", "sepa_debit", "transfer"]}"#)
            #expect(set.status == .ok && set.json["payment_methods"] as? [String] == ["cheque", "sepa_debit", "transfer"], "\(set.text)")
            for bad in [#"["bitcoin"]"#, "[]", #"["card", "card"]"#, "null", #""card""#] {
                let reply = try await api.send(.patch, "/v1/settings", #"{"payment_methods": \#(bad)}"#)
                #expect(reply.status == .badRequest && reply.errorFields == ["payment_methods"], "\(bad): \(reply.text)")
            }
            #expect(try await api.send(.get, "/v1/settings").json["payment_methods"] as? [String] == ["cheque", "sepa_debit", "transfer"])
        }
    }
}
