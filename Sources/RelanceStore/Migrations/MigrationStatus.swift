/// Where one schema stands against a migration set.
public struct MigrationStatus: Sendable {
    public var schema: String
    public var applied: [AppliedMigration]
    public var pending: [Migration]

    /// Nothing left to apply.
    public var isCurrent: Bool { pending.isEmpty }

    /// The highest applied version, 0 for none.
    public var version: Int { applied.map(\.version).max() ?? 0 }
}
