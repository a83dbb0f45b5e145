import Foundation
import Postgres
import RelanceTestSupport
import Testing

/// `relance jobs …` as operators run it: the built executable, environment in, output and
/// exit status out.
@Suite struct JobsCommandTests {
    var sqlDirectory: String {
        ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../sql").standardized.path
    }

    /// Runs `relance` with `arguments`; returns its exit status and output.
    func relance(_ arguments: [String], _ environment: [String: String]) async throws -> (Int32?, String) {
        let process = try ChildProcess(product: "relance", arguments: arguments, environment: environment)
        let status = await process.waitForExit(timeout: .seconds(60))
        return (status, process.output)
    }

    func object(_ output: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
    }

    /// A migrated fresh database with one tenant, `shop_one`, and the environment to reach it.
    func withTenant(_ body: ([String: String]) async throws -> Void) async throws {
        let prefix = "j" + UUID().uuidString.prefix(8).lowercased() + "_"
        try await TestDatabase.withFreshDatabase { configuration in
            let env = ["DATABASE_URL": configuration.connectionString, "RELANCE_SQL_DIR": sqlDirectory, "RELANCE_TENANT_ROLE_PREFIX": prefix]
            let (migrated, migrateOutput) = try await relance(["migrate"], env)
            try #require(migrated == 0, "\(migrateOutput)")
            let (created, createOutput) = try await relance(["tenants", "create", "shop_one", "--name", "Shop One"], env)
            try #require(created == 0, "\(createOutput)")
            try await body(env)
        }
        try await TestDatabase.dropRoles(prefix: prefix)
    }

    @Test func enqueueListShowCancelAndRetry() async throws {
        try await withTenant { env in
            let (enqueued, enqueueOutput) = try await relance(
                ["jobs", "enqueue", "--tenant", "shop_one", "--kind", "relance.probe", "--payload", #"{"note": "from the CLI", "n": 1}"#,
                 "--priority", "1", "--unique-key", "probe-cli", "--json"], env)
            #expect(enqueued == 0, "\(enqueueOutput)")
            let job = object(enqueueOutput)
            let id = try #require((job["id"] as? NSNumber)?.int64Value, "\(enqueueOutput)")
            #expect(job["state"] as? String == "available")
            #expect(job["priority"] as? Int == 1)
            #expect((job["payload"] as? [String: Any])?["note"] as? String == "from the CLI")

            let (again, againOutput) = try await relance(
                ["jobs", "enqueue", "--tenant", "shop_one", "--kind", "relance.probe", "--unique-key", "probe-cli"], env)
            #expect(again == 1)
            #expect(againOutput.contains("unique key"), "\(againOutput)")
            let second = try await relance(["jobs", "enqueue", "--tenant", "shop_one", "--kind", "report.build", "--json"], env)
            #expect(second.0 == 0, "\(second.1)")
            let secondID = try #require((object(second.1)["id"] as? NSNumber)?.int64Value)

            let (listed, list) = try await relance(["jobs", "list", "--json"], env)
            #expect(listed == 0, "\(list)")
            let ids = (object(list)["data"] as? [[String: Any]])?.compactMap { ($0["id"] as? NSNumber)?.int64Value }
            #expect(ids == [secondID, id])
            let (_, filtered) = try await relance(["jobs", "list", "--json", "--kind", "report.build", "--state", "available"], env)
            #expect((object(filtered)["data"] as? [[String: Any]])?.count == 1, "\(filtered)")

            let (_, paged) = try await relance(["jobs", "list", "--limit", "1"], env)
            let lines = paged.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("ID") == true, "\(paged)")
            #expect(lines.count == 3, "header, one job, the next page's hint: \(paged)")
            #expect(lines.dropFirst().first?.hasPrefix("\(secondID)") == true, "\(paged)")
            #expect(lines.last == "more: --before \(secondID)", "\(paged)")
            let (_, table) = try await relance(["jobs", "list"], env)
            let header = try #require(table.split(separator: "\n").first)
            let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("\(id) ") })
            #expect(row.contains("relance.probe") && row.contains("shop_one") && row.contains("available"), "\(table)")
            #expect(row.range(of: "shop_one")?.lowerBound.utf16Offset(in: row) == header.range(of: "TENANT")?.lowerBound.utf16Offset(in: header),
                    "columns are aligned: \(table)")

            let (shown, show) = try await relance(["jobs", "show", String(id)], env)
            #expect(shown == 0, "\(show)")
            #expect(show.contains("relance.probe") && show.contains("probe-cli") && show.contains(#""note":"from the CLI""#), "\(show)")

            let (cancelled, cancelOutput) = try await relance(["jobs", "cancel", String(id), "--json"], env)
            #expect(cancelled == 0, "\(cancelOutput)")
            #expect(object(cancelOutput)["state"] as? String == "cancelled")
            let (twice, twiceOutput) = try await relance(["jobs", "cancel", String(id)], env)
            #expect(twice == 1)
            #expect(twiceOutput.contains("job \(id) is cancelled; cannot cancel it"), "\(twiceOutput)")
            let (retried, retryOutput) = try await relance(["jobs", "retry", String(id)], env)
            #expect(retried == 0, "\(retryOutput)")
            #expect(retryOutput.contains("available"), "\(retryOutput)")
            let (_, json) = try await relance(["jobs", "show", String(id), "--json"], env)
            #expect(object(json)["state"] as? String == "available")
            #expect(object(json)["attempt"] as? Int == 0)
        }
    }

    @Test func mistakesExitNonZeroWithOneLine() async throws {
        try await withTenant { env in
            let cases: [([String], String)] = [
                (["jobs", "show", "987654"], "job 987654 not found"),
                (["jobs", "cancel", "987654"], "job 987654 not found"),
                (["jobs", "retry", "987654"], "job 987654 not found"),
                (["jobs", "show", "abc"], "id: must be a job id"),
                (["jobs", "list", "--state", "sleeping"], "state: \"sleeping\" is not one of"),
                (["jobs", "list", "--limit", "0"], "limit: must be a whole number from 1 to 1000"),
                (["jobs", "list", "--before", "x"], "before: must be a job id"),
                (["jobs", "enqueue", "--tenant", "nobody_here", "--kind", "relance.probe"], "no tenant nobody_here"),
                (["jobs", "enqueue", "--tenant", "shop_one", "--kind", "Bad Kind", "--payload", "[1]", "--priority", "9", "--run-at", "tomorrow"],
                 "kind: must match ^[a-z][a-z0-9_.-]{0,99}$; payload: must be a JSON object; priority: must be from 0 to 4; run-at: must be an ISO 8601 instant"),
            ]
            for (arguments, message) in cases {
                let (status, output) = try await relance(arguments, env)
                #expect(status == 1, "\(arguments): \(output)")
                #expect(output.hasPrefix("relance: ") && output.contains(message), "\(arguments): \(output)")
                #expect(output.split(separator: "\n").count == 1, "\(arguments): \(output)")
            }
            let (scheduled, output) = try await relance(
                ["jobs", "enqueue", "--tenant", "shop_one", "--kind", "relance.probe", "--run-at", "2099-01-02T03:04:05Z", "--json"], env)
            #expect(scheduled == 0, "\(output)")
            #expect(object(output)["run_at"] as? String == "2099-01-02T03:04:05Z")
        }
    }
}
