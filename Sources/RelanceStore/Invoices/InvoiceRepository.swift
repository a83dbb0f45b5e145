import Foundation
import Postgres
import RelanceCore

/// Creates, reads and moves invoices through their states. Every method runs in the
/// caller's tenant transaction and writes the change, its movement on the customer's
/// account and its event together. The rules (totals, terms, states, allocation) are
/// RelanceCore's; this type loads, calls them and persists.
public struct InvoiceRepository: Sendable {
    let events = EventLog()
    let ledger = LedgerRepository()
    let settlements = SettlementWriter()

    public init() {}

    /// Creates `new` as a draft, or issued when `new.issue`.
    /// - Throws: `ReceivablesError.notFound` (customer), `.invalid` (currency, totals, dates),
    ///   `.conflict` on `number` when the number is taken.
    public func create(_ new: NewInvoice, actor: String, in tx: PostgresConnection) async throws -> Invoice {
        let settings = try await ReceivablesSettings.load(in: tx)
        let profile = try await BillingProfile.load(customer: new.customerID, settings: settings, in: tx)
        let currency = new.currency ?? profile.currency
        try profile.require(currency, field: new.currencyField)
        let totals: InvoiceTotals
        do {
            totals = try InvoiceTotals.compute(new.lines.map(\.input))
        } catch {
            throw ReceivablesError.invalid(field: "lines", message: "the amounts are too large to add up")
        }
        let terms = new.dueDate == nil ? (new.paymentTerms ?? profile.paymentTerms ?? settings.paymentTerms) : nil
        let dueDate: CalendarDate
        if let explicit = new.dueDate {
            dueDate = explicit
        } else if let terms {
            guard let date = terms.dueDate(from: new.issueDate) else {
                throw ReceivablesError.invalid(field: "payment_terms", message: "give a due date within 0001–9999")
            }
            dueDate = date
        } else {
            guard let date = PaymentTerms.frenchDefault.dueDate(from: new.deliveryDate ?? new.issueDate) else {
                throw ReceivablesError.invalid(field: "issue_date", message: "give a due date within 0001–9999")
            }
            dueDate = date
        }
        guard dueDate >= new.issueDate else {
            throw ReceivablesError.invalid(field: "due_date", message: "must not be before issue_date \(new.issueDate)")
        }
        var warnings: [String] = []
        if let warning = LegalPaymentTerm.warning(issuedOn: new.issueDate, dueDate: dueDate) { warnings.append(warning) }
        if let blockedOn = profile.blockedOn {
            warnings.append("the customer has been blocked by its dunning policy since \(blockedOn): check before delivering")
        }
        let discount: EarlyPaymentDiscount? = switch new.discount {
        case .tenantDefault: settings.earlyPaymentDiscount
        case .none: nil
        case .terms(let terms): terms
        }
        if let number = new.number, try await numberTaken(number, in: tx) {
            throw ReceivablesError.conflict(field: "number", detail: "an invoice numbered \(number) already exists")
        }
        var number = new.number
        if new.issue && number == nil {
            number = try await DocumentNumbering.next(.invoice, pattern: settings.invoiceNumberPattern, date: new.issueDate, in: tx) {
                try await numberTaken($0, in: tx)
            }
        }
        let mentions = Self.mentions(settings: settings, currency: currency, discount: discount, language: profile.language)
        var status = InvoiceStatus.draft
        if new.issue { status = try Self.transition(.draft, .issue, InvoiceBalance(total: totals.total)) }
        let id = UUID()
        try await tx.query(InvoiceSQL.insert, [
            id, new.customerID, number, status.rawValue, currency, new.issueDate, new.deliveryDate, dueDate,
            terms.map(PostgresJSON.init), new.purchaseOrder, new.notes, totals.subtotal, totals.taxTotal, totals.total,
            discount?.percentBasisPoints, discount?.withinDays, PaymentToken.secret(), number.flatMap(CreditorReference.make),
            PostgresJSON(mentions), PostgresJSON(warnings), profile.blockedOn != nil, new.charges?.invoiceID, new.charges?.interest,
            new.charges?.indemnity,
        ])
        let lines = zip(new.lines, totals.lineTotals).map { InvoiceLine(description: $0.description, input: $0.input, lineTotal: $1) }
        try await insertLines(lines, invoiceID: id, in: tx)
        if new.issue {
            try await onIssue(id: id, number: number, customerID: new.customerID, currency: currency, total: totals.total,
                              issueDate: new.issueDate, autoApply: settings.autoApplyCredit, today: settings.today, actor: actor, in: tx)
        }
        let invoice = try await invoice(id, in: tx)
        try await events.record(try NewEvent(type: new.issue ? "invoice.issued" : "invoice.created", subjectType: "invoice",
                                             subjectID: id, customerID: new.customerID, snapshot: InvoiceSnapshot(invoice),
                                             actor: actor), in: tx)
        return invoice
    }

