import Foundation

/// Quoting of SQL identifiers (schema, table, role names) for the few places SQL must name
/// an object that cannot be a parameter, such as `SET LOCAL ROLE` or `CREATE SCHEMA`.
public enum PostgresIdentifier {
    /// `name` as a double-quoted identifier with embedded quotes doubled: `a"b` → `"a""b"`.
    /// - Precondition: `name` is not empty and contains no NUL.
    public static func quote(_ name: String) -> String {
        precondition(!name.isEmpty && !name.utf8.contains(0), "an identifier cannot be empty or contain NUL")
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.name`, each part quoted.
    public static func qualified(_ schema: String, _ name: String) -> String {
        quote(schema) + "." + quote(name)
    }
}

/// Quoting of a SQL string literal for statements that take no parameters (`LISTEN`,
/// `SET … TO`). Prefer parameters everywhere else.
public enum PostgresLiteral {
    /// `value` as a standard-conforming string literal: `it's` → `'it''s'`.
    public static func quote(_ value: String) -> String {
        precondition(!value.utf8.contains(0), "a literal cannot contain NUL")
        return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
