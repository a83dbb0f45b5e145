import RelanceCore

/// The words of the pay page in the customer's language, `fr` or `en` (any other language
/// reads French, the tenant's default).
struct PayPageText: Sendable {
    let language: String

    init(language: String) { self.language = language == "en" ? "en" : "fr" }

    private var french: Bool { language == "fr" }
    private func text(_ fr: String, _ en: String) -> String { french ? fr : en }

    func money(_ minor: Int64, _ currency: Currency) -> String { MoneyText.format(minor, currency, language: language) }
    func date(_ date: CalendarDate) -> String { DateText.format(date, language: language) }

    func invoice(_ number: String?) -> String { text("Facture", "Invoice") + (number.map { " " + $0 } ?? "") }
    func addressedTo(_ customer: String) -> String { text("Adressée à \(customer)", "Addressed to \(customer)") }
    var issuedOn: String { text("Émise le", "Issued on") }
    var dueOn: String { text("Échéance", "Due date") }
    var total: String { text("Montant TTC", "Total") }
    var stillDue: String { text("Restant dû sur la facture", "Still due on the invoice") }
    func interest(asOf: CalendarDate) -> String { text("Intérêts de retard au \(date(asOf))", "Late interest as of \(date(asOf))") }
    var indemnity: String { text("Indemnité forfaitaire pour frais de recouvrement", "Fixed recovery indemnity") }
    func chargesNote(formalNoticeOn: CalendarDate) -> String {
        text("Réclamés depuis la mise en demeure du \(date(formalNoticeOn)) (art. L441-10 et D441-5 du Code de commerce).",
             "Claimed since the formal notice of \(date(formalNoticeOn)) (French Commercial Code L441-10 and D441-5).")
    }
    var dueToday: String { text("À régler aujourd'hui", "To pay today") }

    var paid: String { text("Cette facture est réglée. Merci !", "This invoice is paid. Thank you!") }
    var contested: String {
        text("Merci : votre contestation est enregistrée. Nous revenons vers vous, et les relances de cette facture sont suspendues.",
             "Thank you: your dispute is recorded. We will get back to you; reminders about this invoice are paused.")
    }
    var alreadyContested: String {
        text("Cette facture est déjà contestée : nous revenons vers vous. Les relances sont suspendues en attendant.",
             "This invoice is already contested: we will get back to you. Reminders are paused meanwhile.")
    }

    var byTransfer: String { text("Payer par virement", "Pay by bank transfer") }
    var beneficiary: String { text("Bénéficiaire", "Beneficiary") }
    var iban: String { "IBAN" }
    var bic: String { "BIC" }
    var reference: String { text("Référence à indiquer", "Reference to quote") }
    var referenceHint: String {
        text("Indiquez cette référence telle quelle : votre paiement sera rapproché de la facture.",
             "Quote this reference exactly: your payment will be matched to the invoice.")
    }
    var amount: String { text("Montant", "Amount") }
    var qrLabel: String { text("QR code de virement SEPA", "SEPA credit transfer QR code") }
    var qrCaption: String {
        text("Scannez ce code avec l'application de votre banque : le bénéficiaire, l'IBAN, le montant et la référence sont remplis pour vous.",
             "Scan this code with your banking app: the beneficiary, IBAN, amount and reference are filled in for you.")
    }

    var otherMethods: String { text("Autres moyens de paiement acceptés", "Other accepted ways to pay") }
    var methods: String { text("Moyens de paiement acceptés", "Accepted ways to pay") }
    func method(_ method: AcceptedPaymentMethod) -> String {
        switch method {
        case .transfer: text("Virement bancaire", "Bank transfer")
        case .sepaDebit: text("Prélèvement SEPA", "SEPA direct debit")
        case .card: text("Carte bancaire", "Card")
        case .cheque: text("Chèque", "Cheque")
        case .cash: text("Espèces", "Cash")
        }
    }
    var contact: String { text("Une question ? Écrivez à", "A question? Write to") }

    var contestTitle: String { text("Contester cette facture", "Contest this invoice") }
    var contestIntro: String {
        text("Un désaccord sur cette facture ? Dites-nous pourquoi : les relances sont suspendues le temps que nous l'examinions.",
             "Something wrong with this invoice? Tell us why: reminders are paused while we look into it.")
    }
    var reasonLabel: String { text("Motif", "Reason") }
    var notesLabel: String { text("Précisions (facultatif)", "Details (optional)") }
    var contestButton: String { text("Contester la facture", "Contest the invoice") }
    func problem(_ problem: DisputeForm.Problem) -> String {
        switch problem {
        case .reasonMissing: text("Indiquez le motif de votre contestation.", "Please give the reason you contest this invoice.")
        case .reasonTooLong: text("Le motif est trop long (\(DisputeForm.maximumReason) caractères au plus).",
                                  "The reason is too long (\(DisputeForm.maximumReason) characters at most).")
        case .notesTooLong: text("Les précisions sont trop longues (\(DisputeForm.maximumNotes) caractères au plus).",
                                 "The details are too long (\(DisputeForm.maximumNotes) characters at most).")
        }
    }
    var errorHeading: String { text("Le formulaire n'a pas été envoyé", "The form was not sent") }
}
