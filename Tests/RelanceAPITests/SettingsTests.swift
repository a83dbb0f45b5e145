import Foundation
import Logging
import Postgres
import RelanceAPI
import RelanceStore
import Testing

@Suite struct SettingsTests {
    @Test func defaultsApplyWhenNothingIsSet() throws {
        let settings = try Settings(environment: [:], applicationName: "test")
        #expect(settings.apiPort == 8080)
        #expect(settings.adminPort == 8081)
        #expect(settings.workerPort == 9101)
        #expect(settings.schedulerPort == 9102)
        #expect(settings.poolSize == 10)
        #expect(settings.shutdownGrace == .seconds(25))
        #expect(settings.database.statementCacheCapacity == 256)
        #expect(settings.database.connectionString == "")
        #expect(settings.adminToken == nil)
        #expect(settings.tenantRolePrefix == "relance_")
        #expect(throws: SettingsError.self) { try settings.requireAdminToken() }
    }

    @Test func everySettingIsRead() throws {
        let settings = try Settings(environment: [
            "DATABASE_URL": "postgres://a@b/c", "RELANCE_HOST": "127.0.0.1", "RELANCE_API_PORT": "1",
            "RELANCE_ADMIN_PORT": "2", "RELANCE_WORKER_PORT": "3", "RELANCE_SCHEDULER_PORT": "4",
            "RELANCE_LOG_LEVEL": "DEBUG", "RELANCE_LOG_FORMAT": "text", "RELANCE_DB_POOL_SIZE": "7",
            "RELANCE_DB_POOL_TIMEOUT_MS": "250", "RELANCE_DB_STATEMENT_CACHE": "0", "RELANCE_SHUTDOWN_GRACE_SECONDS": "9",
            "RELANCE_ADMIN_TOKEN": "0123456789abcdef", "RELANCE_SQL_DIR": "/x/sql", "RELANCE_EXPORT_DIR": "/x/exports",
            "RELANCE_TENANT_ROLE_PREFIX": "acme_prod_",
        ], applicationName: "test")
        #expect(settings.tenantRolePrefix == "acme_prod_")
        #expect(settings.database.connectionString == "postgres://a@b/c")
        #expect(settings.host == "127.0.0.1")
        #expect([settings.apiPort, settings.adminPort, settings.workerPort, settings.schedulerPort] == [Int]([1, 2, 3, 4]))
        #expect(settings.logLevel == .debug)
        #expect(settings.logFormat == .text)
        #expect(settings.poolSize == 7)
        #expect(settings.poolTimeout == .milliseconds(250))
        #expect(settings.database.statementCacheCapacity == 0)
        #expect(settings.shutdownGrace == .seconds(9))
        #expect(try settings.requireAdminToken() == "0123456789abcdef")
        #expect(settings.sqlDirectory.path == "/x/sql")
        #expect(settings.exportDirectory.path == "/x/exports")
    }

    @Test func everyProblemIsReportedAtOnce() {
        do {
            _ = try Settings(environment: [
                "RELANCE_API_PORT": "0", "RELANCE_DB_POOL_SIZE": "many", "RELANCE_LOG_LEVEL": "loud",
                "DATABASE_URL": "host=x bogus=1", "RELANCE_ADMIN_TOKEN": "short",
                "RELANCE_TENANT_ROLE_PREFIX": "Acme-",
            ], applicationName: "test")
            Issue.record("invalid settings must be refused")
        } catch {
            #expect(Set(error.problems.map(\.variable)) == ["RELANCE_API_PORT", "RELANCE_DB_POOL_SIZE", "RELANCE_LOG_LEVEL", "DATABASE_URL", "RELANCE_ADMIN_TOKEN", "RELANCE_TENANT_ROLE_PREFIX"])
            #expect(!error.description.contains("short"), "the token itself must not be echoed")
        }
    }

    @Test func theAPIKeyPepperKeysNewDigestsAndMustBeLongEnough() throws {
        #expect(try !Settings(environment: [:], applicationName: "test").apiKeyHasher.isPeppered)
        let pepper = String(repeating: "p", count: 32)
        #expect(try Settings(environment: ["RELANCE_API_KEY_PEPPER": pepper], applicationName: "test").apiKeyHasher.isPeppered)
        do {
            _ = try Settings(environment: ["RELANCE_API_KEY_PEPPER": "pepper-too-short"], applicationName: "test")
            Issue.record("a short pepper must be refused")
        } catch {
            #expect(error.problems.map(\.variable) == ["RELANCE_API_KEY_PEPPER"])
            #expect(!error.description.contains("pepper-too-short"), "the pepper itself must not be echoed")
        }
    }
}
