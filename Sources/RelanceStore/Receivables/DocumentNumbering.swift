import Postgres
import RelanceCore

/// Gapless document numbers per kind and year (`invoice`, `credit_note`).
///
/// The next value is taken by an upsert on `number_sequences (kind, year)`, which locks that
/// row until the transaction ends: two concurrent issues of the same year queue behind each
/// other, and a transaction that rolls back gives its number back, so no gap is left. A
/// number a client supplied that the pattern would also produce is skipped over.
struct DocumentNumbering {
    enum Kind: String { case invoice, creditNote = "credit_note" }

    /// The next number of `kind` for a document dated `date`, formatted with `pattern`;
    /// `exists` says whether a number is already taken (one a client chose).
    static func next(_ kind: Kind, pattern: NumberPattern, date: CalendarDate, in tx: PostgresConnection,
                     exists: (String) async throws -> Bool) async throws -> String {
        while true {
            let rows = try await tx.query("""
                INSERT INTO number_sequences (kind, year, last_value) VALUES (\(kind.rawValue), \(date.year), 1)
                ON CONFLICT (kind, year) DO UPDATE SET last_value = number_sequences.last_value + 1
                RETURNING last_value
                """)
            let number = pattern.format(date: date, sequence: try rows[0].decode(Int.self, at: 0))
            if try await !exists(number) { return number }
        }
    }
}
