import Foundation
import Hummingbird
import HummingbirdTesting
import RelanceCore
import RelanceTestSupport
import Testing
@testable import RelanceAPI

/// The pay page in a real browser, served by a live tenant API with its headers (the
/// Content-Security-Policy included): headless Chromium at a phone's width shows the amount,
/// breaks no policy, and its screenshot (kept as `pay-page.png` under
/// `RELANCE_TEST_ARTEFACTS`) holds a QR code that zbarimg reads back to exactly the EPC payload.
@Suite(.enabled(if: ZBar.shouldRun, "zbarimg is not installed (apt-get install zbar-tools); set RELANCE_TEST_REQUIRE_ZBAR=1 to fail instead"))
struct PayPageChromiumTests {
    @Test func chromiumShowsThePageAndZbarReadsTheTransferFromItsScreenshot() async throws {
        try await TenantAPIHarness.with(live: true) { api in
            try await PayPageAPITests.setBankDetails(api)
            let customer = try await api.insertCustomer(name: "Dupont & Fils")
            let invoice = try await PayPageAPITests.invoice(api, customer: customer)
            let port = try #require(api.client.port)
            let url = "http://localhost:\(port)/pay/\(invoice.token)"
            let payload = try EPCPaymentPayload(bic: "AGRIFRPP", name: "Acme SARL", iban: PayPageAPITests.iban, amount: Money(123_456, .eur),
                                                creditorReference: invoice.reference)

            let (dom, console) = try await Chromium.run(["--enable-logging=stderr", "--v=0", "--dump-dom", url])
            #expect(dom.contains("1\u{202F}234,56&nbsp;€") || dom.contains("1\u{202F}234,56\u{00A0}€"), "Chromium's DOM: \(dom.prefix(600))")
            #expect(dom.contains("FR76 3000 6000 0112 3456 7890 189") && dom.contains("<svg"))
            #expect(!console.contains("Content Security Policy") && !console.contains("Content-Security-Policy"),
                    "the page breaks its own policy: \(console.suffix(2000))")

            let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_TEST_ARTEFACTS"] ?? NSTemporaryDirectory())
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let screenshot = directory.appendingPathComponent("pay-page.png")
            try? FileManager.default.removeItem(at: screenshot)
            // A phone: 412 CSS pixels wide at a device scale factor of 2.
            _ = try await Chromium.run(["--screenshot=\(screenshot.path)", "--window-size=412,1700", "--force-device-scale-factor=2", url])
            let png = try Data(contentsOf: screenshot)
            #expect(png.count > 5_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "a PNG screenshot at \(screenshot.path)")
            let decoded = try await ZBar.decode(screenshot)
            #expect(decoded == payload.bytes, "zbarimg read \(String(decoding: decoded, as: UTF8.self).debugDescription)")
        }
    }
}
