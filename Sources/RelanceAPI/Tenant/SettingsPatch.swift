import Foundation
import RelanceCore
import RelanceStore

/// The body of `PATCH /v1/settings`: each field absent (kept), a value (set) or, for the
/// optional ones, null (cleared). `display_name`, `time_zone`, `currency` and `locale`
/// cannot be null.
struct SettingsPatch: RequestBody, Equatable {
    var displayName: Patch<String>
    var timeZone: Patch<String>
    var currency: Patch<String>
    var locale: Patch<String>
    var senderEmail: Patch<String>
    var senderName: Patch<String>
    var bankAccountHolder: Patch<String>
    var bankIban: Patch<String>
    var bankBic: Patch<String>
    var paymentReferenceHint: Patch<String>
    var invoiceNumberPattern: Patch<String>
    var creditNoteNumberPattern: Patch<String>
    /// null: back to the French default (30 days after delivery).
    var paymentTerms: Patch<PaymentTerms>
    /// Percent a year, up to 2 decimal places ("12.15").
    var latePenaltyRate: Patch<ScaledDecimal>
    /// In the tenant's currency; French law sets €40.
    var recoveryIndemnity: Patch<Money>
    /// null: no discount ("pas d'escompte").
    var earlyPaymentDiscount: Patch<NewInvoiceBody.DiscountBody>
    var autoApplyCredit: Patch<Bool>
    var automaticDunning: Patch<Bool>
    var dunningCatchUp: Patch<DunningCatchUp>
    var dunningMinimumGapDays: Patch<Int>
    var planBreachDays: Patch<Int>
    /// `fr_commercial`, `eu_statutory` or `contractual` (then with `late_interest_rate`).
    var lateInterestRule: Patch<String>
    /// Percent a year, up to 2 decimal places; only with `late_interest_rule: contractual`.
    var lateInterestRate: Patch<ScaledDecimal>
    /// null: off.
    var chronicLateDays: Patch<Int>
    var chronicLateInvoices: Patch<Int>
    /// null: none (chronic late payers keep the default policy).
    var chronicPolicyId: Patch<UUID>
    /// The ways customers may pay, as the pay page lists them (`AcceptedPaymentMethod`).
    var paymentMethods: Patch<[String]>

    static let maximumLengths = [
        "display_name": 200, "time_zone": 64, "currency": 3, "locale": 5, "sender_email": 254, "sender_name": 200,
        "bank_account_holder": 200, "bank_iban": 42, "bank_bic": 11, "payment_reference_hint": 500,
        "invoice_number_pattern": 60, "credit_note_number_pattern": 60,
    ]

