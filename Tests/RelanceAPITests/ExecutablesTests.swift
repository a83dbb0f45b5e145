import Foundation
import Postgres
import RelanceTestSupport
import Testing

/// The four executables as operators run them: environment in, ports and exit codes out.
@Suite struct ExecutablesTests {
    func environment(databaseURL: String, ports: [String: Int]) -> [String: String] {
        var environment = [
            "DATABASE_URL": databaseURL,
            "RELANCE_ADMIN_TOKEN": "test-admin-token-0123456789",
            "RELANCE_HOST": "127.0.0.1",
            "RELANCE_SQL_DIR": sqlDirectory,
            "RELANCE_SHUTDOWN_GRACE_SECONDS": "10",
        ]
        for (name, port) in ports { environment[name] = String(port) }
        return environment
    }

    var sqlDirectory: String {
        ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../sql").standardized.path
    }

    @Test func migrateWorksFromLibpqEnvironmentVariablesAlone() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let url = try #require(URLComponents(string: configuration.connectionString))
            let pg = [
                "PGHOST": url.host!, "PGPORT": String(url.port!), "PGUSER": url.user!,
                "PGDATABASE": String(url.path.dropFirst()), "RELANCE_SQL_DIR": sqlDirectory,
            ]
            let check = try ChildProcess(product: "relance", arguments: ["migrate", "--check"], environment: pg)
            #expect(await check.waitForExit(timeout: .seconds(30)) == 1, "\(check.output)")
            #expect(check.output.contains("0001_control_schema.sql"))
            let migrate = try ChildProcess(product: "relance", arguments: ["migrate"], environment: pg)
            #expect(await migrate.waitForExit(timeout: .seconds(30)) == 0, "\(migrate.output)")
            let status = try ChildProcess(product: "relance", arguments: ["migrate", "--status"], environment: pg)
            #expect(await status.waitForExit(timeout: .seconds(30)) == 0)
            #expect(status.output.contains("0 pending"), "\(status.output)")
            let again = try ChildProcess(product: "relance", arguments: ["migrate", "--check"], environment: pg)
            #expect(await again.waitForExit(timeout: .seconds(30)) == 0, "\(again.output)")
        }
    }

    @Test func everyServerAnswersProbesAndStopsCleanlyOnSIGTERM() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let migrate = try ChildProcess(product: "relance", arguments: ["migrate"],
                                           environment: environment(databaseURL: configuration.connectionString, ports: [:]))
            #expect(await migrate.waitForExit(timeout: .seconds(30)) == 0, "\(migrate.output)")

            let api = (ScratchServer.freePort(), ScratchServer.freePort())
            let worker = ScratchServer.freePort()
            let scheduler = ScratchServer.freePort()
            let ports = ["RELANCE_API_PORT": api.0, "RELANCE_ADMIN_PORT": api.1, "RELANCE_WORKER_PORT": worker, "RELANCE_SCHEDULER_PORT": scheduler]
            let env = environment(databaseURL: configuration.connectionString, ports: ports)
            let processes = [
                ("relance-api", try ChildProcess(product: "relance-api", environment: env), api.0),
                ("relance-worker", try ChildProcess(product: "relance-worker", environment: env), worker),
                ("relance-scheduler", try ChildProcess(product: "relance-scheduler", environment: env), scheduler),
            ]
            for (name, process, port) in processes {
                let ready = await HTTPProbe.waitFor("http://127.0.0.1:\(port)/readyz")
                #expect(ready != nil, "\(name) never became ready: \(process.output)")
                #expect(await HTTPProbe.get("http://127.0.0.1:\(port)/healthz")?.status == 200, "\(name)")
                let metrics = await HTTPProbe.get("http://127.0.0.1:\(port)/metrics")
                #expect(metrics?.status == 200)
                #expect(metrics?.body.contains("relance_db_pool_connections") == true, "\(name): \(metrics?.body ?? "")")
                #expect(metrics?.body.contains("relance_http_requests_total") == true, "\(name)")
            }
            #expect(await HTTPProbe.get("http://127.0.0.1:\(api.1)/healthz")?.status == 200)
            #expect(await HTTPProbe.get("http://127.0.0.1:\(api.1)/admin/v1/")?.status == 401)
            #expect(await HTTPProbe.get("http://127.0.0.1:\(api.1)/admin/v1/", headers: ["Authorization": "Bearer test-admin-token-0123456789"])?.status == 200)

            for (name, process, _) in processes {
                process.signal(SIGTERM)
                let status = await process.waitForExit(timeout: .seconds(15))
                #expect(status == 0, "\(name) exited with \(String(describing: status)): \(process.output)")
                // Logs are JSON lines, and the database password never appears.
                let lines = process.output.split(separator: "\n")
                #expect(!lines.isEmpty)
                for line in lines {
                    #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(name) printed a non-JSON line: \(line)")
                }
            }
        }
    }

    @Test func notReadyWhileMigrationsArePending() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let port = ScratchServer.freePort()
            let worker = try ChildProcess(product: "relance-worker",
                                          environment: environment(databaseURL: configuration.connectionString, ports: ["RELANCE_WORKER_PORT": port]))
            let answer = await HTTPProbe.waitFor("http://127.0.0.1:\(port)/readyz", status: 503)
            #expect(answer?.body.contains("0001_control_schema.sql") == true, "\(answer?.body ?? worker.output)")
            #expect(answer?.contentType == "application/problem+json")
            #expect(await HTTPProbe.get("http://127.0.0.1:\(port)/healthz")?.status == 200)
            worker.signal(SIGTERM)
            #expect(await worker.waitForExit(timeout: .seconds(15)) == 0)
        }
    }

    @Test func badConfigurationStopsAtStartNamingEveryProblem() async throws {
        let env = [
            "DATABASE_URL": "postgres://relance:hunter2secret@127.0.0.1:1/relance",
            "RELANCE_API_PORT": "99999",
            "RELANCE_LOG_FORMAT": "xml",
            "RELANCE_ADMIN_TOKEN": "short",
            "RELANCE_SQL_DIR": sqlDirectory,
        ]
        let api = try ChildProcess(product: "relance-api", environment: env)
        #expect(await api.waitForExit(timeout: .seconds(15)) == 2)
        let output = api.output
        #expect(output.contains("RELANCE_API_PORT"), "\(output)")
        #expect(output.contains("RELANCE_LOG_FORMAT"), "\(output)")
        #expect(output.contains("RELANCE_ADMIN_TOKEN"), "\(output)")
        #expect(!output.contains("hunter2secret"))

        var missingToken = env
        missingToken.removeValue(forKey: "RELANCE_ADMIN_TOKEN")
        missingToken.removeValue(forKey: "RELANCE_API_PORT")
        missingToken.removeValue(forKey: "RELANCE_LOG_FORMAT")
        let noToken = try ChildProcess(product: "relance-api", environment: missingToken)
        #expect(await noToken.waitForExit(timeout: .seconds(15)) == 2)
        #expect(noToken.output.contains("RELANCE_ADMIN_TOKEN is not set"), "\(noToken.output)")
    }
}

