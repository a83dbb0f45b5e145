import ArgumentParser
import Foundation
import RelanceStore

/// `relance ledger check [--tenant slug]`: recomputes every invoice's, payment's, credit
/// note's and customer's balance from the movements and prints each difference; exits 1
/// when there is any.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Check the receivables ledger against its movements.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute every balance from the movements and report any difference.")
        @Option(help: "Only this tenant (slug).") var tenant: String?

        func run() async throws {
            try await CLIContext.run { context in
                let results = try await LedgerCheck(database: context.tenancy.database, directory: context.tenancy.directory).run(tenant: tenant)
                var total = 0
                for (slug, differences) in results {
                    for difference in differences { print("\(slug)\t\(difference)") }
                    total += differences.count
                }
                print("checked \(results.count) tenant(s): \(total) difference(s)")
                if total > 0 { throw ExitCode(1) }
            }
        }
    }
}
