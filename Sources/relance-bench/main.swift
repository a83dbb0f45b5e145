import Foundation
import Postgres
import RelanceCore

// relance-bench: throughput figures for docs/benchmarks.md. Run through ./deploy/local/bench,
// which starts a PostgreSQL of its own and builds in release mode.
//
//   relance-bench postgres [--seconds N] [--clients 4,16] [--scale N]
//   relance-bench tenants [--count N] [--seconds N] [--keys-file PATH]
//   relance-bench queue [--jobs N] [--workers N] [--tenants 10,10000] … (see QueueBenchmark.swift)
//   relance-bench scheduler [--count N] [--ticks N]
//   relance-bench export [--megabytes N]
//   relance-bench receivables load [--tenants N] [--customers N] [--invoices N] [--parallel N] [--sample N] [--sample-file PATH]
//   relance-bench receivables statement [--movements N] [--repetitions N] [--statement-file PATH]
//   relance-bench dunning [--tenants N] [--as-of YYYY-MM-DD] [--workers N] [--concurrency N]   (after receivables load)
//   relance-bench delivery [--reminders N] [--concurrency N]   (RELANCE_SMTP_URL: the SMTP server; without it, the outbox only)
//
// Needs DATABASE_URL (a database it may fill with pgbench tables) and pgbench on PATH or in
// PG_BIN. Prints `name: value` lines.

struct Options {
    var command = "postgres"
    var seconds = 10
    var clients = [4, 16]
    var scale = 10
    var statementCache = 256
    var count = 1000
    var keysFile: String?
    var ticks = 100
    var megabytes = 200
    var queue = QueueBenchmark.Settings()
    var receivables = ReceivablesBenchmark.Settings()
    var dunning = DunningBenchmark.Settings()
    var delivery = DeliveryBenchmark.Settings()

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        if let first = arguments.dropFirst().first, !first.hasPrefix("--") {
            command = first
            _ = iterator.next()
        }
        if command == "receivables", let action = arguments.dropFirst(2).first, !action.hasPrefix("--") {
            receivables.action = action
            _ = iterator.next()
        }
        while let argument = iterator.next() {
            func value() throws -> String {
                guard let next = iterator.next() else { throw UsageError(message: "\(argument) needs a value") }
                return next
            }
            switch argument {
            case "--seconds": seconds = try Int(value()).flatMap { $0 > 0 ? $0 : nil } ?? { throw UsageError(message: "--seconds takes a positive number") }()
            case "--clients": clients = try value().split(separator: ",").map { guard let n = Int($0), n > 0 else { throw UsageError(message: "--clients takes numbers like 4,16") }; return n }
            case "--statement-cache": statementCache = try Int(value()).flatMap { $0 >= 0 ? $0 : nil } ?? { throw UsageError(message: "--statement-cache takes a number, 0 to disable") }()
            case "--count": count = try Int(value()).flatMap { $0 > 0 ? $0 : nil } ?? { throw UsageError(message: "--count takes a positive number") }()
            case "--keys-file": keysFile = try value()
            case "--megabytes": megabytes = try positive(value(), argument)
            case "--jobs": queue.jobs = try positive(value(), argument)
            case "--workers": queue.workers = try positive(value(), argument)
            case "--concurrency": queue.concurrency = try positive(value(), argument)
            case "--batch": queue.batch = try positive(value(), argument)
            case "--enqueue-batch": queue.enqueueBatch = try positive(value(), argument)
            case "--latency-samples": queue.latencySamples = try positive(value(), argument)
            case "--held-seconds": queue.heldSeconds = try Int(value()).flatMap { $0 >= 0 ? $0 : nil } ?? { throw UsageError(message: "--held-seconds takes a number, 0 to skip") }()
            case "--million": queue.million = try Int(value()).flatMap { $0 >= 0 ? $0 : nil } ?? { throw UsageError(message: "--million takes a number, 0 to skip") }()
            case "--peer-results": queue.peerResults = try value()
            case "--tenants" where command == "receivables": receivables.tenants = try positive(value(), argument)
            case "--tenants" where command == "dunning": dunning.tenants = try positive(value(), argument)
            case "--workers" where command == "dunning": dunning.workers = try positive(value(), argument)
            case "--concurrency" where command == "dunning": dunning.concurrency = try positive(value(), argument)
            case "--concurrency" where command == "delivery": delivery.concurrency = try positive(value(), argument)
            case "--reminders": delivery.reminders = try positive(value(), argument)
            case "--as-of": dunning.asOf = try CalendarDate(value()) ?? { throw UsageError(message: "--as-of takes a date YYYY-MM-DD") }()
            case "--customers": receivables.customers = try positive(value(), argument)
            case "--invoices": receivables.invoices = try positive(value(), argument)
            case "--parallel": receivables.parallel = try positive(value(), argument)
            case "--sample": receivables.sample = try positive(value(), argument)
            case "--sample-file": receivables.sampleFile = try value()
            case "--movements": receivables.movements = try positive(value(), argument)
            case "--repetitions": receivables.repetitions = try positive(value(), argument)
            case "--statement-file": receivables.statementFile = try value()
            case "--tenants": queue.tenants = try value().split(separator: ",").map { try positive(String($0), argument) }
            case "--ticks": ticks = try positive(value(), argument)
            case "--scale": scale = try Int(value()).flatMap { $0 > 0 ? $0 : nil } ?? { throw UsageError(message: "--scale takes a positive number") }()
            default: throw UsageError(message: "unknown option \(argument)")
            }
        }
    }
}

