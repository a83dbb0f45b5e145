import Foundation
import Hummingbird
import HummingbirdTesting
import RelanceAPI
import RelanceStore
import RelanceTestSupport
import Testing

/// `GET /v1/customers/{id}/statement` as JSON, CSV and HTML.
@Suite struct StatementAPITests {
    static let money = InvoiceAPITests.money

    /// A customer with: an invoice of 1,000.00 (2026-01-10, due 2026-02-09), an invoice of
    /// 500.00 (2026-03-01, due 2026-03-31), a payment of 300.00 (2026-03-05), a credit note
    /// of 50.00 against the second (2026-03-06).
    static func history(_ api: TenantAPIHarness) async throws -> String {
        let customer = try await api.insertCustomer(name: "Dupont & Fils")
        _ = try await PaymentAPITests.invoice(api, customer: customer, amount: 100_000, issued: "2026-01-10", due: "2026-02-09")
        let second = try await PaymentAPITests.invoice(api, customer: customer, amount: 50_000, issued: "2026-03-01", due: "2026-03-31")
        _ = try await PaymentAPITests.pay(api, customer: customer, amount: 30_000, on: "2026-03-05")
        let note = try await api.send(.post, "/v1/credit-notes", """
            {"invoice_id": "\(second)", "amount": {"amount": 5000, "currency": "EUR"}, "reason": "avarie", "issue_date": "2026-03-06"}
            """)
        #expect(note.status == .created, "\(note.text)")
        return customer
    }

    @Test func theStatementRunsFromTheOpeningToTheClosingBalanceWithItsAging() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await Self.history(api)
            let reply = try await api.send(.get, "/v1/customers/\(customer)/statement?from=2026-02-01&to=2026-04-15")
            #expect(reply.status == .ok, "\(reply.text)")
            let json = reply.json
            #expect(Self.money(json["opening_balance"]) == 100_000)
            let movements = json["movements"] as? [[String: Any]] ?? []
            #expect(movements.map { $0["kind"] as? String } == ["invoice", "payment", "credit_note"])
            #expect(movements.compactMap { Self.money($0["balance"]) } == [150_000, 120_000, 115_000])
            #expect(Self.money(json["closing_balance"]) == 115_000)
            let aging = json["aging"] as? [String: Any] ?? [:]
            // As of 2026-04-15: the first invoice (70,000 left) is 65 days late, the second (45,000) 15.
            #expect(Self.money(aging["days_61_90"]) == 70_000)
            #expect(Self.money(aging["days_1_30"]) == 45_000)
            #expect(Self.money(aging["total"]) == 115_000)
            try await api.expectConsistentLedger()
        }
    }

    @Test func theStatementIsAlsoCSVAndHTMLByFormatOrAccept() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await Self.history(api)
            let csv = try await api.send(.get, "/v1/customers/\(customer)/statement?from=2026-01-01&to=2026-04-15&format=csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let rows = csv.text.split(separator: "\r\n").map(String.init)
            #expect(rows.first == "date,kind,reference,description,amount,balance,currency")
            #expect(rows.last == "2026-04-15,closing_balance,,Closing balance,,1150.00,EUR")
            #expect(rows.count == 7)
            let html = try await api.send(.get, "/v1/customers/\(customer)/statement?from=2026-01-01&to=2026-04-15",
                                          headers: [.accept: "text/html"])
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            #expect(html.text.contains(#"id="closing-balance" data-amount="115000""#))
            #expect(html.text.contains("Dupont &amp; Fils"))
            let bad = try await api.send(.get, "/v1/customers/\(customer)/statement?from=2026-05-01&to=2026-04-15&format=pdf")
            #expect(bad.status == .badRequest && Set(bad.errorFields) == ["from", "format"])
            let unknown = try await api.send(.get, "/v1/customers/\(UUID().uuidString)/statement")
            #expect(unknown.status == .notFound)
        }
    }
}

/// The printable statement in a real browser: headless Chromium (Debian's `chromium`, which
/// `./deploy/local/test` installs) loads the page, its closing balance is the one the JSON
/// gives, and a screenshot is kept in `.local/artefacts/` as the test's artefact.
@Suite struct StatementChromiumTests {
    /// Runs Chromium headless with `arguments` and returns its standard output.
    static func runChromium(_ arguments: [String]) async throws -> String { try await Chromium.run(arguments).output }

    @Test func chromiumShowsTheClosingBalanceTheJSONGivesAndKeepsAScreenshot() async throws {
        try await TenantAPIHarness.with { api in
            let customer = try await StatementAPITests.history(api)
            let path = "/v1/customers/\(customer)/statement?from=2026-01-01&to=2026-04-15"
            let json = try await api.send(.get, path).json
            let closing = StatementAPITests.money(json["closing_balance"])
            let html = try await api.send(.get, path + "&format=html").text
            let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_TEST_ARTEFACTS"] ?? NSTemporaryDirectory())
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let page = directory.appendingPathComponent("statement.html")
            try html.write(to: page, atomically: true, encoding: .utf8)
            let dom = try await Self.runChromium(["--dump-dom", page.absoluteString])
            #expect(dom.contains(#"id="closing-balance" data-amount="\#(closing ?? -1)""#), "Chromium's DOM: \(dom.prefix(400))")
            // outerHTML writes the no-break space as &nbsp;.
            #expect(dom.contains("1\u{202F}150,00&nbsp;EUR") || dom.contains("1\u{202F}150,00\u{00A0}EUR"), "the closing balance as printed")
            let screenshot = directory.appendingPathComponent("statement.png")
            try? FileManager.default.removeItem(at: screenshot)
            _ = try await Self.runChromium(["--screenshot=\(screenshot.path)", "--window-size=1024,1200", page.absoluteString])
            let png = try Data(contentsOf: screenshot)
            #expect(png.count > 5_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot at \(screenshot.path)")
        }
    }
}
