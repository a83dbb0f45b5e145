import Foundation

/// The ordered migrations of one kind (control or tenant), read from a directory of
/// `NNNN_name.sql` files.
public struct MigrationSet: Sendable {
    /// Which schemas they apply to.
    public enum Scope: String, Sendable {
        /// The shared control schema (`relance`).
        case control
        /// Every tenant schema.
        case tenant
    }

    public var scope: Scope
    /// Sorted by version, versions unique.
    public var migrations: [Migration]

    public init(scope: Scope, migrations: [Migration]) throws(MigrationError) {
        var seen: [Int: String] = [:]
        for migration in migrations {
            if let other = seen[migration.version] {
                throw .duplicateVersion(migration.version, files: [other, migration.fileName])
            }
            seen[migration.version] = migration.fileName
        }
        self.scope = scope
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Reads `directory/<scope>/*.sql`. Files must be named `NNNN_name.sql` (digits, an
    /// underscore, then lowercase letters, digits and underscores); anything else that ends
    /// in `.sql` is an error, so a typo never silently skips a migration.
    public static func load(from root: URL, scope: Scope) throws(MigrationError) -> MigrationSet {
        let directory = root.appendingPathComponent(scope.rawValue)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadableDirectory(path: directory.path, reason: "\(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            guard let (version, name) = parse(fileName: fileName) else {
                throw .invalidFileName(fileName)
            }
            let path = directory.appendingPathComponent(fileName).path
            guard let data = FileManager.default.contents(atPath: path), let sql = String(data: data, encoding: .utf8) else {
                throw .unreadableDirectory(path: path, reason: "not readable as UTF-8")
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        return try MigrationSet(scope: scope, migrations: migrations)
    }

    static func parse(fileName: String) -> (Int, String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(4)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let version = Int(digits), version > 0,
              !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" })
        else { return nil }
        return (version, String(name))
    }
}