    /// The invoice `id`, with its amounts as of `asOf` when given (allocations made by then
    /// and not reversed by then).
    /// - Throws: `ReceivablesError.notFound`.
    public func invoice(_ id: UUID, asOf: CalendarDate? = nil, lock: Bool = false, in tx: PostgresConnection) async throws -> Invoice {
        guard let row = try await tx.query(lock ? InvoiceSQL.selectForUpdate : InvoiceSQL.select, [id]).first else {
            throw ReceivablesError.notFound("invoice \(id.uuidString.lowercased())")
        }
        var invoice = try Self.invoice(from: row, lines: try await lines(of: [id], in: tx)[id] ?? [])
        if let asOf {
            let amounts = try await tx.query(InvoiceSQL.amountsAsOf, [id, asOf])[0]
            invoice.amountPaid = try amounts.decode(Int64.self, at: 0)
            invoice.amountCredited = try amounts.decode(Int64.self, at: 1)
            invoice.amountDiscounted = try amounts.decode(Int64.self, at: 2)
            invoice.amountWrittenOff = try amounts.decode(Int64.self, at: 3)
            invoice.amountDue = invoice.status.isOnLedger ? invoice.balance.amountDue : 0
            // The status then: what the balance gave before any later write-off.
            if invoice.status == .writtenOff && invoice.amountWrittenOff == 0 || [.issued, .partiallyPaid, .paid].contains(invoice.status) {
                invoice.status = InvoiceStatus.issued.settled(by: invoice.balance)
            }
            invoice.asOf = asOf
        }
        return invoice
    }

    /// A page of invoices matching `filter` after the cursor position `after` (the sort key
    /// as text and the id), at most `limit`.
    public func list(_ filter: InvoiceFilter, after: (key: String, id: UUID)?, limit: Int, in tx: PostgresConnection) async throws -> [Invoice] {
        let parameters: [any PostgresEncodable] = [
            filter.status?.rawValue, filter.customerID, filter.overdueAsOf, filter.dueFrom, filter.dueTo, filter.number,
            filter.amountDueMin, filter.amountDueMax, after?.key, after?.id, limit,
        ]
        let rows = try await tx.query(filter.sort == .number ? InvoiceSQL.listByNumber : InvoiceSQL.listByDueDate, parameters)
        let ids = try rows.map { try $0.decode(UUID.self, at: 0) }
        let lines = try await lines(of: ids, in: tx)
        return try rows.map { row in try Self.invoice(from: row, lines: lines[try row.decode(UUID.self, at: 0)] ?? []) }
    }

    /// Issues draft `id`: numbers it (unless it has a number), fixes its legal mentions, puts
    /// it on the customer's account, and applies the customer's credit when the tenant
    /// chose so.
    /// - Throws: `ReceivablesError.conflict` on `status` unless it is a draft.
    public func issue(_ id: UUID, actor: String, in tx: PostgresConnection) async throws -> Invoice {
        let settings = try await ReceivablesSettings.load(in: tx)
        let current = try await invoice(id, lock: true, in: tx)
        let status = try Self.transition(current.status, .issue, current.balance)
        let number: String
        if let existing = current.number {
            number = existing
        } else {
            number = try await DocumentNumbering.next(.invoice, pattern: settings.invoiceNumberPattern, date: current.issueDate, in: tx) {
                try await numberTaken($0, in: tx)
            }
        }
        let language = try await BillingProfile.load(customer: current.customerID, settings: settings, in: tx).language
        let mentions = Self.mentions(settings: settings, currency: current.currency, discount: current.earlyPaymentDiscount, language: language)
        try await tx.query(InvoiceSQL.issue, [id, number, CreditorReference.make(from: number), PostgresJSON(mentions), status.rawValue])
        try await onIssue(id: id, number: number, customerID: current.customerID, currency: current.currency, total: current.total,
                          issueDate: current.issueDate, autoApply: settings.autoApplyCredit, today: settings.today, actor: actor, in: tx)
        return try await recorded("invoice.issued", id, actor: actor, in: tx)
    }

