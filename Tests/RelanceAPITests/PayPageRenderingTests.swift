import Foundation
import QRCode
import RelanceCore
import RelanceStore
import Testing
@testable import RelanceAPI

/// The pay page's HTML as a pure function of what it shows.
@Suite struct PayPageRenderingTests {
    static let token = "acme." + String(repeating: "A", count: 43)

    static func page(language: String = "fr", amountDue: Int64 = 123_456, status: InvoiceStatus = .issued, disputed: Bool = false,
                     charges: PayPage.Charges? = nil, methods: [AcceptedPaymentMethod] = [.transfer, .card, .cheque],
                     customer: String = "Dupont & Fils <SARL>") -> PayPage {
        PayPage(token: token, invoiceID: UUID(), tenantName: "Boulangerie \"Martin\"", contactEmail: "compta@martin.fr", customerName: customer,
                language: language, number: "F-2026-00042", issueDate: CalendarDate(year: 2026, month: 1, day: 15)!,
                dueDate: CalendarDate(year: 2026, month: 2, day: 14)!, currency: .eur, total: 123_456, amountDue: amountDue, status: status,
                disputed: disputed, paymentReference: CreditorReference.make(from: "F-2026-00042"),
                today: CalendarDate(year: 2026, month: 3, day: 1)!, charges: charges,
                bankAccount: PayPage.BankAccount(beneficiary: "Martin SARL", iban: "FR7630006000011234567890189", bic: "AGRIFRPP"),
                paymentMethods: methods)
    }

    @Test func everythingTheTenantOrCustomerWroteIsEscapedAndNoScriptIsThere() {
        let html = PayPageRendering.page(Self.page())
        #expect(html.contains("Dupont &amp; Fils &lt;SARL&gt;"))
        #expect(html.contains("Boulangerie &quot;Martin&quot;"))
        #expect(!html.contains("<SARL>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
    }

    @Test func theFrenchPageShowsTheTransferDetailsTheQRCodeAndTheOtherMethods() throws {
        let page = Self.page()
        let html = PayPageRendering.page(page)
        #expect(html.contains(#"<html lang="fr">"#))
        #expect(html.contains("1\u{202F}234,56\u{00A0}€"))
        #expect(html.contains("FR76 3000 6000 0112 3456 7890 189"))
        #expect(html.contains("AGRIFRPP"))
        #expect(html.contains(CreditorReference.printed(page.paymentReference!)))
        #expect(html.contains("<li>Carte bancaire</li>") && html.contains("<li>Chèque</li>") && !html.contains("<li>Virement bancaire</li>"))
        let payload = try #require(page.transferPayload)
        #expect(payload.text == "BCD\n002\n1\nSCT\nAGRIFRPP\nMartin SARL\nFR7630006000011234567890189\nEUR1234.56\n\n\(page.paymentReference!)")
        let svg = try QRCode(bytes: payload.bytes, errorCorrection: .medium, maximumVersion: 13).svg(label: "QR code de virement SEPA")
        #expect(html.contains(svg))
        #expect(html.contains(#"action="/pay/\#(Self.token)/dispute""#))
    }

    @Test func theEnglishPageReadsEnglish() {
        let html = PayPageRendering.page(Self.page(language: "en"))
        #expect(html.contains(#"<html lang="en">"#))
        #expect(html.contains("€1,234.56"))
        #expect(html.contains("Pay by bank transfer") && html.contains("Contest this invoice") && html.contains("15 January 2026"))
    }

    @Test func chargesAreAddedToWhatIsDueTodayAndToTheQRCode() throws {
        let page = Self.page(charges: PayPage.Charges(formalNoticeOn: CalendarDate(year: 2026, month: 2, day: 20)!, interest: 1_234, indemnity: 4_000))
        let html = PayPageRendering.page(page)
        #expect(html.contains(#"id="amount-due" data-amount="128690""#))
        #expect(html.contains("Intérêts de retard au 1er mars 2026") && html.contains("12,34\u{00A0}€") && html.contains("40,00\u{00A0}€"))
        #expect(try #require(page.transferPayload).text.contains("\nEUR1286.90\n"))
    }

    @Test func aPaidInvoiceSaysSoWithoutQRCodeNorForm() {
        let html = PayPageRendering.page(Self.page(amountDue: 0, status: .paid))
        #expect(html.contains("Cette facture est réglée"))
        #expect(!html.contains("<svg") && !html.contains("<form") && !html.contains("FR76"))
    }

    @Test func aContestedInvoiceHasNoFormAndARefusedFormIsShownAgainWithItsError() {
        let contested = PayPageRendering.page(Self.page(disputed: true))
        #expect(contested.contains(#"id="already-contested""#) && !contested.contains("<form"))
        let confirmed = PayPageRendering.page(Self.page(disputed: true), notice: .contested)
        #expect(confirmed.contains(#"id="contested""#) && !confirmed.contains(#"id="already-contested""#))
        // ?contested=1 on an invoice that is not disputed claims nothing.
        let crafted = PayPageRendering.page(Self.page(), notice: .contested)
        #expect(!crafted.contains(#"id="contested""#) && crafted.contains("<form"))
        let refused = PayPageRendering.page(Self.page(), form: DisputeForm(reason: " ", notes: "<b>bold</b>"), formProblem: .reasonMissing)
        #expect(refused.contains(#"id="form-error""#) && refused.contains("Indiquez le motif"))
        #expect(refused.contains("&lt;b&gt;bold&lt;/b&gt;</textarea>"))
    }

    @Test func withoutTransferOrOutsideTheEuroThereIsNoQRCode() {
        #expect(!PayPageRendering.page(Self.page(methods: [.cheque])).contains("<svg"))
        var dollars = Self.page()
        dollars.currency = Currency("USD")!
        #expect(dollars.transferPayload == nil)
        #expect(!PayPageRendering.page(dollars).contains("<svg") && PayPageRendering.page(dollars).contains("FR76 3000"))
    }

    @Test func theContentSecurityPolicyAllowsExactlyThePagesStyleSheet() {
        let policy = PayPageRoutes.contentSecurityPolicy
        #expect(policy.hasPrefix("default-src 'none'; style-src 'sha256-"))
        #expect(!policy.contains("unsafe") && !policy.contains("script"))
        #expect(PayPageRendering.notFound.contains("<style>\(PayPageRendering.style)</style>"))
    }
}
