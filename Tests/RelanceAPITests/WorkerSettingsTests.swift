import RelanceAPI
import Testing

@Suite struct WorkerSettingsTests {
    private func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try Settings(environment: ["DATABASE_URL": "postgres://relance@127.0.0.1:5432/relance"].merging(environment) { $1 },
                             applicationName: "test")
            return []
        } catch {
            return error.problems.map(\.variable)
        }
    }

    @Test func defaultsAreValid() throws {
        let settings = try Settings(environment: ["DATABASE_URL": "postgres://relance@127.0.0.1:5432/relance"], applicationName: "test")
        #expect(settings.worker.concurrency == 16 && settings.worker.claimBatch == 200 && settings.worker.kindLimits.isEmpty)
        #expect(settings.worker.lease == .seconds(60) && settings.worker.heartbeat == .seconds(5) && settings.worker.listenDatabase == nil)
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
    ])
    func badValuesAreNamed(environment: [String: String], variable: String) {
        #expect(problems(environment).contains(variable), "\(environment)")
    }
}