    /// Voids `id`: a draft, or an issued invoice with nothing allocated to it (its movement
    /// is reversed on the customer's account).
    public func void(_ id: UUID, actor: String, in tx: PostgresConnection) async throws -> Invoice {
        let settings = try await ReceivablesSettings.load(in: tx)
        let current = try await invoice(id, lock: true, in: tx)
        _ = try Self.transition(current.status, .void, current.balance)
        try await tx.query(InvoiceSQL.void, [id, settings.today])
        if current.status.isOnLedger {
            try await ledger.record(LedgerEntry(customerID: current.customerID, currency: current.currency, date: settings.today,
                                                kind: .void, amount: -current.total, invoiceID: id,
                                                description: "Invoice \(current.number ?? "") voided"), in: tx)
        }
        try await PendingReminders.cancelUnwarranted(invoiceIDs: [id], actor: actor, in: tx)
        return try await recorded("invoice.voided", id, actor: actor, in: tx)
    }

    /// Writes off what is still due on `id` as a loss, with `reason`.
    public func writeOff(_ id: UUID, reason: String, actor: String, in tx: PostgresConnection) async throws -> Invoice {
        let settings = try await ReceivablesSettings.load(in: tx)
        let current = try await invoice(id, lock: true, in: tx)
        _ = try Self.transition(current.status, .writeOff, current.balance)
        try await tx.query(InvoiceSQL.writeOff, [id, reason, settings.today])
        try await ledger.record(LedgerEntry(customerID: current.customerID, currency: current.currency, date: settings.today,
                                            kind: .writeOff, amount: -current.amountDue, invoiceID: id,
                                            description: "Invoice \(current.number ?? "") written off: \(reason)"), in: tx)
        try await PendingReminders.cancelUnwarranted(invoiceIDs: [id], actor: actor, in: tx)
        return try await recorded("invoice.written_off", id, actor: actor, in: tx)
    }

    // MARK: - Pieces

    /// What an issued invoice does besides its status: its movement on the account, and the
    /// customer's unallocated credit applied to it when the tenant chose so.
    private func onIssue(id: UUID, number: String?, customerID: UUID, currency: Currency, total: Int64, issueDate: CalendarDate,
                         autoApply: Bool, today: CalendarDate, actor: String, in tx: PostgresConnection) async throws {
        try await ledger.record(LedgerEntry(customerID: customerID, currency: currency, date: issueDate, kind: .invoice, amount: total,
                                            invoiceID: id, description: "Invoice \(number ?? "")"), in: tx)
        if autoApply {
            try await settlements.applyCredit(customerID: customerID, currency: currency, on: max(today, issueDate), only: id, actor: actor, in: tx)
        }
    }

    private func recorded(_ type: String, _ id: UUID, actor: String, in tx: PostgresConnection) async throws -> Invoice {
        let invoice = try await invoice(id, in: tx)
        try await events.record(try NewEvent(type: type, subjectType: "invoice", subjectID: id, customerID: invoice.customerID,
                                             snapshot: InvoiceSnapshot(invoice), actor: actor), in: tx)
        return invoice
    }

    private func numberTaken(_ number: String, in tx: PostgresConnection) async throws -> Bool {
        try await tx.query(InvoiceSQL.numberExists, [number])[0].decode(Bool.self, at: 0)
    }

    private func insertLines(_ lines: [InvoiceLine], invoiceID: UUID, in tx: PostgresConnection) async throws {
        try await tx.query(InvoiceSQL.insertLines, [
            invoiceID, lines.indices.map { Int64($0 + 1) }, lines.map(\.description), lines.map(\.input.quantity.description),
            lines.map(\.input.unitPrice), lines.map { $0.input.discountPercent?.description }, lines.map { Int64($0.input.taxRate) },
            lines.map(\.lineTotal),
        ])
    }

