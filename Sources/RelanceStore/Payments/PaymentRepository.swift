import Foundation
import Postgres
import RelanceCore

/// Records payments, applies them to invoices, and reverses them (a bounced direct debit, a
/// returned cheque). Runs in the caller's tenant transaction; each change writes its
/// movements and one event with it.
public struct PaymentRepository: Sendable {
    let events = EventLog()
    let ledger = LedgerRepository()
    let settlements = SettlementWriter()

    public init() {}

    /// Records `new` and settles invoices with it: the requested allocations, or the open
    /// invoices oldest due first. What is left is the customer's unallocated credit.
    /// - Throws: `ReceivablesError.notFound` (customer, invoice), `.invalidFields` naming
    ///   `allocations[i].…` or `amount.currency`.
    public func record(_ new: NewPayment, actor: String, in tx: PostgresConnection) async throws -> Payment {
        let settings = try await ReceivablesSettings.load(in: tx)
        try await BillingProfile.load(customer: new.customerID, settings: settings, in: tx).require(new.currency, field: "amount.currency")
        let id = UUID()
        try await tx.query(PaymentSQL.insert, [id, new.customerID, new.amount, new.currency, new.receivedOn, new.method.rawValue, new.reference])
        try await ledger.record(LedgerEntry(customerID: new.customerID, currency: new.currency, date: new.receivedOn, kind: .payment,
                                            amount: -new.amount, paymentID: id,
                                            description: "Payment \(new.method.rawValue)\(new.reference.map { " \($0)" } ?? "")"), in: tx)
        let open = try await SettlementWriter.openInvoices(customerID: new.customerID, currency: new.currency, discounts: true, in: tx)
        let plan: AllocationPlan
        if let requests = new.allocations {
            try await checkRequestedInvoices(requests, customerID: new.customerID, currency: new.currency, in: tx)
            switch PaymentAllocation.explicit(amount: new.amount, receivedOn: new.receivedOn, requests: requests, openInvoices: open) {
            case .success(let explicit): plan = explicit
            case .failure(let failure): throw ReceivablesError.invalidFields(failure.errors.map(Self.fieldError))
            }
        } else {
            plan = PaymentAllocation.automatic(amount: new.amount, receivedOn: new.receivedOn, openInvoices: open)
        }
        try await settlements.apply(plan, from: .payment(id), customerID: new.customerID, currency: new.currency, on: new.receivedOn,
                                   actor: actor, in: tx)
        let payment = try await payment(id, in: tx)
        try await events.record(try NewEvent(type: "payment.recorded", subjectType: "payment", subjectID: id, customerID: new.customerID,
                                             snapshot: PaymentSnapshot(payment), actor: actor), in: tx)
        return payment
    }

