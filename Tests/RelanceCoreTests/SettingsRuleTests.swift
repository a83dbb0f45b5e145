import RelanceCore
import Testing

@Suite struct SettingsRuleTests {
    @Test(arguments: ["Europe/Paris", "America/New_York", "UTC", "Pacific/Auckland"])
    func knownTimeZones(zone: String) { #expect(SettingsRule.timeZone(zone) == nil) }

    @Test(arguments: ["", "Paris", "Europe/Atlantis", "+02:00"])
    func unknownTimeZones(zone: String) { #expect(SettingsRule.timeZone(zone) != nil) }

    @Test(arguments: [("EUR", true), ("USD", true), ("CHF", true), ("eur", false), ("EU", false), ("EURO", false), ("XYZ", false)])
    func currencies(code: String, valid: Bool) { #expect((SettingsRule.currency(code) == nil) == valid, "\(code)") }

    @Test(arguments: [("fr", true), ("fr-FR", true), ("en-GB", true), ("FR", false), ("fr_FR", false), ("fr-fr", false), ("", false), ("fra", false)])
    func locales(tag: String, valid: Bool) { #expect((SettingsRule.locale(tag) == nil) == valid, "\(tag)") }

    @Test func names() {
        #expect(SettingsRule.name("Boulangerie Martin") == nil)
        #expect(SettingsRule.name("   ") != nil)
        #expect(SettingsRule.name(String(repeating: "x", count: 201)) != nil)
    }
}