    private func lines(of ids: [UUID], in tx: PostgresConnection) async throws -> [UUID: [InvoiceLine]] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: [InvoiceLine]] = [:]
        for row in try await tx.query(InvoiceSQL.lines, [ids.map { $0.uuidString }]) {
            guard let quantity = ScaledDecimal(try row.decode(String.self, at: 2)) else { continue }
            let input = InvoiceLineInput(quantity: quantity, unitPrice: try row.decode(Int64.self, at: 3),
                                         discountPercent: try row.decode(String?.self, at: 4).flatMap(ScaledDecimal.init),
                                         taxRate: try row.decode(Int.self, at: 5))
            result[try row.decode(UUID.self, at: 0), default: []].append(
                InvoiceLine(description: try row.decode(String.self, at: 1), input: input, lineTotal: try row.decode(Int64.self, at: 6)))
        }
        return result
    }

    static func mentions(settings: ReceivablesSettings, currency: Currency, discount: EarlyPaymentDiscount?, language: String) -> LegalMentions {
        // The indemnity is fixed in euros by law; in another currency it is printed as set.
        LegalMentions(latePenaltyRateBasisPoints: settings.latePenaltyRateBasisPoints,
                      recoveryIndemnity: Money(settings.recoveryIndemnity, settings.currency),
                      earlyPaymentDiscount: discount.map { .init(percentBasisPoints: $0.percentBasisPoints, withinDays: $0.withinDays) },
                      language: language)
    }

    /// `status` after `action`, or a conflict on `status` naming the current one.
    static func transition(_ status: InvoiceStatus, _ action: InvoiceAction, _ balance: InvoiceBalance) throws -> InvoiceStatus {
        do {
            return try status.applying(action, balance: balance)
        } catch .notAllowed(let action, let from) {
            throw ReceivablesError.conflict(field: "status", detail: "cannot \(action.rawValue.replacingOccurrences(of: "_", with: " ")) an invoice that is \(from.rawValue)")
        } catch .hasAllocations {
            throw ReceivablesError.conflict(field: "status", detail: "cannot void an invoice with payments or credit notes allocated to it (status \(status.rawValue)); credit it instead")
        } catch .nothingDue {
            throw ReceivablesError.conflict(field: "status", detail: "nothing is due on this invoice (status \(status.rawValue))")
        }
    }

    static func invoice(from row: PostgresRow, lines: [InvoiceLine]) throws -> Invoice {
        let statusText = try row.decode(String.self, at: 2), currencyText = try row.decode(String.self, at: 4)
        guard let status = InvoiceStatus(rawValue: statusText), let currency = Currency(currencyText) else {
            throw ReceivablesError.invalid(field: "invoice", message: "stored status \(statusText) or currency \(currencyText) is unknown")
        }
        let bp = try row.decode(Int?.self, at: 19), days = try row.decode(Int?.self, at: 20)
        let taxes = (try? InvoiceTotals.compute(lines.map(\.input)).taxes) ?? []
        return Invoice(
            id: try row.decode(UUID.self, at: 0), number: try row.decode(String?.self, at: 1), status: status,
            customerID: try row.decode(UUID.self, at: 3), currency: currency, issueDate: try row.decode(CalendarDate.self, at: 5),
            deliveryDate: try row.decode(CalendarDate?.self, at: 6), dueDate: try row.decode(CalendarDate.self, at: 7),
            paymentTerms: try row.decode(PostgresJSON<PaymentTerms>?.self, at: 8)?.value,
            purchaseOrder: try row.decode(String?.self, at: 9), notes: try row.decode(String?.self, at: 10), lines: lines, taxes: taxes,
            subtotal: try row.decode(Int64.self, at: 11), taxTotal: try row.decode(Int64.self, at: 12), total: try row.decode(Int64.self, at: 13),
            amountPaid: try row.decode(Int64.self, at: 14), amountCredited: try row.decode(Int64.self, at: 15),
            amountDiscounted: try row.decode(Int64.self, at: 16), amountWrittenOff: try row.decode(Int64.self, at: 17),
            amountDue: try row.decode(Int64.self, at: 18),
            earlyPaymentDiscount: bp.flatMap { bp in days.map { EarlyPaymentDiscount(percentBasisPoints: bp, withinDays: $0) } },
            paymentToken: try row.decode(String.self, at: 21), paymentReference: try row.decode(String?.self, at: 22),
            writeOffReason: try row.decode(String?.self, at: 23), disputed: try row.decode(Bool.self, at: 24),
            legalMentions: try? row.decode(PostgresJSON<LegalMentions>.self, at: 25).value,
            warnings: try row.decode(PostgresJSON<[String]>.self, at: 26).value,
            issuedAt: try row.decode(Date?.self, at: 27), createdAt: try row.decode(Date.self, at: 28), updatedAt: try row.decode(Date.self, at: 29),
            customerBlocked: try row.decode(Bool.self, at: 30), chargesFor: try row.decode(UUID?.self, at: 31))
    }
}

/// What an invoice event records: the invoice's identity, state and amounts.
struct InvoiceSnapshot: Encodable {
    var id: UUID
    var number: String?
    var status: String
    var currency: String
    var total: Int64
    var amountDue: Int64
    var dueDate: String
    var writeOffReason: String?

    init(_ invoice: Invoice) {
        id = invoice.id
        number = invoice.number
        status = invoice.status.rawValue
        currency = invoice.currency.code
        total = invoice.total
        amountDue = invoice.amountDue
        dueDate = invoice.dueDate.description
        writeOffReason = invoice.writeOffReason
    }
}
