/// Where one schema stands against a migration set.
public struct MigrationStatus: Sendable {
    public var schema: String
    public var applied: [AppliedMigration]
    public var pending: [Migration]
    /// Applied migrations this build does not have: the database is ahead of this build
    /// (a newer build migrated it during a rolling upgrade, or this build was rolled back).
    public var ahead: [AppliedMigration] = []

    /// Nothing left to apply. A database ahead of this build is current for it: additive
    /// migrations keep older builds working, so their pods stay ready during an upgrade.
    public var isCurrent: Bool { pending.isEmpty }

    /// The highest applied version, 0 for none.
    public var version: Int { applied.map(\.version).max() ?? 0 }
}
