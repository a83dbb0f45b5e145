import Foundation
import Postgres
import RelanceCore
import RelanceStore
import RelanceTestSupport
import Testing

@Suite struct TenantOffboardingTests {
    struct Interrupted: Error {}

    /// Extracts a .tar.gz with the system's tar, as an operator would.
    func extract(_ archive: URL) throws -> URL {
        let target = archive.deletingLastPathComponent().appendingPathComponent("extracted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = ["-xzf", archive.path, "-C", target.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return target
    }

    @Test func anInterruptedOffboardingFinishesOnRerunAndTheArchiveChecksOut() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("leaving")
            _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Leaving, \"Quoted\"\nLtd"), actor: "test")
            let exports = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("exports-\(UUID().uuidString)")
            let offboarding = TenantOffboarding(pool: fixture.pool, rolePrefix: fixture.provisioner.rolePrefix, exportDirectory: exports)

            await #expect(throws: Interrupted.self) {
                _ = try await offboarding.offboard(slug, actor: "test", afterExport: { throw Interrupted() })
            }
            // Half-way: marked offboarding, archive written, schema still there.
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants WHERE slug = 'leaving' AND status = 'offboarding'") == 1)
            #expect(try await fixture.count("SELECT count(*) FROM pg_namespace WHERE nspname = 't_leaving'") == 1)

            let report = try await offboarding.offboard(slug, actor: "test")
            #expect(try await fixture.count("SELECT count(*) FROM relance.tenants") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM relance.api_keys") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM pg_namespace WHERE nspname = 't_leaving'") == 0)
            #expect(try await fixture.count("SELECT count(*) FROM pg_roles WHERE rolname = $1", [fixture.provisioner.rolePrefix + "t_leaving"]) == 0)
            #expect(try await fixture.count("SELECT count(*) FROM relance.audit_log WHERE action = 'tenant.offboard.finish'") == 1)

            let archives = try FileManager.default.contentsOfDirectory(atPath: exports.path).filter { $0.hasSuffix(".tar.gz") }
            #expect(archives == [report.archive])
            let extracted = try extract(exports.appendingPathComponent(report.archive))
            let manifestData = try Data(contentsOf: extracted.appendingPathComponent("manifest.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
            let tables = try #require(manifest["tables"] as? [[String: Any]])
            #expect(Set(tables.compactMap { $0["table"] as? String }) == [
                "settings", "idempotency_keys", "schema_migrations", "customers", "contacts", "number_sequences", "invoices",
                "invoice_lines", "payments", "credit_notes", "allocations", "ledger_entries", "events",
                "dunning_policies", "dunning_runs", "reminders", "reminder_items", "tasks", "dunning_steps", "disputes", "promises",
                "payment_plans", "plan_reminders", "webhook_endpoints", "webhook_deliveries",
            ])
            for table in tables {
                let file = extracted.appendingPathComponent(table["file"] as! String)
                let bytes = try [UInt8](Data(contentsOf: file))
                #expect(Checksum.sha256(bytes) == table["sha256"] as? String, "\(file.lastPathComponent)")
                #expect(bytes.count == table["bytes"] as? Int, "\(file.lastPathComponent)")
                if table["table"] as? String == "settings" {
                    #expect(table["rows"] as? Int == 1)
                    #expect(String(decoding: bytes, as: UTF8.self).contains("\"Leaving, \"\"Quoted\"\"\nLtd\""))
                }
            }
            await #expect(throws: TenancyError.tenantNotFound("leaving")) { _ = try await offboarding.offboard(slug, actor: "test") }
        }
    }

    @Test func aTableLargerThanTheChunkSizeStreamsIntoACompressedArchiveWithItsExactContents() async throws {
        try await TenancyFixture.with { (fixture: TenancyFixture) async throws in
            let slug = try TenantSlug("bulky")
            _ = try await fixture.provisioner.create(NewTenant(slug: slug, displayName: "Bulky"), actor: "test")
            let schema = slug.schemaName
            try await fixture.pool.withConnection { connection in
                try await connection.execute("CREATE TABLE \(qualified: schema, "lines") (id bigint PRIMARY KEY, note text)")
                try await connection.query(
                    "INSERT INTO \(qualified: schema, "lines") SELECT g, 'line ' || g || E', \"quoted\"\n' || repeat('x', (g % 40)::int) FROM generate_series(1, $1::bigint) g", [30_000])
            }
            let expected = try await fixture.pool.withConnection { try await $0.copyTo("COPY \(qualified: schema, "lines") TO STDOUT WITH (FORMAT csv, HEADER)") }
            let chunkSize = 8 * 1024
            #expect(expected.count > 50 * chunkSize, "the table must span many chunks")

            let exports = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("exports-\(UUID().uuidString)")
            let offboarding = TenantOffboarding(pool: fixture.pool, rolePrefix: fixture.provisioner.rolePrefix, exportDirectory: exports, chunkSize: chunkSize)
            let report = try await offboarding.offboard(slug, actor: "test")
            // Nothing but the archive is left behind (no spool, no partial file).
            #expect(try FileManager.default.contentsOfDirectory(atPath: exports.path) == [report.archive])
            let archive = exports.appendingPathComponent(report.archive)
            let archiveSize = try #require(try FileManager.default.attributesOfItem(atPath: archive.path)[.size] as? Int)
            #expect(archiveSize * 4 < expected.count, "archive of \(archiveSize) bytes for \(expected.count) bytes of CSV: not compressed")

            let extracted = try extract(archive)
            let csv = try [UInt8](Data(contentsOf: extracted.appendingPathComponent("tables/lines.csv")))
            #expect(csv == expected)
            let lines = try #require(report.tables.first { $0.table == "lines" })
            #expect(lines.rows == 30_000)
            #expect(lines.bytes == expected.count)
            #expect(lines.sha256 == Checksum.sha256(expected))
            let manifestData = try Data(contentsOf: extracted.appendingPathComponent("manifest.json"))
            let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
            let listed = try #require((manifest["tables"] as? [[String: Any]])?.first { $0["table"] as? String == "lines" })
            #expect(listed["sha256"] as? String == Checksum.sha256(expected))
            #expect(listed["rows"] as? Int == 30_000)
        }
    }
}
