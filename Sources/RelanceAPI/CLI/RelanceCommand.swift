import ArgumentParser

/// `relance`: operator commands. Reads the same environment as the servers.
public struct RelanceCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "relance",
        abstract: "Operate Relance: migrations, tenants, firms, API keys and jobs.",
        subcommands: [MigrateCommand.self, TenantsCommand.self, FirmsCommand.self, APIKeysCommand.self, JobsCommand.self, LedgerCommand.self]
    )

    public init() {}
}

extension RelanceCommand {
    /// Parses `CommandLine.arguments` and runs the chosen command, then exits.
    public static func execute() async {
        await main()
    }
}
