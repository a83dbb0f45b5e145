import Foundation

/// Checks of tenant settings that are the same wherever they come from (admin API, CLI,
/// `PATCH /v1/settings`). Each returns nil when the value is fine, else a message.
public enum SettingsRule {
    /// An IANA time zone identifier known to this system, e.g. `Europe/Paris`.
    public static func timeZone(_ value: String) -> String? {
        TimeZone(identifier: value) == nil || value.isEmpty ? "is not an IANA time zone such as Europe/Paris" : nil
    }

    /// An ISO 4217 currency code: three uppercase letters that this system knows.
    public static func currency(_ value: String) -> String? {
        guard value.count == 3, value.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            return "must be an ISO 4217 code of three uppercase letters, such as EUR"
        }
        return Locale.commonISOCurrencyCodes.contains(value) ? nil : "is not an ISO 4217 currency code"
    }

    /// A BCP 47 language tag of the simple form `ll` or `ll-RR` (e.g. `fr`, `fr-FR`, `en-GB`).
    public static func locale(_ value: String) -> String? {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        let languageOK = parts.first.map { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isLowercase } } ?? false
        let regionOK = parts.count == 1 || (parts.count == 2 && parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase })
        return languageOK && regionOK ? nil : "must be a language tag such as fr-FR or en"
    }

    /// A display name: 1 to 200 characters, not only spaces.
    public static func name(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || value.count > 200 ? "must be 1 to 200 characters" : nil
    }
}