    /// Reverses payment `id` on `date`: its allocations (and the discounts it earned) are
    /// undone, the invoices go back to the status their balance gives, and the account
    /// shows the reversal.
    /// - Throws: `ReceivablesError.conflict` on `status` when it is already reversed.
    public func reverse(_ id: UUID, reason: String, on date: CalendarDate?, actor: String, in tx: PostgresConnection) async throws -> Payment {
        let settings = try await ReceivablesSettings.load(in: tx)
        let current = try await payment(id, lock: true, in: tx)
        guard current.status == .received else {
            throw ReceivablesError.conflict(field: "status", detail: "payment \(id.uuidString.lowercased()) is already reversed")
        }
        let day = date ?? settings.today
        guard day >= current.receivedOn else {
            throw ReceivablesError.invalid(field: "reversed_on", message: "must not be before the payment's received_on \(current.receivedOn)")
        }
        var discounts: [UUID: Int64] = [:]
        for row in try await tx.query(PaymentSQL.liveAllocations, [id]) {
            let allocationID = try row.decode(UUID.self, at: 0), invoiceID = try row.decode(UUID.self, at: 1)
            let kind = try row.decode(String.self, at: 2), amount = try row.decode(Int64.self, at: 3)
            try await tx.query(PaymentSQL.reverseAllocation, [allocationID, day])
            let invoice = try await InvoiceRepository().invoice(invoiceID, lock: true, in: tx)
            var balance = invoice.balance
            if kind == "discount" { balance.discounted -= amount; discounts[invoiceID, default: 0] += amount } else { balance.paid -= amount }
            let status = try InvoiceRepository.transition(invoice.status, .reverse, balance)
            try await tx.query(InvoiceSQL.settle, [invoiceID, kind == "payment" ? -amount : Int64(0), Int64(0),
                                                   kind == "discount" ? -amount : Int64(0), status.rawValue])
        }
        try await tx.query(PaymentSQL.reverse, [id, day, reason])
        try await ledger.record(LedgerEntry(customerID: current.customerID, currency: current.currency, date: day, kind: .reversal,
                                            amount: current.amount, paymentID: id, description: "Payment reversed: \(reason)"), in: tx)
        for (invoiceID, amount) in discounts.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            try await ledger.record(LedgerEntry(customerID: current.customerID, currency: current.currency, date: day, kind: .reversal,
                                                amount: amount, invoiceID: invoiceID, paymentID: id,
                                                description: "Early-payment discount withdrawn: payment reversed"), in: tx)
        }
        let payment = try await payment(id, in: tx)
        try await events.record(try NewEvent(type: "payment.reversed", subjectType: "payment", subjectID: id, customerID: current.customerID,
                                             snapshot: PaymentSnapshot(payment), actor: actor), in: tx)
        return payment
    }

    /// Applies customer `customerID`'s unallocated credit to its open invoices, oldest due
    /// first, dated today. Returns the amount applied.
    public func applyCredit(customerID: UUID, actor: String, in tx: PostgresConnection) async throws -> (applied: Int64, currency: Currency) {
        let settings = try await ReceivablesSettings.load(in: tx)
        let currency = try await BillingProfile.load(customer: customerID, settings: settings, in: tx).currency
        let applied = try await settlements.applyCredit(customerID: customerID, currency: currency, on: settings.today, actor: actor, in: tx)
        try await events.record(try NewEvent(type: "customer.credit_applied", subjectType: "customer", subjectID: customerID,
                                             customerID: customerID, snapshot: ["applied": applied], actor: actor), in: tx)
        return (applied, currency)
    }

    /// Payment `id` with its allocations.
    /// - Throws: `ReceivablesError.notFound`.
    public func payment(_ id: UUID, lock: Bool = false, in tx: PostgresConnection) async throws -> Payment {
        guard let row = try await tx.query(lock ? PaymentSQL.selectForUpdate : PaymentSQL.select, [id]).first else {
            throw ReceivablesError.notFound("payment \(id.uuidString.lowercased())")
        }
        return try Self.payment(from: row, allocations: try await allocations(of: [id], in: tx)[id] ?? [])
    }

    /// A page of payments, newest first, of one customer or all.
    public func list(customerID: UUID?, after: (receivedOn: CalendarDate, id: UUID)?, limit: Int, in tx: PostgresConnection) async throws -> [Payment] {
        let rows = try await tx.query(PaymentSQL.list, [customerID, after?.receivedOn, after?.id, limit])
        let allocations = try await allocations(of: try rows.map { try $0.decode(UUID.self, at: 0) }, in: tx)
        return try rows.map { try Self.payment(from: $0, allocations: allocations[try $0.decode(UUID.self, at: 0)] ?? []) }
    }

    /// Each requested invoice exists (404 otherwise), belongs to the customer, is in the
    /// payment's currency and is open.
    private func checkRequestedInvoices(_ requests: [AllocationRequest], customerID: UUID, currency: Currency, in tx: PostgresConnection) async throws {
        var errors: [(field: String, message: String)] = []
        let rows = try await tx.query("""
            SELECT id, customer_id, currency::text, status FROM invoices WHERE id = ANY(\(requests.map(\.invoiceID.uuidString))::uuid[])
            """)
        var found: [UUID: (customer: UUID, currency: String, status: String)] = [:]
        for row in rows {
            found[try row.decode(UUID.self, at: 0)] = (try row.decode(UUID.self, at: 1), try row.decode(String.self, at: 2), try row.decode(String.self, at: 3))
        }
        for (index, request) in requests.enumerated() {
            guard let invoice = found[request.invoiceID] else {
                throw ReceivablesError.notFound("invoice \(request.invoiceID.uuidString.lowercased())")
            }
            let field = "allocations[\(index)].invoice_id"
            if invoice.customer != customerID {
                errors.append((field, "belongs to another customer"))
            } else if invoice.currency != currency.code {
                errors.append((field, "is in \(invoice.currency), not the payment's \(currency.code)"))
            } else if !(InvoiceStatus(rawValue: invoice.status)?.isOpen ?? false) {
                errors.append((field, "is not open for payment (status \(invoice.status))"))
            }
        }
        if !errors.isEmpty { throw ReceivablesError.invalidFields(errors) }
    }

    private func allocations(of ids: [UUID], in tx: PostgresConnection) async throws -> [UUID: [Payment.Allocation]] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: [Payment.Allocation]] = [:]
        for row in try await tx.query(PaymentSQL.allocations, [ids.map(\.uuidString)]) {
            result[try row.decode(UUID.self, at: 0), default: []].append(Payment.Allocation(
                invoiceID: try row.decode(UUID.self, at: 1), invoiceNumber: try row.decode(String?.self, at: 2),
                kind: try row.decode(String.self, at: 3), amount: try row.decode(Int64.self, at: 4),
                allocatedOn: try row.decode(CalendarDate.self, at: 5), reversedOn: try row.decode(CalendarDate?.self, at: 6)))
        }
        return result
    }

    static func fieldError(_ error: AllocationError) -> (field: String, message: String) {
        switch error {
        case .exceedsAmountDue(let index, _, let due): ("allocations[\(index)].amount", "is more than the invoice's amount due, \(due)")
        case .unknownInvoice(let index, _): ("allocations[\(index)].invoice_id", "is not an open invoice of this customer")
        case .exceedsPayment(let total, let payment): ("allocations", "add up to \(total), more than the payment's \(payment)")
        case .duplicateInvoice(let index, _): ("allocations[\(index)].invoice_id", "appears twice")
        case .notPositive(let index): ("allocations[\(index)].amount", "must be more than 0")
        }
    }

    static func payment(from row: PostgresRow, allocations: [Payment.Allocation]) throws -> Payment {
        let currencyText = try row.decode(String.self, at: 3), methodText = try row.decode(String.self, at: 5)
        let statusText = try row.decode(String.self, at: 7)
        guard let currency = Currency(currencyText), let method = Payment.Method(rawValue: methodText),
              let status = Payment.Status(rawValue: statusText) else {
            throw ReceivablesError.invalid(field: "payment", message: "stored currency, method or status is unknown")
        }
        return Payment(id: try row.decode(UUID.self, at: 0), customerID: try row.decode(UUID.self, at: 1), amount: try row.decode(Int64.self, at: 2),
                       currency: currency, receivedOn: try row.decode(CalendarDate.self, at: 4), method: method,
                       reference: try row.decode(String?.self, at: 6), status: status, amountAllocated: try row.decode(Int64.self, at: 8),
                       reversedOn: try row.decode(CalendarDate?.self, at: 9), reversalReason: try row.decode(String?.self, at: 10),
                       allocations: allocations, createdAt: try row.decode(Date.self, at: 11))
    }
}

/// What a payment event records.
struct PaymentSnapshot: Encodable {
    var id: UUID
    var amount: Int64
    var currency: String
    var receivedOn: String
    var status: String
    var amountAllocated: Int64
    var reversalReason: String?

    init(_ payment: Payment) {
        id = payment.id
        amount = payment.amount
        currency = payment.currency.code
        receivedOn = payment.receivedOn.description
        status = payment.status.rawValue
        amountAllocated = payment.amountAllocated
        reversalReason = payment.reversalReason
    }
}
