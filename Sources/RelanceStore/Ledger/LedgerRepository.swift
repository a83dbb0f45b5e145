import Foundation
import Postgres
import RelanceCore

/// The customer account: writes its movements, reads statements, and checks that every
/// stored balance matches the movements it comes from. Runs in the caller's tenant
/// transaction.
public struct LedgerRepository: Sendable {
    public init() {}

    /// Writes one movement.
    public func record(_ entry: LedgerEntry, in tx: PostgresConnection) async throws {
        try await tx.query(LedgerSQL.insert, [
            entry.customerID, entry.currency, entry.date, entry.kind.rawValue, entry.amount, entry.invoiceID,
            entry.paymentID, entry.creditNoteID, entry.description,
        ])
    }

    /// The statement of customer `customerID` from `from` to `to` (both included).
    /// - Throws: `ReceivablesError.notFound` for an unknown customer.
    public func statement(customerID: UUID, from: CalendarDate, to: CalendarDate, in tx: PostgresConnection) async throws -> CustomerStatement {
        let settings = try await ReceivablesSettings.load(in: tx)
        guard let customer = try await tx.query("SELECT name, currency::text FROM customers WHERE id = \(customerID)").first else {
            throw ReceivablesError.notFound("customer \(customerID.uuidString.lowercased())")
        }
        let currency = try customer.decode(String?.self, at: 1).flatMap(Currency.init) ?? settings.currency
        let opening = try await tx.query(LedgerSQL.openingBalance, [customerID, from])[0].decode(Int64.self, at: 0)
        let movements = try await tx.query(LedgerSQL.movements, [customerID, from, to]).map { row in
            StatementMovement(date: try row.decode(CalendarDate.self, at: 0), kind: try row.decode(String.self, at: 1),
                              amount: try row.decode(Int64.self, at: 2), reference: try row.decode(String?.self, at: 3),
                              description: try row.decode(String.self, at: 4))
        }
        let items = try await tx.query(LedgerSQL.openItemsAsOf, [customerID, to]).map { row in
            (dueDate: try row.decode(CalendarDate.self, at: 0), amountDue: try row.decode(Int64.self, at: 1))
        }
        return CustomerStatement(customerID: customerID, customerName: try customer.decode(String.self, at: 0), currency: currency,
                                 from: from, to: to, statement: Statement(opening: opening, movements: movements),
                                 aging: Aging(items: items.filter { $0.amountDue != 0 }, asOf: to))
    }

    /// Recomputes every invoice's, payment's, credit note's and customer's balance from the
    /// movements and returns each difference (none when the ledger is consistent).
    public func check(in tx: PostgresConnection) async throws -> [LedgerDifference] {
        var differences: [LedgerDifference] = []
        for row in try await tx.query(LedgerSQL.invoiceDifferences) {
            let id = try row.decode(UUID.self, at: 0), number = try row.decode(String.self, at: 1)
            let stored = (paid: try row.decode(Int64.self, at: 3), credited: try row.decode(Int64.self, at: 4),
                          discounted: try row.decode(Int64.self, at: 5))
            let derived = (paid: try row.decode(Int64.self, at: 8), credited: try row.decode(Int64.self, at: 9),
                           discounted: try row.decode(Int64.self, at: 10))
            for (field, have, want) in [("amount_paid", stored.paid, derived.paid), ("amount_credited", stored.credited, derived.credited),
                                        ("amount_discounted", stored.discounted, derived.discounted)] where have != want {
                differences.append(LedgerDifference(subject: "invoice", id: id, label: number, field: field, stored: "\(have)", derived: "\(want)"))
            }
            guard let status = InvoiceStatus(rawValue: try row.decode(String.self, at: 2)) else { continue }
            let balance = InvoiceBalance(total: try row.decode(Int64.self, at: 6), paid: derived.paid, credited: derived.credited,
                                         discounted: derived.discounted, writtenOff: try row.decode(Int64.self, at: 7))
            let expected = status.settled(by: balance)
            if expected != status {
                differences.append(LedgerDifference(subject: "invoice", id: id, label: number, field: "status",
                                                    stored: status.rawValue, derived: expected.rawValue))
            }
            if balance.amountDue < 0 {
                differences.append(LedgerDifference(subject: "invoice", id: id, label: number, field: "amount_due",
                                                    stored: "\(balance.amountDue)", derived: "≥ 0"))
            }
        }
        for row in try await tx.query(LedgerSQL.sourceDifferences) {
            let stored = try row.decode(Int64.self, at: 3), derived = try row.decode(Int64.self, at: 4)
            if stored != derived {
                differences.append(LedgerDifference(subject: try row.decode(String.self, at: 0), id: try row.decode(UUID.self, at: 1),
                                                    label: try row.decode(String.self, at: 2), field: "amount_allocated",
                                                    stored: "\(stored)", derived: "\(derived)"))
            }
        }
        for row in try await tx.query(LedgerSQL.customerBalances) {
            let currency = try row.decode(String.self, at: 1)
            differences.append(LedgerDifference(subject: "customer", id: try row.decode(UUID.self, at: 0), label: "",
                                                field: "balance (\(currency))", stored: "\(try row.decode(Int64.self, at: 2))",
                                                derived: "\(try row.decode(Int64.self, at: 3))"))
        }
        return differences
    }
}