    func validate(_ errors: inout FieldErrors) {
        for (field, value) in [("display_name", displayName), ("time_zone", timeZone), ("currency", currency), ("locale", locale),
                               ("invoice_number_pattern", invoiceNumberPattern), ("credit_note_number_pattern", creditNoteNumberPattern)]
        where value == .null {
            errors.add(field, "cannot be null")
        }
        for (field, present, value) in [("late_penalty_rate", latePenaltyRate.isPresent, latePenaltyRate.value as Any?),
                                        ("recovery_indemnity", recoveryIndemnity.isPresent, recoveryIndemnity.value as Any?),
                                        ("auto_apply_credit", autoApplyCredit.isPresent, autoApplyCredit.value as Any?),
                                        ("automatic_dunning", automaticDunning.isPresent, automaticDunning.value as Any?),
                                        ("dunning_catch_up", dunningCatchUp.isPresent, dunningCatchUp.value as Any?),
                                        ("dunning_minimum_gap_days", dunningMinimumGapDays.isPresent, dunningMinimumGapDays.value as Any?),
                                        ("plan_breach_days", planBreachDays.isPresent, planBreachDays.value as Any?),
                                        ("late_interest_rule", lateInterestRule.isPresent, lateInterestRule.value as Any?),
                                        ("chronic_late_invoices", chronicLateInvoices.isPresent, chronicLateInvoices.value as Any?),
                                        ("payment_methods", paymentMethods.isPresent, paymentMethods.value as Any?)]
        where present && value == nil {
            errors.add(field, "cannot be null")
        }
        errors.check("invoice_number_pattern", invoiceNumberPattern.value, NumberPattern.problem)
        errors.check("credit_note_number_pattern", creditNoteNumberPattern.value, NumberPattern.problem)
        if let problem = paymentTerms.value?.problem { errors.add("payment_terms", problem) }
        if let rate = latePenaltyRate.value {
            if let hundredths = rate.rescaled(to: 2), (0...10_000).contains(hundredths.units) {} else {
                errors.add("late_penalty_rate", "must be a percent from 0 to 100 with at most 2 decimal places")
            }
        }
        if let indemnity = recoveryIndemnity.value, indemnity.amount < 0 { errors.add("recovery_indemnity.amount", "must be 0 or more") }
        if case .value(let discount) = earlyPaymentDiscount, case .failure(let problem) = InvoiceBodyRule.discount(discount) {
            errors.add(problem.field, problem.message)
        }
        for (field, days) in [("dunning_minimum_gap_days", dunningMinimumGapDays.value), ("plan_breach_days", planBreachDays.value)] {
            if let days, !(0...90).contains(days) { errors.add(field, "must be a whole number of days from 0 to 90") }
        }
        if let days = chronicLateDays.value, !(1...365).contains(days) { errors.add("chronic_late_days", "must be a whole number of days from 1 to 365") }
        if let count = chronicLateInvoices.value, !(1...50).contains(count) { errors.add("chronic_late_invoices", "must be from 1 to 50") }
        if let rule = lateInterestRule.value, !["fr_commercial", "eu_statutory", "contractual"].contains(rule) {
            errors.add("late_interest_rule", "must be one of fr_commercial, eu_statutory, contractual")
        }
        if lateInterestRule.value == "contractual" {
            if let rate = lateInterestRate.value {
                if let hundredths = rate.rescaled(to: 2), (1...10_000).contains(hundredths.units) {} else {
                    errors.add("late_interest_rate", "must be a percent from 0.01 to 100 with at most 2 decimal places")
                }
            } else {
                errors.add("late_interest_rate", "is required with late_interest_rule contractual")
            }
        } else if lateInterestRate.value != nil {
            errors.add("late_interest_rate", "is only given with late_interest_rule contractual")
        }
        errors.check("display_name", displayName.value, SettingsRule.name)
        errors.check("time_zone", timeZone.value, SettingsRule.timeZone)
        errors.check("currency", currency.value, SettingsRule.currency)
        errors.check("locale", locale.value, SettingsRule.locale)
        errors.check("sender_email", senderEmail.value, BankDetails.emailProblem)
        errors.check("sender_name", senderName.value, SettingsRule.name)
        errors.check("bank_account_holder", bankAccountHolder.value, SettingsRule.name)
        errors.check("bank_iban", bankIban.value, BankDetails.ibanProblem)
        errors.check("bank_bic", bankBic.value, BankDetails.bicProblem)
        if let methods = paymentMethods.value, let problem = AcceptedPaymentMethod.problem(methods) { errors.add("payment_methods", problem) }
    }

    /// The change to store (validated); an IBAN is stored without spaces, in capitals.
    var change: SettingsChange {
        func optional<T>(_ patch: Patch<T>) -> T?? {
            switch patch {
            case .absent: nil
            case .null: .some(nil)
            case .value(let value): .some(value)
            }
        }
        var change = SettingsChange()
        change.displayName = displayName.value
        change.timeZone = timeZone.value
        change.currency = currency.value
        change.locale = locale.value
        change.senderEmail = optional(senderEmail)
        change.senderName = optional(senderName)
        change.bankAccountHolder = optional(bankAccountHolder)
        change.bankIban = optional(bankIban.map { $0.replacingOccurrences(of: " ", with: "").uppercased() })
        change.bankBic = optional(bankBic)
        change.paymentReferenceHint = optional(paymentReferenceHint)
        change.invoiceNumberPattern = invoiceNumberPattern.value
        change.creditNoteNumberPattern = creditNoteNumberPattern.value
        change.paymentTerms = optional(paymentTerms)
        change.latePenaltyRateBasisPoints = latePenaltyRate.value?.rescaled(to: 2).map { Int($0.units) }
        change.recoveryIndemnity = recoveryIndemnity.value?.amount
        switch earlyPaymentDiscount {
        case .absent: break
        case .null: change.earlyPaymentDiscount = .some(nil)
        case .value(let body): change.earlyPaymentDiscount = .some(try? InvoiceBodyRule.discount(body).get())
        }
        change.autoApplyCredit = autoApplyCredit.value
        change.automaticDunning = automaticDunning.value
        change.dunningCatchUp = dunningCatchUp.value
        change.dunningMinimumGapDays = dunningMinimumGapDays.value
        change.planBreachDays = planBreachDays.value
        change.chronicLateDays = optional(chronicLateDays)
        change.chronicLateInvoices = chronicLateInvoices.value
        change.chronicPolicyID = optional(chronicPolicyId)
        change.paymentMethods = paymentMethods.value?.compactMap(AcceptedPaymentMethod.init(rawValue:))
        switch lateInterestRule.value {
        case "fr_commercial": change.lateInterest = .frenchCommercial
        case "eu_statutory": change.lateInterest = .euStatutory
        case "contractual": change.lateInterest = lateInterestRate.value?.rescaled(to: 2).map { .contractual(basisPoints: Int($0.units)) }
        default: break
        }
        return change
    }
}