extension ExecutablesTests {
    /// Runs `relance` with `arguments`; returns its exit status and output.
    func relance(_ arguments: [String], _ environment: [String: String]) async throws -> (Int32?, String) {
        let process = try ChildProcess(product: "relance", arguments: arguments, environment: environment)
        let status = await process.waitForExit(timeout: .seconds(60))
        return (status, process.output)
    }

    @Test func theCLIOnboardsOperatesAndOffboardsTenants() async throws {
        let prefix = "c" + UUID().uuidString.prefix(8).lowercased() + "_"
        let exports = NSTemporaryDirectory() + "cli-exports-\(UUID().uuidString)"
        try await TestDatabase.withFreshDatabase { configuration in
            var env = environment(databaseURL: configuration.connectionString, ports: [:])
            env["RELANCE_TENANT_ROLE_PREFIX"] = prefix
            env["RELANCE_EXPORT_DIR"] = exports
            #expect(try await relance(["migrate"], env).0 == 0)
            let (firmStatus, firmOutput) = try await relance(["firms", "create", "--name", "Cabinet Durand"], env)
            #expect(firmStatus == 0, "\(firmOutput)")
            let firmID = try #require((try JSONSerialization.jsonObject(with: Data(firmOutput.utf8)) as? [String: Any])?["id"] as? String)
            let (created, createOutput) = try await relance(["tenants", "create", "cli_shop", "--name", "CLI Shop", "--firm", firmID], env)
            #expect(created == 0, "\(createOutput)")
            #expect(createOutput.contains("rl_live_"))
            let (bad, badOutput) = try await relance(["tenants", "create", "Bad Slug", "--name", "x"], env)
            #expect(bad == 1)
            #expect(badOutput.contains("slug"), "\(badOutput)")
            let (_, list) = try await relance(["tenants", "list"], env)
            #expect(list.contains("cli_shop\tactive"), "\(list)")
            let (badFirm, badFirmOutput) = try await relance(["tenants", "list", "--firm", "nope"], env)
            #expect(badFirm == 1)
            #expect(badFirmOutput.contains("firm"), "\(badFirmOutput)")
            #expect(try await relance(["tenants", "suspend", "cli_shop"], env).0 == 0)
            #expect(try await relance(["tenants", "list"], env).1.contains("cli_shop\tsuspended"))
            #expect(try await relance(["tenants", "resume", "cli_shop"], env).0 == 0)
            let (keyStatus, keyOutput) = try await relance(["api-keys", "create", "--tenant", "cli_shop", "--scopes", "read"], env)
            #expect(keyStatus == 0, "\(keyOutput)")
            let keyID = try #require(keyOutput.split(separator: "\"id\" : \"").dropFirst().first?.prefix(36))
            #expect(try await relance(["api-keys", "revoke", String(keyID)], env).0 == 0)
            let (show, showOutput) = try await relance(["tenants", "show", "cli_shop"], env)
            #expect(show == 0)
            #expect(showOutput.contains("keys: 1 active, 1 revoked"), "\(showOutput)")
            let (check, _) = try await relance(["migrate", "--check"], env)
            #expect(check == 0)
            let (deleted, deleteOutput) = try await relance(["tenants", "delete", "cli_shop"], env)
            #expect(deleted == 0, "\(deleteOutput)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: exports).contains { $0.hasPrefix("cli_shop-") && $0.hasSuffix(".tar.gz") })
            #expect(try await relance(["tenants", "show", "cli_shop"], env).0 == 1)
        }
        try await TestDatabase.dropRoles(prefix: prefix)
    }
}

