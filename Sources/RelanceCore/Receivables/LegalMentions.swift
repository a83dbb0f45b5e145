import Foundation

/// What a French B2B invoice must print about payment (Code de commerce L441-9 and
/// L441-10): the late-payment penalty rate, the fixed €40 recovery indemnity, and the
/// early-payment discount terms or that there are none ("pas d'escompte"). Fixed on the
/// invoice when it is made and again when it is issued, so a later settings change does
/// not rewrite what was sent.
public struct LegalMentions: Sendable, Hashable, Codable {
    /// Late-payment penalty rate, basis points a year (1215 = 12.15 %).
    public var latePenaltyRateBasisPoints: Int
    /// The fixed recovery indemnity, minor units of `indemnityCurrency`.
    public var recoveryIndemnity: Int64
    public var indemnityCurrency: String
    /// The discount for early payment, nil when there is none.
    public var earlyPaymentDiscount: EarlyPaymentTerms?
    /// The mentions as sentences in the customer's language (`fr` or `en`), in print order.
    public var text: [String]

    /// The early-payment discount as printed: percent in basis points and the days it runs.
    public struct EarlyPaymentTerms: Sendable, Hashable, Codable {
        public var percentBasisPoints: Int
        public var withinDays: Int
        public init(percentBasisPoints: Int, withinDays: Int) {
            self.percentBasisPoints = percentBasisPoints
            self.withinDays = withinDays
        }
    }

    public init(latePenaltyRateBasisPoints: Int, recoveryIndemnity: Money, earlyPaymentDiscount: EarlyPaymentTerms?, language: String) {
        self.latePenaltyRateBasisPoints = latePenaltyRateBasisPoints
        self.recoveryIndemnity = recoveryIndemnity.amount
        self.indemnityCurrency = recoveryIndemnity.currency.code
        self.earlyPaymentDiscount = earlyPaymentDiscount
        let french = language != "en"
        let rate = Self.percent(latePenaltyRateBasisPoints, french: french)
        let indemnity = Money.decimalString(recoveryIndemnity.amount, minorUnits: recoveryIndemnity.currency.minorUnits)
        let amount = (french ? indemnity.replacingOccurrences(of: ".", with: ",") : indemnity) + " " + recoveryIndemnity.currency.code
        var text: [String] = []
        if french {
            text.append("Pénalités de retard : \(rate) % par an, exigibles dès le lendemain de la date d'échéance.")
            text.append("Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : \(amount) (art. L441-10 du Code de commerce).")
            if let discount = earlyPaymentDiscount {
                text.append("Escompte pour paiement anticipé : \(Self.percent(discount.percentBasisPoints, french: true)) % si réglée sous \(discount.withinDays) jours.")
            } else {
                text.append("Pas d'escompte pour paiement anticipé.")
            }
        } else {
            text.append("Late-payment penalties: \(rate) % a year, due from the day after the due date.")
            text.append("Fixed recovery indemnity for late payment: \(amount) (French Commercial Code, art. L441-10).")
            if let discount = earlyPaymentDiscount {
                text.append("Early-payment discount: \(Self.percent(discount.percentBasisPoints, french: false)) % if paid within \(discount.withinDays) days.")
            } else {
                text.append("No discount for early payment.")
            }
        }
        self.text = text
    }

    /// Basis points as a percent: 1215 → "12.15" ("12,15" in French); 200 → "2"; 1250 → "12.5".
    public static func percent(_ basisPoints: Int, french: Bool) -> String {
        let whole = basisPoints / 100, cents = basisPoints % 100
        guard cents != 0 else { return String(whole) }
        let fraction = cents % 10 == 0 ? String(cents / 10) : (cents < 10 ? "0\(cents)" : String(cents))
        return "\(whole)\(french ? "," : ".")\(fraction)"
    }
}
