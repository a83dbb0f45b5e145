import Foundation
import RelanceCore
import RelanceStore

/// A customer statement as CSV (amounts in major units with a point, one row per
/// movement between an opening and a closing row) and as a printable HTML page.
enum StatementRendering {
    static func csv(_ statement: CustomerStatement) -> String {
        let digits = statement.currency.minorUnits
        func amount(_ minor: Int64) -> String { Money.decimalString(minor, minorUnits: digits) }
        func field(_ text: String) -> String {
            let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            // A leading =, +, - or @ would be a formula in a spreadsheet: prefix it.
            let safe = ["=", "+", "-", "@"].contains(where: { text.hasPrefix($0) }) && Int64(text) == nil && Double(text) == nil ? "'" + text : text
            return needsQuotes ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }
        var lines = ["date,kind,reference,description,amount,balance,currency"]
        lines.append([statement.from.description, "opening_balance", "", "Opening balance", "", amount(statement.statement.opening),
                      statement.currency.code].map(field).joined(separator: ","))
        for line in statement.statement.lines {
            lines.append([line.movement.date.description, line.movement.kind, line.movement.reference ?? "", line.movement.description,
                          amount(line.movement.amount), amount(line.balance), statement.currency.code].map(field).joined(separator: ","))
        }
        lines.append([statement.to.description, "closing_balance", "", "Closing balance", "", amount(statement.statement.closing),
                      statement.currency.code].map(field).joined(separator: ","))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func html(_ statement: CustomerStatement, tenantName: String) -> String {
        let digits = statement.currency.minorUnits
        func money(_ minor: Int64) -> String {
            let text = Money.decimalString(minor, minorUnits: digits)
            let negative = text.hasPrefix("-")
            let unsigned = negative ? String(text.dropFirst()) : text
            let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
            var whole = String(parts[0]), grouped = ""
            while whole.count > 3 {
                grouped = "\u{202F}" + whole.suffix(3) + grouped
                whole.removeLast(3)
            }
            grouped = whole + grouped
            return (negative ? "−" : "") + grouped + (parts.count > 1 ? "," + parts[1] : "") + "\u{00A0}" + statement.currency.code
        }
        let escape = HTMLText.escape
        let kinds = ["invoice": "Facture", "payment": "Paiement", "credit_note": "Avoir", "discount": "Escompte",
                     "reversal": "Rejet de paiement", "write_off": "Passage en perte", "void": "Annulation"]
        var rows = ""
        for line in statement.statement.lines {
            rows += """
                <tr><td>\(line.movement.date)</td><td>\(escape(kinds[line.movement.kind] ?? line.movement.kind))</td>\
                <td>\(escape(line.movement.reference ?? ""))</td><td>\(escape(line.movement.description))</td>\
                <td class="num">\(line.movement.amount > 0 ? money(line.movement.amount) : "")</td>\
                <td class="num">\(line.movement.amount < 0 ? money(-line.movement.amount) : "")</td>\
                <td class="num">\(money(line.balance))</td></tr>

                """
        }
        let aging = statement.aging
        return """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Relevé de compte — \(escape(statement.customerName))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
            h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
            p.meta { color: #444; margin: 0 0 1.5rem; }
            table { border-collapse: collapse; width: 100%; font-size: .9rem; }
            th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; }
            td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            tr.total td { font-weight: 600; border-top: 2px solid #111; }
            .closing { font-size: 1.2rem; font-weight: 700; margin: 1.5rem 0; }
            @media print { body { margin: 0; } }
            </style>
            </head>
            <body>
            <h1>Relevé de compte</h1>
            <p class="meta">\(escape(tenantName)) — client : <strong>\(escape(statement.customerName))</strong><br>
            Période du \(statement.from) au \(statement.to)</p>
            <table>
            <thead><tr><th>Date</th><th>Opération</th><th>Référence</th><th>Libellé</th><th class="num">Débit</th><th class="num">Crédit</th><th class="num">Solde</th></tr></thead>
            <tbody>
            <tr><td>\(statement.from)</td><td colspan="5">Solde d'ouverture</td><td class="num" id="opening-balance">\(money(statement.statement.opening))</td></tr>
            \(rows)<tr class="total"><td>\(statement.to)</td><td colspan="5">Solde de clôture</td><td class="num">\(money(statement.statement.closing))</td></tr>
            </tbody>
            </table>
            <p class="closing">Solde dû au \(statement.to) : <span id="closing-balance" data-amount="\(statement.statement.closing)" data-currency="\(statement.currency.code)">\(money(statement.statement.closing))</span></p>
            <h2>Antériorité du solde</h2>
            <table id="aging">
            <thead><tr><th class="num">Non échu</th><th class="num">1–30 j</th><th class="num">31–60 j</th><th class="num">61–90 j</th><th class="num">&gt; 90 j</th><th class="num">Total</th></tr></thead>
            <tbody><tr><td class="num">\(money(aging.current))</td><td class="num">\(money(aging.days1To30))</td><td class="num">\(money(aging.days31To60))</td><td class="num">\(money(aging.days61To90))</td><td class="num">\(money(aging.over90))</td><td class="num">\(money(aging.total))</td></tr></tbody>
            </table>
            </body>
            </html>

            """
    }
}
