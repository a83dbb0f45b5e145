import Foundation
import QRCode
import RelanceCore
import RelanceStore

/// The pay page and its error pages as HTML: pure functions of what they show, no
/// JavaScript, one inline style sheet (allowed by its hash in the Content-Security-Policy),
/// a single column readable from 320 px wide. Everything not written here is escaped with
/// `HTMLText.escape`.
enum PayPageRendering {
    /// What the page says above the form, besides the invoice.
    enum Notice: Equatable, Sendable {
        /// The customer just contested the invoice (`?contested=1` after the form); said only
        /// while the invoice is disputed, so the address alone cannot make the page claim it.
        case contested
    }

    /// The style sheet of every page, whose hash the Content-Security-Policy allows.
    static let style = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f4f4f1; }
        main { max-width: 34rem; margin: 0 auto; padding: 1rem; }
        section, header { background: #fff; border-radius: .5rem; padding: 1rem; margin: 0 0 1rem; }
        h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.1rem; margin: 0 0 .75rem; }
        p { margin: 0 0 .75rem; }
        .from { font-weight: 600; color: #3d5a40; margin: 0 0 .25rem; }
        .muted { color: #555; font-size: .9rem; }
        table { width: 100%; border-collapse: collapse; }
        td { padding: .3rem 0; vertical-align: top; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; padding-left: .5rem; }
        tr.due td { border-top: 2px solid #1a1a1a; font-weight: 700; font-size: 1.15rem; padding-top: .5rem; }
        dl { margin: 0 0 1rem; }
        dt { font-size: .85rem; color: #555; }
        dd { margin: 0 0 .6rem; font-weight: 600; overflow-wrap: anywhere; }
        .code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 1rem; }
        figure { margin: 0; text-align: center; }
        figure svg { display: block; width: 15rem; max-width: 100%; height: auto; margin: 0 auto .5rem; }
        figcaption { font-size: .9rem; color: #555; }
        .notice { border-left: 4px solid #3d5a40; background: #eef5ee; }
        .error { border-left: 4px solid #a12622; background: #fbeeed; }
        label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
        input, textarea { width: 100%; font: inherit; padding: .5rem; border: 1px solid #888; border-radius: .3rem; }
        button { margin-top: .75rem; font: inherit; font-weight: 600; padding: .6rem 1rem; border: 0; border-radius: .3rem; background: #3d5a40; color: #fff; }
        ul { margin: 0 0 .75rem; padding-left: 1.25rem; }
        """

    /// The page of an invoice.
    /// - Parameters:
    ///   - notice: what the customer just did, if anything.
    ///   - form: the dispute form to show again with `formProblem` (a refused send).
    static func page(_ page: PayPage, notice: Notice? = nil, form: DisputeForm = DisputeForm(), formProblem: DisputeForm.Problem? = nil) -> String {
        let text = PayPageText(language: page.language)
        let escape = HTMLText.escape
        var body = """
            <header>
            <p class="from">\(escape(page.tenantName))</p>
            <h1>\(escape(text.invoice(page.number)))</h1>
            <p class="muted">\(escape(text.addressedTo(page.customerName)))</p>
            </header>

            """
        if page.isPaid {
            body += "<section class=\"notice\" id=\"paid\"><p>\(escape(text.paid))</p></section>\n"
        } else if notice == .contested && page.disputed {
            body += "<section class=\"notice\" id=\"contested\"><p>\(escape(text.contested))</p></section>\n"
        } else if page.disputed {
            body += "<section class=\"notice\" id=\"already-contested\"><p>\(escape(text.alreadyContested))</p></section>\n"
        }
        body += summary(page, text)
        if page.showsTransfer, let account = page.bankAccount { body += transfer(page, account, text) }
        if !page.isPaid { body += methods(page, text) }
        if !page.isPaid && !page.disputed { body += contest(page, form: form, problem: formProblem, text) }
        return document(language: text.language, title: "\(text.invoice(page.number)) — \(page.tenantName)", body: body)
    }

    /// The page of an unknown, malformed or revoked token: the same bytes whatever the cause,
    /// in both languages, naming nothing.
    static let notFound = document(language: "fr", title: "Page introuvable — Page not found", body: """
        <section>
        <h1>Page introuvable</h1>
        <p>Ce lien de paiement n'est pas ou plus valable. Pour régler une facture, utilisez le lien du dernier message reçu ou contactez votre fournisseur.</p>
        <h1 lang="en">Page not found</h1>
        <p lang="en">This payment link is not valid, or no longer. To pay an invoice, use the link in the latest message you received or contact your supplier.</p>
        </section>

        """)

    /// Too many requests from one address.
    static func tooManyRequests(retryAfter: Int) -> String {
        document(language: "fr", title: "Trop de requêtes — Too many requests", body: """
            <section>
            <h1>Trop de requêtes</h1>
            <p>Réessayez dans \(retryAfter) s.</p>
            <h1 lang="en">Too many requests</h1>
            <p lang="en">Try again in \(retryAfter) s.</p>
            </section>

            """)
    }

    /// The service cannot answer (the database is unreachable, or a fault).
    static let unavailable = document(language: "fr", title: "Service indisponible — Service unavailable", body: """
        <section>
        <h1>Service momentanément indisponible</h1>
        <p>Réessayez dans quelques instants.</p>
        <h1 lang="en">Service unavailable</h1>
        <p lang="en">Please try again in a moment.</p>
        </section>

        """)

    // MARK: - Parts

    private static func document(language: String, title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow">
        <meta name="referrer" content="no-referrer">
        <title>\(HTMLText.escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    private static func summary(_ page: PayPage, _ text: PayPageText) -> String {
        let money = { (minor: Int64) in text.money(minor, page.currency) }
        var rows = """
            <tr><td>\(text.issuedOn)</td><td class="num">\(text.date(page.issueDate))</td></tr>
            <tr><td>\(text.dueOn)</td><td class="num">\(text.date(page.dueDate))</td></tr>
            <tr><td>\(text.total)</td><td class="num">\(money(page.total))</td></tr>

            """
        if let charges = page.charges {
            rows += """
                <tr><td>\(text.stillDue)</td><td class="num">\(money(page.amountDue))</td></tr>
                <tr id="interest"><td>\(text.interest(asOf: page.today))</td><td class="num">\(money(charges.interest))</td></tr>
                <tr id="indemnity"><td>\(text.indemnity)</td><td class="num">\(money(charges.indemnity))</td></tr>

                """
        }
        rows += """
            <tr class="due"><td>\(text.dueToday)</td><td class="num" id="amount-due" data-amount="\(page.amountDueToday)" \
            data-currency="\(page.currency.code)">\(money(page.amountDueToday))</td></tr>

            """
        let note = page.charges.map { "<p class=\"muted\">\(HTMLText.escape(text.chargesNote(formalNoticeOn: $0.formalNoticeOn)))</p>\n" } ?? ""
        return "<section id=\"summary\">\n<table>\n\(rows)</table>\n\(note)</section>\n"
    }

    private static func transfer(_ page: PayPage, _ account: PayPage.BankAccount, _ text: PayPageText) -> String {
        let escape = HTMLText.escape
        var details = """
            <dt>\(text.beneficiary)</dt><dd id="beneficiary">\(escape(account.beneficiary))</dd>
            <dt>\(text.iban)</dt><dd id="iban" class="code">\(escape(BankDetails.readableIBAN(account.iban)))</dd>

            """
        if let bic = account.bic, !bic.isEmpty { details += "<dt>\(text.bic)</dt><dd id=\"bic\" class=\"code\">\(escape(bic))</dd>\n" }
        if let reference = page.paymentReference {
            details += "<dt>\(text.reference)</dt><dd id=\"reference\" class=\"code\">\(escape(CreditorReference.printed(reference)))</dd>\n"
        }
        details += "<dt>\(text.amount)</dt><dd>\(text.money(page.amountDueToday, page.currency))</dd>\n"
        var qr = ""
        if let payload = page.transferPayload,
           let code = try? QRCode(bytes: payload.bytes, errorCorrection: .medium, maximumVersion: 13) {
            qr = "<figure id=\"qr\">\(code.svg(quietZone: 4, label: text.qrLabel))<figcaption>\(escape(text.qrCaption))</figcaption></figure>\n"
        }
        let hint = page.paymentReference == nil ? "" : "<p class=\"muted\">\(escape(text.referenceHint))</p>\n"
        return "<section id=\"transfer\">\n<h2>\(text.byTransfer)</h2>\n<dl>\n\(details)</dl>\n\(hint)\(qr)</section>\n"
    }

    private static func methods(_ page: PayPage, _ text: PayPageText) -> String {
        let others = page.showsTransfer ? page.otherMethods : page.paymentMethods
        guard !others.isEmpty || page.contactEmail != nil else { return "" }
        var html = "<section id=\"methods\">\n"
        if !others.isEmpty {
            html += "<h2>\(page.showsTransfer ? text.otherMethods : text.methods)</h2>\n<ul>\n"
            html += others.map { "<li>\(text.method($0))</li>\n" }.joined()
            html += "</ul>\n"
        }
        if let email = page.contactEmail {
            let escaped = HTMLText.escape(email)
            html += "<p>\(text.contact) <a href=\"mailto:\(escaped)\">\(escaped)</a></p>\n"
        }
        return html + "</section>\n"
    }

    private static func contest(_ page: PayPage, form: DisputeForm, problem: DisputeForm.Problem?, _ text: PayPageText) -> String {
        let escape = HTMLText.escape
        let error = problem.map {
            "<div class=\"error\" id=\"form-error\" role=\"alert\"><p><strong>\(escape(text.errorHeading))</strong> — \(escape(text.problem($0)))</p></div>\n"
        } ?? ""
        return """
            <section id="contest">
            <h2>\(text.contestTitle)</h2>
            <p>\(escape(text.contestIntro))</p>
            \(error)<form method="post" action="/pay/\(escape(page.token))/dispute">
            <label for="reason">\(text.reasonLabel)</label>
            <input id="reason" name="reason" required maxlength="\(DisputeForm.maximumReason)" value="\(escape(form.reason))">
            <label for="notes">\(text.notesLabel)</label>
            <textarea id="notes" name="notes" rows="4" maxlength="\(DisputeForm.maximumNotes)">\(escape(form.notes))</textarea>
            <button type="submit">\(text.contestButton)</button>
            </form>
            </section>

            """
    }
}
