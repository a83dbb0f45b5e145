import RelanceAPI
import SMTP
import Testing

@Suite struct WorkerSettingsTests {
    private func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try Settings(environment: ["DATABASE_URL": "postgres://relance@127.0.0.1:5432/relance"].merging(environment) { $1 },
                             applicationName: "relance-worker")
            return []
        } catch {
            return error.problems.map(\.variable)
        }
    }

    @Test func theWorkersPoolHasAConnectionForEachJobAndMore() throws {
        let base = ["DATABASE_URL": "postgres://relance@127.0.0.1:5432/relance", "RELANCE_WORKER_CONCURRENCY": "30"]
        #expect(try Settings(environment: base, applicationName: "relance-worker").poolSize == 34)
        #expect(try Settings(environment: base, applicationName: "relance-api").poolSize == 10)
        #expect(try Settings(environment: base.merging(["RELANCE_DB_POOL_SIZE": "40"]) { $1 }, applicationName: "relance-worker").poolSize == 40)
    }

    @Test func defaultsAreValid() throws {
        let settings = try Settings(environment: ["DATABASE_URL": "postgres://relance@127.0.0.1:5432/relance"], applicationName: "test")
        #expect(settings.worker.concurrency == 16 && settings.worker.claimBatch == 200 && settings.worker.kindLimits.isEmpty)
        #expect(settings.worker.lease == .seconds(60) && settings.worker.heartbeat == .seconds(5) && settings.worker.listenDatabase == nil)
    }

    @Test func theSMTPServerIsReadFromItsURLAndItsPasswordNeverShown() throws {
        let base = ["DATABASE_URL": "postgres://relance@127.0.0.1:5432/relance"]
        let none = try Settings(environment: base, applicationName: "test").worker
        #expect(none.smtp == nil && none.mailFrom == "relances@localhost")
        let set = try Settings(environment: base.merging(["RELANCE_SMTP_URL": "smtp://relance:p%40ss@mail.example.com:587?starttls=required",
                                                          "RELANCE_SMTP_FROM": "relances@example.com"]) { $1 }, applicationName: "test").worker
        #expect(set.smtp?.host == "mail.example.com" && set.smtp?.port == 587 && set.smtp?.credentials?.password == "p@ss")
        #expect(set.mailFrom == "relances@example.com")
        do {
            _ = try Settings(environment: base.merging(["RELANCE_SMTP_URL": "smtp://relance:hunter2@mail.example.com:99999"]) { $1 },
                             applicationName: "test")
            Issue.record("a bad port was accepted")
        } catch {
            #expect(error.problems.map(\.variable) == ["RELANCE_SMTP_URL"])
            #expect(!"\(error)".contains("hunter2"), "\(error)")
        }
    }

    @Test func kindLimitsAreParsed() throws {
        let settings = try Settings(environment: ["DATABASE_URL": "postgres://relance@127.0.0.1:5432/relance",
                                                  "RELANCE_WORKER_KIND_LIMITS": "report.render=2, reminder.deliver = 10"],
                                    applicationName: "test")
        #expect(settings.worker.kindLimits == ["report.render": 2, "reminder.deliver": 10])
    }

    @Test(arguments: [
        (["RELANCE_WORKER_KIND_LIMITS": "report.render"], "RELANCE_WORKER_KIND_LIMITS"),
        (["RELANCE_WORKER_KIND_LIMITS": "report.render=0"], "RELANCE_WORKER_KIND_LIMITS"),
        (["RELANCE_WORKER_HEARTBEAT_SECONDS": "30", "RELANCE_WORKER_DEAD_AFTER_SECONDS": "30"], "RELANCE_WORKER_HEARTBEAT_SECONDS"),
        (["RELANCE_JOB_LEASE_SECONDS": "9", "RELANCE_WORKER_HEARTBEAT_SECONDS": "5"], "RELANCE_JOB_LEASE_SECONDS"),
        (["RELANCE_WORKER_CONCURRENCY": "0"], "RELANCE_WORKER_CONCURRENCY"),
        (["RELANCE_QUEUE_POLL_MS": "1"], "RELANCE_QUEUE_POLL_MS"),
        (["RELANCE_LISTEN_DATABASE_URL": "mysql://nope"], "RELANCE_LISTEN_DATABASE_URL"),
        (["RELANCE_SMTP_URL": "http://user:hunter2@mail.example.com"], "RELANCE_SMTP_URL"),
        (["RELANCE_SMTP_URL": "smtp://user:hunter2@mail.example.com?starttls=maybe"], "RELANCE_SMTP_URL"),
        (["RELANCE_SMTP_FROM": "not an address"], "RELANCE_SMTP_FROM"),
        (["RELANCE_DB_POOL_SIZE": "17"], "RELANCE_DB_POOL_SIZE"),
    ])
    func badValuesAreNamed(environment: [String: String], variable: String) {
        #expect(problems(environment).contains(variable), "\(environment)")
    }
}