func positive(_ text: String, _ argument: String) throws -> Int {
    guard let value = Int(text), value > 0 else { throw UsageError(message: "\(argument) takes a positive number") }
    return value
}

struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { "\(message)\nusage: relance-bench postgres [--seconds N] [--clients 4,16] [--scale N] [--statement-cache N]\n       relance-bench tenants [--count N] [--seconds N] [--keys-file PATH]\n       relance-bench queue [--jobs N] [--workers N] [--concurrency N] [--batch N] [--enqueue-batch N] [--latency-samples N] [--held-seconds N] [--million N] [--tenants N,N] [--peer-results FILE]\n       relance-bench scheduler [--count N] [--ticks N]\n       relance-bench export [--megabytes N]\n       relance-bench receivables load [--tenants N] [--customers N] [--invoices N] [--parallel N] [--sample N] [--sample-file PATH]\n       relance-bench receivables statement [--movements N] [--repetitions N] [--statement-file PATH]\n       relance-bench dunning [--tenants N] [--as-of YYYY-MM-DD] [--workers N] [--concurrency N]" }
}

/// Runs a command and returns its output; throws if it fails.
///
/// Spawned with an empty signal mask and default handlers: threads of Swift's runtime block
/// signals, and a child inheriting that mask never sees its own timers (pgbench -T waits
/// for SIGALRM).
func shell(_ arguments: [String], environment: [String: String]) throws -> String {
    let outputPath = NSTemporaryDirectory() + "relance-bench-\(UUID().uuidString).out"
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
    let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    guard posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp) == 0 else {
        throw UsageError(message: "could not start \(arguments[0])")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    guard status == 0 else {
        throw UsageError(message: "\(arguments.joined(separator: " ")) failed:\n\(output)")
    }
    return output
}

func pgbenchEnvironment() -> [String: String] {
    var environment: [String: String] = [:]
    if let bin = ProcessInfo.processInfo.environment["PG_BIN"] {
        environment["PATH"] = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }
    return environment
}

