import Postgres
import RelanceTestSupport
import Testing

@Suite struct PostgresListenerTests {
    @Test func notificationsArriveAndSurviveADroppedConnection() async throws {
        let configuration = try TestDatabase.configuration(applicationName: "listener-test")
        let channel = "jobs_\(Int.random(in: 0..<1_000_000))"
        let listener = PostgresListener(configuration: configuration, channels: [channel])
        try await listener.start()
        var events = listener.events.makeAsyncIterator()
        let sender = try await PostgresConnection.connect(configuration: configuration)

        _ = try await sender.query("SELECT pg_notify($1, $2)", [channel, "first"])
        #expect(await events.next() == .notification(channel: channel, payload: "first"))

        // Kill the listener's backend: it must reconnect, say so, and listen again.
        let listening = try await sender.query(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'listener-test' AND query LIKE 'LISTEN%'")
        try await TestDatabase.terminate(try listening.map { try $0.decode(Int32.self, at: 0) })
        #expect(await events.next() == .reconnected)
        #expect(listener.isListening)
        _ = try await sender.query("SELECT pg_notify($1, $2)", [channel, "second"])
        #expect(await events.next() == .notification(channel: channel, payload: "second"))

        listener.stop()
        #expect(await events.next() == nil)
        await sender.close()
    }

    @Test func aListenerThatCannotConnectSaysWhy() async {
        let listener = PostgresListener(configuration: .init(connectionString: "postgres://nobody@127.0.0.1:1/none"), channels: ["x"])
        await #expect(throws: PostgresError.self) { try await listener.start() }
    }
}