extension ExecutablesTests {
    @Test func twoMigrateCommandsAtOnceMigrateEachTenantOnce() async throws {
        let prefix = "m" + UUID().uuidString.prefix(8).lowercased() + "_"
        try await TestDatabase.withFreshDatabase { configuration in
            var env = environment(databaseURL: configuration.connectionString, ports: [:])
            env["RELANCE_TENANT_ROLE_PREFIX"] = prefix
            #expect(try await relance(["migrate"], env).0 == 0)
            for index in 1...6 {
                let (status, output) = try await relance(["tenants", "create", "par_\(index)", "--name", "Shop \(index)"], env)
                #expect(status == 0, "\(output)")
            }
            // A release with one more tenant migration, applied by two commands at once.
            let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sql-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: sqlDirectory), to: root)
            try "CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text); SELECT pg_sleep(0.02);"
                .write(to: root.appendingPathComponent("tenant/0900_notes.sql"), atomically: true, encoding: .utf8)
            env["RELANCE_SQL_DIR"] = root.path
            let first = try ChildProcess(product: "relance", arguments: ["migrate", "--concurrency", "2"], environment: env)
            let second = try ChildProcess(product: "relance", arguments: ["migrate", "--concurrency", "3"], environment: env)
            #expect(await first.waitForExit(timeout: .seconds(60)) == 0, "\(first.output)")
            #expect(await second.waitForExit(timeout: .seconds(60)) == 0, "\(second.output)")
            let connection = try await PostgresConnection.connect(configuration: configuration)
            for index in 1...6 {
                let applied = try await connection.query("SELECT count(*) FROM \(qualified: "t_par_\(index)", "schema_migrations") WHERE version = 900")[0].decode(Int.self, at: 0)
                #expect(applied == 1, "t_par_\(index)")
            }
            #expect(try await connection.query("SELECT count(*) FROM relance.tenants WHERE schema_version = 900")[0].decode(Int.self, at: 0) == 6)
            await connection.close()
            #expect(try await relance(["migrate", "--check"], env).0 == 0)
            let (status, output) = try await relance(["migrate", "--status"], env)
            #expect(status == 0)
            #expect(output.contains("tenant schemas behind version 900: 0"), "\(output)")
        }
        try await TestDatabase.dropRoles(prefix: prefix)
    }
}
