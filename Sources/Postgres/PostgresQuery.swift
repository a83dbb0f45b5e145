/// A SQL statement and the values it binds, built so that a value can only reach the server
/// as a parameter, never as SQL text.
///
/// Write a query as a string literal; every interpolated value becomes the next `$n`
/// placeholder and is bound as a typed parameter:
///
/// ```swift
/// let rows = try await connection.query("SELECT name FROM customers WHERE id = \(id) AND status = \(status)")
/// // sends "SELECT name FROM customers WHERE id = $1 AND status = $2" with [id, status]
/// ```
///
/// Text that is not a value has to say what it is:
/// - `\(identifier: name)` appends a schema, table or role name, double-quoted
///   (`PostgresIdentifier.quote`): for the few places SQL must name an object.
/// - `\(unescaped: fragment)` appends trusted SQL text written by the program (a statement
///   kept as a constant, a migration file, a fragment chosen from a fixed set). Never pass it
///   anything that came from a request, a file a user supplied or the database.
///
/// Statements kept as constants with explicit placeholders (`"… WHERE id = $1"`) bind their
/// values positionally: `connection.query(QueueSQL.show, [id])`. A query uses one style or the
/// other, not both.
///
/// Only string literals, quoted identifiers and visibly `unescaped` text become SQL: a
/// `String` variable is not a `PostgresQuery`, so `query(someString)` does not compile.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The SQL text, with `$1`, `$2`, … where the bound values go.
    public private(set) var sql: String
    /// The values bound by interpolation, in placeholder order.
    public private(set) var bindings: [any PostgresEncodable]

    public init(stringLiteral value: String) {
        self.sql = value
        self.bindings = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    /// Trusted SQL text that binds nothing by interpolation (it may hold `$n` placeholders
    /// for positional parameters): a statement assembled by the program, a migration file.
    /// - Warning: never build `sql` from input; interpolate values into a literal instead.
    public init(unescaped sql: String) {
        self.sql = sql
        self.bindings = []
    }

    /// The query's SQL text (values are not shown: they are parameters).
    public var description: String { sql }

    /// The parameters to send: the interpolated bindings, or `positional` for a statement
    /// written with explicit `$n` placeholders.
    /// - Precondition: not both (a query uses one style of binding).
    func parameters(adding positional: [any PostgresEncodable]) -> [any PostgresEncodable] {
        if positional.isEmpty { return bindings }
        precondition(bindings.isEmpty, "a query binds by interpolation or by position, not both: \(sql)")
        return positional
    }

    /// Appends SQL text and bindings as a query literal does.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql: String
        var bindings: [any PostgresEncodable]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            bindings = []
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds `value` as the next parameter (`$n`).
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        /// Binds `value` as the next parameter; `nil` is SQL NULL. (Spelled out so that an
        /// optional is bound, not described.)
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        /// Appends `name` as a double-quoted identifier.
        public mutating func appendInterpolation(identifier name: String) {
            sql += PostgresIdentifier.quote(name)
        }

        /// Appends `schema.name`, each part double-quoted.
        public mutating func appendInterpolation(qualified schema: String, _ name: String) {
            sql += PostgresIdentifier.qualified(schema, name)
        }

        /// Appends trusted SQL text as it is. Never pass it input.
        public mutating func appendInterpolation(unescaped fragment: String) {
            sql += fragment
        }

        /// Appends another query, renumbering nothing: `query` must bind nothing by
        /// interpolation (it may be a constant with no parameters).
        /// - Precondition: `query.bindings` is empty.
        public mutating func appendInterpolation(_ query: PostgresQuery) {
            precondition(query.bindings.isEmpty, "only a query without bindings can be embedded: \(query.sql)")
            sql += query.sql
        }
    }
}
