import Foundation
import RelanceCore
import RelanceStore
import SMTP

/// A reminder's words in the customer's language: an e-mail (a MIME message with a plain
/// text and an HTML part, UTF-8 headers, a `Message-ID` stable per reminder, so a retry
/// after a crash is recognisably the same message) or a letter's text.
struct ReminderMessage {
    let message: ReminderDelivery.Message

    var fileName: String { "\(message.reminder.id.uuidString.lowercased()).\(message.reminder.channel == .email ? "eml" : "txt")" }

    /// `reminder.<id>@relance`: the same for every attempt at one reminder.
    var messageID: String { "reminder.\(message.reminder.id.uuidString.lowercased())@relance" }

    var subject: String {
        let french = message.language == "fr"
        switch message.reminder.tone {
        case .courtesy: return french ? "Rappel : échéance prochaine de vos factures" : "Reminder: invoices due soon"
        case .reminder: return french ? "Relance : factures échues" : "Reminder: overdue invoices"
        case .firm: return french ? "Deuxième relance : factures impayées" : "Second reminder: unpaid invoices"
        case .final: return french ? "Mise en demeure de payer" : "Formal notice to pay"
        }
    }

    var body: String {
        let reminder = message.reminder, language = message.language, french = language == "fr"
        var lines = [french ? "Bonjour \(message.recipientName ?? message.customerName)," : "Dear \(message.recipientName ?? message.customerName),", ""]
        if reminder.planID != nil {
            lines.append(french ? "Une échéance de votre plan de paiement approche ou est passée : \(MoneyText.format(reminder.amountDue, reminder.currency, language: language))."
                                : "An installment of your payment plan is due or overdue: \(MoneyText.format(reminder.amountDue, reminder.currency, language: language)).")
        } else {
            lines.append(french ? "Sauf erreur de notre part, les factures suivantes restent à régler :" : "According to our records, the following invoices remain unpaid:")
            lines.append("")
            for item in reminder.items {
                let due = message.dueDates[item.invoiceID].map { DateText.format($0, language: language) } ?? ""
                let late = item.daysLate > 0 ? (french ? " (\(item.daysLate) jours de retard)" : " (\(item.daysLate) days late)") : ""
                lines.append("- \(item.number ?? "—") : \(MoneyText.format(item.amountDue, reminder.currency, language: language)), "
                             + (french ? "échéance le \(due)" : "due \(due)") + late)
                if let charges = message.lateCharges[item.invoiceID] {
                    let interest = MoneyText.format(charges.interest, reminder.currency, language: language)
                    var claim = french ? "  intérêts de retard : \(interest)" : "  late interest: \(interest)"
                    if charges.indemnity > 0 {
                        let indemnity = MoneyText.format(charges.indemnity, reminder.currency, language: language)
                        claim += french ? " ; indemnité forfaitaire pour frais de recouvrement : \(indemnity)"
                                        : "; fixed recovery indemnity: \(indemnity)"
                    }
                    lines.append(claim)
                }
            }
            lines.append("")
            lines.append((french ? "Total dû : " : "Total due: ") + MoneyText.format(reminder.amountDue, reminder.currency, language: language))
            if !message.lateCharges.isEmpty {
                let asOf = DateText.format(reminder.runDate, language: language)
                lines.append((french ? "Intérêts de retard et indemnités au \(asOf) : " : "Late interest and indemnities as of \(asOf): ")
                             + MoneyText.format(message.lateChargesTotal, reminder.currency, language: language))
                lines.append((french ? "Total, pénalités comprises : " : "Total including late charges: ")
                             + MoneyText.format(reminder.amountDue + message.lateChargesTotal, reminder.currency, language: language))
                lines.append("")
                lines.append(french ? "Les intérêts de retard et l'indemnité forfaitaire pour frais de recouvrement sont dus de plein droit (articles L441-10 et D441-5 du Code de commerce)."
                                    : "Late interest and the fixed recovery indemnity are due by law (French Commercial Code, articles L441-10 and D441-5).")
            }
        }
        lines += ["", french ? "Cordialement," : "Kind regards,", message.senderName]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The body as HTML: the same lines, escaped, one paragraph per block.
    var html: String {
        let blocks = body.components(separatedBy: "\r\n\r\n").map { block in
            "<p>" + block.split(separator: "\r\n", omittingEmptySubsequences: false).map { HTMLText.escape(String($0)) }
                .joined(separator: "<br>\n") + "</p>"
        }
        return """
            <!doctype html>
            <html lang="\(message.language)"><head><meta charset="utf-8"><title>\(HTMLText.escape(subject))</title></head>
            <body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
            \(blocks.joined(separator: "\n"))
            </body></html>

            """
    }

    /// The e-mail: From the platform's address (`from`) in the tenant's name, Reply-To the
    /// tenant's sender address, To the recipient.
    /// - Throws: `MIMEError` when an address is not one.
    func mime(from: String) throws(MIMEError) -> MIMEMessage {
        let recipient = try MIMEAddress(message.recipient ?? "", displayName: message.recipientName)
        return MIMEMessage(
            from: try MIMEAddress(from, displayName: message.senderName), to: [recipient],
            replyTo: try message.senderEmail.map { sender throws(MIMEError) in [try MIMEAddress(sender, displayName: message.senderName)] } ?? [],
            subject: subject, date: message.reminder.createdAt, messageID: try MIMEMessageID(messageID),
            text: body, html: html)
    }

    /// The letter as text, for the outbox (until letters are printed as PDF).
    var letter: String {
        [message.senderName, "", message.customerName, "", DateText.format(message.reminder.runDate, language: message.language), "",
         subject, "", body].joined(separator: "\r\n")
    }
}
