import Foundation
import RelanceCore
import RelanceStore

/// A reminder written as a plain-text e-mail (RFC 5322, UTF-8, headers in RFC 2047 encoded
/// words) or a letter, in the customer's language, for the file outbox. The delivery
/// issue's templates, SMTP and PDF letters replace the wording and the transport; the
/// stable `Message-ID` per reminder stays.
struct OutboxMessage {
    let message: ReminderDelivery.Message

    var fileName: String { "\(message.reminder.id.uuidString.lowercased()).\(message.reminder.channel == .email ? "eml" : "txt")" }

    var messageID: String { "<reminder.\(message.reminder.id.uuidString.lowercased())@relance>" }

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

    /// The whole file.
    var text: String {
        guard message.reminder.channel == .email else {
            return ["\(message.senderName)", "", message.customerName, "", DateText.format(message.reminder.runDate, language: message.language), "",
                    subject, "", body].joined(separator: "\r\n")
        }
        var headers = [
            "Message-ID: \(messageID)",
            "Date: \(DateText.rfc5322(message.reminder.createdAt))",
            "From: \(Self.encodedWord(message.senderName)) <\(message.senderEmail ?? "relances@localhost")>",
            "To: \(message.recipient ?? "")",
            "Subject: \(Self.encodedWord(subject))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        if let sender = message.senderEmail { headers.append("Reply-To: \(sender)") }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// `text` as an RFC 2047 encoded word when it is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        text.allSatisfy { $0.isASCII } ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}

extension DateText {
    /// An instant as RFC 5322 writes it, in UTC: `Thu, 03 Dec 2026 07:00:00 +0000`.
    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