/// Primary-key SELECTs from `clients` tasks sharing a pool of as many connections, through
/// `pool.query` (the session reset rides in the statement's round trip) or, with `lease`,
/// through `pool.withConnection { $0.query }` (the reset takes a round trip of its own).
func swiftSelects(configuration: PostgresConfiguration, clients: Int, seconds: Int, accounts: Int, lease: Bool = false) async throws -> Double {
    let pool = PostgresPool(connection: configuration, configuration: .init(size: clients, acquireTimeout: .seconds(30)))
    // Open every connection before timing, as pgbench reports tps without connection time.
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<clients {
            group.addTask { try await pool.withConnection { _ = try await $0.query("SELECT 1") } }
        }
        try await group.waitForAll()
    }
    let rate = try await Throughput.measure(seconds: seconds, tasks: clients) {
        let id = Int.random(in: 1...accounts)
        let sql: PostgresQuery = "SELECT abalance FROM pgbench_accounts WHERE aid = $1"
        let rows = lease ? try await pool.withConnection { try await $0.query(sql, [id]) } : try await pool.query(sql, [id])
        _ = try rows[0].decode(Int32.self, at: 0)
    }
    await pool.close()
    return rate
}

func pgbenchSelects(url: String, clients: Int, seconds: Int, mode: String = "simple") throws -> Double {
    let output = try shell(["pgbench", "-n", "-S", "-M", mode, "-c", String(clients), "-j", String(min(clients, 2)),
                            "-T", String(seconds), url], environment: pgbenchEnvironment())
    guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
          let value = Double(line.dropFirst(6).prefix { $0 != " " })
    else { throw UsageError(message: "could not read pgbench's tps from:\n\(output)") }
    return value
}

func runPostgres(_ options: Options) async throws {
    guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
        throw UsageError(message: "set DATABASE_URL to a database the benchmark may fill")
    }
    let configuration = PostgresConfiguration(connectionString: url, applicationName: "relance-bench", statementCacheCapacity: options.statementCache)
    print("setup: pgbench -i -s \(options.scale)")
    _ = try shell(["pgbench", "-i", "-q", "-s", String(options.scale), url], environment: pgbenchEnvironment())
    let accounts = options.scale * 100_000
    print("cores: \(ProcessInfo.processInfo.activeProcessorCount), seconds per run: \(options.seconds), statement cache: \(options.statementCache)")
    for clients in options.clients {
        let swift = try await swiftSelects(configuration: configuration, clients: clients, seconds: options.seconds, accounts: accounts)
        let leased = try await swiftSelects(configuration: configuration, clients: clients, seconds: options.seconds, accounts: accounts, lease: true)
        let pgbench = try pgbenchSelects(url: url, clients: clients, seconds: options.seconds)
        let prepared = try pgbenchSelects(url: url, clients: clients, seconds: options.seconds, mode: "prepared")
        print(String(format: "postgres_pk_select_c%d: swift=%.0f tps pgbench_S=%.0f tps ratio=%.2f (pgbench_S_prepared=%.0f tps ratio=%.2f) swift_with_connection=%.0f tps",
                     clients, swift, pgbench, swift / pgbench, prepared, swift / prepared, leased))
    }
}

do {
    let options = try Options(CommandLine.arguments)
    switch options.command {
    case "postgres": try await runPostgres(options)
    case "tenants":
        let sql = URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"] ?? "sql")
        try await TenantsBenchmark.run(count: options.count, seconds: options.seconds, keysFile: options.keysFile, sqlDirectory: sql)
    case "scheduler":
        try await SchedulerBenchmark.run(count: options.count, ticks: options.ticks,
                                         sqlDirectory: URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"] ?? "sql"))
    case "queue":
        try await QueueBenchmark.run(options.queue, sqlDirectory: URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"] ?? "sql"))
    case "export":
        try await ExportBenchmark.run(megabytes: options.megabytes, sqlDirectory: URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"] ?? "sql"))
    case "receivables":
        try await ReceivablesBenchmark.run(options.receivables, sqlDirectory: URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"] ?? "sql"))
    case "dunning":
        try await DunningBenchmark(settings: options.dunning).run()
    case "delivery":
        try await DeliveryBenchmark(settings: options.delivery,
                                sqlDirectory: URL(fileURLWithPath: ProcessInfo.processInfo.environment["RELANCE_SQL_DIR"] ?? "sql")).run()
    default: throw UsageError(message: "unknown benchmark \(options.command)")
    }
} catch {
    FileHandle.standardError.write(Data("relance-bench: \(error)\n".utf8))
    exit(1)
}
